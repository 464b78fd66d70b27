package dev.rowan.desktop.ui;

import javafx.scene.Scene;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A dialog over the dimmed main window, as a person sees it (each scene is rendered on its own under Monocle). */
final class DialogScreenshots {
    private DialogScreenshots() {
    }

    static Path write(Scene main, Scene dialog, String name) {
        Path back = Screenshots.write(main, "tmp-main-" + name);
        Path front = Screenshots.write(dialog, "tmp-dialog-" + name);
        try {
            BufferedImage b = ImageIO.read(back.toFile());
            BufferedImage f = ImageIO.read(front.toFile());
            Graphics2D g = b.createGraphics();
            int x = (b.getWidth() - f.getWidth()) / 2;
            int y = (b.getHeight() - f.getHeight()) / 3;
            g.setColor(new Color(0, 0, 0, 70));
            g.fillRect(0, 0, b.getWidth(), b.getHeight());
            g.setColor(new Color(0, 0, 0, 120));
            g.drawRect(x - 1, y - 1, f.getWidth() + 1, f.getHeight() + 1);
            g.drawImage(f, x, y, null);
            g.dispose();
            Path out = Screenshots.folder().resolve(name);
            ImageIO.write(b, "png", out.toFile());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(back);
                Files.deleteIfExists(front);
            } catch (IOException ignored) {
                // a leftover temporary picture is harmless
            }
        }
    }
}
