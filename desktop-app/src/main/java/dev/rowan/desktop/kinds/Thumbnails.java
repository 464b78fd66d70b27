package dev.rowan.desktop.kinds;

import dev.rowan.model.value.FileRef;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Small pictures of attached images for grid cells: an {@link ImageView} comes back at once (empty), and the picture
 * is found and decoded at {@link #SIZE} on one background thread, then shown; decoded pictures stay in a small LRU
 * cache, so a row scrolled back into view shows its thumbnail at once and scrolling never waits for a file. Only
 * images the desktop already has are used ({@link FileActions#cached}: never the network), and very large images are
 * skipped (JavaFX decodes the whole image before scaling it).
 */
public final class Thumbnails implements AutoCloseable {
    /** The thumbnail's edge in a grid cell, in pixels. */
    public static final double SIZE = 18;
    /** How many decoded thumbnails are kept. */
    static final int CACHE = 512;
    /** No thumbnails (screens without a workspace, tests of other things). */
    public static final Thumbnails NONE = new Thumbnails(f -> Optional.empty());

    private final Function<FileRef, Optional<Path>> local;
    private final Map<UUID, Image> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Image> eldest) {
            return size() > CACHE;
        }
    };
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rowan-thumbnails");
        t.setDaemon(true);
        return t;
    });
    private int loads;

    /** {@code local}: a file's bytes when the desktop has them, without going to the network. */
    public Thumbnails(Function<FileRef, Optional<Path>> local) {
        this.local = local;
    }

    /** Thumbnails of the files a window's {@link FileActions} can find locally. */
    public static Thumbnails of(FileActions files) {
        return new Thumbnails(files::cached);
    }

    /** Whether a file gets a thumbnail at all: an image of a size worth decoding. */
    public static boolean applies(FileRef f) {
        return f.image() && (long) f.width() * f.height() <= AttachmentEditor.MAX_PIXELS;
    }

    /**
     * A view for the file's thumbnail, on the FX thread: filled at once from the cache, else later (or never, when
     * the desktop does not have the file or it does not decode).
     */
    public ImageView view(FileRef f) {
        ImageView v = new ImageView();
        v.setFitWidth(SIZE);
        v.setFitHeight(SIZE);
        v.setPreserveRatio(true);
        v.getStyleClass().add("attachment-cell-thumb");
        if (!applies(f)) return v;
        Image known;
        synchronized (cache) {
            known = cache.get(f.id());
        }
        if (known != null) {
            v.setImage(known);
            return v;
        }
        loader.execute(() -> {
            Image img = load(f);
            if (img != null) Platform.runLater(() -> v.setImage(img));
        });
        return v;
    }

    /** How many pictures were decoded (a thumbnail from the cache decodes nothing). */
    public synchronized int loads() {
        return loads;
    }

    private Image load(FileRef f) {
        synchronized (cache) {
            Image again = cache.get(f.id());
            if (again != null) return again;
        }
        try {
            Optional<Path> p = local.apply(f);
            if (p.isEmpty()) return null;
            Image img = new Image(p.get().toUri().toString(), SIZE * 2, SIZE * 2, true, true, false);
            if (img.isError()) return null;
            synchronized (this) {
                loads++;
            }
            synchronized (cache) {
                cache.put(f.id(), img);
            }
            return img;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        loader.shutdownNow();
    }
}
