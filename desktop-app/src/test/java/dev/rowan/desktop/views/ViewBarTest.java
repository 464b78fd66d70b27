package dev.rowan.desktop.views;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.GridConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The view bar's ViewModel (the host) on a real H2 workspace: create, rename, duplicate, delete + undo, reorder, last view. */
class ViewBarTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore store;
    UndoStack history;
    ViewHost host;
    GridViewModel grid;
    TableDef t;
    FieldDef name;
    FieldDef qty;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        store = new ViewStore(ws);
        history = new UndoStack();
        host = newHost();
        t = schema.createTable(schema.createApp("A").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        name = t.fields().get(0);
        qty = t.fields().get(1);
    }

    private ViewHost newHost() {
        ViewHost h = new ViewHost(new ViewContext(schema, records, new RecordEditor(records, history), store,
                new SameThreadTaskExecutor()));
        grid = h.viewModel(GridViewType.INSTANCE);
        return h;
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private List<String> names() {
        return host.views().stream().map(StoredView::name).toList();
    }

    private List<String> stored() {
        return store.list(t).stream().map(StoredView::name).toList();
    }

    /** The outbox's VIEW mutations, oldest first, as "OP id". */
    private List<String> outbox() {
        return ws.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT op, entity_id FROM rowan.outbox WHERE entity = ? ORDER BY seq")) {
                ps.setString(1, Mutation.Entity.VIEW.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            return out;
        });
    }

    @Test
    void createsAViewOfARegisteredKindShowsItAndQueuesIt() {
        host.open(t.id());
        String fresh = host.freeName(GridViewType.INSTANCE.defaultName());
        assertThat(fresh).isEqualTo("Grid");
        StoredView a = host.create(GridViewType.INSTANCE, fresh);
        StoredView b = host.create(GridViewType.INSTANCE, host.freeName("Grid"));
        assertThat(b.name()).isEqualTo("Grid 2");
        assertThat(names()).containsExactly("Grid", "Grid 2");
        assertThat(host.shown().get().id()).isEqualTo(b.id());
        assertThat(grid.viewId()).contains(b.id());
        assertThat(outbox()).containsExactly("CREATE " + a.id(), "CREATE " + b.id());
        assertThatThrownBy(() -> host.create(GridViewType.INSTANCE, "   ")).isInstanceOf(RowanException.class);
        assertThat(stored()).containsExactly("Grid", "Grid 2");
    }

    /** Found using the app: a table showing its implicit grid kept only the new view in the bar. */
    @Test
    void theFirstViewOfAnotherKindKeepsTheImplicitGridInTheBar() {
        host.open(t.id());
        assertThat(host.views()).isEmpty();
        StoredView board = host.create(dev.rowan.desktop.views.kanban.KanbanViewType.INSTANCE, "Pipeline");
        assertThat(names()).containsExactly("Grid", "Pipeline");
        assertThat(stored()).containsExactly("Grid", "Pipeline");
        assertThat(host.shown().get().id()).isEqualTo(board.id());
    }

    @Test
    void renamesAndRefusesABlankOrLongName() {
        UUID id = store.save(t, null, "Everything", GridConfig.EMPTY);
        host.open(t.id());
        host.rename(host.views().getFirst(), "  All items ");
        assertThat(names()).containsExactly("All items");
        assertThat(host.title()).isEqualTo("All items");
        assertThat(outbox()).containsExactly("CREATE " + id, "UPDATE " + id);
        assertThatThrownBy(() -> host.rename(host.views().getFirst(), "")).isInstanceOf(RowanException.class);
        assertThatThrownBy(() -> host.rename(host.views().getFirst(), "x".repeat(101)))
                .isInstanceOf(RowanException.class);
        assertThat(stored()).containsExactly("All items");
    }

    @Test
    void duplicatesEverySettingRightAfterTheOriginal() {
        GridConfig cfg = GridConfig.EMPTY.withSorts(List.of(Sort.desc(qty.id().toString()))).withHidden(Set.of(name.id()))
                .withWidth(qty.id(), 150);
        store.save(t, null, "By qty", cfg);
        store.save(t, null, "Other", GridConfig.EMPTY);
        host.open(t.id());
        StoredView copy = host.duplicate(host.views().getFirst());
        assertThat(names()).containsExactly("By qty", "By qty copy", "Other");
        assertThat(stored()).containsExactly("By qty", "By qty copy", "Other");
        assertThat(copy.config()).isEqualTo(cfg);
        assertThat(host.shown().get().id()).isEqualTo(copy.id());
        assertThat(host.duplicate(host.views().getFirst()).name()).isEqualTo("By qty copy 2");
    }

    @Test
    void deleteIsOneUndoStepThatBringsTheViewBackInItsPlace() {
        GridConfig cfg = GridConfig.EMPTY.withHidden(Set.of(name.id()));
        store.save(t, null, "One", GridConfig.EMPTY);
        UUID two = store.save(t, null, "Two", cfg);
        store.save(t, null, "Three", GridConfig.EMPTY);
        host.open(t.id());
        host.select(host.views().get(1));
        host.delete(host.views().get(1));
        assertThat(names()).containsExactly("One", "Three");
        assertThat(stored()).containsExactly("One", "Three");
        assertThat(host.shown().get().name()).isEqualTo("Three");
        assertThat(outbox()).last().isEqualTo("DELETE " + two);
        assertThat(history.canUndo().get()).isTrue();

        grid.undo(); // the window's Ctrl+Z
        assertThat(stored()).containsExactly("One", "Two", "Three");
        assertThat(names()).containsExactly("One", "Two", "Three");
        assertThat(host.shown().get().id()).isEqualTo(two);
        assertThat(host.shown().get().config()).isEqualTo(cfg);
        assertThat(outbox()).last().asString().endsWith(two.toString());

        grid.redo();
        assertThat(stored()).containsExactly("One", "Three");
        assertThat(names()).containsExactly("One", "Three");
    }

    @Test
    void reordersAndQueuesTheMovedViews() {
        UUID one = store.save(t, null, "One", GridConfig.EMPTY);
        UUID two = store.save(t, null, "Two", GridConfig.EMPTY);
        store.save(t, null, "Three", GridConfig.EMPTY);
        host.open(t.id());
        int before = outbox().size();
        host.move(host.views().get(0), 1);
        assertThat(names()).containsExactly("Two", "One", "Three");
        assertThat(stored()).containsExactly("Two", "One", "Three");
        assertThat(outbox().subList(before, outbox().size())).containsExactlyInAnyOrder("UPDATE " + one, "UPDATE " + two);
        host.move(host.views().get(0), -1); // at the left end: nothing
        host.move(host.views().get(2), 1); // at the right end: nothing
        assertThat(stored()).containsExactly("Two", "One", "Three");
        host.move(host.views().get(2), -2);
        assertThat(stored()).containsExactly("Three", "Two", "One");
    }

    @Test
    void theLastViewShownOpensAgainInANewHost() {
        store.save(t, null, "One", GridConfig.EMPTY);
        UUID two = store.save(t, null, "Two", GridConfig.EMPTY.withHidden(Set.of(name.id())));
        host.open(t.id());
        assertThat(host.shown().get().name()).isEqualTo("One");
        host.select(host.views().get(1));
        ViewHost again = newHost();
        again.open(t.id());
        assertThat(again.shown().get().id()).isEqualTo(two);
        assertThat(grid.viewId()).contains(two);
        // a remembered view that was deleted: the first opens
        store.delete(t, two);
        ViewHost third = newHost();
        third.open(t.id());
        assertThat(third.shown().get().name()).isEqualTo("One");
    }
}
