package dev.rowan.desktop.account;

import dev.rowan.desktop.testkit.SignedInDesktop;
import static dev.rowan.desktop.testkit.SignedInDesktop.*;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.rowan.desktop.Desktop;
import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account screens in the real window, headless under Monocle, against a real server that mails over SMTP to
 * GreenMail in this JVM: accepting an invitation by code and resetting a password from the connect dialog, the
 * account screen's profile and password, and the admin's invitations screen. Every code and link typed here comes
 * from a mail the SMTP server received. Writes docs/screenshots/account-*.png.
 */
@ExtendWith(ApplicationExtension.class)
class AccountScreensTest {
    private static final String PASSWORD = "a long enough passphrase 42";
    private static final Pattern TOKEN_LINK = Pattern.compile("(https://\\S+\\?token=\\S+)");
    private static final Pattern CODE = Pattern.compile("\\b([A-Z2-9]{5}-[A-Z2-9]{5})\\b");
    private static GreenMail mail;
    private static RowanServer server;
    private static String base;
    @TempDir
    Path dir;
    Desktop desktop;

    @Start
    void start(Stage stage) {
        stage.setWidth(1100);
        stage.setHeight(700);
        this.stage = stage;
    }

    Stage stage;

    @BeforeAll
    static void servers() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        server = RowanServer.start(TestServer.settings(Map.of("ROWAN_SMTP_HOST", "127.0.0.1",
                "ROWAN_SMTP_PORT", String.valueOf(mail.getSmtp().getPort()), "ROWAN_SMTP_TLS", "none",
                "ROWAN_PUBLIC_URL", "https://rowan.example.test")));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServers() {
        server.close();
        mail.stop();
    }

    @AfterEach
    void close(FxRobot robot) {
        SignedInDesktop.closeAll(robot, stage, desktop);
    }

    private static String mailText(String to) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            MimeMessage[] all = mail.getReceivedMessages();
            for (int i = all.length - 1; i >= 0; i--) {
                if (all[i].getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(to)) {
                    return GreenMailUtil.getBody(all[i]).replace("=\r\n", "").replace("=3D", "=");
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail to " + to);
    }

    private static int mailsTo(String to) throws Exception {
        int n = 0;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(to)) n++;
        }
        return n;
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static String owner() {
        return newOwner(PASSWORD);
    }

    private static String companyOf(ApiClient admin) {
        return String.valueOf(admin.get("/api/auth/me").map().get("companyId"));
    }

    private static ApiClient signedIn(String email, String password) {
        return SignedInDesktop.signedIn(base, email, password);
    }

    private void openConnect(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#open-connect");
        waitFor("connect dialog", () -> robot.lookup("#connect-dialog").tryQuery().isPresent());
        type(robot, "#connect-url", base);
    }

