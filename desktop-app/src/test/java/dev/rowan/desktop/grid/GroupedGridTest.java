package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.workspace.GroupSummaries;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.RowColours;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The grouped grid's ViewModel on a real H2 workspace: groups and headers, collapse, footer, saved and undoable. */
class GroupedGridTest {
    @TempDir
    Path dir;
    Workspace ws;
    ViewStore views;
    GridViewModel vm;
    TableDef t;
    FieldDef kind;
    FieldDef size;
    FieldDef qty;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        RecordStore records = new RecordStore(ws);
        views = new ViewStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Kind", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Size", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        kind = t.fields().get(0);
        size = t.fields().get(1);
        qty = t.fields().get(2);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        // a: 3 small + 1 large, b: 2 small; qty 1..6
        String[][] data = {{"a", "S"}, {"a", "S"}, {"a", "S"}, {"a", "L"}, {"b", "S"}, {"b", "S"}};
        for (int i = 0; i < data.length; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(kind.id(), data[i][0]);
            v.put(size.id(), data[i][1]);
            v.put(qty.id(), BigDecimal.valueOf(i + 1));
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
        views.save(t, null, "All", GridConfig.EMPTY);
        vm = new GridViewModel(schema, records, new SameThreadTaskExecutor(), views, new UndoStack());
        vm.open(t.id());
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private List<String> headers() {
        return vm.grouped().headers().stream().map(h -> String.join("/", h.group().key().stream().map(String::valueOf)
                .toList()) + "=" + h.group().count() + (h.collapsed() ? " (collapsed)" : "")).toList();
    }

    private GridConfig stored() {
        return (GridConfig) views.list(t).getFirst().config();
    }

    @Test
    void aGroupingWithoutSortsOfItsOwnIsReadGroupByGroupAsTheSortedQueryListsIt() {
        RecordStore records = new RecordStore(ws);
        java.util.Random r = new java.util.Random(5);
        String[] kinds = {"a", "B", "b", "é", null};
        String[] sizes = {"S", "M", "L", null};
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(kind.id(), kinds[r.nextInt(kinds.length)]);
            v.put(size.id(), sizes[r.nextInt(sizes.length)]);
            v.put(qty.id(), BigDecimal.valueOf(i));
            rows.add(v);
        }
        records.insertAll(t, rows, () -> false);
        List<GroupBy> groups = List.of(new GroupBy(kind.id(), false), new GroupBy(size.id(), true));
        long before = GroupSummaries.LISTED_IN_GROUPS.get();
        vm.setGroups(groups);
        vm.rows().get().get(vm.positionOfRecord(0)); // the grid shows its first rows: their page is read
        assertThat(vm.loadedRecord(vm.positionOfRecord(0))).isNotNull();
        assertThat(GroupSummaries.LISTED_IN_GROUPS.get()).as("the grid's page read group by group").isGreaterThan(before);
        // the same records in the same order as the grid's sorted query (groups, then creation order)
        List<UUID> sorted = records.page(t, null, vm.effectiveSorts(), null, 1_000).rows().stream()
                .map(dev.rowan.desktop.workspace.Row::id).toList();
        assertThat(sorted).hasSize(306);
        for (int from : new int[] {0, 7, 50, 299, 300}) {
            List<UUID> inGroups = records.summaries().listedInGroups(t, null, groups, List.of(
                            dev.rowan.model.query.Sort.asc("createdAt")), k -> true, from, 40)
                    .orElseThrow().stream().map(dev.rowan.desktop.workspace.Row::id).toList();
            assertThat(inGroups).as("from " + from).isEqualTo(sorted.subList(from, Math.min(sorted.size(), from + 40)));
        }
        // a collapsed group's records are left out of the pages as the sorted query's filter leaves them out
        vm.grouped().toggle(vm.grouped().headers().getFirst().group());
        List<UUID> shown = records.page(t, CollapsedRows.filter(t, vm.view().get()), vm.effectiveSorts(), null, 1_000)
                .rows().stream().map(dev.rowan.desktop.workspace.Row::id).toList();
        assertThat(vm.rowCount().get()).isEqualTo(shown.size());
        vm.rows().get().get(vm.positionOfRecord(0));
        assertThat(vm.loadedRecord(vm.positionOfRecord(0)).id()).isEqualTo(shown.getFirst());
        // with sorts of its own: still read group by group, each group in the sorts' order, as the sorted query lists
        // them (a number descending; a text with NULLs and mixed case, then the number, under one level)
        vm.grouped().expandAll();
        String q = qty.id().toString();
        String z = size.id().toString();
        for (List<dev.rowan.model.query.Sort> own : List.of(List.of(dev.rowan.model.query.Sort.desc(q)),
                List.of(dev.rowan.model.query.Sort.asc(z), dev.rowan.model.query.Sort.desc(q)))) {
            List<GroupBy> by = own.size() == 1 ? groups : List.of(new GroupBy(kind.id(), true));
            vm.setGroups(by);
            vm.setSorts(own);
            before = GroupSummaries.LISTED_IN_GROUPS.get();
            List<UUID> expected = records.page(t, null, vm.effectiveSorts(), null, 1_000).rows().stream()
                    .map(dev.rowan.desktop.workspace.Row::id).toList();
            assertThat(expected).hasSize(306);
            for (int i = 0; i < 120; i++) {
                vm.rows().get().get(vm.positionOfRecord(i));
                assertThat(vm.loadedRecord(vm.positionOfRecord(i)).id()).as(own + " record " + i)
                        .isEqualTo(expected.get(i));
            }
            assertThat(GroupSummaries.LISTED_IN_GROUPS.get()).as("read group by group").isGreaterThan(before);
            List<dev.rowan.model.query.Sort> within = vm.effectiveSorts().subList(by.size(), vm.effectiveSorts().size());
            for (int from : new int[] {0, 7, 50, 299, 300}) {
                List<UUID> page = records.summaries().listedInGroups(t, null, by, within, k -> true, from, 40)
                        .orElseThrow().stream().map(dev.rowan.desktop.workspace.Row::id).toList();
                assertThat(page).as(own + " from " + from)
                        .isEqualTo(expected.subList(from, Math.min(expected.size(), from + 40)));
            }
        }
    }

