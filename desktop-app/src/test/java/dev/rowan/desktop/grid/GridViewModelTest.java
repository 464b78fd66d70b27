package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
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

/** The grid's ViewModel on a real H2 workspace, without the FX thread. */
class GridViewModelTest {
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    GridViewModel vm;
    TableDef t;
    FieldDef name;
    FieldDef qty;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        AppInfo app = schema.createApp("A");
        t = schema.createTable(app.id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        name = t.fields().get(0);
        qty = t.fields().get(1);
        vm = new GridViewModel(schema, records, new SameThreadTaskExecutor());
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private void insert(int n) {
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            m.put(name.id(), "item " + i);
            m.put(qty.id(), BigDecimal.valueOf(i % 10));
            rows.add(m);
        }
        records.insertAll(t, rows, () -> false);
    }

    private @Nullable Object cell(int row, FieldDef f) {
        Row r = vm.rows().get().get(row).record().get();
        assertThat(r).as("row %d loaded", row).isNotNull();
        return r.value(f.id());
    }

    @Test
    void pagesLoadOnDemandAndCacheStaysBounded() {
        insert(GridViewModel.PAGE_SIZE * 60 + 7);
        vm.open(t.id());
        assertThat(vm.rowCount().get()).isEqualTo(6007);
        assertThat(vm.rows().get()).hasSize(6007);
        assertThat(vm.pagesLoaded()).isZero();
        assertThat(cell(0, name)).isEqualTo("item 0");
        for (int i = 0; i < 6007; i += 37) assertThat(cell(i, name)).isEqualTo("item " + i);
        assertThat(cell(6006, name)).isEqualTo("item 6006");
        assertThat(vm.cachedPages()).isLessThanOrEqualTo(GridViewModel.MAX_PAGES);
    }

    @Test
    void bulkEditSetsOneFieldOnEverySelectedRowIncludingUnloadedOnesAndUndoesAsOneStep() {
        insert(GridViewModel.PAGE_SIZE * 3);
        vm.open(t.id());
        vm.rows().get().get(0);
        List<Integer> selection = List.of(0, 1, 5, 250, 299);
        long undoable = vm.undoStack().canUndo().get() ? 1 : 0;
        assertThat(vm.bulkSetText(selection, qty, "many")).isFalse();
        assertThat(vm.message().get()).contains("not a number");

        assertThat(vm.bulkSetText(selection, qty, "42")).isTrue();
        for (int i : selection) assertThat(cell(i, qty)).as("row %d", i).isEqualTo(new BigDecimal("42"));
        assertThat(cell(2, qty)).isEqualTo(new BigDecimal("2"));
        assertThat(vm.message().get()).contains("5 records");
        assertThat(undoable).isZero();

        vm.undo();
        for (int i : selection) assertThat(cell(i, qty)).as("row %d undone", i).isEqualTo(BigDecimal.valueOf(i % 10));
        assertThat(vm.undoStack().canUndo().get()).isFalse();
        vm.redo();
        vm.open(t.id());
        assertThat(cell(299, qty)).isEqualTo(new BigDecimal("42"));
        assertThat(cell(298, qty)).isEqualTo(new BigDecimal("8"));
    }

    @Test
    void columnOrderAndWidthsAreKeptInTheViewAndSurviveReopening() {
        insert(2);
        vm.open(t.id());
        assertThat(vm.columns()).extracting(FieldDef::name).containsExactly("Name", "Qty");
        vm.setColumnOrder(List.of(qty.id(), name.id()));
        vm.setColumnWidth(name.id(), 321);
        assertThat(vm.columns()).extracting(FieldDef::name).containsExactly("Qty", "Name");

        GridViewModel again = new GridViewModel(schema, records, new SameThreadTaskExecutor());
        again.open(t.id());
        assertThat(again.columns()).extracting(FieldDef::name).containsExactly("Qty", "Name");
        assertThat(again.view().get().widths()).containsEntry(name.id(), 321.0);
        // a field added later appears after the arranged ones
        FieldDef note = schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Note", new FieldType.Text()));
        again.reloadSchema();
        assertThat(again.columns()).extracting(FieldDef::name).containsExactly("Qty", "Name", "Note");
        assertThat(note.name()).isEqualTo("Note");
    }

    @Test
    void editUndoRedoGoThroughTheWorkspace() {
        insert(3);
        vm.open(t.id());
        vm.rows().get().get(1);
        assertThat(vm.editText(1, qty, "1,234")).isTrue();
        assertThat(cell(1, qty)).isEqualTo(new BigDecimal("1234"));
        assertThat(vm.editText(1, qty, "many")).isFalse();
        assertThat(vm.message().get()).contains("not a number");
        vm.undo();
        assertThat(cell(1, qty)).isEqualTo(new BigDecimal("1"));
        vm.redo();
        assertThat(cell(1, qty)).isEqualTo(new BigDecimal("1234"));
        vm.open(t.id());
        assertThat(cell(1, qty)).isEqualTo(new BigDecimal("1234"));
    }

