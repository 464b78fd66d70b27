package dev.rowan.desktop.views;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.FormConfig;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The view host on a real H2 workspace, without the FX thread: registry, which view opens, where settings go. */
class ViewHostTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore store;
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
        host = new ViewHost(new ViewContext(schema, records, new RecordEditor(records, new UndoStack()), store,
                new SameThreadTaskExecutor()));
        grid = host.viewModel(GridViewType.INSTANCE);
        t = schema.createTable(schema.createApp("A").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        name = t.fields().get(0);
        qty = t.fields().get(1);
        for (int i = 0; i < 10; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "item " + i);
            v.put(qty.id(), BigDecimal.valueOf(i));
            records.insert(t, v);
        }
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    @Test
    void theStatusBarCountIsTheOpenViewsOwn() {
        dev.rowan.model.query.Filter atLeastFive = dev.rowan.model.query.Filter.where(qty.id().toString(),
                dev.rowan.model.query.Operator.GTE, 5);
        dev.rowan.model.query.Filter belowThree = dev.rowan.model.query.Filter.where(qty.id().toString(),
                dev.rowan.model.query.Operator.LT, 3);
        store.save(t, null, "Big", dev.rowan.model.view.GridConfig.EMPTY.withFilter(atLeastFive));
        store.save(t, null, "Board", ((dev.rowan.model.view.KanbanConfig) dev.rowan.model.view.ViewConfig
                .defaults(dev.rowan.model.view.ViewKind.KANBAN)).withQuery(new dev.rowan.model.view.RecordQuery(
                belowThree, List.of(), "", List.of())));
        store.save(t, null, "Cards", dev.rowan.model.view.ViewConfig.defaults(dev.rowan.model.view.ViewKind.GALLERY));
        host.open(t.id());
        assertThat(host.statusCount().getValue()).as("the grid's rows").isEqualTo("5 records");
        host.select(host.views().get(1));
        assertThat(host.statusCount().getValue()).as("the kanban's total, counted by its query").isEqualTo("3 records");
        host.select(host.views().get(2));
        assertThat(host.statusCount().getValue()).as("the gallery's cards").isEqualTo("10 cards");
        Map<UUID, @Nullable Object> v = new HashMap<>();
        v.put(qty.id(), BigDecimal.ONE);
        records.insert(t, v);
        host.select(host.views().get(1));
        host.refresh();
        assertThat(host.statusCount().getValue()).as("counted again after a change").isEqualTo("4 records");
        host.select(host.views().getFirst());
        assertThat(host.statusCount().getValue()).isEqualTo("5 records");
    }

    @Test
    void theRegistryListsEachKindOnceWithTheGridFirst() {
        assertThat(ViewKinds.ALL).isNotEmpty();
        assertThat(ViewKinds.ALL.getFirst()).isSameAs(GridViewType.INSTANCE);
        assertThat(ViewKinds.ALL).extracting(ViewType::kind).doesNotHaveDuplicates();
        for (ViewType<?, ?> type : ViewKinds.ALL) assertThat(ViewKinds.of(type.kind())).containsSame(type);
        assertThat(ViewKinds.of(ViewKind.GRID)).containsSame(GridViewType.INSTANCE);
        // one ViewModel per kind, made once
        assertThat(host.viewModel(GridViewType.INSTANCE)).isSameAs(grid);
    }

    @Test
    void aTableOpensInItsFirstViewOfARegisteredKindAndSwitchesBetweenItsViews() {
        store.save(t, null, "Form", ViewConfig.defaults(ViewKind.FORM));
        UUID big = store.save(t, null, "Big ones", GridConfig.EMPTY.withFilter(
                Filter.where(qty.id().toString(), Operator.GTE, 7)));
        UUID byQty = store.save(t, null, "By qty", GridConfig.EMPTY.withSorts(List.of(Sort.desc(qty.id().toString())))
                .withHidden(Set.of(name.id())));

        host.open(t.id());
        // every registered kind is listed in the stored order; the table opens in its first grid (ViewKinds' order)
        assertThat(host.views()).extracting(ViewStore.StoredView::name).containsExactly("Form", "Big ones", "By qty");
        assertThat(host.shown().get().id()).isEqualTo(big);
        assertThat(host.title()).isEqualTo("Big ones");
        assertThat(grid.viewId()).contains(big);
        assertThat(grid.rowCount().get()).isEqualTo(3);
        assertThat(grid.columns()).extracting(FieldDef::name).containsExactly("Name", "Qty");

        host.select(host.views().get(2));
        assertThat(grid.viewId()).contains(byQty);
        assertThat(grid.rowCount().get()).isEqualTo(10);
        assertThat(grid.columns()).extracting(FieldDef::name).containsExactly("Qty");
        assertThat(grid.loadedRecord(0)).isNull(); // pages load on demand; the order is the view's
        assertThat(records.page(t, grid.view().get().filter(), grid.view().get().sorts(), null, 1).rows().getFirst()
                .value(qty.id())).isEqualTo(BigDecimal.valueOf(9));

        // a setting changed in the shown view goes to that view, not to the table's first grid
        grid.setFieldVisible(name.id(), true);
        assertThat(((GridConfig) store.list(t).stream().filter(v -> v.id().equals(byQty)).findFirst().orElseThrow()
                .config()).hidden()).isEmpty();
        assertThat(((GridConfig) store.list(t).stream().filter(v -> v.id().equals(big)).findFirst().orElseThrow()
                .config()).filter()).isNotNull();
        assertThat(store.list(t)).extracting(v -> v.config().kind()).containsExactly(ViewKind.FORM, ViewKind.GRID,
                ViewKind.GRID);
        assertThat(store.list(t).getFirst().config()).isInstanceOf(FormConfig.class);
    }

    @Test
    void aTableWithoutAViewShowsTheGridsDefaultsAndKeepsTheFirstSettingAsItsView() {
        host.open(t.id());
        assertThat(host.shown().get()).isNull();
        assertThat(host.title()).isEqualTo("Grid");
        assertThat(grid.view().get()).isEqualTo(GridConfig.EMPTY);
        grid.setFieldVisible(qty.id(), false);
        assertThat(store.list(t)).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("Grid");
            assertThat(((GridConfig) v.config()).hidden()).containsExactly(qty.id());
        });
        host.reloadSchema();
        assertThat(host.shown().get()).isNotNull();
        assertThat(host.title()).isEqualTo("Grid");
    }

    @Test
    void aNewKindAfterTheImplicitGridWasKeptDoesNotAddASecondGrid() {
        // found using the app: group the implicit grid (stored as "Grid"), then "+ View → Kanban" stored another
        // "Grid" because the bar's list still said the table had no view
        host.open(t.id());
        grid.setFieldVisible(qty.id(), false);
        host.create(dev.rowan.desktop.views.kanban.KanbanViewType.INSTANCE, "Kanban");
        assertThat(store.list(t)).extracting(v -> v.name()).containsExactly("Grid", "Kanban");
        assertThat(host.views()).extracting(v -> v.name()).containsExactly("Grid", "Kanban");
        assertThat(((GridConfig) store.list(t).getFirst().config()).hidden()).containsExactly(qty.id());
    }

    @Test
    void aNewKindOnATableWithNoViewKeepsItsImplicitGrid() {
        host.open(t.id());
        host.create(dev.rowan.desktop.views.kanban.KanbanViewType.INSTANCE, "Kanban");
        assertThat(store.list(t)).extracting(v -> v.name()).containsExactly("Grid", "Kanban");
    }

    @Test
    void aStaleViewOpensWithWhatIsLeft() {
        UUID id = store.save(t, null, "Sorted", GridConfig.EMPTY.withSorts(List.of(Sort.asc(name.id().toString()),
                Sort.desc(qty.id().toString()))).withFilter(Filter.where(name.id().toString(), Operator.CONTAINS, "item")));
        schema.setFieldHidden(t.id(), name.id(), true);
        host.open(t.id());
        assertThat(host.shown().get().id()).isEqualTo(id);
        assertThat(host.shown().get().dropped()).isNotEmpty();
        assertThat(grid.view().get().sorts()).containsExactly(Sort.desc(qty.id().toString()));
        assertThat(grid.view().get().filter()).isNull();
        assertThat(grid.rowCount().get()).isEqualTo(10);
        assertThat(grid.view().get().query()).isEqualTo(RecordQuery.ALL.withSorts(List.of(Sort.desc(qty.id().toString()))));
    }
}
