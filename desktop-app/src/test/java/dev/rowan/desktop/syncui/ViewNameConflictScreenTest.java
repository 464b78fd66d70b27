package dev.rowan.desktop.syncui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.model.view.GridConfig;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view's name renamed on two desktops, as the desktop that synced first (and lost) sees it in the real conflicts
 * screen headless under Monocle (issue 11, slice h-viewmerge): a pull's {@code overruled} notice becomes a view
 * conflict titled "View name changed on both sides", the names in quotes, "Yours (replaced)" / "Theirs (in effect)",
 * and "Use yours again" renames the view back as an ordinary, queued view change. Writes
 * docs/screenshots/conflicts-view-name.png.
 */
@ExtendWith(ApplicationExtension.class)
class ViewNameConflictScreenTest {
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

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void aLostRenameReadsAsNamesAndCanBeUsedAgain(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        Workspace ws = desktop.viewModel().workspace();
        SchemaStore schema = new SchemaStore(ws);
        AppInfo app = schema.createApp("Work");
        TableDef t = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        UUID viewId = new ViewStore(ws).save(t, null, "Open tasks", GridConfig.EMPTY);
        // the pull applied the winner's name; then its results brought the notice (as the server sends it)
        ws.write(c -> {
            try (var ps = c.prepareStatement("UPDATE rowan.views SET name = ? WHERE id = ?")) {
                ps.setString(1, "Everything due");
                ps.setObject(2, viewId);
                ps.executeUpdate();
            }
            return null;
        });
        PushResult.Conflict notice = new PushResult.Conflict(new PushResult.Target(UUID.randomUUID(),
                Mutation.Entity.VIEW, Mutation.Op.UPDATE, viewId), false, PushResult.ConflictKind.OVERRULED,
                "Someone else changed the same settings of this view", 40L, null, null, List.of(),
                Map.of("name", "Open tasks"), Map.of("name", "Everything due"), Map.of("name", "Tasks"));
        // the notice read back from its JSON form, as a pull's results carry it; stored once however often it comes
        @SuppressWarnings("unchecked")
        Map<String, ?> json = (Map<String, ?>) JsonText.parse(JsonText.write(notice.toJson()));
        PushResult read = PushResult.fromJson(json);
        int stored = ws.write(c -> Conflicts.recordOverruled(c, (PushResult.Conflict) read));
        int again = ws.write(c -> Conflicts.recordOverruled(c, (PushResult.Conflict) read));
        assertThat(stored).isEqualTo(1);
        assertThat(again).as("the same notice twice is stored once").isZero();
        desktop.engine().refreshStatus();
        waitFor("indicator counts the conflict", () -> desktop.syncStatus().conflicts().get() == 1);

        robot.clickOn("#welcome-empty");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.K).release(KeyCode.K, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("conflicts screen", () -> desktop.syncScreens().conflictsViewModel() != null);
        ConflictsViewModel vm = desktop.syncScreens().conflictsViewModel();
        waitFor("conflict listed", () -> vm.items().size() == 1 && vm.selected().get() != null);
        assertThat(vm.kind().get()).isEqualTo(Conflicts.Kind.VIEW);
        assertThat(text(robot, "#conflict-title")).isEqualTo("View name changed on both sides");
        assertThat(text(robot, "#conflict-where")).isEqualTo("Table Tasks · view setting View name");
        assertThat(text(robot, "#view-conflict-mine")).isEqualTo("\u201cOpen tasks\u201d");
        assertThat(text(robot, "#view-conflict-theirs")).isEqualTo("\u201cEverything due\u201d");
        assertThat(text(robot, "#view-conflict-base")).isEqualTo("\u201cTasks\u201d");
        assertThat(text(robot, "#conflict-reason")).startsWith("View 'Everything due': view name was changed by you "
                + "and by someone else. Theirs replaced yours");
        assertThat(robot.lookup("Yours (replaced)").tryQuery()).isPresent();
        assertThat(robot.lookup("Theirs (in effect)").tryQuery()).isPresent();
        Node useTheirs = robot.lookup("#view-conflict-use-theirs").query();
        assertThat(useTheirs.isVisible()).as("theirs is already in effect").isFalse();
        assertThat(robot.lookup("#view-conflict-use-mine").query().isVisible()).isTrue();
        assertThat(ConflictsViewModel.label(vm.items().getFirst()))
                .isEqualTo("Tasks · view name: \u201cOpen tasks\u201d / \u201cEverything due\u201d");
        SyncScreenshots.write(desktop.syncScreens().conflictsWindow().getScene(), "conflicts-view-name.png");

        // "Use yours again": the view is renamed back, queued for the server as any rename
        long outbox = Outbox.size(ws);
        robot.clickOn("#view-conflict-use-mine");
        waitFor("closed", () -> vm.items().isEmpty() && !vm.busy().get());
        assertThat(new ViewStore(ws).list(schema.table(t.id())).stream().filter(v -> v.id().equals(viewId))
                .findFirst().orElseThrow().name()).isEqualTo("Open tasks");
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 1);
        assertThat(desktop.engine().conflicts().openCount()).isZero();
    }
}
