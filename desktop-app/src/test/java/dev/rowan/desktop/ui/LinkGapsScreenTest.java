package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * The small gaps of links in the desktop (issue 12, h-fieldgaps), in the real main window at full speed: a link chip
 * clicked in the grid opens the linked record's form in place with a way back; the picker reads more matches when
 * scrolled with the mouse; "+ New record" refuses, saying why, when the linked table requires more than a title;
 * a new record in the form is saved by its first link.
 */
class LinkGapsScreenTest extends DesktopScreenTest {
    private SchemaStore schema;
    private RecordStore records;
    private TableDef tasks;
    private TableDef projects;
    private TableDef clients;
    private FieldDef link;
    private final List<Row> taskRows = new ArrayList<>();

    private void open(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        schema = new SchemaStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        clients = schema.createTable(app, null, "Clients", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                new FieldDef(UUID.randomUUID(), "Email", new FieldType.Email(), true, false, false, null,
                        Validation.NONE, null, false, 1)));
        projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID linkId = UUID.randomUUID();
        link = schema.addField(projects.id(), FieldDef.of(linkId, "Tasks",
                new FieldType.Link(tasks.id(), null, false, null, true)), "Projects");
        UUID clientId = UUID.randomUUID();
        schema.addField(projects.id(), FieldDef.of(clientId, "Client",
                new FieldType.Link(clients.id(), null, true, null, true)), "Projects");
        tasks = schema.table(tasks.id());
        for (String t : new String[]{"Write the spec", "Review", "Ship it"}) {
            taskRows.add(records.insert(tasks, Map.of(tasks.fields().getFirst().id(), t)));
        }
        List<Map<UUID, Object>> bulk = new ArrayList<>();
        for (int i = 0; i < 70; i++) bulk.add(Map.of(tasks.fields().getFirst().id(), "Bulk task " + i));
        records.insertAll(tasks, new ArrayList<>(bulk), () -> false);
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

    private Node chip(FxRobot robot, String column, String text) {
        return robot.lookup(".select-chip").queryAll().stream()
                .filter(n -> n instanceof Label l && text.equals(l.getText()) && n.isVisible())
                .filter(n -> {
                    for (Node p = n; p != null; p = p.getParent()) {
                        if (p instanceof TableCell<?, ?> c) {
                            return c.getTableColumn() != null && column.equals(c.getTableColumn().getText());
                        }
                    }
                    return false;
                }).findFirst().orElseThrow(() -> new AssertionError("no chip " + text));
    }

    @Test
    void aClickedChipOpensTheLinkedRecordInPlaceWithAWayBack(FxRobot robot) {
        open(robot);
        waitFor("chips", () -> robot.lookup(".select-chip").queryAll().size() >= 2);
        robot.clickOn(chip(robot, "Tasks", "Ship it"));
        settle();
        waitFor("the linked task's form", () -> "Record in Tasks".equals(desktop.viewModel().form().title().get()));
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(taskRows.get(2).id());
        assertThat(robot.lookup("#form-back").queryButton().getText()).isEqualTo("← Back to Launch");
        assertThat(robot.lookup("#form-back").queryButton().isVisible()).isTrue();
        Screenshots.write(desktop.scene(), "link-chip-opened.png");
        robot.clickOn("#form-back");
        settle();
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("Record in Projects");
        assertThat(desktop.viewModel().form().record().get().value(projects.fields().getFirst().id()))
                .isEqualTo("Launch");
    }

    @Test
    void thePickerReadsMoreWhenScrolledAndRefusesANewRecordThatNeedsMore(FxRobot robot) {
        open(robot);
        focusCell(robot, "Tasks");
        Typist.type("bulk");
        waitFor("a first page", () -> robot.lookup("#link-results").queryListView().getItems().size() == 51);
        ListView<?> list = robot.lookup("#link-results").queryListView();
        robot.moveTo(list);
        // the wheel towards the end of the list (Monocle's headless robot turns the wheel the other way round, so
        // the direction is the one that moves the list down)
        var flow = (javafx.scene.control.skin.VirtualFlow<?>) list.lookup(".virtual-flow");
        VerticalDirection down = VerticalDirection.DOWN;
        robot.scroll(3, down);
        WaitForAsyncUtils.waitForFxEvents();
        if (flow.getFirstVisibleCell() == null || flow.getFirstVisibleCell().getIndex() == 0) down = VerticalDirection.UP;
        for (int i = 0; i < 60 && list.getItems().size() < 71; i++) {
            robot.scroll(3, down);
            WaitForAsyncUtils.waitForFxEvents();
        }
        waitFor("the next page by the mouse wheel", () -> list.getItems().size() == 71);
        Typist.keys(KeyCode.ESCAPE);
        settle();

        // Clients require an email: "+ New record" says so and makes nothing
        focusCell(robot, "Client");
        Typist.type("Acme");
        waitFor("the new row", () -> robot.lookup("#link-results").queryListView().getItems().size() == 1);
        Typist.type("\n");
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#link-error").queryAs(Label.class);
        assertThat(error.getText()).contains("needs Email too").contains("add the record in the Clients table first");
        Screenshots.write(desktop.scene(), "link-new-refused.png");
        Typist.keys(KeyCode.ESCAPE);
        settle();
        assertThat(records.page(schema.table(clients.id()), null, List.of(), null, 10).rows()).isEmpty();
    }

    @Test
    void aNewRecordInTheFormIsSavedByItsFirstLink(FxRobot robot) {
        open(robot);
        robot.clickOn("#tab-form");
        robot.clickOn("#form-new");
        settle();
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("New record in Projects");
        robot.clickOn(robot.lookup("#form-field-Name").queryAs(TextField.class));
        Typist.type("Second");
        robot.clickOn(robot.lookup("#form-link-pick").queryButton());
        Typist.type("wri\n");
        settle();
        List<Row> rows = records.page(schema.table(projects.id()), null, List.of(Sort.asc("createdAt")), null, 10)
                .rows();
        assertThat(rows).hasSize(2);
        Row second = rows.get(1);
        assertThat(second.value(projects.fields().getFirst().id())).isEqualTo("Second");
        assertThat(((List<?>) second.value(link.id())).stream().map(o -> LinkValues.title(String.valueOf(o))))
                .containsExactly("Write the spec");
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("Record in Projects");
        assertThat(linkNames(robot)).containsExactly("Write the spec");
        // a later save keeps the link
        robot.clickOn(robot.lookup("#form-field-Name").queryAs(TextField.class));
        Typist.type(" draft");
        robot.clickOn("#form-save");
        settle();
        Row again = records.byId(schema.table(projects.id()), second.id()).orElseThrow();
        assertThat(again.value(projects.fields().getFirst().id())).isEqualTo("Second draft");
        assertThat(again.value(link.id())).isEqualTo(second.value(link.id()));
        assertThat(linkNames(robot)).containsExactly("Write the spec");
        Screenshots.write(desktop.scene(), "link-new-record-form.png");
    }

    private static List<String> linkNames(FxRobot robot) {
        return robot.lookup(".form-linked-record").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((javafx.scene.control.Hyperlink) n).getText()).toList();
    }
}
