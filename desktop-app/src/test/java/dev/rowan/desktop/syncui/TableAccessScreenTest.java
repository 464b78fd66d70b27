package dev.rowan.desktop.syncui;

import dev.rowan.desktop.testkit.SignedInDesktop;
import static dev.rowan.desktop.testkit.SignedInDesktop.waitFor;
import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeView;
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
 * "Who can open this table" in the real window, headless under Monocle, against the real server (embedded
 * PostgreSQL): an owner adds a member, restricts a synced table and grants it read-only (checked with the server's
 * own API), a table not pushed yet says so, a member who is not an admin is told only admins may, and a local-only
 * workspace offers the command disabled with the reason. Writes docs/screenshots/table-access.png.
 */
@ExtendWith(ApplicationExtension.class)
class TableAccessScreenTest {
    private static final String PASSWORD = "a long enough password";
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
        SignedInDesktop.closeAll(robot, stage, desktop);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private Workspace ws() {
        return desktop.viewModel().workspace();
    }

    private TableAccessViewModel accessVm() {
        waitFor("access dialog", () -> desktop.syncScreens().tableAccessWindow() != null
                && desktop.syncScreens().tableAccessWindow().isShowing());
        return desktop.syncScreens().tableAccessViewModel();
    }

    private Node line(FxRobot robot, String email) {
        return robot.lookup(".access-line").queryAll().stream()
                .filter(n -> n.getUserData() instanceof TableAccessViewModel.MemberRow r && r.member().email().equals(email))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + email));
    }

    /** Headless Monocle sends no context-menu event on a right click: show the tree's menu as the event would. */
    private static TreeView<?> openNavigatorMenu(FxRobot robot, String item) {
        robot.clickOn(item);
        TreeView<?> tree = robot.lookup("#navigator").queryAs(TreeView.class);
        Node cell = robot.lookup(item).query();
        robot.interact(() -> {
            var b = cell.localToScreen(cell.getBoundsInLocal());
            tree.getContextMenu().show(cell, b.getMinX() + 10, b.getMaxY());
        });
        return tree;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private static void shortcutAccess(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.A).release(KeyCode.A, KeyCode.SHIFT, KeyCode.CONTROL);
    }

    @Test
    void ownerAddsAMemberRestrictsTheTableAndGrantsItReadOnly(FxRobot robot) throws Exception {
        String ownerEmail = "olga-" + shortId() + "@example.com";
        TestServer.createTenant(ownerEmail, PASSWORD);
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        owner.login(ownerEmail, PASSWORD);
        String ninaEmail = "nina-" + shortId() + "@example.com";
        var nina = owner.post("/api/members", Map.of("email", ninaEmail, "password", PASSWORD, "displayName", "Nina Park"));
        assertThat(nina.status()).as(nina.body()).isEqualTo(201);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("owner")));
        robot.clickOn("#welcome-empty");
        SchemaStore schema = new SchemaStore(ws());
        TableDef salaries = schema.createTable(schema.createApp("HR").id(), null, "Salaries",
                List.of(FieldDef.of(UUID.randomUUID(), "Who", new FieldType.Text())));
        robot.interact(() -> desktop.viewModel().navigator().reload());
        robot.clickOn("Salaries");
        assertThat(desktop.tableAccess().disabled().get()).isTrue();
        assertThat(desktop.tableAccess().tooltip().get()).isEqualTo(TableAccessCommand.NOT_CONNECTED);

        desktop.engine().signIn(TestServer.baseUrl(), ownerEmail, PASSWORD, null);
        waitFor("command enabled", () -> !desktop.tableAccess().disabled().get());
        assertThat(desktop.tableAccess().tooltip().get()).isEqualTo(TableAccessCommand.READY);

        // not pushed yet: the server does not know the table
        openNavigatorMenu(robot, "Salaries");
        robot.clickOn("Who can open this table…");
        TableAccessViewModel early = accessVm();
        waitFor("not on the server", () -> !early.busy().get() && !early.error().get().isEmpty());
        assertThat(text(robot, "#access-error")).isEqualTo(TableAccessViewModel.NOT_ON_SERVER);
        assertThat(robot.lookup("#access-save").queryAs(Button.class).isDisabled()).isTrue();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor("closed by Esc", () -> !desktop.syncScreens().tableAccessWindow().isShowing());

        desktop.engine().syncOnce();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(desktop.tableAccess().table().get()).as("the pull's navigator reload keeps the selection")
                .isEqualTo(new TableAccessCommand.Target(salaries.id(), "Salaries"));
        shortcutAccess(robot);
        TableAccessViewModel vm = accessVm();
        waitFor("loaded", () -> vm.loaded().get() && !vm.busy().get());
        assertThat(text(robot, "#access-title")).isEqualTo("Who can open “Salaries”");
        assertThat(vm.rows()).extracting(TableAccessViewModel.MemberRow::name).containsExactly("Tester", "Nina Park");
        assertThat(vm.restricted().get()).isFalse();
        assertThat(robot.from(line(robot, ownerEmail)).lookup(".access-level-always").queryAs(Label.class).getText())
                .isEqualTo("Always (admin)");

        // add someone new to the company; a bad email is refused inline first
        String memberEmail = "rita-" + shortId() + "@example.com";
        robot.clickOn("#access-add-open");
        robot.clickOn("#access-new-email").write("rita at example");
        robot.clickOn("#access-add");
        assertThat(text(robot, "#access-new-email-error")).isEqualTo("This is not an email address");
        robot.doubleClickOn("#access-new-email").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A)
                .release(KeyCode.CONTROL).write(memberEmail);
        robot.clickOn("#access-new-name").write("Rita Reader");
        robot.clickOn("#access-new-password").write("short");
        robot.clickOn("#access-add");
        assertThat(text(robot, "#access-new-password-error")).isEqualTo("A password needs at least 8 characters");
        robot.clickOn("#access-new-password").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A)
                .release(KeyCode.CONTROL).write(PASSWORD);
        robot.clickOn("#access-add");
        waitFor("member added", () -> vm.rows().size() == 3 && !vm.busy().get());
        assertThat(vm.rows()).extracting(TableAccessViewModel.MemberRow::name)
                .containsExactly("Tester", "Nina Park", "Rita Reader");
        assertThat(vm.addOpen().get()).isFalse();
        assertThat(vm.dirty().get()).as("adding a member grants nothing yet").isFalse();

        // restrict and grant read; the level buttons only work on a restricted table
        Node rita = line(robot, memberEmail);
        assertThat(robot.from(rita).lookup(".access-level-read").query().isDisabled()).isTrue();
        robot.clickOn("#access-restricted");
        assertThat(vm.restricted().get()).isTrue();
        robot.clickOn((Node) robot.from(rita).lookup(".access-level-read").query());
        assertThat(vm.grants()).hasSize(1);
        assertThat(text(robot, "#access-hint")).isEqualTo(TableAccessViewModel.RESTRICTED_HINT);
        SyncScreenshots.write(desktop.syncScreens().tableAccessWindow().getScene(), "table-access.png");

        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        try {
            waitFor("saved and closed", () -> !desktop.syncScreens().tableAccessWindow().isShowing());
        } catch (AssertionError e) {
            throw new AssertionError("not saved: '" + vm.error().get() + "', dirty " + vm.dirty().get(), e);
        }
        assertThat(vm.error().get()).isEmpty();

        String memberId = owner.get("/api/members").data().stream().filter(m -> memberEmail.equals(m.get("email")))
                .findFirst().orElseThrow().get("id").toString();
        var access = owner.get("/api/tables/" + salaries.id() + "/access");
        assertThat(access.status()).as(access.body()).isEqualTo(200);
        assertThat(access.get("restricted")).isEqualTo(true);
        assertThat(access.get("grants")).isEqualTo(List.of(Map.of("userId", memberId, "level", "read")));

        // the new member can sign in with the password given in the dialog
        ApiClient member = new ApiClient(TestServer.baseUrl());
        assertThat(member.login(memberEmail, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aMemberWhoIsNotAnAdminIsToldOnlyAdminsMay(FxRobot robot) throws Exception {
        ApiClient owner = TestServer.newTenant();
        String memberEmail = "member-" + UUID.randomUUID() + "@test.rowan";
        var added = owner.post("/api/members", Map.of("email", memberEmail, "password", PASSWORD));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String app = owner.createApp("Office");
        owner.createTable(app, "Rooms", List.of(Map.of("name", "Room", "type", "text")));

        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("member")));
        robot.clickOn("#welcome-empty");
        desktop.engine().signIn(TestServer.baseUrl(), memberEmail, PASSWORD, null);
        desktop.engine().syncOnce();
        robot.interact(() -> desktop.viewModel().navigator().reload());
        robot.clickOn("Rooms");
        waitFor("command enabled", () -> !desktop.tableAccess().disabled().get());
        robot.clickOn("#open-table-access");
        TableAccessViewModel vm = accessVm();
        waitFor("refused", () -> !vm.busy().get() && !vm.error().get().isEmpty());
        assertThat(text(robot, "#access-error")).isEqualTo(TableAccessViewModel.FORBIDDEN);
        assertThat(vm.loaded().get()).isFalse();
        assertThat(robot.lookup("#access-save").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#access-add-open").queryAs(Button.class).isDisabled()).isTrue();
    }

    @Test
    void aLocalWorkspaceOffersTheCommandDisabledWithTheReason(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("local")));
        robot.clickOn("#welcome-empty");
        SchemaStore schema = new SchemaStore(ws());
        schema.createTable(schema.createApp("Home").id(), null, "Chores",
                List.of(FieldDef.of(UUID.randomUUID(), "What", new FieldType.Text())));
        robot.interact(() -> desktop.viewModel().navigator().reload());
        assertThat(desktop.tableAccess().tooltip().get()).isEqualTo(TableAccessCommand.NOT_CONNECTED);
        TreeView<?> tree = openNavigatorMenu(robot, "Chores");
        MenuItem item = tree.getContextMenu().getItems().stream().filter(i -> "nav-table-access".equals(i.getId()))
                .findFirst().orElseThrow();
        assertThat(tree.getContextMenu().isShowing()).isTrue();
        assertThat(item.isDisable()).isTrue();
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertThat(robot.lookup("#open-table-access").queryAs(Button.class).isDisabled()).isTrue();
        shortcutAccess(robot);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(desktop.syncScreens().tableAccessWindow()).isNull();
    }
}
