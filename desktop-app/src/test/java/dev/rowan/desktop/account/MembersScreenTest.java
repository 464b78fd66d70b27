package dev.rowan.desktop.account;

import dev.rowan.desktop.testkit.SignedInDesktop;
import static dev.rowan.desktop.testkit.SignedInDesktop.*;
import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.sync.AdminApi;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Members and security" screen in the real window, headless under Monocle, against a real server: an owner
 * changes a member's role, suspends them (their open session is refused at once), unlocks them after a lockout,
 * reads their login history and sets the company's security policy (the form names bad values before the round
 * trip); a member does not get the screen. Writes docs/screenshots/account-members*.png.
 */
@ExtendWith(ApplicationExtension.class)
class MembersScreenTest {
    private static final String PASSWORD = "a long enough passphrase 42";
    @TempDir
    Path dir;
    Desktop desktop;
    Stage stage;

    @Start
    void start(Stage stage) {
        stage.setWidth(1100);
        stage.setHeight(700);
        this.stage = stage;
    }

    @AfterEach
    void close(FxRobot robot) {
        SignedInDesktop.closeAll(robot, stage, desktop);
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) {
        SignedInDesktop.waitFor(what, condition, MembersScreenTest::errorShown);
    }

    private static String errorShown() {
        return new FxRobot().lookup("#members-error").tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    @SuppressWarnings("unchecked")
    private static void choose(FxRobot robot, String id, String value) {
        robot.interact(() -> robot.lookup(id).queryAs(ChoiceBox.class).setValue(value));
    }

    private static String ownerEmail() {
        return newOwner(PASSWORD);
    }

    private static Map<String, Object> user(ApiClient owner, String email) {
        return owner.get("/api/users").data().stream().filter(m -> email.equals(m.get("email"))).findFirst()
                .orElseThrow();
    }

    /** Signs the desktop in as {@code email} and opens the screen from its header button. */
    @SuppressWarnings("unchecked")
    private TableView<AdminApi.Member> openAs(FxRobot robot, String email) throws Exception {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        desktop.engine().signIn(TestServer.baseUrl(), email, PASSWORD, null);
        waitFor("the header offers the screen", () -> robot.lookup("#open-members").query().isVisible());
        robot.clickOn("#open-members");
        waitFor("screen", () -> robot.lookup("#members-screen").tryQuery().isPresent());
        TableView<AdminApi.Member> table = robot.lookup("#members-table").queryAs(TableView.class);
        waitFor("members listed", () -> table.getItems().size() == 2);
        return table;
    }

    /** Presses {@code answer} in the confirmation dialog (looked up inside it, not anywhere on screen). */
    private static void confirm(FxRobot robot, String answer) {
        Node dialog = robot.lookup("#confirm-dialog").query();
        robot.clickOn(robot.from(dialog).lookup((javafx.scene.control.Button b) -> answer.equals(b.getText()))
                .queryButton());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void select(FxRobot robot, TableView<AdminApi.Member> table, String email) {
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(m -> m.email().equals(email)).findFirst().orElseThrow()));
    }

