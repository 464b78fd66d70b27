package dev.rowan.desktop.ui;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Renders a scene with {@link Scene#snapshot} (works under headless Monocle) and writes it as PNG. */
final class Screenshots {
    private Screenshots() {
    }

    static Path folder() {
        return Path.of(System.getProperty("rowan.screenshots", "target/screenshots"));
    }

    static Path write(Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        CompletableFuture<WritableImage> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(scene.snapshot(null)));
        try {
            WritableImage img = f.get(10, TimeUnit.SECONDS);
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            int[] argb = new int[w * h];
            PixelReader pr = img.getPixelReader();
            pr.getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            out.setRGB(0, 0, w, h, argb, 0, w);
            Files.createDirectories(folder());
            Path file = folder().resolve(name);
            ImageIO.write(out, "png", file.toFile());
            return file;
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("snapshot failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
