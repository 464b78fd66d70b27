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
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.ImageView;
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
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile window's second column in the real window against a real server: the person's own login history,
 * an avatar uploaded from a chosen file and shown as the server serves it, renaming the company (owners and
 * admins) and leaving it (refused for the only owner, done for a member). Writes
 * docs/screenshots/account-profile-extras.png.
 */
@ExtendWith(ApplicationExtension.class)
class MyAccountScreenTest {
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

    private static ApiClient signedIn(String email) {
        return SignedInDesktop.signedIn(email, PASSWORD);
    }

    @SuppressWarnings("unchecked")
    private TableView<AdminApi.Login> open(FxRobot robot, String email) throws Exception {
        desktop = SignedInDesktop.open(robot, stage, dir.resolve("ws"), email, PASSWORD);
        Path image = dir.resolve("me.png");
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x2f7d4f));
        g.fillRect(0, 0, 40, 30);
        g.dispose();
        ImageIO.write(img, "png", image.toFile());
        desktop.accountScreens().imageChooser(w -> Optional.of(image));
        robot.clickOn("#open-account");
        waitFor("company shown", () -> robot.lookup("#account-company-name").tryQuery().isPresent()
                && !robot.lookup("#account-company-name").queryAs(TextInputControl.class).getText().isEmpty());
        return robot.lookup("#account-history-table").queryAs(TableView.class);
    }

    @Test
    void anOwnerSeesTheirSignInsSetsAnAvatarRenamesTheCompanyAndCannotLeaveIt(FxRobot robot) throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        TestServer.createTenant(owner, PASSWORD);
        assertThat(new ApiClient(TestServer.baseUrl()).login(owner, "not my password").status()).isEqualTo(401);
        ApiClient ownerApi = signedIn(owner);
        TableView<AdminApi.Login> history = open(robot, owner);

        assertThat(history.getItems()).anyMatch(l -> !l.success() && l.reason().equals("wrong_password"));
        assertThat(history.getItems()).anyMatch(AdminApi.Login::success);
        assertThat(label(robot, "#account-company-role")).isEqualTo("Your role: owner");
        assertThat(robot.lookup("#account-avatar").queryAs(ImageView.class).getImage()).isNull();

        robot.clickOn("#account-avatar-choose");
        waitFor("avatar saved", () -> label(robot, "#account-extras-message").equals("Avatar saved."));
        var shown = robot.lookup("#account-avatar").queryAs(ImageView.class).getImage();
        assertThat(shown).isNotNull();
        assertThat(shown.getWidth()).isEqualTo(40);
        assertThat(shown.getHeight()).isEqualTo(30);
        HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestServer.baseUrl() + "/api/account/avatar"))
                .header("Authorization", "Bearer " + ownerApi.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(stored.body())).getWidth()).isEqualTo(40);

        robot.interact(() -> robot.lookup("#account-company-name").queryAs(TextInputControl.class)
                .setText("Acme Renamed"));
        robot.clickOn("#account-company-rename");
        waitFor("renamed", () -> label(robot, "#account-extras-message")
                .equals("The company is now called Acme Renamed."));
        assertThat(ownerApi.get("/api/company").map()).containsEntry("name", "Acme Renamed");

        robot.clickOn("#account-company-leave");
        waitFor("asked", () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        robot.clickOn("Leave");
        waitFor("refused", () -> !label(robot, "#account-extras-error").isEmpty());
        assertThat(label(robot, "#account-extras-error")).contains("only owner");
        assertThat(ownerApi.get("/api/company").status()).isEqualTo(200);
        robot.interact(() -> desktop.accountScreens().myAccountViewModel().error().set(""));
        shot(robot, "#account-extras", "account-profile-extras.png");
    }

    @Test
    void aMemberCannotRenameButLeavesTheCompany(FxRobot robot) throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        TestServer.createTenant(owner, PASSWORD);
        ApiClient ownerApi = signedIn(owner);
        String member = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(ownerApi.post("/api/members", Map.of("email", member, "password", PASSWORD)).status())
                .isEqualTo(201);
        open(robot, member);
        assertThat(label(robot, "#account-company-role")).isEqualTo("Your role: member");
        Node rename = robot.lookup("#account-company-rename").query();
        assertThat(rename.isVisible()).isFalse();
        assertThat(robot.lookup("#account-company-name").queryAs(TextInputControl.class).isEditable()).isFalse();

        robot.clickOn("#account-company-leave");
        waitFor("asked", () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        robot.clickOn("Leave");
        // no other company to go on in: the profile window closes and the connect screen says why it opened
        waitFor("the connect screen opens", () -> robot.lookup("#connect-notice").tryQuery().isPresent());
        assertThat(label(robot, "#connect-notice")).startsWith("You left ").contains("no other company");
        assertThat(robot.lookup("#account-company-leave").tryQuery()).isEmpty();
        assertThat(ownerApi.get("/api/members").data()).extracting(m -> m.get("email")).doesNotContain(member);
        assertThat(desktop.viewModel().workspace().setting("sync.token")).isEmpty();
        assertThat(desktop.viewModel().status().get()).startsWith("You left ");
        shot(robot, "#connect-notice", "account-left-connect.png");
    }

    @Test
    void leavingACompanyGoesOnInAnotherCompanysWorkspaceAndSaysSo(FxRobot robot) throws Exception {
        String owner = newOwner(PASSWORD);
        ApiClient ownerApi = signedIn(owner);
        String first = String.valueOf(ownerApi.get("/api/company").get("id"));
        String member = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(ownerApi.post("/api/members", Map.of("email", member, "password", PASSWORD)).status())
                .isEqualTo(201);
        // the member also has a company of their own
        ApiClient memberApi = signedIn(member);
        String own = memberApi.post("/api/companies", Map.of("name", "Member's Own Ltd")).id();
        assertThat(own).isNotEqualTo(first);
        open(robot, member);
        Desktop[] current = {desktop};
        desktop.onReplaced(d -> current[0] = d);
        assertThat(desktop.engine().account().orElseThrow().companyId()).isEqualTo(first);

        robot.clickOn("#account-company-leave");
        waitFor("asked", () -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        robot.clickOn("Leave");
        waitFor("the other company's workspace is open", () -> current[0] != desktop
                && current[0].engine().account().map(a -> a.companyId().equals(own)).orElse(false));
        Desktop there = current[0];
        desktop = there;
        assertThat(there.viewModel().status().get()).isEqualTo("You left Test company; this is Member's Own Ltd's "
                + "workspace.");
        assertThat(dir.resolve("ws-" + own)).isDirectory();
        // its session is the other company's, and the left company no longer knows the member
        ApiClient asDesktop = new ApiClient(TestServer.baseUrl());
        asDesktop.token(there.viewModel().workspace().setting("sync.token").orElseThrow());
        assertThat(asDesktop.get("/api/company").get("name")).isEqualTo("Member's Own Ltd");
        assertThat(ownerApi.get("/api/members").data()).extracting(m -> m.get("email")).doesNotContain(member);
        assertThat(robot.lookup("#account-company-leave").tryQuery()).isEmpty();
        assertThat(robot.lookup("#connect-notice").tryQuery()).isEmpty();
    }

    @Test
    void aRemovedMemberIsSentToTheConnectScreenWhichSaysWhy(FxRobot robot) throws Exception {
        String owner = newOwner(PASSWORD);
        ApiClient ownerApi = signedIn(owner);
        String member = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        var added = ownerApi.post("/api/members", Map.of("email", member, "password", PASSWORD));
        assertThat(added.status()).isEqualTo(201);
        desktop = SignedInDesktop.open(robot, stage, dir.resolve("ws"), member, PASSWORD);
        desktop.engine().start();
        assertThat(ownerApi.delete("/api/company/members/" + added.id()).status()).isEqualTo(204);
        waitFor("the connect screen opens", () -> robot.lookup("#connect-notice").tryQuery().isPresent());
        assertThat(label(robot, "#connect-notice")).contains("removed from the company");
        assertThat(desktop.viewModel().status().get()).contains("removed from the company");
    }

    @Test
    void aLocalOnlyWorkspaceShowsNoProfileOrInvitationsCommands(FxRobot robot) throws Exception {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("local")));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#open-account").query().isVisible()).isFalse();
        assertThat(robot.lookup("#open-invitations").query().isVisible()).isFalse();
        // once the workspace signs in to a server they are there
        desktop.engine().signIn(TestServer.baseUrl(), newOwner(PASSWORD), PASSWORD, null);
        waitFor("the account commands show", () -> robot.lookup("#open-account").query().isVisible()
                && robot.lookup("#open-invitations").query().isVisible());
    }

    @Test
    void aRemovedMemberGoesOnInAnotherCompanyTheyAreStillSignedInTo(FxRobot robot) throws Exception {
        String owner = newOwner(PASSWORD);
        ApiClient ownerApi = signedIn(owner);
        String first = String.valueOf(ownerApi.get("/api/company").get("id"));
        String member = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        var added = ownerApi.post("/api/members", Map.of("email", member, "password", PASSWORD));
        assertThat(added.status()).isEqualTo(201);
        String own = signedIn(member).post("/api/companies", Map.of("name", "Member's Own Ltd")).id();
        desktop = SignedInDesktop.open(robot, stage, dir.resolve("ws"), member, PASSWORD);
        Desktop[] current = {desktop};
        desktop.onReplaced(d -> current[0] = d);
        // the member has been in their own company's workspace (it keeps its session) and is back in the first
        robot.interact(() -> current[0].syncScreens().openAccount());
        var account = current[0].syncScreens().accountViewModel();
        waitFor("companies listed", () -> account.companies().size() == 2);
        robot.clickOn("#account-switch-1");
        waitFor("in their own company", () -> current[0].engine().account().map(a -> a.companyId().equals(own))
                .orElse(false));
        Desktop there = current[0];
        robot.interact(() -> there.syncScreens().openAccount());
        var again = there.syncScreens().accountViewModel();
        waitFor("companies listed again", () -> again.companies().size() == 2);
        robot.clickOn("#account-switch-0");
        waitFor("back in the first company", () -> current[0] != there
                && current[0].engine().account().map(a -> a.companyId().equals(first)).orElse(false));
        Desktop back = current[0];
        desktop = back;

        assertThat(ownerApi.delete("/api/company/members/" + added.id()).status()).isEqualTo(204);
        waitFor("the other company's workspace opens", () -> current[0] != back
                && current[0].engine().account().map(a -> a.companyId().equals(own)).orElse(false));
        desktop = current[0];
        assertThat(desktop.viewModel().status().get()).contains("removed from it")
                .contains("another company you are signed in to");
        assertThat(robot.lookup("#connect-notice").tryQuery()).isEmpty();
    }
}
