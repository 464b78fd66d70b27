package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening linked records without the mouse (issue 12, slice h-fieldgaps2), in the real main window, keys typed at
 * full speed: Space on a link cell opens its first linked record in the form, Escape returns to the grid on the same
 * cell; in the picker (Enter) Left/Right choose a chip and Enter opens that record; in the form's picker the same
 * keys walk to a linked record and Escape walks back. The cell's tooltip names the keys.
 */
class LinkKeysScreenTest extends DesktopScreenTest {
    private SchemaStore schema;
    private RecordStore records;
    private TableDef tasks;
    private TableDef projects;
    private FieldDef link;
    private final List<Row> taskRows = new ArrayList<>();

    private void open(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        schema = new SchemaStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        link = schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Tasks",
                new FieldType.Link(tasks.id(), null, false, null, true)), "Projects");
        tasks = schema.table(tasks.id());
        for (String t : new String[]{"Write the spec", "Review", "Ship it"}) {
            taskRows.add(records.insert(tasks, Map.of(tasks.fields().getFirst().id(), t)));
        }
        projects = schema.table(projects.id());
        Row launch = records.insert(projects, Map.of(projects.fields().getFirst().id(), "Launch"));
        records.setLinks(projects, launch.id(), link, List.of(taskRows.get(1).id(), taskRows.get(2).id()));
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(projects.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> desktop.viewModel().grid().table().get() != null
                && !desktop.viewModel().grid().loading().get() && table().getItems().size() == 1
                && table().getItems().getFirst().record().get() != null);
    }

    private TableView<GridRow> table() {
        return desktop.view().grid().table();
    }

    private void focusCell(FxRobot robot, String fieldName) {
        robot.interact(() -> {
            for (TableColumn<GridRow, ?> c : table().getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    table().getSelectionModel().clearAndSelect(0, c);
                    table().getFocusModel().focus(0, c);
                }
            }
            table().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }

    private String formTitleValue() {
        Row r = desktop.viewModel().form().record().get();
        return r == null ? "" : String.valueOf(r.value(tasks.id().equals(desktop.viewModel().form().tableId())
                ? tasks.fields().getFirst().id() : projects.fields().getFirst().id()));
    }

    private String selectedTab() {
        return desktop.view().tabs().getSelectionModel().getSelectedItem().getId();
    }

    private String focusedColumn() {
        var pos = table().getFocusModel().getFocusedCell();
        return pos == null || pos.getTableColumn() == null ? "" : pos.getTableColumn().getText();
    }

    @Test
    void spaceOpensTheFirstLinkedRecordAndEscapeReturnsToTheCell(FxRobot robot) {
        open(robot);
        focusCell(robot, "Tasks");
        // the cell says how
        Tooltip tip = robot.lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && "Tasks".equals(c.getTableColumn().getText()) && c.getIndex() == 0)
                .map(n -> ((TableCell<?, ?>) n).getTooltip()).findFirst().orElse(null);
        assertThat(tip).isNotNull();
        assertThat(tip.getText()).contains("Space").contains("← →").contains("Enter opens it");

        Typist.press(KeyCode.SPACE);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-form");
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(taskRows.get(1).id());
        assertThat(robot.lookup("#form-back").queryButton().getText()).isEqualTo("← Back to Launch");

        // Escape: back in the grid, on the cell the link was opened from; Space again, and Escape at once
        Typist.press(KeyCode.ESCAPE);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-grid");
        assertThat(focusedColumn()).isEqualTo("Tasks");
        Typist.press(KeyCode.SPACE, KeyCode.ESCAPE);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-grid");
        assertThat(focusedColumn()).isEqualTo("Tasks");
    }

    private UUID projectRow() {
        return table().getItems().getFirst().record().get().id();
    }

    @Test
    void inThePickerLeftAndRightChooseAChipAndEnterOpensIt(FxRobot robot) {
        open(robot);
        focusCell(robot, "Tasks");
        // Enter opens the picker; Left onto the last chip, Left again onto the first, Right back to the last
        Typist.press(KeyCode.ENTER, KeyCode.LEFT, KeyCode.LEFT, KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#link-search").queryAll()).isNotEmpty();
        List<String> chosen = robot.lookup(".link-chip-chosen").queryAll().stream().filter(Node::isVisible)
                .map(n -> robot.from(n).lookup(".select-chip").queryLabeled().getText()).toList();
        assertThat(chosen).containsExactly("Ship it");
        Screenshots.write(desktop.scene(), "link-picker-chip-chosen.png");
        // Left, Enter: the first chip's record opens in the form
        Typist.press(KeyCode.LEFT, KeyCode.ENTER);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-form");
        assertThat(formTitleValue()).isEqualTo("Review");
        assertThat(robot.lookup("#link-search").queryAll().stream().filter(Node::isVisible)).isEmpty();
        Typist.press(KeyCode.ESCAPE);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-grid");

        // typing after Left leaves the chips: the letters search, nothing opens, nothing is unlinked
        focusCell(robot, "Tasks");
        Typist.press(KeyCode.ENTER, KeyCode.LEFT);
        Typist.type("wri");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".link-chip-chosen").queryAll().stream().filter(Node::isVisible)).isEmpty();
        assertThat(robot.lookup("#link-search").queryTextInputControl().getText()).isEqualTo("wri");
        Typist.press(KeyCode.ESCAPE);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-grid");
        Row launch = records.byId(schema.table(projects.id()), projectRow()).orElseThrow();
        assertThat((List<?>) launch.value(link.id())).hasSize(2);
    }

    @Test
    void inTheFormThePickerOpensAChipAndEscapeWalksBack(FxRobot robot) {
        open(robot);
        focusCell(robot, "Name");
        Typist.type(" "); // Space on a plain cell: the row's record in the form
        settle();
        assertThat(selectedTab()).isEqualTo("tab-form");
        assertThat(formTitleValue()).isEqualTo("Launch");
        robot.clickOn(robot.lookup("#form-link-pick").queryButton());
        Typist.press(KeyCode.LEFT, KeyCode.ENTER);
        settle();
        assertThat(formTitleValue()).isEqualTo("Ship it");
        assertThat(robot.lookup("#form-back").queryButton().getText()).isEqualTo("← Back to Launch");
        Screenshots.write(desktop.scene(), "link-chip-opened-by-keys.png");
        // Escape walks back to Launch (the form was not opened by a grid link: it stays in the form)
        Typist.press(KeyCode.ESCAPE);
        settle();
        assertThat(formTitleValue()).isEqualTo("Launch");
        assertThat(selectedTab()).isEqualTo("tab-form");
        Typist.press(KeyCode.ESCAPE);
        settle();
        assertThat(selectedTab()).isEqualTo("tab-form");
    }
}