    @Test
    void pasteUpdatesExistingRowsAndAppendsNewOnesAndUndoesAsOne() {
        insert(2);
        vm.open(t.id());
        vm.paste(1, 0, "Bolt\t5\nNut\t7\r\n\"Washer, \"\"big\"\"\"\t9\n");
        assertThat(vm.rowCount().get()).isEqualTo(4);
        assertThat(cell(0, name)).isEqualTo("item 0");
        assertThat(cell(1, name)).isEqualTo("Bolt");
        assertThat(cell(2, name)).isEqualTo("Nut");
        assertThat(cell(3, name)).isEqualTo("Washer, \"big\"");
        assertThat(cell(3, qty)).isEqualTo(new BigDecimal("9"));
        assertThat(vm.copy(1, 3, 0, 1)).isEqualTo("Bolt\t5\nNut\t7\n\"Washer, \"\"big\"\"\"\t9\n");
        vm.undo();
        assertThat(vm.rowCount().get()).isEqualTo(2);
        assertThat(cell(1, name)).isEqualTo("item 1");
    }

    @Test
    void pasteKeepsTheGoodCellsMarksTheBadOnesAndUndoesAsOne() {
        insert(1);
        vm.open(t.id());
        vm.paste(0, 0, "X\t1\nY\tlots\nZ\t3\tspill\tover\n");
        // the good cells are in, the refused one is named and marked where it is, the extra columns are reported
        assertThat(vm.rowCount().get()).isEqualTo(3);
        assertThat(cell(0, name)).isEqualTo("X");
        assertThat(cell(1, name)).isEqualTo("Y");
        assertThat(cell(1, qty)).isNull();
        assertThat(cell(2, qty)).isEqualTo(new BigDecimal("3"));
        assertThat(vm.problems()).singleElement().satisfies(p -> {
            assertThat(p.describe()).isEqualTo("Row 2, Qty: 'lots' is not a number");
            assertThat(p.text()).isEqualTo("lots");
        });
        Row y = vm.rows().get().get(1).record().get();
        assertThat(vm.mark(y.id(), qty.id())).isNotNull().extracting(GridViewModel.Mark::text).isEqualTo("lots");
        assertThat(vm.message().get()).contains("Pasted 3 rows").contains("1 cell was refused").contains("2 columns did not fit");
        vm.undo();
        assertThat(vm.rowCount().get()).isEqualTo(1);
        assertThat(cell(0, name)).isEqualTo("item 0");
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.message().get()).isEqualTo("Undone: paste of 3 rows (Ctrl+Y to redo)");
    }

    @Test
    void typedNumbersAreNeverRoundedSilently() {
        FieldDef pct = schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Done", new FieldType.Percent(0)));
        insert(1);
        vm.open(t.id());
        vm.rows().get().get(0);
        assertThat(vm.editText(0, pct, "0.35")).isFalse();
        assertThat(vm.message().get()).contains("more decimal places than Done keeps").contains("type 35 for 35 %");
        Row r = vm.loadedRecord(0);
        assertThat(vm.mark(r.id(), pct.id())).isNotNull().extracting(GridViewModel.Mark::text).isEqualTo("0.35");
        assertThat(cell(0, pct)).isNull();
        assertThat(vm.editText(0, pct, "35%")).isTrue();
        assertThat(cell(0, pct)).isEqualTo(new BigDecimal("35"));
        assertThat(vm.mark(r.id(), pct.id())).isNull();
        assertThat(vm.editText(0, qty, "12.0")).isTrue();
        assertThat(vm.editText(0, qty, "12.5")).isFalse();
        assertThat(cell(0, qty)).isEqualTo(new BigDecimal("12"));
    }

    @Test
    void requiredFieldsHoldInTheGridAsInTheForm() {
        schema.updateField(t.id(), new FieldDef(name.id(), name.name(), name.type(), true, false, false, null,
                name.validation(), null, false, name.position()));
        t = schema.table(t.id());
        name = t.field("Name").orElseThrow();
        insert(2);
        vm.open(t.id());
        vm.rows().get().get(0);
        // Delete on a required cell does not clear it and says why
        vm.clearCells(List.of(new int[]{0, 0}, new int[]{0, 1}));
        assertThat(cell(0, name)).isEqualTo("item 0");
        assertThat(cell(0, qty)).isNull();
        assertThat(vm.message().get()).isEqualTo("A required cell was not cleared");
        assertThat(vm.mark(vm.loadedRecord(0).id(), name.id())).isNotNull();
        // a new record waits as a draft until its required value is typed, then it is stored
        vm.addRow();
        assertThat(vm.rowCount().get()).isEqualTo(2);
        assertThat(vm.rows().get().size()).isEqualTo(3);
        assertThat(vm.isDraft(2)).isTrue();
        assertThat(vm.message().get()).contains("fill in Name");
        assertThat(vm.focusRequest().get().index()).isEqualTo(2);
        assertThat(vm.editText(2, qty, "5")).isTrue();
        assertThat(records.count(t, null)).isEqualTo(2);
        assertThat(vm.editText(2, name, "")).isFalse();
        assertThat(vm.editText(2, name, "Gasket")).isTrue();
        assertThat(records.count(t, null)).isEqualTo(3);
        assertThat(vm.rowCount().get()).isEqualTo(3);
        assertThat(vm.isDraft(2)).isFalse();
        assertThat(cell(2, name)).isEqualTo("Gasket");
        assertThat(cell(2, qty)).isEqualTo(new BigDecimal("5"));
        // a pasted row without its required value is a draft too, not a stored row with an empty Name
        vm.paste(3, 0, "\t9\n");
        assertThat(records.count(t, null)).isEqualTo(3);
        assertThat(vm.isDraft(3)).isTrue();
        assertThat(vm.message().get()).contains("1 row not saved yet");
    }

    @Test
    void undoHistoryIsKeptPerTableAcrossSwitches() {
        AppInfo app = schema.apps().getFirst();
        TableDef other = schema.createTable(app.id(), null, "Other", List.of(FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        insert(1);
        vm.open(t.id());
        vm.rows().get().get(0);
        assertThat(vm.editText(0, name, "changed")).isTrue();
        vm.open(other.id());
        assertThat(vm.undoStack().canUndo().get()).isFalse();
        vm.open(t.id());
        assertThat(vm.undoStack().canUndo().get()).isTrue();
        vm.undo();
        assertThat(cell(0, name)).isEqualTo("item 0");
        assertThat(vm.message().get()).isEqualTo("Undone: edit of Name (Ctrl+Y to redo)");
    }

    @Test
    void theCursorFollowsAnEditedRecordThatSortsAway() {
        insert(20);
        vm.open(t.id());
        vm.setSorts(List.of(Sort.asc("Name")));
        vm.rows().get().get(0);
        Row first = vm.loadedRecord(0);
        assertThat(first.value(name.id())).isEqualTo("item 0");
        vm.focusedRecord().set(first.id());
        assertThat(vm.editText(0, name, "zzz")).isTrue();
        // the edit re-sorted the list: the record is last now, and the cursor is asked to go there
        assertThat(vm.focusRequest().get().index()).isEqualTo(19);
        assertThat(cell(19, name)).isEqualTo("zzz");
        assertThat(records.position(t, null, vm.effectiveSorts(), first.id())).isEqualTo(19);
    }

    @Test
    void sortFilterAndHiddenFieldsPersistInTheView() {
        insert(30);
        vm.open(t.id());
        vm.setSorts(List.of(Sort.desc("Qty"), Sort.asc("Name")));
        vm.setFilter(Filter.where("Qty", Operator.GTE, 8));
        vm.setFieldVisible(name.id(), false);
        assertThat(vm.rowCount().get()).isEqualTo(6);
        assertThat(cell(0, qty)).isEqualTo(new BigDecimal("9"));
        assertThat(cell(0, name)).isEqualTo("item 19");
        assertThat(vm.columns()).containsExactly(qty);

        GridViewModel again = new GridViewModel(schema, records, new SameThreadTaskExecutor());
        again.open(t.id());
        assertThat(again.rowCount().get()).isEqualTo(6);
        assertThat(again.columns()).containsExactly(qty);
        assertThat(again.view().get().sorts()).hasSize(2);
        assertThat(again.setFilterJson("{\"operator\":\"or\",\"conditions\":[{\"field\":\"Qty\",\"operator\":\"eq\",\"value\":1},"
                + "{\"operator\":\"and\",\"conditions\":[{\"field\":\"Name\",\"operator\":\"startsWith\",\"value\":\"item 2\"}]}]}")).isTrue();
        assertThat(again.rowCount().get()).isEqualTo(3 + 10);
        assertThat(again.setFilterJson("{\"field\":\"Nope\",\"operator\":\"eq\",\"value\":1}")).isFalse();
        assertThat(again.message().get()).contains("Unknown field");
    }

    @Test
    void deleteSeveralRowsAndUndo() {
        insert(5);
        vm.open(t.id());
        for (int i = 0; i < 5; i++) vm.rows().get().get(i);
        vm.deleteRows(List.of(1, 3));
        assertThat(vm.rowCount().get()).isEqualTo(3);
        assertThat(List.of(cell(0, name), cell(1, name), cell(2, name))).containsExactly("item 0", "item 2", "item 4");
        vm.undo();
        assertThat(vm.rowCount().get()).isEqualTo(5);
        assertThat(cell(3, name)).isEqualTo("item 3");
    }
}
