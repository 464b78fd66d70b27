package dev.rowan.desktop.testkit;

import dev.rowan.desktop.Desktop;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture the desktop's account and single sign-on screen tests share: a real server (the test JVM's
 * {@link TestServer} unless a base URL is given), people signed in over its API, a {@link Desktop} in the test's
 * window signed in to it, waiting, reading and typing in screens, closing every window after a test, and screenshots
 * to docs/screenshots ({@code rowan.screenshots}).
 */
public final class SignedInDesktop {
    public static final String PASSWORD = "a long enough passphrase 42";

    private SignedInDesktop() {
    }

    /** Waits up to 30 s for {@code condition}, then for the FX queue. */
    public static void waitFor(String what, Callable<Boolean> condition) {
        waitFor(what, condition, () -> "");
    }

    /** As {@link #waitFor(String, Callable)}; a timeout reports {@code shown} (e.g. the screen's error line). */
    public static void waitFor(String what, Callable<Boolean> condition, Supplier<String> shown) {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        } catch (Exception e) {
            String s = shown.get();
            throw new AssertionError("Timed out waiting until " + what + (s.isEmpty() ? "" : " (screen says: " + s
                    + ")"), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    public static String label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** Sets a field's text at once (a robot typing slowly hides lost keystrokes: STYLE.md). */
    public static void type(FxRobot robot, String id, String text) {
        TextInputControl field = robot.lookup(id).queryAs(TextInputControl.class);
        robot.interact(() -> field.setText(text));
    }

    /** A new company on the test server; its owner's email (password {@code password}). */
    public static String newOwner(String password) {
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        TestServer.createTenant(email, password);
        return email;
    }

    public static ApiClient signedIn(String email, String password) {
        return signedIn(TestServer.baseUrl(), email, password);
    }

    public static ApiClient signedIn(String base, String email, String password) {
        ApiClient api = new ApiClient(base);
        assertThat(api.login(email, password).status()).isEqualTo(200);
        return api;
    }

    /** A desktop on a new workspace in {@code folder}, in the test's window, signed in to the test server. */
    public static Desktop open(FxRobot robot, Stage stage, Path folder, String email, String password)
            throws Exception {
        Desktop[] d = new Desktop[1];
        robot.interact(() -> d[0] = Desktop.start(stage, folder));
        d[0].engine().signIn(TestServer.baseUrl(), email, password, null);
        accountCommandsShown(robot);
        return d[0];
    }

    /** The header's "Profile…" and "Invitations…" show once the workspace is on a server (status hops to FX). */
    public static void accountCommandsShown(FxRobot robot) {
        waitFor("the account commands show", () -> robot.lookup("#open-account").query().isVisible()
                && robot.lookup("#open-invitations").query().isVisible());
    }

    /** After a test: every window but the test's own closes, then the desktop (its workspace and sync). */
    public static void closeAll(FxRobot robot, Stage stage, @Nullable Desktop desktop) {
        if (desktop == null) return;
        robot.interact(() -> {
            for (Window w : new ArrayList<>(Window.getWindows())) {
                if (w != stage && w instanceof Stage s) s.close();
            }
            desktop.close();
        });
    }

    /** Renders the window holding {@code id} and writes it to docs/screenshots (rowan.screenshots). */
    public static void shot(FxRobot robot, String id, String name) throws Exception {
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
