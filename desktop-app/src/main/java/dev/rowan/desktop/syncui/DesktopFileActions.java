package dev.rowan.desktop.syncui;

import dev.rowan.desktop.kinds.FileActions;
import dev.rowan.desktop.sync.SyncEngine;
import dev.rowan.model.value.FileRef;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.jspecify.annotations.Nullable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The window's file actions: files are attached into the workspace cache and queued for upload; opening finds the
 * bytes (cache, else the server, which fills the cache for offline use later) off the FX thread, then shows images
 * in a preview window and hands other files to the system's application.
 */
public final class DesktopFileActions implements FileActions {
    private static final Logger LOG = Logger.getLogger(DesktopFileActions.class.getName());
    /** Images with more pixels are not previewed (JavaFX decodes them whole): they open in the system's viewer. */
    static final long PREVIEW_MAX_PIXELS = 40_000_000;

    private final SyncEngine engine;
    private final Supplier<Window> owner;
    private final Consumer<String> message;
    private Supplier<List<Path>> chooser;
    private @Nullable Stage preview;

    public DesktopFileActions(SyncEngine engine, Supplier<Window> owner, Consumer<String> message) {
        this.engine = engine;
        this.owner = owner;
        this.message = message;
        this.chooser = this::showChooser;
    }

    /** Replaces the file chooser (GUI tests cannot drive the platform's dialog). */
    public void chooser(Supplier<List<Path>> chooser) {
        this.chooser = chooser;
    }

    private List<Path> showChooser() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Attach files");
        List<File> picked = fc.showOpenMultipleDialog(owner.get());
        return picked == null ? List.of() : picked.stream().map(File::toPath).toList();
    }

    public List<Path> choose() {
        return chooser.get();
    }

    public FileRef attach(UUID tableId, Path file) throws IOException {
        return engine.files().attach(tableId, file);
    }

    public Optional<Path> local(FileRef file) throws IOException {
        return engine.file(file.id());
    }

    @Override
    public Optional<Path> cached(FileRef file) {
        return engine.files().cached(file.id());
    }

    public void open(FileRef file) {
        Thread.ofVirtual().name("rowan-open-file").start(() -> {
            Optional<Path> path;
            try {
                path = local(file);
            } catch (IOException e) {
                LOG.log(Level.FINE, "fetching a file failed", e);
                path = Optional.empty();
            }
            if (path.isEmpty()) {
                Platform.runLater(() -> message.accept(file.name() + " is not on this computer yet; connect to the "
                        + "server to fetch it"));
                return;
            }
            Path p = path.get();
            if (file.image() && (long) file.width() * file.height() <= PREVIEW_MAX_PIXELS) {
                Platform.runLater(() -> showPreview(file, p));
            } else if (file.mime().equals("application/pdf")) {
                // rendered here, off the FX thread; shown there
                Optional<javafx.scene.image.WritableImage> page = PdfPreview.firstPage(p);
                if (page.isPresent()) {
                    Platform.runLater(() -> show(file, page.get(), file.name() + " — first page"));
                } else {
                    openWithSystem(file, p);
                }
            } else {
                openWithSystem(file, p);
            }
        });
    }

    private void showPreview(FileRef file, Path p) {
        // large images are decoded at most at screen size; small ones as they are
        Image img = new Image(p.toUri().toString(), Math.min(1600, file.width()), Math.min(1200, file.height()), true,
                true, false);
        if (img.isError()) {
            message.accept(file.name() + " could not be shown");
            return;
        }
        show(file, img, file.name() + " — " + file.width() + "×" + file.height());
    }

    private void show(FileRef file, Image img, String captionText) {
        ImageView view = new ImageView(img);
        view.setPreserveRatio(true);
        view.setId("attachment-preview-image");
        ScrollPane scroll = new ScrollPane(view);
        Label caption = new Label(captionText);
        BorderPane root = new BorderPane(scroll, null, null, caption, null);
        Stage s = preview;
        if (s == null) {
            s = new Stage();
            s.initOwner(owner.get());
            preview = s;
        }
        s.setTitle(file.name());
        s.setScene(new Scene(root, Math.min(900, img.getWidth() + 40), Math.min(700, img.getHeight() + 60)));
        s.show();
    }

    private void openWithSystem(FileRef file, Path p) {
        try {
            if (java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.OPEN)) {
                java.awt.Desktop.getDesktop().open(p.toFile());
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "the system could not open a file", e);
        }
        Platform.runLater(() -> message.accept("No application opens " + file.name() + " here; it is saved at " + p));
    }

    /** The preview window, when one was shown (tests). */
    public @Nullable Stage preview() {
        return preview;
    }
}
