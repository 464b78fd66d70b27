package dev.rowan.desktop.syncui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import javafx.scene.control.Label;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conflicts screen shows every kind's values readably, never raw JSON: attachments as file names, links as the
 * linked records' titles (the server's titles, and for the ids this desktop sent, its own copies' titles), a link
 * change as what it adds and removes, a list of members (of a field this desktop does not know) by name, a duration as h:mm. Writes
 * docs/screenshots/conflicts-readable.png.
 */
@ExtendWith(ApplicationExtension.class)
class ConflictValuesScreenTest {
    @TempDir
    Path dir;
    Desktop desktop;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close(FxRobot robot) {
        if (desktop != null) robot.interact(() -> {
            Stage c = desktop.syncScreens().conflictsWindow();
            if (c != null) c.close();
            desktop.close();
        });
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (Exception e) {
            throw new AssertionError("Timed out waiting until " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private Workspace ws() {
        return desktop.viewModel().workspace();
    }

    private static Map<String, Object> file(UUID id, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toString());
        m.put("name", name);
        m.put("size", 1234);
        m.put("mime", "application/octet-stream");
        return m;
    }

    @Test
    void everyKindReadsAsAPersonWouldInTheConflictsScreen(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        SchemaStore schema = new SchemaStore(ws());
        RecordStore records = new RecordStore(ws());
        AppInfo app = schema.createApp("Work");
        TableDef people = schema.createTable(app.id(), null, "People", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        TableDef tasks = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Files", new FieldType.Attachment()),
                FieldDef.of(UUID.randomUUID(), "Took", new FieldType.Duration())));
        UUID linkId = UUID.randomUUID();
        schema.addField(tasks.id(), FieldDef.of(linkId, "Owners", new FieldType.Link(people.id(), null, false, linkId,
                true)));
        TableDef t = schema.table(tasks.id());
        FieldDef name = people.fields().getFirst();
        Row ann = records.insert(people, Map.of(name.id(), "Ann"));
        Row bob = records.insert(people, Map.of(name.id(), "Bob"));
        UUID carol = UUID.randomUUID();
        Row task = records.insert(t, Map.of(t.field("Title").orElseThrow().id(), "Write the report"));

        UUID plan = UUID.randomUUID();
        UUID photo = UUID.randomUUID();
        fieldConflict(t, task, t.field("Files").orElseThrow(), List.of(file(plan, "plan.pdf")),
                List.of(file(photo, "photo.png"), file(plan, "plan.pdf")), null);
        fieldConflict(t, task, t.field("Owners").orElseThrow(), List.of(ann.id().toString(), bob.id().toString()),
                List.of(Map.of("id", carol.toString(), "title", "Carol")),
                Map.of("add", List.of(ann.id().toString()), "remove", List.of(carol.toString())));
        fieldConflict(t, task, t.field("Took").orElseThrow(), new BigDecimal(1800), new BigDecimal(5400), null);
        // members of a kind this desktop does not know (a newer server's user field): by name, else e-mail
        fieldConflict(t, task, FieldDef.of(UUID.randomUUID(), "Helpers", new FieldType.Text()),
                List.of(Map.of("id", UUID.randomUUID().toString(), "name", "Dana", "email", "dana@example.com")),
                List.of(Map.of("id", UUID.randomUUID().toString(), "email", "eve@example.com")), null);
        desktop.engine().refreshStatus();
        waitFor("indicator counts the conflicts", () -> desktop.syncStatus().conflicts().get() == 4);

        robot.clickOn("#sync-status");
        waitFor("conflicts screen", () -> desktop.syncScreens().conflictsViewModel() != null);
        ConflictsViewModel vm = desktop.syncScreens().conflictsViewModel();
        waitFor("conflicts listed", () -> vm.items().size() == 4 && vm.selected().get() != null);

        select(robot, vm, "Files");
        assertThat(text(robot, "#conflict-mine")).isEqualTo("plan.pdf");
        assertThat(text(robot, "#conflict-theirs")).isEqualTo("photo.png, plan.pdf");
        assertThat(text(robot, "#conflict-base")).isEqualTo("(empty)");
        assertThat(ConflictsViewModel.label(vm.selected().get())).isEqualTo("Tasks · Files: plan.pdf / photo.png, plan.pdf");
        assertThat(robot.lookup("#merge-text").query().getParent().isVisible()).as("files are kept or taken whole").isFalse();
        SyncScreenshots.write(desktop.syncScreens().conflictsWindow().getScene(), "conflicts-readable.png");

        select(robot, vm, "Owners");
        assertThat(text(robot, "#conflict-mine")).isEqualTo("Ann, Bob");
        assertThat(text(robot, "#conflict-theirs")).isEqualTo("Carol");
        assertThat(text(robot, "#conflict-base")).isEqualTo("+ Ann; − Carol");

        select(robot, vm, "Took");
        assertThat(text(robot, "#conflict-mine")).isEqualTo("0:30");
        assertThat(text(robot, "#conflict-theirs")).isEqualTo("1:30");
        assertThat(robot.lookup("#merge-text").query().getParent().isVisible()).as("a duration may be merged").isTrue();

        select(robot, vm, "Helpers");
        assertThat(text(robot, "#conflict-mine")).isEqualTo("Dana");
        assertThat(text(robot, "#conflict-theirs")).isEqualTo("eve@example.com");
        for (Conflicts.Conflict k : vm.items()) {
            for (Object v : java.util.Arrays.asList(k.mine(), k.theirs(), k.base())) {
                assertThat(k.shown(v)).as(k.fieldName()).doesNotContain("{", "\"id\"", "[");
            }
        }
    }

    private void select(FxRobot robot, ConflictsViewModel vm, String field) {
        robot.interact(() -> vm.selected().set(vm.items().stream().filter(k -> field.equals(k.fieldName()))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void fieldConflict(TableDef t, Row row, FieldDef f, Object mine, Object theirs, @Nullable Object base) {
        Mutation m = new Mutation(UUID.randomUUID(), Mutation.Op.UPDATE, Mutation.Entity.RECORD, row.id(), t.id(), "{}",
                Instant.now());
        PushResult result = new PushResult.Conflict(PushResult.Target.of(m), false, PushResult.ConflictKind.FIELDS,
                "Some fields changed on the server", null, null, null, List.of(new PushResult.FieldConflict(f.id(),
                f.name(), mine, theirs, base, "Changed on the server since your version 3")), null, null, null);
        ws().write(c -> Conflicts.record(c, m, result));
    }
}
