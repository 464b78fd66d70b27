package dev.rowan.desktop.syncui;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Like ui.Screenshots: renders a scene with Scene#snapshot (works under headless Monocle) and writes a PNG. */
final class SyncScreenshots {
    private SyncScreenshots() {
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
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            out.setRGB(0, 0, w, h, argb, 0, w);
            Path folder = Path.of(System.getProperty("rowan.screenshots", "target/screenshots"));
            Files.createDirectories(folder);
            Path file = folder.resolve(name);
            ImageIO.write(out, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("snapshot failed", e);
        }
    }
}