    @Test
    void groupsCollapseAndUndo() {
        assertThat(vm.grouped().result().get()).isNull(); // nothing grouped or summarised: nothing read
        vm.setGroups(List.of(new GroupBy(kind.id(), false), new GroupBy(size.id(), true)));
        assertThat(headers()).containsExactly("a=4", "a/S=3", "a/L=1", "b=2", "b/S=2");
        assertThat(stored().groups()).hasSize(2);
        // records come group after group
        assertThat(vm.effectiveSorts().get(0).field()).isEqualTo(kind.id().toString());
        assertThat(vm.effectiveSorts().get(1).descending()).isTrue();

        vm.grouped().toggle(vm.grouped().headers().getFirst().group());
        assertThat(headers()).containsExactly("a=4 (collapsed)", "b=2", "b/S=2");
        vm.grouped().expandAll();
        assertThat(headers()).hasSize(5);

        vm.setSummary(qty.id(), Summary.SUM);
        assertThat(vm.grouped().result().get().total().values().get(qty.id())).isEqualTo(new BigDecimal("21"));
        assertThat(vm.grouped().headers().get(1).group().values().get(qty.id())).isEqualTo(new BigDecimal("6"));
        assertThat(stored().summaries()).containsEntry(qty.id(), Summary.SUM);

        vm.setColours(new RowColours(null, List.of()));
        vm.undo(); // the summary
        assertThat(vm.view().get().summaries()).isEmpty();
        assertThat(stored().summaries()).isEmpty();
        vm.undo(); // the grouping
        assertThat(vm.view().get().groups()).isEmpty();
        assertThat(stored().groups()).isEmpty();
        assertThat(vm.grouped().headers()).isEmpty();
        vm.redo();
        assertThat(stored().groups()).hasSize(2);
        assertThat(headers()).hasSize(5);
    }

    @Test
    void theCollapseStateIsSavedInTheViewAndOpensAgainCollapsed() {
        vm.setGroups(List.of(new GroupBy(kind.id(), false), new GroupBy(size.id(), true)));
        GroupSummaries.Result before = vm.grouped().result().get();
        vm.grouped().toggle(vm.grouped().headers().get(3).group()); // b
        assertThat(vm.grouped().result().get()).as("folding reads no numbers again").isSameAs(before);
        vm.grouped().toggle(vm.grouped().headers().get(1).group()); // a/S
        assertThat(headers()).containsExactly("a=4", "a/S=3 (collapsed)", "a/L=1", "b=2 (collapsed)");
        assertThat(stored().collapsed()).containsExactly(List.of("a", "S"), List.of("b"));
        // their rows leave the grid itself: of a/S/S/S/L/b/b only a/L is listed; the groups keep their counts
        assertThat(vm.rowCount().get()).isEqualTo(1);
        assertThat(vm.loadedRecord(0) == null ? null : vm.loadedRecord(0).value(size.id())).isIn("L", null);
        // an edit reads the groups again: still collapsed
        vm.refresh();
        assertThat(headers()).containsExactly("a=4", "a/S=3 (collapsed)", "a/L=1", "b=2 (collapsed)");
        // another window (a new ViewModel over the same workspace) opens the view with the same groups collapsed
        GridViewModel again = new GridViewModel(new SchemaStore(ws), new RecordStore(ws), new SameThreadTaskExecutor(),
                views, new UndoStack());
        again.open(t.id());
        assertThat(again.grouped().headers()).extracting(h -> h.collapsed()).containsExactly(false, true, false, true);
        assertThat(again.rowCount().get()).isEqualTo(1);
        vm.grouped().expandAll();
        assertThat(stored().collapsed()).isEmpty();
        assertThat(vm.rowCount().get()).isEqualTo(6);
        vm.grouped().collapseAll();
        assertThat(stored().collapsed()).containsExactly(List.of("a"), List.of("a", "S"), List.of("a", "L"),
                List.of("b"), List.of("b", "S"));
        assertThat(headers()).containsExactly("a=4 (collapsed)", "b=2 (collapsed)");
        assertThat(vm.rowCount().get()).isZero();
        assertThat(vm.grouped().result().get().total().count()).as("the footer still counts every record").isEqualTo(6);
    }
}
