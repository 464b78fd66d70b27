package dev.rowan.desktop.views.gallery;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RecordSource;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.view.GalleryConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The gallery's ViewModel on a real H2 workspace, without the FX thread: paging, the keyboard, saved settings. */
class GalleryViewModelTest {
    static final int N = 150;
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore store;
    Counting source;
    GalleryViewModel vm;
    TableDef t;
    FieldDef name;
    FieldDef qty;
    FieldDef done;

    /** The workspace's record store, counting the pages read (to see that only pages in view are read). */
    static final class Counting implements RecordSource {
        final RecordStore inner;
        final List<String> reads = new ArrayList<>();

        Counting(RecordStore inner) {
            this.inner = inner;
        }

        @Override
        public long count(TableDef t, @Nullable Filter filter) {
            return inner.count(t, filter);
        }

        @Override
        public Page page(TableDef t, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor, int limit) {
            reads.add(cursor == null ? "first" : "after");
            return inner.page(t, filter, sorts, cursor, limit);
        }

        @Override
        public Page pageAt(TableDef t, @Nullable Filter filter, List<Sort> sorts, long offset, int limit) {
            reads.add("at " + offset);
            return inner.pageAt(t, filter, sorts, offset, limit);
        }

        @Override
        public Optional<Row> byId(TableDef t, UUID id) {
            return inner.byId(t, id);
        }

        @Override
        public Page range(TableDef t, UUID f, LocalDate from, LocalDate to, ZoneId zone, RecordQuery q, int limit) {
            return inner.range(t, f, from, to, zone, q, limit);
        }

        @Override
        public Page runningInto(TableDef t, UUID s, UUID e, LocalDate from, ZoneId zone, RecordQuery q, int limit) {
            return inner.runningInto(t, s, e, from, zone, q, limit);
        }
    }

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        store = new ViewStore(ws);
        source = new Counting(records);
        vm = new GalleryViewModel(new ViewContext(schema, source, new RecordEditor(records, new UndoStack()), store,
                new SameThreadTaskExecutor()));
        t = schema.createTable(schema.createApp("A").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Done", new FieldType.BooleanType())));
        qty = t.fields().get(0);
        name = t.fields().get(1);
        done = t.fields().get(2);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "item " + i);
            v.put(qty.id(), BigDecimal.valueOf(i));
            v.put(done.id(), i % 2 == 0);
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private UUID gallerySortedByQtyDesc() {
        return store.save(t, null, "Cards", new GalleryConfig(RecordQuery.ALL.withSorts(
                List.of(Sort.desc(qty.id().toString()))), null, null));
    }

    @Test
    void cardsComeInPagesInTheViewsOrderOnlyWhenAsked() {
        UUID id = gallerySortedByQtyDesc();
        vm.open(t.id(), id);
        assertThat(vm.count().get()).isEqualTo(N);
        assertThat(source.reads).isEmpty(); // counting reads no page
        assertThat(vm.card(0)).get().extracting(r -> r.value(qty.id())).isEqualTo(BigDecimal.valueOf(N - 1));
        assertThat(vm.card(GalleryViewModel.PAGE_SIZE - 1)).isPresent();
        assertThat(source.reads).containsExactly("first");
        // the next page follows the first one's keyset cursor
        assertThat(vm.card(GalleryViewModel.PAGE_SIZE)).get().extracting(r -> r.value(qty.id()))
                .isEqualTo(BigDecimal.valueOf(N - 1 - GalleryViewModel.PAGE_SIZE));
        assertThat(source.reads).containsExactly("first", "after");
        assertThat(vm.card(N)).isEmpty();
        assertThat(vm.card(-1)).isEmpty();
        // every card, compared with an independent ordering of the inserted values
        for (int i = 0; i < N; i++) {
            assertThat(vm.card(i)).get().extracting(r -> r.value(name.id())).isEqualTo("item " + (N - 1 - i));
        }
        assertThat(source.reads).hasSize(3);
    }

    @Test
    void aPageReachedWithoutItsPredecessorIsReadByOffset() {
        vm.open(t.id(), gallerySortedByQtyDesc());
        assertThat(vm.card(2 * GalleryViewModel.PAGE_SIZE + 3)).get().extracting(r -> r.value(qty.id()))
                .isEqualTo(BigDecimal.valueOf(N - 1 - 2 * GalleryViewModel.PAGE_SIZE - 3));
        assertThat(source.reads).containsExactly("at " + 2 * GalleryViewModel.PAGE_SIZE);
    }