    @Test
    void aNewPersonAcceptsAnInvitationByCodeFromTheSignInDialog(FxRobot robot) throws Exception {
        ApiClient admin = signedIn(owner(), PASSWORD);
        String email = "nina-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(admin.post("/api/invitations", Map.of("email", email, "role", "admin")).status()).isEqualTo(201);
        String code = find(CODE, mailText(email));

        openConnect(robot);
        type(robot, "#connect-email", email);
        robot.clickOn("#connect-accept-invitation");
        waitFor("invitation dialog", () -> robot.lookup("#invite-dialog").tryQuery().isPresent());
        assertThat(robot.lookup("#invite-email").queryAs(TextInputControl.class).getText()).isEqualTo(email);
        assertThat(robot.lookup("#invite-url").queryAs(TextInputControl.class).getText()).isEqualTo(base);
        // a wrong code: the server's sentence, nothing created
        type(robot, "#invite-code", "WRONG-CODE2");
        type(robot, "#invite-password", PASSWORD);
        robot.clickOn("#invite-accept");
        waitFor("an error", () -> !label(robot, "#invite-error").isEmpty());
        assertThat(label(robot, "#invite-error")).contains("unknown, used, cancelled or expired");

        type(robot, "#invite-code", code.toLowerCase());
        type(robot, "#invite-password", PASSWORD);
        type(robot, "#invite-name", "Nina Park");
        robot.clickOn("#invite-accept");
        waitFor("accepted", () -> !label(robot, "#invite-message").isEmpty());
        assertThat(label(robot, "#invite-message")).contains("account is ready").contains("admin");
        shot(robot, "#invite-dialog", "account-accept-invitation.png");
        // the connect dialog now names the company joined
        assertThat(robot.lookup("#connect-company").queryAs(TextInputControl.class).getText())
                .isEqualTo(companyOf(admin));
        ApiClient nina = signedIn(email, PASSWORD);
        assertThat(nina.get("/api/account").map()).containsEntry("displayName", "Nina Park");
        assertThat(admin.get("/api/invitations").data()).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("status", "accepted"));
    }

    @Test
    void forgotPasswordMailsALinkThatSetsANewPassword(FxRobot robot) throws Exception {
        String email = owner();
        ApiClient before = signedIn(email, PASSWORD);
        openConnect(robot);
        type(robot, "#connect-email", email);
        shot(robot, "#connect-dialog", "account-connect-links.png");
        robot.clickOn("#connect-forgot");
        waitFor("reset dialog", () -> robot.lookup("#forgot-dialog").tryQuery().isPresent());
        robot.clickOn("#forgot-send");
        waitFor("the link step", () -> robot.lookup("#forgot-link").query().isVisible());
        String link = find(TOKEN_LINK, mailText(email));
        assertThat(link).startsWith("https://rowan.example.test/account/reset?token=");

        type(robot, "#forgot-link", link);
        type(robot, "#forgot-password", "password123");
        type(robot, "#forgot-repeat", "password123");
        robot.clickOn("#forgot-set");
        waitFor("a refusal", () -> !label(robot, "#forgot-error").isEmpty());
        assertThat(label(robot, "#forgot-error")).contains("too common");

        type(robot, "#forgot-password", "my brand new passphrase");
        type(robot, "#forgot-repeat", "my brand new passphrase");
        robot.clickOn("#forgot-set");
        waitFor("done", () -> label(robot, "#forgot-message").contains("password is set"));
        assertThat(label(robot, "#forgot-error")).isEmpty();
        shot(robot, "#forgot-dialog", "account-forgot-password.png");
        assertThat(before.get("/api/account").status()).isEqualTo(401);
        signedIn(email, "my brand new passphrase");
    }

    @Test
    void theAccountScreenSavesTheProfileAndChangesThePassword(FxRobot robot) throws Exception {
        String email = owner();
        ApiClient laptop = signedIn(email, PASSWORD);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        desktop.engine().signIn(base, email, PASSWORD, null);
        accountCommandsShown(robot);
        robot.clickOn("#open-account");
        waitFor("profile loaded", () -> robot.lookup("#profile-email").tryQuery().isPresent()
                && label(robot, "#profile-email").equals(email));
        type(robot, "#profile-name", "Olga Berg");
        type(robot, "#profile-timezone", "Mars/Base");
        robot.clickOn("#profile-save");
        waitFor("a refusal", () -> !label(robot, "#profile-error").isEmpty());
        assertThat(label(robot, "#profile-error")).contains("time zone");
        type(robot, "#profile-timezone", "Europe/Oslo");
        type(robot, "#profile-language", "nb");
        robot.clickOn("#profile-save");
        waitFor("saved", () -> label(robot, "#profile-message").equals("Profile saved."));
        assertThat(laptop.get("/api/account").map()).containsEntry("displayName", "Olga Berg")
                .containsEntry("timezone", "Europe/Oslo").containsEntry("language", "nb");

        type(robot, "#password-current", PASSWORD);
        type(robot, "#password-new", "olga's new passphrase");
        type(robot, "#password-repeat", "olga's new passphrase");
        robot.clickOn("#password-change");
        waitFor("changed", () -> label(robot, "#profile-message").startsWith("Password changed"));
        assertThat(label(robot, "#profile-message")).contains("1 other session was signed out");
        assertThat(laptop.get("/api/account").status()).isEqualTo(401);
        shot(robot, "#profile-screen", "account-profile.png");
    }

    @Test
    void anAdminInvitesResendsAndCancelsOnTheInvitationsScreen(FxRobot robot) throws Exception {
        String email = owner();
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        desktop.engine().signIn(base, email, PASSWORD, null);
        accountCommandsShown(robot);
        robot.clickOn("#open-invitations");
        waitFor("screen", () -> robot.lookup("#invitations-screen").tryQuery().isPresent());
        @SuppressWarnings("unchecked")
        TableView<dev.rowan.desktop.sync.ProfileApi.Invitation> table =
                robot.lookup("#invitations-table").queryAs(TableView.class);
        String guest = "guest-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        type(robot, "#invite-new-email", guest);
        robot.clickOn("#invite-new-send");
        waitFor("listed", () -> table.getItems().size() == 1);
        assertThat(table.getItems().getFirst().status()).isEqualTo("pending");
        assertThat(mailText(guest)).contains(find(CODE, mailText(guest)));
        type(robot, "#invite-new-email", "second-" + guest);
        robot.interact(() -> robot.lookup("#invite-new-role").queryAs(javafx.scene.control.ChoiceBox.class)
                .setValue("admin"));
        robot.clickOn("#invite-new-send");
        waitFor("two", () -> table.getItems().size() == 2);
        shot(robot, "#invitations-screen", "account-invitations.png");

        Node resend = robot.lookup(".invitation-resend").queryAll().stream()
                .filter(n -> !n.isDisabled()).findFirst().orElseThrow();
        String resentTo = ((dev.rowan.desktop.sync.ProfileApi.Invitation) ((javafx.scene.control.TableCell<?, ?>)
                resend.getParent().getParent()).getItem()).email();
        robot.clickOn(resend);
        waitFor("resent", () -> label(robot, "#invitations-message").startsWith("Sent again"));
        assertThat(mailsTo(resentTo)).isEqualTo(2);
        Node cancel = robot.lookup(".invitation-cancel").queryAll().stream()
                .filter(n -> !n.isDisabled()).findFirst().orElseThrow();
        robot.clickOn(cancel);
        waitFor("cancelled", () -> table.getItems().stream().anyMatch(i -> i.status().equals("cancelled")));
        ApiClient api = signedIn(email, PASSWORD);
        assertThat(api.get("/api/invitations?status=cancelled").data()).hasSize(1);
        assertThat(api.get("/api/invitations?status=pending").data()).hasSize(1);
    }

    /** Renders the window holding {@code id} and writes it to docs/screenshots (rowan.screenshots). */
    private static void shot(FxRobot robot, String id, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Scene scene = robot.lookup(id).query().getScene();
        CompletableFuture<WritableImage> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(scene.snapshot(null)));
        WritableImage img = f.get(10, TimeUnit.SECONDS);
        Path folder = Path.of(System.getProperty("rowan.screenshots", "target/screenshots"));
        Files.createDirectories(folder);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        var out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        ImageIO.write(out, "png", folder.resolve(name).toFile());
    }
}
