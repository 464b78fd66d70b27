package dev.rowan.desktop.syncui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.sync.SyncStatus;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import javafx.scene.Node;
import javafx.scene.control.Label;
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
 * The sync screens in the real window, headless under Monocle on a real H2 workspace: the status indicator, the
 * conflicts screen resolving real conflicts (take theirs, merged value, a design conflict), and the connect dialog
 * failing against an address where nothing listens. Writes docs/screenshots/sync-status.png and conflicts.png.
 */
@ExtendWith(ApplicationExtension.class)
class SyncScreensTest {
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
            Stage k = desktop.syncScreens().connectWindow();
            if (k != null) k.close();
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

    @Test
    void indicatorShowsTheEngineState(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        assertThat(text(robot, "#sync-status-text")).isEqualTo("Local only");
        assertThat(robot.lookup("#sync-status").query().getStyleClass()).contains("sync-local-only");

        robot.interact(() -> desktop.syncStatus().update(new SyncStatus(SyncStatus.State.OFFLINE, 3, 1, 0, "no route", null)));
        assertThat(text(robot, "#sync-status-text")).isEqualTo("Offline · 3 pending · 1 conflict");
        Node indicator = robot.lookup("#sync-status").query();
        assertThat(indicator.getStyleClass()).contains("sync-offline").doesNotContain("sync-local-only");
        assertThat(desktop.syncStatus().tooltip().get()).contains("no route").contains("Not synced yet");
        assertThat(desktop.syncStatus().conflicts().get()).isEqualTo(1);
        SyncScreenshots.write(desktop.scene(), "sync-status.png");

        // without conflicts a click offers the menu; signed out it offers to sign in again
        robot.interact(() -> desktop.syncStatus().update(new SyncStatus(SyncStatus.State.SIGNED_OUT, 0, 0, 0, null, null)));
        robot.clickOn("#sync-status");
        assertThat(robot.lookup("Sign in again…").tryQuery()).isPresent();
        assertThat(robot.lookup("Sync now").tryQuery()).isPresent();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    @Test
    void conflictsScreenResolvesRealConflicts(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        SchemaStore schema = new SchemaStore(ws());
        RecordStore records = new RecordStore(ws());
        AppInfo app = schema.createApp("Work");
        TableDef t = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.Text())));
        FieldDef status = t.field("Status").orElseThrow();
        FieldDef title = t.field("Title").orElseThrow();
        Row first = records.insert(t, Map.of(title.id(), "Write the report", status.id(), "Done"));
        Row second = records.insert(t, Map.of(title.id(), "Book the venue", status.id(), "Done"));
        fieldConflict(t, first, status, "Done", "Blocked", "Open");
        fieldConflict(t, second, status, "Done", "Waiting", "Open");
        schemaConflict(t, "The field name 'Status' was taken on the server; yours was saved as 'Status 2'");
        robot.interact(() -> desktop.viewModel().navigator().reload());
        desktop.engine().refreshStatus();
        waitFor("indicator counts the conflicts", () -> desktop.syncStatus().conflicts().get() == 3);
        assertThat(text(robot, "#sync-status-text")).isEqualTo("Local only · 3 pending · 3 conflicts".replace(" · 3 pending", pendingPart()));

        // a click on the indicator opens the conflicts screen on the first conflict
        robot.clickOn("#sync-status");
        ConflictsViewModel vm = conflictsVm();
        waitFor("conflicts listed", () -> vm.items().size() == 3 && vm.selected().get() != null);
        assertThat(text(robot, "#conflict-mine")).isEqualTo("Done");
        assertThat(text(robot, "#conflict-theirs")).isEqualTo("Blocked");
        assertThat(text(robot, "#conflict-base")).isEqualTo("Open");
        assertThat(text(robot, "#conflict-where")).isEqualTo("Table Tasks · field Status");
        assertThat(text(robot, "#conflict-reason")).isEqualTo("Changed on the server since your version 3");
        SyncScreenshots.write(desktop.syncScreens().conflictsWindow().getScene(), "conflicts.png");

        robot.clickOn("#take-theirs");
        waitFor("first conflict resolved", () -> vm.items().size() == 2 && !vm.busy().get());
        assertThat(records.byId(t, first.id()).orElseThrow().value(status.id())).isEqualTo("Blocked");
        waitFor("indicator recounted", () -> desktop.syncStatus().conflicts().get() == 2);

        // the second: a merged value typed by the user becomes a local edit queued for the server
        waitFor("second selected", () -> vm.selected().get() != null && vm.selected().get().entityId().equals(second.id()));
        assertThat(text(robot, "#conflict-theirs")).isEqualTo("Waiting");
        long outboxBefore = Outbox.size(ws());
        robot.doubleClickOn("#merge-text").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A)
                .release(KeyCode.CONTROL).write("Done, waiting for sign-off");
        robot.clickOn("#use-merged");
        waitFor("merged", () -> vm.items().size() == 1 && !vm.busy().get());
        assertThat(records.byId(t, second.id()).orElseThrow().value(status.id())).isEqualTo("Done, waiting for sign-off");
        assertThat(Outbox.size(ws())).isGreaterThan(outboxBefore);

        // the design conflict explains itself; OK closes it and leaves the empty state
        waitFor("schema conflict selected", () -> vm.kind().get() == Conflicts.Kind.SCHEMA);
        assertThat(text(robot, "#conflict-reason")).contains("saved as 'Status 2'");
        assertThat(robot.lookup("#conflict-field-pane").query().isVisible()).isFalse();
        assertThat(robot.lookup("#conflict-info-pane").query().isVisible()).isTrue();
        robot.clickOn("#conflict-ok");
        waitFor("all resolved", () -> vm.items().isEmpty() && !vm.busy().get());
        assertThat(robot.lookup("#conflicts-empty").queryAs(Label.class).isVisible()).isTrue();
        assertThat(text(robot, "#conflicts-empty")).isEqualTo("No conflicts — everything you changed is on the server.");
        assertThat(desktop.engine().conflicts().openCount()).isZero();
        waitFor("indicator shows no conflicts", () -> desktop.syncStatus().conflicts().get() == 0);
    }

    private String pendingPart() {
        long n = Outbox.size(ws());
        return n == 0 ? "" : String.format(java.util.Locale.ROOT, " · %,d pending", n);
    }

    @Test
    void shortcutOpensTheConflictsScreen(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.K).release(KeyCode.K, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("conflicts window", () -> desktop.syncScreens().conflictsWindow() != null
                && desktop.syncScreens().conflictsWindow().isShowing());
        ConflictsViewModel vm = conflictsVm();
        waitFor("loaded", () -> vm.empty().get());
        assertThat(text(robot, "#conflicts-empty")).isEqualTo(ConflictsViewModel.EMPTY);
    }

    @Test
    void connectShowsAnUnreachableServerInline(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        robot.clickOn("#open-connect");
        waitFor("dialog", () -> desktop.syncScreens().connectWindow() != null
                && desktop.syncScreens().connectWindow().isShowing());
        assertThat(text(robot, "#connect-explanation")).isEqualTo(ConnectViewModel.EXPLANATION);
        robot.clickOn("#connect-url").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A)
                .release(KeyCode.CONTROL).write("http://127.0.0.1:1");
        robot.clickOn("#connect-email").write("ana@example.com");
        robot.clickOn("#connect-password").write("secret-password");
        robot.clickOn("#connect-button");
        ConnectViewModel vm = desktop.syncScreens().connectViewModel();
        waitFor("error shown", () -> !vm.busy().get() && !vm.error().get().isEmpty());
        assertThat(text(robot, "#connect-error")).startsWith("Cannot reach the server at http://127.0.0.1:1");
        assertThat(robot.lookup("#connect-error").query().isVisible()).isTrue();
        assertThat(desktop.syncScreens().connectWindow().isShowing()).isTrue();
        assertThat(desktop.engine().account()).isEmpty();
        SyncScreenshots.write(desktop.syncScreens().connectWindow().getScene(), "connect.png");
    }

    private ConflictsViewModel conflictsVm() {
        waitFor("conflicts screen", () -> desktop.syncScreens().conflictsViewModel() != null);
        return desktop.syncScreens().conflictsViewModel();
    }

    private void fieldConflict(TableDef t, Row row, FieldDef f, String mine, String theirs, String base) {
        Mutation m = new Mutation(UUID.randomUUID(), Mutation.Op.UPDATE, Mutation.Entity.RECORD, row.id(), t.id(), "{}",
                Instant.now());
        PushResult result = new PushResult.Conflict(PushResult.Target.of(m), false, PushResult.ConflictKind.FIELDS,
                "Some fields changed on the server", null, null, null, List.of(new PushResult.FieldConflict(f.id(),
                f.name(), mine, theirs, base, "Changed on the server since your version 3")), null, null, null);
        ws().write(c -> Conflicts.record(c, m, result));
    }

    private void schemaConflict(TableDef t, String reason) {
        Mutation m = new Mutation(UUID.randomUUID(), Mutation.Op.UPDATE, Mutation.Entity.TABLE, t.id(), null, "{}",
                Instant.now());
        PushResult result = PushResult.Conflict.of(PushResult.Target.of(m), PushResult.ConflictKind.RENAME, reason,
                null, null, null);
        ws().write(c -> Conflicts.record(c, m, result));
    }
}
