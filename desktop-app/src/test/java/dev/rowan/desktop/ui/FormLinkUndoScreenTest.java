package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record form's writes are steps of the window's undo history (issue 12, slice h-fieldgaps2), in the real main
 * window with keys typed at full speed: a new record saved by its first link is two steps — Ctrl+Z removes the link,
 * a second Ctrl+Z the record, Ctrl+Y puts both back; "+ New" from the form's picker is one step with the record it
 * made in the linked table; a saved edit of a field is a step too.
 */
class FormLinkUndoScreenTest extends DesktopScreenTest {
    private SchemaStore schema;
    private RecordStore records;
    private TableDef tasks;
    private TableDef projects;
    private FieldDef link;

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
        for (String t : new String[]{"Write the spec", "Review"}) {
            records.insert(tasks, Map.of(tasks.fields().getFirst().id(), t));
        }
        projects = schema.table(projects.id());
        records.insert(projects, Map.of(projects.fields().getFirst().id(), "Launch"));
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(projects.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> desktop.viewModel().grid().table().get() != null
                && !desktop.viewModel().grid().loading().get()
                && desktop.view().grid().table().getItems().size() == 1);
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }

    private List<Row> projectRows() {
        return records.page(schema.table(projects.id()), null, List.of(Sort.asc("createdAt")), null, 10).rows();
    }

    private List<String> taskTitles() {
        return records.page(schema.table(tasks.id()), null, List.of(Sort.asc("createdAt")), null, 10).rows().stream()
                .map(r -> String.valueOf(r.value(tasks.fields().getFirst().id()))).toList();
    }

    private static List<String> linkedTitles(Row r, FieldDef f) {
        Object v = r.value(f.id());
        return v instanceof List<?> l ? l.stream().map(o -> LinkValues.title(String.valueOf(o))).toList() : List.of();
    }

    private static List<String> linkNames(FxRobot robot) {
        return robot.lookup(".form-linked-record").queryAll().stream().filter(Node::isVisible)
                .map(n -> ((javafx.scene.control.Hyperlink) n).getText()).toList();
    }

    @Test
    void ctrlZUndoesTheFirstLinkThenTheRecordSavedForIt(FxRobot robot) {
        open(robot);
        robot.clickOn("#tab-form");
        robot.clickOn("#form-new");
        settle();
        robot.clickOn(robot.lookup("#form-field-Name").queryAs(TextField.class));
        Typist.type("Second");
        robot.clickOn(robot.lookup("#form-link-pick").queryButton());
        // link "Write the spec" (saves the new record first), then at once Ctrl+Z in the picker's empty search
        Typist.type("wri\n");
        settle();
        assertThat(projectRows()).hasSize(2);
        UUID second = projectRows().get(1).id();
        assertThat(linkedTitles(projectRows().get(1), link)).containsExactly("Write the spec");

        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(projectRows()).hasSize(2);
        assertThat(linkedTitles(projectRows().get(1), link)).isEmpty();
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(second);
        assertThat(linkNames(robot)).isEmpty();
        Screenshots.write(desktop.scene(), "form-link-undone.png");

        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(projectRows()).extracting(r -> r.value(projects.fields().getFirst().id())).containsExactly("Launch");
        assertThat(desktop.viewModel().form().record().get()).isNull();
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("New record in Projects");

        // Ctrl+Y twice: the record with its id, then its link
        Typist.keys(KeyCode.CONTROL, KeyCode.Y);
        Typist.keys(KeyCode.CONTROL, KeyCode.Y);
        settle();
        assertThat(projectRows()).hasSize(2);
        assertThat(projectRows().get(1).id()).isEqualTo(second);
        assertThat(linkedTitles(projectRows().get(1), link)).containsExactly("Write the spec");
        assertThat(desktop.viewModel().form().record().get().id()).isEqualTo(second);
        assertThat(linkNames(robot)).containsExactly("Write the spec");
    }

    @Test
    void newLinkedRecordFromTheFormAndAFieldEditAreStepsToo(FxRobot robot) {
        open(robot);
        desktop.viewModel().grid(); // the grid's first row: Launch
        robot.clickOn("#tab-form");
        robot.interact(() -> desktop.viewModel().editInForm(0));
        settle();
        assertThat(desktop.viewModel().form().title().get()).isEqualTo("Record in Projects");
        robot.clickOn(robot.lookup("#form-link-pick").queryButton());
        // "+ New record" with the typed title: one step for the task made and its link
        Typist.type("Deploy\n");
        settle();
        assertThat(taskTitles()).containsExactly("Write the spec", "Review", "Deploy");
        assertThat(linkedTitles(projectRows().getFirst(), link)).containsExactly("Deploy");
        Typist.press(KeyCode.ESCAPE); // the picker closes
        // and an edit of the name, saved
        robot.clickOn(robot.lookup("#form-field-Name").queryAs(TextField.class));
        Typist.type(" now");
        robot.clickOn("#form-save");
        settle();
        assertThat(projectRows().getFirst().value(projects.fields().getFirst().id())).isEqualTo("Launch now");

        robot.clickOn("#form-message");
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(projectRows().getFirst().value(projects.fields().getFirst().id())).isEqualTo("Launch");
        assertThat(robot.lookup("#form-field-Name").queryAs(TextField.class).getText()).isEqualTo("Launch");
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        settle();
        assertThat(linkedTitles(projectRows().getFirst(), link)).isEmpty();
        assertThat(taskTitles()).containsExactly("Write the spec", "Review");
        assertThat(linkNames(robot)).isEmpty();
    }
}
