package dev.rowan.desktop.syncui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.model.view.GridConfig;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view setting both sides changed, in the real conflicts screen headless under Monocle (issue 11): the values read
 * as people read them (field names, "descending", the filter as a sentence; never JSON or ids), the view named in the
 * reason; "Use theirs instead" saves the other value as a view change, OK keeps mine. Writes docs/screenshots/conflicts-view.png.
 */
@ExtendWith(ApplicationExtension.class)
class ViewConflictScreenTest {
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
    void aViewSettingConflictReadsAsSentencesAndClosesWithOk(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        Workspace ws = desktop.viewModel().workspace();
        SchemaStore schema = new SchemaStore(ws);
        AppInfo app = schema.createApp("Work");
        TableDef t = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Price", new FieldType.Text())));
        FieldDef title = t.field("Title").orElseThrow();
        FieldDef price = t.field("Price").orElseThrow();
        UUID viewId = new ViewStore(ws).save(t, null, "Cheapest first", GridConfig.EMPTY);

        // what the server answers a pushed view update whose sort and filter someone else had changed meanwhile
        GridConfig mine = GridConfig.EMPTY.withSorts(List.of(new Sort(title.id().toString(), false)))
                .withFilter(new Filter.Condition(price.id().toString(), Operator.CONTAINS, "EUR"));
        GridConfig theirs = GridConfig.EMPTY.withSorts(List.of(new Sort(price.id().toString(), true)));
        Map<String, Object> mineQ = mine.query().toMap();
        Map<String, Object> theirsQ = theirs.query().toMap();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("query.sorts", mineQ.get("sorts"));
        m.put("query.filter", mineQ.get("filter"));
        Map<String, Object> th = new LinkedHashMap<>();
        th.put("query.sorts", theirsQ.get("sorts"));
        th.put("query.filter", null);
        Mutation mu = new Mutation(UUID.randomUUID(), Mutation.Op.UPDATE, Mutation.Entity.VIEW, viewId, t.id(), "{}",
                Instant.now());
        PushResult result = new PushResult.Conflict(PushResult.Target.of(mu), false, PushResult.ConflictKind.SETTINGS,
                "Someone else changed the same settings", 12L, null, null, List.of(), m, th, Map.of());
        ws.write(c -> Conflicts.record(c, mu, result));
        desktop.engine().refreshStatus();
        waitFor("indicator counts the conflicts", () -> desktop.syncStatus().conflicts().get() == 2);

        robot.clickOn("#welcome-empty");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.K).release(KeyCode.K, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor("conflicts screen", () -> desktop.syncScreens().conflictsViewModel() != null);
        ConflictsViewModel vm = desktop.syncScreens().conflictsViewModel();
        waitFor("conflicts listed", () -> vm.items().size() == 2 && vm.selected().get() != null);
        assertThat(vm.kind().get()).isEqualTo(Conflicts.Kind.VIEW);
        assertThat(robot.lookup("#conflict-view-pane").query().isVisible()).isTrue();
        assertThat(robot.lookup("#conflict-field-pane").query().isVisible()).isFalse();
        assertThat(text(robot, "#conflict-title")).isEqualTo("Sort of a view changed on both sides");
        assertThat(text(robot, "#conflict-where")).isEqualTo("Table Tasks · view setting Sort");
        assertThat(text(robot, "#view-conflict-mine")).isEqualTo("Title ascending");
        assertThat(text(robot, "#view-conflict-theirs")).isEqualTo("Price descending");
        assertThat(text(robot, "#view-conflict-base")).isEqualTo("(none)");
        assertThat(text(robot, "#conflict-reason")).startsWith("View 'Cheapest first': sort was changed by you and by someone else");
        SyncScreenshots.write(desktop.syncScreens().conflictsWindow().getScene(), "conflicts-view.png");

        // "Use theirs instead": the other sort is saved as a view change, queued for the server
        long outbox = Outbox.size(ws);
        robot.clickOn("#view-conflict-use-theirs");
        waitFor("first closed", () -> vm.items().size() == 1 && !vm.busy().get() && vm.selected().get() != null);
        assertThat(((GridConfig) new ViewStore(ws).list(schema.table(t.id())).getFirst().config()).sorts())
                .containsExactly(new Sort(price.id().toString(), true));
        assertThat(Outbox.size(ws)).isEqualTo(outbox + 1);
        assertThat(text(robot, "#conflict-title")).isEqualTo("Filter of a view changed on both sides");
        assertThat(text(robot, "#view-conflict-mine")).isEqualTo("Price contains EUR");
        assertThat(text(robot, "#view-conflict-theirs")).isEqualTo("(none)");
        assertThat(ConflictsViewModel.label(vm.items().getFirst())).isEqualTo("Tasks · view filter: Price contains EUR / (none)");
        robot.clickOn("#view-conflict-ok");
        waitFor("all closed", () -> vm.items().isEmpty() && !vm.busy().get());
        assertThat(desktop.engine().conflicts().openCount()).isZero();
    }
}
