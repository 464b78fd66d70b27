package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.kinds.OptionSettings;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data entry as a fast typist does it, on the real window (headless Monocle) and a real H2 workspace: keys are
 * sent through the platform robot with no pause between them (see {@link Typist}), and every assertion reads the
 * workspace, not the screen.
 */
class DataEntryTest extends DesktopScreenTest {
    SchemaStore schema;
    RecordStore records;
    TableDef contacts;


    @BeforeEach
    void open(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        schema = new SchemaStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        AppInfo app = schema.createApp("CRM");
        FieldDef name = new FieldDef(UUID.randomUUID(), "Name", new FieldType.Text(), true, false, false, null,
                Validation.NONE, null, false, 0);
        contacts = schema.createTable(app.id(), null, "Contacts", List.of(
                name,
                FieldDef.of(UUID.randomUUID(), "Company", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Budget", new FieldType.Currency("EUR", 2)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Lead", "gray"), new SelectOption("o2", "Prospect", "blue"),
                        new SelectOption("o3", "Customer", "green")))),
                FieldDef.of(UUID.randomUUID(), "Email", new FieldType.Email()),
                FieldDef.of(UUID.randomUUID(), "Done", new FieldType.Percent(0)),
                FieldDef.of(UUID.randomUUID(), "Active", new FieldType.BooleanType()),
                FieldDef.of(UUID.randomUUID(), "Tags", new FieldType.MultipleSelect(List.of(
                        new SelectOption("t1", "Red", "red"), new SelectOption("t2", "Green", "green"),
                        new SelectOption("t3", "Blue", "blue")))),
                FieldDef.of(UUID.randomUUID(), "Met", new FieldType.DateType(true))));
        openTable(robot, contacts.id());
    }




    /** Waits until the typed keys and the work they started (saves, reloads) are done. */
    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }

    private GridViewModel grid() {
        return desktop.viewModel().grid();
    }

    private TableView<GridRow> table() {
        return desktop.view().grid().table();
    }

    private FieldDef field(String name) {
        return contacts.field(name).orElseThrow();
    }

    /** Stored rows in creation order, read from the workspace. */
    private List<Row> stored() {
        return records.page(contacts, null, List.of(Sort.asc("createdAt")), null, 10_000).rows();
    }

    private @Nullable Object value(Row r, String field) {
        return r.value(field(field).id());
    }

    private void focusCell(FxRobot robot, int row, String fieldName) {
        robot.interact(() -> {
            for (TableColumn<GridRow, ?> c : table().getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    table().getSelectionModel().clearAndSelect(row, c);
                    table().getFocusModel().focus(row, c);
                    table().scrollTo(Math.max(0, row - 2));
                }
            }
            table().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private Node cell(FxRobot robot, int row, String fieldName) {
        AtomicReference<Node> found = new AtomicReference<>();
        robot.interact(() -> {
            for (TableColumn<GridRow, ?> c : table().getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && f.name().equals(fieldName)) table().scrollToColumn(c);
            }
            table().layout();
            for (Node n : table().lookupAll(".table-cell")) {
                if (n instanceof TableCell<?, ?> c && c.getIndex() == row && c.getTableColumn() != null
                        && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    found.set(n);
                }
            }
        });
        assertThat(found.get()).as("cell %d/%s", row, fieldName).isNotNull();
        return found.get();
    }

    private String focusedField() {
        TablePosition<GridRow, ?> p = table().getFocusModel().getFocusedCell();
        return p == null || !(p.getTableColumn().getUserData() instanceof FieldDef f) ? "" : f.name();
    }

    private OffsetDateTime local(int y, int m, int d, int h, int min) {
        return LocalDate.of(y, m, d).atTime(LocalTime.of(h, min)).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    // ------------------------------------------------------------------ keystrokes

    @Test
    void everyKeyTypedAtFullSpeedReachesTheCellItWasTypedInto(FxRobot robot) {
        String[][] people = {
                {"Bravo", "Acme", "987654.25", "bravo@example.com", "45"},
                {"Charlie Brown", "Peanuts Inc", "12500", "charlie@example.com", "100"},
                {"Delta", "", "-1200.5", "delta@example.org", "7%"},
        };
        StringBuilder burst = new StringBuilder();
        // Ctrl+Enter makes a new record; its first cell has the cursor and typing goes on in the same burst
        for (String[] p : people) burst.append("\r").append(p[0]).append("\t").append(p[1]).append("\t").append(p[2]).append("\t\t").append(p[3]).append("\t").append(p[4]).append("\n");
        Typist.type(burst.toString());
        settle();
        List<Row> rows = stored();
        assertThat(rows).hasSize(3);
        for (int i = 0; i < people.length; i++) {
            Row r = rows.get(i);
            assertThat(value(r, "Name")).isEqualTo(people[i][0]);
            assertThat(value(r, "Company")).isEqualTo(people[i][1].isEmpty() ? null : people[i][1]);
            assertThat((BigDecimal) value(r, "Budget")).isEqualByComparingTo(people[i][2]);
            assertThat(value(r, "Email")).isEqualTo(people[i][3]);
            assertThat((BigDecimal) value(r, "Done")).isEqualByComparingTo(people[i][4].replace("%", ""));
        }
        assertThat(grid().message().get()).doesNotContain("not a number");
    }

    @Test
    void newRecordsOfATableWithoutRequiredFieldsTakeTheKeysTypedRightAfterCtrlEnter(FxRobot robot) {
        // the sample project's shape: nothing required, so a new record is stored at once, in the background
        TableDef projects = schema.createTable(schema.apps().getFirst().id(), null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(new SelectOption("a", "Active", "green")))),
                FieldDef.of(UUID.randomUUID(), "Budget", new FieldType.Currency("EUR", 2)),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Owner", new FieldType.Email()),
                FieldDef.of(UUID.randomUUID(), "Progress", new FieldType.Percent(0))));
        robot.interact(() -> {
            for (String n : List.of("Website", "Mobile app")) records.insert(projects, Map.of(projects.field("Name").orElseThrow().id(), n));
        });
        openTable(robot, projects.id());
        focusCell(robot, 0, "Name");
        String[][] typed = {{"Bravo", "987654.25", "bravo@example.com", "45"}, {"Charlie", "12500", "charlie@example.com", "100"},
                {"Delta", "0.5", "delta@example.com", "45%"}};
        StringBuilder burst = new StringBuilder();
        for (String[] p : typed) burst.append("\r").append(p[0]).append("\t\t").append(p[1]).append("\t\t").append(p[2]).append("\t").append(p[3]).append("\n");
        // one burst: Ctrl+Enter and the keys after it are all queued before the new record is stored
        Typist.type(burst.toString());
        settle();
        List<Row> rows = records.page(projects, null, List.of(Sort.asc("createdAt")), null, 100).rows();
        assertThat(rows).hasSize(5);
        for (int i = 0; i < typed.length; i++) {
            Row r = rows.get(i + 2);
            assertThat(r.value(projects.field("Name").orElseThrow().id())).isEqualTo(typed[i][0]);
            assertThat((BigDecimal) r.value(projects.field("Budget").orElseThrow().id())).isEqualByComparingTo(typed[i][1]);
            assertThat(r.value(projects.field("Owner").orElseThrow().id())).isEqualTo(typed[i][2]);
            assertThat((BigDecimal) r.value(projects.field("Progress").orElseThrow().id())).isEqualByComparingTo(typed[i][3].replace("%", ""));
        }
        assertThat(rows.get(0).value(projects.field("Progress").orElseThrow().id())).isNull();
        robot.interact(() -> assertThat(table().lookupAll(".cell-invalid")).isEmpty());
    }

    @Test
    void aTypedNumberIsNeverRoundedAwayAndARefusedTextStaysOnTheCell(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Echo")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        focusCell(robot, 0, "Done");
        Typist.type("0.35\t");
        settle();
        Row r = stored().getFirst();
        assertThat(value(r, "Done")).isNull();
        assertThat(grid().mark(r.id(), field("Done").id())).isNotNull()
                .extracting(GridViewModel.Mark::text).isEqualTo("0.35");
        assertThat(cell(robot, 0, "Done").getStyleClass()).contains("cell-invalid");
        assertThat(desktop.viewModel().status().get()).contains("type 35 for 35 %");
        // the cursor moved on with Tab; the refused text comes back in the editor to fix it
        assertThat(focusedField()).isEqualTo("Active");
        focusCell(robot, 0, "Done");
        Typist.keys(KeyCode.F2);
        Typist.type("\b\b\b\b35\n");
        settle();
        assertThat((BigDecimal) value(stored().getFirst(), "Done")).isEqualByComparingTo("35");
        assertThat(cell(robot, 0, "Done").getStyleClass()).doesNotContain("cell-invalid");
    }

    @Test
    void theSelectEditorChoosesWithArrowsAndSavesOnlyOnEnter(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Foxtrot")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        focusCell(robot, 0, "Status");
        Typist.keys(KeyCode.ENTER);
        Typist.keys(KeyCode.DOWN);
        Typist.keys(KeyCode.DOWN);
        settle();
        assertThat(value(stored().getFirst(), "Status")).as("nothing saved while arrowing").isNull();
        Typist.keys(KeyCode.DOWN);
        Typist.keys(KeyCode.ENTER);
        settle();
        assertThat(value(stored().getFirst(), "Status")).isEqualTo("o3");
        // typing on a select cell searches its options
        focusCell(robot, 0, "Status");
        Typist.type("pro\t");
        settle();
        assertThat(value(stored().getFirst(), "Status")).isEqualTo("o2");
        assertThat(focusedField()).isEqualTo("Email");
    }

    @Test
    void multipleSelectAndDateWithTimeHaveEditorsOnTheKeyboard(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Golf")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        focusCell(robot, 0, "Tags");
        Typist.keys(KeyCode.F2);
        Typist.type("re\nbl\nG");
        settle();
        Screenshots.write(desktop.scene(), "grid-editor-multiple-select.png");
        Typist.type("\b\t");
        settle();
        assertThat(value(stored().getFirst(), "Tags")).isEqualTo(List.of("t1", "t3"));
        assertThat(focusedField()).isEqualTo("Met");
        Typist.keys(KeyCode.ENTER);
        Typist.type("2026-03-04 14:30");
        settle();
        Screenshots.write(desktop.scene(), "grid-editor-date-time.png");
        Typist.type("\n");
        settle();
        assertThat(value(stored().getFirst(), "Met")).isEqualTo(local(2026, 3, 4, 14, 30));
    }

    @Test
    void theFormEditsMultipleSelectsAndDatesWithTimesAndRefusesRoundingLikeTheGrid(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Romeo",
                field("Tags").id(), List.of("t1"), field("Met").id(), local(2026, 5, 6, 9, 15))));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        focusCell(robot, 0, "Name");
        Typist.keys(KeyCode.SHIFT, KeyCode.ENTER);
        settle();
        @SuppressWarnings("unchecked")
        org.controlsfx.control.CheckComboBox<String> tags = robot.lookup("#form-field-Tags").queryAs(org.controlsfx.control.CheckComboBox.class);
        assertThat(tags.getCheckModel().getCheckedItems()).containsExactly("Red");
        javafx.scene.layout.HBox met = robot.lookup("#form-field-Met").queryAs(javafx.scene.layout.HBox.class);
        javafx.scene.control.DatePicker day = (javafx.scene.control.DatePicker) met.getChildren().get(0);
        javafx.scene.control.TextField time = (javafx.scene.control.TextField) met.getChildren().get(1);
        assertThat(day.getValue()).isEqualTo(LocalDate.of(2026, 5, 6));
        assertThat(time.getText()).isEqualTo("09:15");
        robot.interact(() -> {
            tags.getCheckModel().check("Blue");
            day.setValue(LocalDate.of(2026, 7, 8));
        });
        robot.clickOn(time).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        Typist.type("17:45");
        robot.clickOn(robot.lookup("#form-field-Done").queryAs(javafx.scene.control.TextField.class));
        Typist.type("0.35");
        robot.clickOn("#form-save");
        settle();
        assertThat(robot.lookup("#form-message").queryLabeled().getText() + desktop.viewModel().form().entries().stream()
                .map(e -> e.error().get()).toList()).contains("type 35 for 35 %");
        assertThat(value(stored().getFirst(), "Tags")).isEqualTo(List.of("t1"));
        robot.clickOn(robot.lookup("#form-field-Done").queryAs(javafx.scene.control.TextField.class));
        Typist.type("\b\b\b\b35");
        robot.clickOn("#form-save");
        settle();
        Row r = stored().getFirst();
        assertThat(value(r, "Tags")).isEqualTo(List.of("t1", "t3"));
        assertThat(value(r, "Met")).isEqualTo(local(2026, 7, 8, 17, 45));
        assertThat((BigDecimal) value(r, "Done")).isEqualByComparingTo("35");
        Screenshots.write(desktop.scene(), "form-editors.png");
    }

    // ------------------------------------------------------------------ focus and keyboard

    @Test
    void focusStaysInTheGridAfterACheckBoxAndEnterNeverPressesAHeaderButton(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Hotel")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        int windows = Window.getWindows().size();
        robot.clickOn(cell(robot, 0, "Active").lookup(".check-box"));
        settle();
        assertThat(value(stored().getFirst(), "Active")).isEqualTo(true);
        assertThat(desktop.scene().getFocusOwner()).isSameAs(table());
        Typist.type(" ");
        settle();
        assertThat(value(stored().getFirst(), "Active")).isNull();
        // Tab to Tags, Tab to Met, then text: it lands in the grid, never in a dialog
        Typist.type("\t\t\n2026-01-02\n");
        settle();
        assertThat(Window.getWindows()).hasSize(windows);
        assertThat(value(stored().getFirst(), "Met")).isEqualTo(local(2026, 1, 2, 0, 0));
        assertThat(desktop.scene().getFocusOwner()).isSameAs(table());
    }

    @Test
    void optionsAddedWithEnterKeepTheKeyboardForTheNextOne(FxRobot robot) {
        Typist.keys(KeyCode.CONTROL, KeyCode.DIGIT2);
        settle();
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ListView<FieldDef> list = robot.lookup("#designer-fields").queryAs(javafx.scene.control.ListView.class);
            list.getSelectionModel().select(field("Status"));
        });
        settle();
        robot.clickOn("#designer-new-option");
        int windows = Window.getWindows().size();
        Typist.type("Blocked\nLater\nSoon\n\n");
        settle();
        assertThat(((OptionSettings) desktop.viewModel().designer().settings().get()).options()).extracting(o -> o.label().get())
                .containsExactly("Lead", "Prospect", "Customer", "Blocked", "Later", "Soon");
        assertThat(Window.getWindows()).hasSize(windows);
        assertThat(desktop.scene().getFocusOwner()).isInstanceOf(javafx.scene.control.TextField.class)
                .extracting(Node::getId).isEqualTo("designer-new-option");
    }

    @Test
    void undoWorksFromAnywhereAndSurvivesSwitchingTables(FxRobot robot) {
        TableDef other = schema.createTable(schema.apps().getFirst().id(), null, "Other",
                List.of(FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        robot.interact(() -> {
            for (int i = 0; i < 5; i++) records.insert(contacts, Map.of(field("Name").id(), "row " + i));
        });
        robot.interact(grid()::refresh);
        waitFor("rows", () -> grid().loadedRecord(4) != null);
        robot.interact(() -> table().getSelectionModel().selectRange(0, table().getVisibleLeafColumn(1), 4, table().getVisibleLeafColumn(1)));
        robot.clickOn("#grid-delete");
        settle();
        assertThat(stored()).isEmpty();
        assertThat(desktop.viewModel().status().get()).isEqualTo("Deletion of 5 records (Ctrl+Z to undo)");
        openTable(robot, other.id());
        openTable(robot, contacts.id());
        robot.clickOn("#grid-add");
        Typist.keys(KeyCode.ESCAPE);
        robot.interact(() -> table().requestFocus());
        robot.clickOn("#grid-undo").clickOn("#grid-redo");
        settle();
        assertThat(stored()).isEmpty();
        // the toolbar button had the click; the window's shortcut still undoes
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(stored()).hasSize(5);
        assertThat(desktop.viewModel().status().get()).startsWith("Undone: deletion of 5 records");
        assertThat(desktop.view().grid().table().lookup("#grid-count")).isNull();
        assertThat(robot.lookup("#grid-count").queryLabeled().getText()).isEqualTo("5 records");
    }

    @Test
    void keyboardOnlyWorkSwitchesTabsAddsRecordsOpensThemAndJumps(FxRobot robot) {
        robot.interact(() -> {
            for (int i = 0; i < 3; i++) records.insert(contacts, Map.of(field("Name").id(), "k" + i));
        });
        robot.interact(grid()::refresh);
        waitFor("rows", () -> grid().loadedRecord(2) != null);
        focusCell(robot, 1, "Company");
        Typist.keys(KeyCode.END);
        assertThat(focusedField()).isEqualTo("Met");
        Typist.keys(KeyCode.HOME);
        assertThat(focusedField()).isEqualTo("Name");
        Typist.keys(KeyCode.CONTROL, KeyCode.END);
        assertThat(table().getFocusModel().getFocusedCell().getRow()).isEqualTo(2);
        assertThat(focusedField()).isEqualTo("Met");
        Typist.keys(KeyCode.CONTROL, KeyCode.HOME);
        assertThat(table().getFocusModel().getFocusedCell().getRow()).isZero();
        assertThat(focusedField()).isEqualTo("Name");
        Typist.keys(KeyCode.CONTROL, KeyCode.DIGIT2);
        settle();
        assertThat(desktop.view().tabs().getSelectionModel().getSelectedIndex()).isEqualTo(1);
        Typist.keys(KeyCode.CONTROL, KeyCode.DIGIT1);
        settle();
        assertThat(desktop.view().tabs().getSelectionModel().getSelectedIndex()).isZero();
        assertThat(desktop.scene().getFocusOwner()).isSameAs(table());
        Typist.keys(KeyCode.SHIFT, KeyCode.ENTER);
        settle();
        assertThat(desktop.view().tabs().getSelectionModel().getSelectedIndex()).isEqualTo(2);
        assertThat(desktop.viewModel().form().record().get()).isNotNull();
        Typist.keys(KeyCode.CONTROL, KeyCode.DIGIT1);
        settle();
        Typist.keys(KeyCode.CONTROL, KeyCode.ENTER);
        Typist.type("Kilo\n");
        settle();
        assertThat(stored()).extracting(r -> value(r, "Name")).containsExactly("k0", "k1", "k2", "Kilo");
    }

    // ------------------------------------------------------------------ paste, required, sorting

    @Test
    void pasteBelowTheRowsAddsRowsAndPastesTheGoodCellsOfABadRow(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Lima")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        focusCell(robot, 0, "Tags");
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString("Mike\tMCorp\t100\tLead\tmike@example.com\t10\n"
                    + "November\tNCorp\tlots\tLead\tnot-an-email\t20\n"
                    + "\tOrphan Inc\t5\n");
            Clipboard.getSystemClipboard().setContent(c);
        });
        // a click in the empty space under the last row moves the paste there, off the Tags cell
        Node lastRow = cell(robot, 0, "Name");
        robot.clickOn(robot.point(lastRow).atOffset(new javafx.geometry.Point2D(0, 200)));
        Typist.keys(KeyCode.CONTROL, KeyCode.V);
        settle();
        List<Row> rows = stored();
        assertThat(rows).extracting(r -> value(r, "Name")).containsExactly("Lima", "Mike", "November");
        assertThat(value(rows.getFirst(), "Tags")).isNull();
        assertThat((BigDecimal) value(rows.get(1), "Budget")).isEqualByComparingTo("100");
        assertThat(value(rows.get(2), "Company")).isEqualTo("NCorp");
        assertThat(value(rows.get(2), "Budget")).isNull();
        assertThat(value(rows.get(2), "Email")).isNull();
        assertThat((BigDecimal) value(rows.get(2), "Done")).isEqualByComparingTo("20");
        assertThat(grid().problems()).extracting(GridViewModel.Problem::describe)
                .containsExactly("Row 3, Budget: 'lots' is not a number", "Row 3, Email: 'not-an-email' is not a valid email address");
        // the row without a Name is kept as a draft, marked, not stored
        assertThat(grid().isDraft(3)).isTrue();
        assertThat(cell(robot, 3, "Name").getStyleClass()).contains("cell-required");
        assertThat(cell(robot, 2, "Budget").getStyleClass()).contains("cell-invalid");
        assertThat(robot.lookup("#grid-problems").queryAs(javafx.scene.layout.VBox.class).isVisible()).isTrue();
        Screenshots.write(desktop.scene(), "grid-paste-problems.png");
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(stored()).hasSize(1);
        assertThat(desktop.viewModel().status().get()).startsWith("Undone: paste of 3 rows");
    }

    @Test
    void requiredNameCannotBeClearedAndANewRecordWaitsForIt(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Oscar")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        focusCell(robot, 0, "Name");
        Typist.keys(KeyCode.DELETE);
        settle();
        assertThat(value(stored().getFirst(), "Name")).isEqualTo("Oscar");
        assertThat(cell(robot, 0, "Name").getStyleClass()).contains("cell-invalid");
        robot.clickOn("#grid-add");
        Typist.type("\tPapa Corp\n");
        settle();
        assertThat(stored()).hasSize(1);
        assertThat(grid().isDraft(1)).isTrue();
        focusCell(robot, 1, "Name");
        Typist.type("Papa\n");
        settle();
        assertThat(stored()).extracting(r -> value(r, "Company")).containsExactly(null, "Papa Corp");
    }

    @Test
    void theCursorFollowsARecordThatAnEditSortsAway(FxRobot robot) {
        robot.interact(() -> {
            for (String n : List.of("Alpha", "Bravo", "Charlie", "Delta", "Echo")) records.insert(contacts, Map.of(field("Name").id(), n));
            grid().setSorts(List.of(Sort.asc(field("Name").id().toString())));
        });
        waitFor("sorted", () -> grid().loadedRecord(4) != null);
        focusCell(robot, 0, "Name");
        UUID alpha = grid().loadedRecord(0).id();
        Typist.type("Zulu\tZ Corp\t", 0);
        settle();
        Row z = records.byId(contacts, alpha).orElseThrow();
        assertThat(value(z, "Name")).isEqualTo("Zulu");
        assertThat(value(z, "Company")).isEqualTo("Z Corp");
        assertThat(grid().loadedRecord(4).id()).isEqualTo(alpha);
        assertThat(table().getFocusModel().getFocusedCell().getRow()).isEqualTo(4);
        assertThat(focusedField()).isEqualTo("Budget");
    }

    @Test
    void columnWidthsSurviveMovingAColumnAndSwitchingTables(FxRobot robot) {
        TableDef other = schema.createTable(schema.apps().getFirst().id(), null, "Other",
                List.of(FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        robot.interact(() -> table().getVisibleLeafColumn(2).setPrefWidth(333));
        // moved right away, before the resize rests
        robot.interact(() -> {
            var cols = table().getColumns();
            var company = cols.remove(2);
            cols.add(4, company);
        });
        settle();
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        openTable(robot, other.id());
        openTable(robot, contacts.id());
        TableColumn<GridRow, ?> company = table().getVisibleLeafColumns().stream()
                .filter(c -> c.getUserData() instanceof FieldDef f && f.name().equals("Company")).findFirst().orElseThrow();
        assertThat(table().getVisibleLeafColumns().indexOf(company)).isEqualTo(4);
        assertThat(company.getWidth()).isEqualTo(333.0);
    }

    @Test
    void compactDensityMakesEveryRowCompactIncludingTheEmptyOnes(FxRobot robot) {
        robot.interact(() -> records.insert(contacts, Map.of(field("Name").id(), "Quebec")));
        robot.interact(grid()::refresh);
        waitFor("row", () -> grid().loadedRecord(0) != null);
        robot.interact(() -> {
            desktop.viewModel().preferences().density().set(dev.rowan.desktop.prefs.Preferences.Density.COMPACT);
            desktop.viewModel().preferences().apply();
        });
        settle();
        robot.interact(() -> table().layout());
        List<Double> heights = new ArrayList<>();
        robot.interact(() -> {
            for (Node n : table().lookupAll(".table-row-cell")) {
                if (n.isVisible() && n instanceof javafx.scene.control.TableRow<?> r) heights.add(r.getHeight());
            }
        });
        assertThat(heights).hasSizeGreaterThan(5).allSatisfy(h -> assertThat(h).isEqualTo(24.0));
        Screenshots.write(desktop.scene(), "grid-compact.png");
    }

    @Test
    void closingTheWindowNeverLosesWhatWasTypedWithoutAsking(FxRobot robot) {
        // a new record that still misses its required Name: closing asks, and "Keep working" keeps it
        Typist.type("\r\tHalf done Inc\n");
        settle();
        assertThat(grid().unsavedDrafts()).isEqualTo(1);
        javafx.application.Platform.runLater(() -> stage.fireEvent(
                new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        waitFor("the close question", () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        assertThat(robot.lookup("#confirm-dialog").queryAs(javafx.scene.control.DialogPane.class).getContentText())
                .contains("A new record is not saved yet");
        robot.clickOn("Keep working");
        settle();
        assertThat(stage.isShowing()).isTrue();
        assertThat(grid().unsavedDrafts()).isEqualTo(1);
        // an edit typed right before the app closes is stored, not dropped with the background queue
        focusCell(robot, 0, "Name");
        // the background worker is busy (a slow read stands in for a long page load), so the edit waits in its queue
        robot.interact(() -> desktop.executor().submit("Slow work", p -> {
            Thread.sleep(700);
            return null;
        }, done -> { }, e -> { }));
        Typist.type("Kept\t");
        robot.interact(desktop::close);
        desktop = null;
        try (var ws = dev.rowan.desktop.workspace.Workspace.open(dir.resolve("ws"))) {
            List<Row> rows = new RecordStore(ws).page(contacts, null, List.of(Sort.asc("createdAt")), null, 10).rows();
            assertThat(rows).extracting(r -> r.value(contacts.field("Name").orElseThrow().id())).containsExactly("Kept");
            assertThat(rows).extracting(r -> r.value(contacts.field("Company").orElseThrow().id())).containsExactly("Half done Inc");
        }
    }

    // ------------------------------------------------------------------ torture

    @Test
    void dataEntryTorture(FxRobot robot) {
        // a few hundred mixed edits at full speed: new records typed with Tab and Enter, edits of earlier ones,
        // clears, a paste and an undo of it; the workspace must equal the table the keys describe, cell by cell
        List<List<String>> expected = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(42);
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            String name = "Person " + i;
            String company = rnd.nextBoolean() ? "Co " + rnd.nextInt(1000) : "";
            String budget = rnd.nextInt(100000) + "." + String.format("%02d", rnd.nextInt(100));
            String email = "p" + i + "@example.com";
            String done = String.valueOf(rnd.nextInt(101));
            expected.add(new ArrayList<>(List.of(name, company, budget, email, done)));
            keys.append("\r").append(name).append("\t").append(company).append("\t").append(budget).append("\t\t")
                    .append(email).append("\t").append(done).append("\n");
        }
        Typist.type(keys.toString());
        settle();
        // overwrite some Companies by typing over them, clear some Budgets with Delete
        for (int i = 0; i < 24; i += 3) {
            focusCell(robot, i, "Company");
            String company = "New " + i;
            expected.get(i).set(1, company);
            Typist.type(company + "\t");
            Typist.keys(KeyCode.DELETE);
            expected.get(i).set(2, "");
        }
        settle();
        // a paste over rows 5-7 (Company, Budget) and its undo leave them as they were
        focusCell(robot, 5, "Company");
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString("X\t1\nY\t2\nZ\t3\n");
            Clipboard.getSystemClipboard().setContent(c);
        });
        Typist.keys(KeyCode.CONTROL, KeyCode.V);
        settle();
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        List<Row> rows = stored();
        assertThat(rows).hasSize(expected.size());
        String[] fields = {"Name", "Company", "Budget", "Email", "Done"};
        for (int i = 0; i < rows.size(); i++) {
            for (int f = 0; f < fields.length; f++) {
                Object v = value(rows.get(i), fields[f]);
                String want = expected.get(i).get(f);
                if (want.isEmpty()) {
                    assertThat(v).as("row %d %s", i, fields[f]).isNull();
                } else if (v instanceof BigDecimal d) {
                    assertThat(d).as("row %d %s", i, fields[f]).isEqualByComparingTo(want);
                } else {
                    assertThat(v).as("row %d %s", i, fields[f]).isEqualTo(want);
                }
            }
        }
    }
}
