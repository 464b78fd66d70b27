package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the real window headless under Monocle on a real H2 workspace: sample project, designing a table with
 * several field types, pasting and editing rows, filter and sort, type changes (refused and applied), and
 * reopening the workspace. Writes the screenshots in docs/screenshots.
 */
class DesktopEndToEndTest extends DesktopScreenTest {




    private List<@Nullable Object> column(String fieldName) {
        TableDef t = desktop.viewModel().grid().table().get();
        FieldDef f = t.field(fieldName).orElseThrow();
        List<@Nullable Object> out = new ArrayList<>();
        for (int i = 0; i < desktop.viewModel().grid().rowCount().get(); i++) {
            Row r = desktop.viewModel().grid().loadedRecord(i);
            out.add(r == null ? "<not loaded>" : r.value(f.id()));
        }
        return out;
    }

    private Node cell(FxRobot robot, int row, String fieldName) {
        AtomicReference<Node> found = new AtomicReference<>();
        robot.interact(() -> {
            TableView<GridRow> table = desktop.view().grid().table();
            table.scrollTo(Math.max(0, row - 2));
            table.layout();
            for (Node n : table.lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> c && c.getIndex() == row && c.getTableColumn() != null
                        && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    found.set(n);
                }
            }
        });
        assertThat(found.get()).as("cell %d/%s", row, fieldName).isNotNull();
        return found.get();
    }

    private Node header(FxRobot robot, String column) {
        return robot.lookup(".column-header").match((Node n) -> n instanceof javafx.scene.control.skin.TableColumnHeader h
                && h.isVisible() && h.getTableColumn() != null && column.equals(h.getTableColumn().getText())).query();
    }

    private void replaceText(FxRobot robot, String query, String text) {
        robot.clickOn(query).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL)
                .write(text);
    }

    private void addField(FxRobot robot, String kindLabel, String name) {
        int before = desktop.viewModel().designer().fields().size();
        robot.clickOn("#designer-add").clickOn(kindLabel);
        waitFor("field added", () -> desktop.viewModel().designer().fields().size() == before + 1);
        replaceText(robot, "#designer-name", name);
    }

    private void apply(FxRobot robot, String fieldName) {
        robot.clickOn("#designer-apply");
        waitFor(fieldName + " saved", () -> desktop.viewModel().designer().fields().stream()
                .anyMatch(f -> f.name().equals(fieldName)));
    }

    private FieldType typeOf(String field) {
        return desktop.viewModel().designer().fields().stream().filter(f -> f.name().equals(field)).findFirst()
                .orElseThrow().type();
    }

    @Test
    void designFillFilterRetypeAndReopen(FxRobot robot) {
        Path ws = dir.resolve("workspace");
        robot.interact(() -> desktop = Desktop.start(stage, ws));

        // first start: the sample project is offered and opens its first table
        robot.clickOn("#welcome-sample");
        waitFor("sample grid loaded", () -> desktop.viewModel().grid().rowCount().get() == 4
                && desktop.viewModel().grid().loadedRecord(3) != null);
        assertThat(desktop.viewModel().tableTitle().get()).isEqualTo("Projects");
        assertThat(robot.lookup("#status-count").queryLabeled().getText()).contains("4 records");
        Screenshots.write(desktop.scene(), "main-window.png");

        // a new table in the sample app, designed on the Fields tab
        robot.clickOn("Project tracker");
        robot.clickOn("#nav-new-table");
        robot.clickOn("#dialog-text").write("Inventory").type(KeyCode.ENTER);
        waitFor("Inventory open", () -> "Inventory".equals(desktop.viewModel().tableTitle().get()));
        robot.clickOn("#tab-fields");
        addField(robot, "Number", "Qty");
        apply(robot, "Qty");
        addField(robot, "Single select", "Condition");
        robot.clickOn("#designer-new-option").write("New").type(KeyCode.ENTER);
        robot.clickOn("#designer-new-option").write("Used").type(KeyCode.ENTER);
        apply(robot, "Condition");
        addField(robot, "Date", "Bought");
        apply(robot, "Bought");
        addField(robot, "Checkbox", "In stock");
        apply(robot, "In stock");
        assertThat(desktop.viewModel().designer().fields()).extracting(FieldDef::name)
                .containsExactly("Name", "Qty", "Condition", "Bought", "In stock");
        assertThat(typeOf("Condition")).isInstanceOfSatisfying(FieldType.SingleSelect.class,
                s -> assertThat(s.options()).extracting(o -> o.label()).containsExactly("New", "Used"));
        assertThat(typeOf("Bought")).isEqualTo(new FieldType.DateType(false));
        robot.clickOn("Condition   ·   Single select");
        Screenshots.write(desktop.scene(), "designer.png");

        // rows pasted from a spreadsheet, one more added and edited by keyboard
        robot.clickOn("#tab-grid");
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString("Drill\t5\tNew\t2026-01-15\tyes\nSaw\t12\tUsed\t2025-11-02\tno\nLadder\t2\tNew\t2026-02-01\tyes\n");
            Clipboard.getSystemClipboard().setContent(c);
        });
        robot.clickOn("#grid-table").press(KeyCode.CONTROL).press(KeyCode.V).release(KeyCode.V).release(KeyCode.CONTROL);
        waitFor("3 pasted rows", () -> desktop.viewModel().grid().rowCount().get() == 3
                && desktop.viewModel().grid().loadedRecord(2) != null);
        assertThat(column("Name")).containsExactly("Drill", "Saw", "Ladder");
        assertThat(column("Bought")).containsExactly(LocalDate.of(2026, 1, 15), LocalDate.of(2025, 11, 2), LocalDate.of(2026, 2, 1));
        assertThat(column("In stock")).containsExactly(true, false, true);

        robot.clickOn("#grid-add");
        waitFor("4 rows", () -> desktop.viewModel().grid().rowCount().get() == 4
                && desktop.viewModel().grid().loadedRecord(3) != null);
        // type-to-edit: the first typed character opens the editor and is kept
        robot.clickOn(cell(robot, 3, "Name")).write("Hammer").type(KeyCode.ENTER);
        waitFor("Hammer saved", () -> "Hammer".equals(column("Name").get(3)));
        robot.clickOn(cell(robot, 3, "Qty")).type(KeyCode.ENTER).write("7").type(KeyCode.ENTER);
        waitFor("Qty saved", () -> new BigDecimal("7").equals(column("Qty").get(3)));
        robot.clickOn(cell(robot, 0, "Qty")).type(KeyCode.F2).write("five").type(KeyCode.ENTER);
        waitFor("error shown", () -> desktop.viewModel().status().get().contains("not a number"));
        robot.type(KeyCode.ESCAPE);
        assertThat(column("Qty").get(0)).isEqualTo(new BigDecimal("5"));
        robot.clickOn(cell(robot, 3, "Qty")).press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        waitFor("undo", () -> column("Qty").get(3) == null);
        robot.press(KeyCode.CONTROL).press(KeyCode.Y).release(KeyCode.Y).release(KeyCode.CONTROL);
        waitFor("redo", () -> new BigDecimal("7").equals(column("Qty").get(3)));

        // filter (JSON with the shared filter AST) and sort from the toolbar
        robot.clickOn("#grid-filter-toggle").clickOn("#filter-json-toggle");
        robot.clickOn("#filter-json").write("{\"field\":\"Qty\",\"operator\":\"gte\",\"value\":5}");
        robot.clickOn("#filter-apply");
        waitFor("filtered", () -> desktop.viewModel().grid().rowCount().get() == 3);
        // sort by clicking the Qty header (ascending, then descending), and through the Sort menu
        robot.clickOn(header(robot, "Qty"));
        waitFor("sorted ascending by header", () -> column("Name").equals(List.of("Drill", "Hammer", "Saw")));
        assertThat(desktop.viewModel().grid().view().get().sorts()).extracting(s -> s.descending()).containsExactly(false);
        robot.clickOn(header(robot, "Qty"));
        waitFor("sorted descending by header", () -> column("Name").equals(List.of("Saw", "Hammer", "Drill")));
        robot.clickOn("#grid-sort").clickOn("Name ↑ (A→Z)");
        waitFor("sorted by name from the menu", () -> column("Name").equals(List.of("Drill", "Hammer", "Saw")));
        robot.clickOn("#grid-sort").clickOn("Qty ↓ (9→1)");
        waitFor("sorted descending from the menu", () -> column("Name").equals(List.of("Saw", "Hammer", "Drill")));
        assertThat(header(robot, "Qty").lookup(".arrow")).as("sort arrow on the Qty header").isNotNull();
        assertThat(desktop.viewModel().status().get()).doesNotContain("not a number");
        Screenshots.write(desktop.scene(), "grid.png");

        // bulk edit: select three rows, set Condition on all of them as one undoable step
        robot.clickOn(cell(robot, 0, "Condition")).press(KeyCode.SHIFT).clickOn(cell(robot, 2, "Condition")).release(KeyCode.SHIFT);
        robot.clickOn("#grid-bulk-edit");
        robot.clickOn("#bulk-value").write("Used");
        robot.clickOn("#bulk-apply");
        waitFor("bulk edit applied", () -> column("Condition").stream().allMatch(v -> v != null && !"<not loaded>".equals(v))
                && column("Condition").stream().distinct().count() == 1);
        Object used = column("Condition").getFirst();
        robot.clickOn(cell(robot, 0, "Name")).press(KeyCode.CONTROL).press(KeyCode.Z).release(KeyCode.Z).release(KeyCode.CONTROL);
        waitFor("bulk edit undone in one step", () -> column("Condition").stream().filter(used::equals).count() == 1);

        // the first field column stays in place while the grid scrolls sideways
        robot.interact(() -> stage.setWidth(700));
        WaitForAsyncUtils.waitForFxEvents();
        Node frozen = cell(robot, 0, "Name");
        Node scrolled = cell(robot, 0, "Qty");
        double frozenX = frozen.localToScene(0, 0).getX();
        double scrolledX = scrolled.localToScene(0, 0).getX();
        robot.interact(() -> desktop.view().grid().table().lookupAll(".scroll-bar").stream()
                .filter(n -> n instanceof javafx.scene.control.ScrollBar sb && sb.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .map(n -> (javafx.scene.control.ScrollBar) n).findFirst().orElseThrow().setValue(100));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(scrolled.localToScene(0, 0).getX()).as("other columns scroll").isLessThan(scrolledX - 60);
        assertThat(frozen.localToScene(0, 0).getX()).as("frozen column stays").isCloseTo(frozenX, org.assertj.core.data.Offset.offset(1.0));
        // the row-number column, scrolled wholly out of the viewport, still shows its (translated) cells
        AtomicReference<String> number = new AtomicReference<>();
        robot.interact(() -> desktop.view().grid().table().lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getIndex() == 0 && "#".equals(c.getTableColumn().getText()))
                .findFirst().ifPresent(n -> number.set(((TableCell<?, ?>) n).getText())));
        assertThat(number.get()).isEqualTo("1");
        Screenshots.write(desktop.scene(), "grid-frozen-column.png");
        robot.interact(() -> stage.setWidth(1280));

        // column resize and reorder (what a header drag does to the columns) are saved in the view
        robot.interact(() -> {
            TableView<GridRow> table = desktop.view().grid().table();
            javafx.scene.control.TableColumn<GridRow, ?> bought = table.getColumns().stream()
                    .filter(c -> "Bought".equals(c.getText())).findFirst().orElseThrow();
            bought.setPrefWidth(233);
            table.getColumns().remove(bought);
            table.getColumns().add(2, bought);
        });
        waitFor("column layout saved", () -> desktop.viewModel().grid().columns().get(1).name().equals("Bought")
                && desktop.viewModel().grid().view().get().widths().values().contains(233.0));
        assertThat(robot.lookup("#grid-count").queryLabeled().getText()).isEqualTo("3 records (filtered)");

        // type changes: refused with a preview while values would fail, applied when they all convert
        robot.clickOn("#tab-fields");
        robot.clickOn("Name   ·   Single line text");
        robot.clickOn("#designer-kind").clickOn("Number");
        robot.clickOn("#designer-preview");
        waitFor("failing preview", () -> desktop.viewModel().designer().preview().get().contains("cannot"));
        assertThat(desktop.viewModel().designer().preview().get()).startsWith("0 of 4 values convert").contains("'Drill'");
        robot.clickOn("#designer-apply");
        waitFor("refusal", () -> desktop.viewModel().designer().message().get().contains("cannot become number"));
        assertThat(typeOf("Name")).isEqualTo(new FieldType.Text());

        robot.clickOn("Qty   ·   Number");
        robot.clickOn("#designer-kind").clickOn("Single line text");
        robot.clickOn("#designer-preview");
        waitFor("clean preview", () -> desktop.viewModel().designer().preview().get().startsWith("4 of 4 values convert"));
        robot.clickOn("#designer-apply");
        waitFor("Qty is text", () -> typeOf("Qty").equals(new FieldType.Text()));

        // reopen the workspace: tables, fields, records and the grid view come back
        robot.interact(() -> {
            desktop.close();
            desktop = Desktop.start(stage, ws);
        });
        assertThat(desktop.viewModel().offerSample().get()).isFalse();
        robot.clickOn("Inventory");
        waitFor("reopened grid", () -> "Inventory".equals(desktop.viewModel().tableTitle().get())
                && desktop.viewModel().grid().rowCount().get() == 2 && desktop.viewModel().grid().loadedRecord(1) != null);
        assertThat(desktop.viewModel().grid().table().get().activeFields()).extracting(FieldDef::name)
                .containsExactly("Name", "Qty", "Condition", "Bought", "In stock");
        // the column order and width the user set came back with the view
        assertThat(desktop.viewModel().grid().columns()).extracting(FieldDef::name)
                .containsExactly("Name", "Bought", "Qty", "Condition", "In stock");
        assertThat(desktop.view().grid().table().getColumns().get(2).getText()).isEqualTo("Bought");
        assertThat(desktop.view().grid().table().getColumns().get(2).getPrefWidth()).isEqualTo(233.0);
        // the saved filter (Qty >= 5) and sort (Qty desc) now compare Qty as text, as its new type says
        assertThat(column("Qty")).containsExactly("7", "5");
        assertThat(column("Name")).containsExactly("Hammer", "Drill");
        robot.clickOn("#grid-filter-toggle").clickOn("#filter-clear");
        waitFor("unfiltered", () -> desktop.viewModel().grid().rowCount().get() == 4);
        robot.clickOn("Projects");
        waitFor("sample still there", () -> desktop.viewModel().grid().rowCount().get() == 4);
    }
}