    @Test
    void anOwnerChangesARoleSuspendsAMemberUnlocksThemAndReadsTheirHistory(FxRobot robot) throws Exception {
        String owner = ownerEmail();
        ApiClient ownerApi = signedIn(owner, PASSWORD);
        String mia = "mia-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(ownerApi.post("/api/members", Map.of("email", mia, "password", PASSWORD, "displayName",
                "Mia Holm")).status()).isEqualTo(201);
        ApiClient miaLaptop = signedIn(mia, PASSWORD);
        TableView<AdminApi.Member> table = openAs(robot, owner);

        select(robot, table, mia);
        choose(robot, "#member-role", "admin");
        robot.clickOn("#member-role-apply");
        waitFor("role changed", () -> label(robot, "#members-message").equals("Mia Holm is now admin."));
        assertThat(user(ownerApi, mia)).containsEntry("role", "admin");
        assertThat(table.getItems()).filteredOn(m -> m.email().equals(mia)).extracting(AdminApi.Member::role)
                .containsExactly("admin");

        select(robot, table, mia);
        choose(robot, "#member-status", "suspended");
        robot.clickOn("#member-status-apply");
        waitFor("suspended", () -> label(robot, "#members-message").startsWith("Mia Holm is suspended"));
        assertThat(user(ownerApi, mia)).containsEntry("status", "suspended");
        // the open session stops working at once
        assertThat(miaLaptop.get("/api/account").status()).isEqualTo(401);
        assertThat(new ApiClient(TestServer.baseUrl()).login(mia, PASSWORD).status()).isNotEqualTo(200);

        select(robot, table, mia);
        choose(robot, "#member-status", "active");
        robot.clickOn("#member-status-apply");
        waitFor("active again", () -> label(robot, "#members-message").equals("Mia Holm is active again."));
        // ten wrong passwords lock the account (ROWAN_LOCKOUT_THRESHOLD's default)
        for (int i = 0; i < 10; i++) new ApiClient(TestServer.baseUrl()).login(mia, "not the password " + i);
        assertThat(new ApiClient(TestServer.baseUrl()).login(mia, PASSWORD).status()).isEqualTo(429);
        robot.clickOn("#members-refresh");
        waitFor("shown locked", () -> table.getItems().stream().anyMatch(m -> m.email().equals(mia) && m.locked()));
        select(robot, table, mia);
        assertThat(robot.lookup("#member-unlock").query().isDisabled()).isFalse();
        robot.clickOn("#member-unlock");
        waitFor("unlocked", () -> label(robot, "#members-message").equals("Mia Holm can sign in again."));
        assertThat(table.getItems()).filteredOn(m -> m.email().equals(mia)).extracting(AdminApi.Member::locked)
                .containsExactly(false);
        assertThat(new ApiClient(TestServer.baseUrl()).login(mia, PASSWORD).status()).isEqualTo(200);

        select(robot, table, mia);
        robot.clickOn("#member-history");
        @SuppressWarnings("unchecked")
        TableView<AdminApi.Login> history = robot.lookup("#member-history-table").queryAs(TableView.class);
        waitFor("history", () -> !history.getItems().isEmpty());
        assertThat(label(robot, "#member-history-title")).isEqualTo("Sign-ins of Mia Holm");
        assertThat(history.getItems()).anyMatch(AdminApi.Login::success);
        assertThat(history.getItems()).anyMatch(l -> !l.success() && !l.reason().isBlank());
        select(robot, table, mia);
        shot(robot, "#members-screen", "account-members.png");
    }

    @Test
    void anOwnerRemovesAMemberAndHandsOwnershipToAnother(FxRobot robot) throws Exception {
        String owner = ownerEmail();
        ApiClient ownerApi = signedIn(owner, PASSWORD);
        String leo = "leo-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String ana = "ana-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        for (String e : List.of(leo, ana)) {
            assertThat(ownerApi.post("/api/members", Map.of("email", e, "password", PASSWORD)).status())
                    .isEqualTo(201);
        }
        ApiClient leoLaptop = signedIn(leo, PASSWORD);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        desktop.engine().signIn(TestServer.baseUrl(), owner, PASSWORD, null);
        waitFor("the header offers the screen", () -> robot.lookup("#open-members").query().isVisible());
        robot.clickOn("#open-members");
        @SuppressWarnings("unchecked")
        TableView<AdminApi.Member> table = robot.lookup("#members-table").queryAs(TableView.class);
        waitFor("members listed", () -> table.getItems().size() == 3);

        select(robot, table, leo);
        robot.clickOn("#member-remove");
        waitFor("asked", () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        confirm(robot, "Remove");
        waitFor("removed", () -> table.getItems().size() == 2);
        assertThat(ownerApi.get("/api/members").data()).extracting(m -> m.get("email")).doesNotContain(leo);
        // their session in this company ended
        assertThat(leoLaptop.get("/api/apps").status()).isEqualTo(401);

        select(robot, table, ana);
        robot.clickOn("#member-transfer");
        waitFor("asked", () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        confirm(robot, "Transfer");
        waitFor("transferred", () -> table.getItems().stream()
                .anyMatch(m -> m.email().equals(ana) && m.role().equals("owner")));
        assertThat(user(ownerApi, ana)).containsEntry("role", "owner");
        assertThat(table.getItems()).filteredOn(m -> m.email().equals(owner)).extracting(AdminApi.Member::role)
                .containsExactly("admin");

        // the invitations are one click away, in their own window
        robot.clickOn("#members-invitations");
        waitFor("invitations window", () -> robot.lookup("#invitations-screen").tryQuery().isPresent());
    }

    @Test
    void thePolicyFormNamesBadValuesAndSavesGoodOnes(FxRobot robot) throws Exception {
        String owner = ownerEmail();
        ApiClient ownerApi = signedIn(owner, PASSWORD);
        assertThat(ownerApi.post("/api/members", Map.of("email", "p-" + UUID.randomUUID() + "@acme.test",
                "password", PASSWORD)).status()).isEqualTo(201);
        openAs(robot, owner);
        robot.interact(() -> robot.lookup("#members-tabs").queryAs(javafx.scene.control.TabPane.class)
                .getSelectionModel().select(1));
        // the form shows the server's bounds (shared-model SecurityBounds, in minutes) and refuses past them
        assertThat(label(robot, "#policy-idle-bounds")).isEqualTo("from 1 to 525,600");
        assertThat(label(robot, "#policy-lifetime-bounds")).isEqualTo("from 5 to 525,600");
        assertThat(label(robot, "#policy-sessions-bounds")).isEqualTo("from 1 to 1,000");
        type(robot, "#policy-idle", "525601");
        robot.clickOn("#policy-save");
        waitFor("refused past the bound", () -> label(robot, "#policy-error").contains("from 1 to 525,600"));
        type(robot, "#policy-idle", "ten");
        type(robot, "#policy-lifetime", "2");
        type(robot, "#policy-sessions", "0");
        type(robot, "#policy-domains", "acme.test, not a domain");
        robot.clickOn("#policy-save");
        waitFor("refused", () -> !label(robot, "#policy-error").isEmpty());
        assertThat(label(robot, "#policy-error")).contains("Idle timeout (minutes)")
                .contains("Maximum session length (minutes)").contains("Concurrent sessions")
                .contains("\"not\" is not a domain name");
        Map<String, Object> before = ownerApi.get("/api/company/policy").map();

        choose(robot, "#policy-mfa", "admins");
        type(robot, "#policy-idle", "30");
        type(robot, "#policy-lifetime", "600");
        type(robot, "#policy-sessions", "3");
        type(robot, "#policy-domains", "acme.test, @Example.org");
        robot.clickOn("#policy-save");
        waitFor("saved", () -> label(robot, "#members-message").startsWith("The security policy is saved"));
        assertThat(label(robot, "#policy-error")).isEmpty();
        Map<String, Object> after = ownerApi.get("/api/company/policy").map();
        assertThat(before).containsEntry("requireMfa", "off");
        assertThat(after).containsEntry("requireMfa", "admins").containsEntry("sessionIdleSeconds", 1800)
                .containsEntry("sessionMaxSeconds", 36000).containsEntry("maxSessions", 3)
                .containsEntry("allowedEmailDomains", List.of("acme.test", "example.org"));
        assertThat(robot.lookup("#policy-domains").queryAs(TextInputControl.class).getText())
                .isEqualTo("acme.test, example.org");
        shot(robot, "#members-screen", "account-members-policy.png");
    }

    @Test
    void aMemberDoesNotGetTheScreenAndTheServerRefusesThemAnyway(FxRobot robot) throws Exception {
        String owner = ownerEmail();
        ApiClient ownerApi = signedIn(owner, PASSWORD);
        String member = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(ownerApi.post("/api/members", Map.of("email", member, "password", PASSWORD)).status())
                .isEqualTo(201);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        desktop.engine().signIn(TestServer.baseUrl(), member, PASSWORD, null);
        robot.interact(() -> desktop.accountScreens().openMembers(stage, new dev.rowan.desktop.core.FxDialogService(
                stage)));
        waitFor("refused", () -> !label(robot, "#members-error").isEmpty());
        assertThat(label(robot, "#members-error")).isEqualTo(
                "Only owners and admins manage members and the security policy.");
        assertThat(robot.lookup("#members-table").queryAs(TableView.class).getItems()).isEmpty();
        Node button = robot.lookup("#open-members").query();
        assertThat(button.isVisible()).isFalse();
        // and the server says no to the routes the screen would call
        assertThat(signedIn(member, PASSWORD).get("/api/users").status()).isEqualTo(403);
    }

}
