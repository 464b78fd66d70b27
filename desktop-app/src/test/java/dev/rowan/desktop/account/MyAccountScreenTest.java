package dev.rowan.desktop.account;

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
        if (desktop != null) robot.interact(() -> {
            for (Window w : new ArrayList<>(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) s.close();
            }
            desktop.close();
        });
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (Exception e) {
            throw new AssertionError("Timed out waiting until " + what, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static ApiClient signedIn(String email) {
        ApiClient api = new ApiClient(TestServer.baseUrl());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        return api;
    }

    @SuppressWarnings("unchecked")
    private TableView<AdminApi.Login> open(FxRobot robot, String email) throws Exception {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        desktop.engine().signIn(TestServer.baseUrl(), email, PASSWORD, null);
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
        waitFor("left", () -> label(robot, "#account-extras-message").startsWith("You left"));
        assertThat(ownerApi.get("/api/members").data()).extracting(m -> m.get("email")).doesNotContain(member);
        assertThat(robot.lookup("#account-company-leave").query().isDisabled()).isTrue();
    }

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