    @Test
    void theKeyboardMovesOverLinesOfCards() {
        vm.open(t.id(), gallerySortedByQtyDesc());
        vm.columns().set(4);
        assertThat(vm.selected().get()).isEqualTo(-1);
        assertThat(vm.selectedRecord()).isEmpty();
        vm.move(1, 0);
        assertThat(vm.selected().get()).isZero(); // the first key selects the first card
        vm.move(1, 0);
        vm.move(0, 1);
        assertThat(vm.selected().get()).isEqualTo(5);
        vm.move(0, -1);
        vm.move(-1, 0);
        assertThat(vm.selected().get()).isZero();
        vm.move(-1, 0);
        vm.move(0, -1);
        assertThat(vm.selected().get()).isZero(); // nothing before the first card
        vm.selectLast();
        assertThat(vm.selected().get()).isEqualTo(N - 1);
        vm.move(0, 1);
        vm.move(1, 0);
        assertThat(vm.selected().get()).isEqualTo(N - 1);
        vm.selectFirst();
        vm.move(0, 2);
        UUID expected = records.page(t, null, List.of(Sort.desc(qty.id().toString())), null, N).rows().get(8).id();
        assertThat(vm.selectedRecord()).contains(expected);
    }

    @Test
    void theTitleAndCardFieldsDefaultFromTheTableAndSettingsAreSavedToTheView() {
        vm.open(t.id(), null);
        assertThat(vm.viewId()).isEmpty();
        assertThat(vm.titleField()).contains(name); // the first text field
        assertThat(vm.cardFields()).containsExactly(qty, done);
        vm.setCardSize(GalleryConfig.SMALL);
        assertThat(vm.viewId()).isPresent();
        vm.setTitleField(qty.id());
        assertThat(vm.cardFields()).containsExactly(name, done);
        vm.setCardFieldShown(name.id(), false);
        assertThat(vm.cardFields()).containsExactly(done);

        GalleryConfig stored = (GalleryConfig) store.first(t, ViewKind.GALLERY).orElseThrow().config();
        assertThat(stored).isEqualTo(new GalleryConfig(RecordQuery.ALL.withFields(List.of(done.id())), qty.id(), null,
                GalleryConfig.SMALL));
        assertThat(store.list(t)).hasSize(1);
        // a fresh ViewModel opens the view with those settings
        GalleryViewModel again = new GalleryViewModel(new ViewContext(schema, records,
                new RecordEditor(records, new UndoStack()), store, new SameThreadTaskExecutor()));
        again.open(t.id(), null);
        assertThat(again.config().get()).isEqualTo(stored);
        assertThat(again.titleField()).contains(qty);
        assertThat(again.cardFields()).containsExactly(done);
        // no attachment field in this table, so no cover (AttachmentScreenTest shows one)
        assertThat(again.coverField()).isEmpty();
    }

    @Test
    void aRemovedFieldLeavesTheCardsAndTheRestStays() {
        UUID id = store.save(t, null, "Cards", new GalleryConfig(RecordQuery.ALL.withFields(List.of(qty.id(),
                done.id())), name.id(), null));
        schema.setFieldHidden(t.id(), name.id(), true);
        vm.open(t.id(), id);
        assertThat(vm.message().get()).contains("left out");
        assertThat(vm.titleField()).contains(qty); // no text field left: the first field titles the cards
        assertThat(vm.cardFields()).containsExactly(done);
        assertThat(vm.count().get()).isEqualTo(N);
    }
    @Test
    void everySettingsChangeIsOneUndoStepStoredInTheView() {
        UndoStack history = new UndoStack();
        GalleryViewModel g = new GalleryViewModel(new ViewContext(schema, records, new RecordEditor(records, history),
                store, new SameThreadTaskExecutor()));
        UUID id = gallerySortedByQtyDesc();
        g.open(t.id(), id);
        String size = g.config().get().cardSize();
        g.setCardSize("large".equals(size) ? "small" : "large");
        g.setTitleField(name.id());
        dev.rowan.desktop.grid.GridViewModel grid = new dev.rowan.desktop.grid.GridViewModel(schema, records,
                new SameThreadTaskExecutor(), store, history);
        grid.undo();
        assertThat(g.config().get().titleField()).isNull();
        assertThat(((GalleryConfig) store.list(t).getFirst().config()).titleField()).isNull();
        grid.undo();
        assertThat(g.config().get().cardSize()).isEqualTo(size);
        grid.redo();
        assertThat(g.config().get().cardSize()).isNotEqualTo(size);
        assertThat(store.list(t).getFirst().id()).isEqualTo(id);
    }

}
