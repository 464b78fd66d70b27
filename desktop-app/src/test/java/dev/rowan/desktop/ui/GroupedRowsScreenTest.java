package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group headers are rows of the grid (not an outline above it): each header row shows its group's key, count and
 * per-column summaries; Enter, Space and a click fold it (saved in the view); arrows move over headers; editing keys
 * do nothing on a header; keys typed at full speed into the cells under a header land in the right records, Enter
 * stepping over the next group's header.
 */
class GroupedRowsScreenTest extends DesktopScreenTest {
    private static final String[] REGIONS = {"North", "South", "East"};

    @Test
    void headersAreRowsThatFoldAndTypingUnderThemLandsInTheRightRecords(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Orders", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef name = t.fields().get(0);
        FieldDef region = t.fields().get(1);
        FieldDef qty = t.fields().get(2);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "item " + i);
            v.put(region.id(), REGIONS[i % 3]);
            v.put(qty.id(), BigDecimal.valueOf(i));
            rows.add(v);
        }
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        records.insertAll(t, rows, () -> false);
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Orders", GridConfig.EMPTY);
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        GridViewModel grid = desktop.viewModel().grid();
        TableView<GridRow> table = desktop.view().grid().table();
        waitFor("table open", () -> grid.table().get() != null && !grid.loading().get());
        robot.interact(() -> {
            grid.setGroups(List.of(new GroupBy(region.id(), false)));
            grid.setSummary(qty.id(), Summary.SUM);
        });
        // 3 header rows + 30 records: East (10) first, then North, then South
        waitFor("header rows", () -> table.getItems().size() == 33 && table.getItems().get(0).header() != null
                && table.getItems().get(11).header() != null && table.getItems().get(22).header() != null
                && !grid.view().get().summaries().isEmpty());
        for (int p = 0; p < 33; p++) {
            String expectedRegion = p < 11 ? "East" : p < 22 ? "North" : "South";
            if (p % 11 == 0) {
                assertThat(table.getItems().get(p).header().group().key()).containsExactly(expectedRegion);
                assertThat(grid.loadedRecord(p)).isNull();
                assertThat(grid.rowNumber(p)).isZero();
            } else {
                int at = p;
                waitFor("record at " + p, () -> grid.loadedRecord(at) != null);
                assertThat(grid.loadedRecord(p).value(region.id())).as("line %d", p).isEqualTo(expectedRegion);
                assertThat(grid.rowNumber(p)).isEqualTo(p - p / 11);
            }
        }
        // the header row's cells: the group with its count, and that group's sum under Qty (computed independently)
        long eastSum = rows.stream().filter(m -> "East".equals(m.get(region.id())))
                .mapToLong(m -> ((BigDecimal) m.get(qty.id())).longValue()).sum();
        waitFor("header cells drawn", () -> cellText(robot, 0, "Name").contains("East")
                && cellText(robot, 0, "Qty").equals("Sum " + eastSum));
        assertThat(cellText(robot, 0, "Name")).isEqualTo("▾ East (10)");
        assertThat(cellTooltip(robot, 0, "Name")).isEqualTo("Region: East  ·  10 records");
        assertThat(cellText(robot, 0, "Region")).isEmpty();
        assertThat(cellText(robot, 11, "Qty")).isEqualTo("Sum " + rows.stream().filter(m -> "North".equals(m.get(region.id())))
                .mapToLong(m -> ((BigDecimal) m.get(qty.id())).longValue()).sum());
        Screenshots.write(desktop.scene(), "grid-grouped-rows.png");

        // on a header, typing, Delete and F2 do nothing: no editor, no record changed
        focusCell(robot, 0, "Name");
        Typist.type("zzz");
        Typist.keys(KeyCode.DELETE);
        Typist.keys(KeyCode.F2);
        settle();
        assertThat(records.count(t, Filter.where(name.id().toString(), Operator.CONTAINS, "zzz"))).isZero();
        assertThat(robot.lookup(".cell-editor").queryAll().stream().noneMatch(Node::isVisible)).isTrue();
        // Down from a header goes to the group's first record; Up comes back to the header
        Typist.keys(KeyCode.DOWN);
        waitFor("on the first record", () -> focusedRow(table) == 1);
        Typist.keys(KeyCode.UP);
        waitFor("back on the header", () -> focusedRow(table) == 0);

        // Enter folds the header: East's records leave the table, the fold is saved in the view
        Typist.keys(KeyCode.ENTER);
        waitFor("East folded", () -> table.getItems().size() == 23 && table.getItems().get(0).header().collapsed()
                && table.getItems().get(1).header() != null);
        assertThat(((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).getFirst().config()).collapsed())
                .containsExactly(List.of("East"));
        waitFor("the folded header says so", () -> cellText(robot, 0, "Name").equals("▸ East (10)"));
        assertThat(grid.loadedRecord(2)).isNotNull();
        assertThat(grid.loadedRecord(2).value(region.id())).isEqualTo("North");
        // Space unfolds it again
        focusCell(robot, 0, "Name");
        Typist.keys(KeyCode.SPACE);
        waitFor("East unfolded", () -> table.getItems().size() == 33 && !table.getItems().get(0).header().collapsed());
        // a click on the North header row folds North
        waitFor("row 11 shown", () -> {
            robot.interact(() -> table.scrollTo(8));
            return rowAt(robot, 11) != null;
        });
        robot.clickOn(rowAt(robot, 11));
        waitFor("North folded", () -> table.getItems().size() == 23 && table.getItems().get(11).header().collapsed());
        robot.clickOn(rowAt(robot, 11));
        waitFor("North unfolded", () -> table.getItems().size() == 33);
        settle();

        // type at full speed into the first East record's Name and on: Enter commits and moves down, stepping over
        // the North header into North's first records
        robot.interact(() -> table.scrollTo(0));
        focusCell(robot, 1, "Name");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 13; i++) burst.append("typed ").append(i).append('\n');
        Typist.type(burst.toString());
        settle();
        List<Row> east = records.page(t, Filter.where(region.id().toString(), Operator.EQ, "East"),
                List.of(Sort.asc("createdAt")), null, 100).rows();
        List<Row> north = records.page(t, Filter.where(region.id().toString(), Operator.EQ, "North"),
                List.of(Sort.asc("createdAt")), null, 100).rows();
        for (int i = 0; i < 10; i++) assertThat(east.get(i).value(name.id())).as("East record %d", i).isEqualTo("typed " + i);
        for (int i = 0; i < 3; i++) assertThat(north.get(i).value(name.id())).as("North record %d", i).isEqualTo("typed " + (10 + i));
        assertThat(north.get(3).value(name.id())).isEqualTo("item " + (3 * 3));
        assertThat(records.count(t, Filter.where(name.id().toString(), Operator.STARTS_WITH, "typed"))).isEqualTo(13);
        assertThat(focusedRow(table)).isEqualTo(15); // North's fourth record (header at 11)
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }

    private static int focusedRow(TableView<GridRow> table) {
        var p = table.getFocusModel().getFocusedCell();
        return p == null ? -1 : p.getRow();
    }

    private void focusCell(FxRobot robot, int row, String fieldName) {
        TableView<GridRow> table = desktop.view().grid().table();
        robot.interact(() -> {
            for (TableColumn<GridRow, ?> c : table.getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    table.getSelectionModel().clearAndSelect(row, c);
                    table.getFocusModel().focus(row, c);
                }
            }
            table.requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static @Nullable Node rowAt(FxRobot robot, int index) {
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getIndex() == index && n.isVisible()).findFirst().orElse(null);
    }

    private static String cellTooltip(FxRobot robot, int row, String fieldName) {
        Node r = rowAt(robot, row);
        if (r == null) return "?";
        for (Node n : ((TableRow<?>) r).getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                    && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                return c.getTooltip() == null ? "" : c.getTooltip().getText();
            }
        }
        return "?";
    }

    private static String cellText(FxRobot robot, int row, String fieldName) {
        Node r = rowAt(robot, row);
        if (r == null) return "?";
        for (Node n : ((TableRow<?>) r).getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                    && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                String text = ((Labeled) c).getText();
                return text == null ? "" : text;
            }
        }
        return "?";
    }
}
