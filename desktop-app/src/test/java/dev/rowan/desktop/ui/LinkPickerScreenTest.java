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
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record picker on a link cell of the real grid, typed at full speed: typing opens it with the search, Enter
 * links the chosen match, a title nobody has makes a new record of the linked table and links it, Backspace in an
 * empty search unlinks the last record, Escape closes; each change is one undo step and lands in the outbox.
 */
class LinkPickerScreenTest extends DesktopScreenTest {
    private SchemaStore schema;
    private RecordStore records;
    private TableDef tasks;
    private TableDef projects;
    private FieldDef link;

    private FieldDef leadTask;
    private final List<Row> taskRows = new ArrayList<>();

    private void open(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        schema = new SchemaStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Hours", new FieldType.NumberType(1))));
        projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID linkId = UUID.randomUUID();
        // made as the designer makes it: the pair (the inverse "Projects" in Tasks) and the junction, offline
        link = schema.addField(projects.id(), FieldDef.of(linkId, "Tasks",
                new FieldType.Link(tasks.id(), null, false, null, true)), "Projects");
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Hours",
                new FieldType.Rollup(linkId, tasks.fields().get(1).id(), dev.rowan.model.schema.RollupFunction.SUM,
                        null, new FieldType.NumberType(1))));
        UUID oneId = UUID.randomUUID();
        leadTask = schema.addField(projects.id(), FieldDef.of(oneId, "Lead task",
                new FieldType.Link(tasks.id(), null, true, oneId, true)));
        tasks = schema.table(tasks.id());
        for (String[] t : new String[][]{{"Write the spec", "2.5"}, {"Review", "1"}, {"Ship it", "4"}}) {
            taskRows.add(records.insert(tasks, Map.of(tasks.fields().get(0).id(), t[0],
                    tasks.fields().get(1).id(), new BigDecimal(t[1]))));
        }
        projects = schema.table(projects.id());
        records.insert(projects, Map.of(projects.fields().get(0).id(), "Launch"));
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

    /** The titles the project links, in link order, read from the workspace. */
    private List<String> linkedTitles() {
        TableDef p = schema.table(projects.id());
        Row r = records.page(p, null, List.of(), null, 10).rows().getFirst();
        List<String> out = new ArrayList<>();
        if (r.value(link.id()) instanceof List<?> l) for (Object o : l) out.add(LinkValues.title(String.valueOf(o)));
        return out;
    }

    private List<String> taskTitles() {
        TableDef t = schema.table(tasks.id());
        return records.page(t, null, List.of(Sort.asc("createdAt")), null, 100).rows().stream()
                .map(r -> String.valueOf(r.value(t.fields().get(0).id()))).toList();
    }

    @Test
    void typingPicksLinksMakesARecordAndEachChangeIsOneUndoStep(FxRobot robot) {
        open(robot);
        focusCell(robot, "Tasks");
        // typing on the cell opens the picker with the search; Enter links the first match, at full speed
        Typist.type("rev\nsh\n");
        settle();
        assertThat(linkedTitles()).containsExactly("Review", "Ship it");
        // the rollup over the links shows the new sum in the grid at once
        TableDef pd = schema.table(projects.id());
        Row pr = records.page(pd, null, List.of(), null, 10).rows().getFirst();
        waitFor("rollup 5", () -> cellTexts(robot).contains("5"));
        Typist.type("s");
        waitFor("matches of s", () -> robot.lookup("#link-results").queryListView().getItems().size() >= 2);
        Screenshots.write(desktop.scene(), "link-picker.png");
        // a title no task has: "+ New Tasks …" is the only row and Enter makes it and links it
        Typist.type("\bLaunch party\n");
        settle();
        assertThat(linkedTitles()).containsExactly("Review", "Ship it", "Launch party");
        assertThat(taskTitles()).containsExactly("Write the spec", "Review", "Ship it", "Launch party");
        // Backspace in the empty search unlinks the last record; Escape closes the picker
        Typist.type("\b");
        Typist.keys(KeyCode.ESCAPE);
        settle();
        assertThat(linkedTitles()).containsExactly("Review", "Ship it");
        assertThat(robot.lookup("#link-search").tryQuery()).isEmpty();
        // each change was one undo step: the unlink, then the new record with its link (the record goes too)
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(linkedTitles()).containsExactly("Review", "Ship it", "Launch party");
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(linkedTitles()).containsExactly("Review", "Ship it");
        assertThat(taskTitles()).containsExactly("Write the spec", "Review", "Ship it");
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(linkedTitles()).containsExactly("Review");
        waitFor("rollup back to 1", () -> cellTexts(robot).contains("1") && !cellTexts(robot).contains("5"));
        // the grid shows what the workspace holds
        waitFor("one chip", () -> robot.lookup(".select-chip").queryAll().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList().equals(List.of("Review")));
        // the links went to the outbox as record updates carrying ids (the server applies them when it syncs)
        long updates = dev.rowan.desktop.workspace.Outbox.pending(desktop.viewModel().workspace(), 1000).stream()
                .filter(m -> m.payload().contains(link.id().toString())).count();
        assertThat(updates).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aLinkLimitedToOneReplacesItsRecord(FxRobot robot) {
        open(robot);
        FieldDef owner = leadTask;
        focusCell(robot, "Lead task");
        Typist.type("wri\nshi\n");
        Typist.keys(KeyCode.ESCAPE);
        settle();
        TableDef p = schema.table(projects.id());
        Row r = records.page(p, null, List.of(), null, 10).rows().getFirst();
        assertThat(r.value(owner.id())).isInstanceOf(List.class);
        assertThat(((List<?>) r.value(owner.id())).stream().map(o -> LinkValues.title(String.valueOf(o))).toList())
                .containsExactly("Ship it");

        // matches are read 50 at a time; moving past the last one reads the next page
        TableDef t = schema.table(tasks.id());
        List<Map<UUID, Object>> bulk = new ArrayList<>();
        for (int i = 0; i < 70; i++) bulk.add(Map.of(t.fields().get(0).id(), "Bulk task " + i));
        records.insertAll(t, new ArrayList<>(bulk), () -> false);
        focusCell(robot, "Tasks");
        Typist.type("bulk");
        waitFor("a first page", () -> robot.lookup("#link-results").queryListView().getItems().size() == 51);
        for (int i = 0; i < 50; i++) Typist.keys(KeyCode.DOWN);
        waitFor("the next page", () -> robot.lookup("#link-results").queryListView().getItems().size() == 71);
        assertThat(robot.lookup("#link-results").queryListView().getSelectionModel().getSelectedIndex()).isEqualTo(50);
        Typist.keys(KeyCode.ESCAPE);
    }

    @Test
    void theFormListsLinkedRecordsPicksMoreAndWalksToThemAndBack(FxRobot robot) {
        open(robot);
        // the inverse field the link made offline is in Tasks, named as asked
        assertThat(schema.table(tasks.id()).field("Projects")).isPresent();
        Row launch = records.page(schema.table(projects.id()), null, List.of(), null, 1).rows().getFirst();
        records.setLinks(schema.table(projects.id()), launch.id(), link, List.of(taskRows.get(1).id()));
        robot.interact(() -> desktop.viewModel().grid().refresh());
        settle();
        focusCell(robot, "Name");
        Typist.keys(KeyCode.SHIFT, KeyCode.ENTER);
        settle();
        waitFor("the form with its linked record", () -> linkNames(robot).contains("Review"));
        robot.clickOn("#form-link-pick");
        Typist.type("shi\n");
        settle();
        assertThat(linkedTitles()).containsExactly("Review", "Ship it");
        waitFor("both linked records listed", () -> linkNames(robot).equals(List.of("Review", "Ship it")));
        Screenshots.write(desktop.scene(), "link-form.png");
        // a linked record opens in place; the Tasks record lists its project through the inverse field
        robot.interact(() -> robot.lookup(".form-linked-record").queryAll().stream()
                .map(n -> (javafx.scene.control.Hyperlink) n).filter(h -> h.getText().equals("Review"))
                .findFirst().orElseThrow().fire());
        settle();
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("Record in Tasks");
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(taskRows.get(1).id());
        assertThat(linkNames(robot)).containsExactly("Launch");
        assertThat(robot.lookup("#form-back").queryButton().getText()).isEqualTo("← Back to Launch");
        robot.clickOn("#form-back");
        settle();
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("Record in Projects");
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(launch.id());
        assertThat(robot.lookup("#form-back").queryButton().isVisible()).isFalse();
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup(".table-cell").queryAll().stream()
                .map(n -> n instanceof javafx.scene.control.Labeled l && l.getText() != null ? l.getText() : "").toList();
    }

    private static List<String> linkNames(FxRobot robot) {
        return robot.lookup(".form-linked-record").queryAll().stream().filter(javafx.scene.Node::isVisible)
                .map(n -> ((javafx.scene.control.Hyperlink) n).getText()).toList();
    }
}
