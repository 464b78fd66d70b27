package dev.rowan.desktop.kinds;

import dev.rowan.model.value.FileRef;
import dev.rowan.desktop.core.Styles;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The form's attachment editor: one chip per file (a thumbnail for images the desktop has, the name, Open and ×),
 * and "Add files…". It edits the form's text (the JSON list of file references), so the form saves attachments like
 * any other field: through the record write, into the outbox. Adding copies the file into the cache and queues its
 * upload first ({@link FileActions#attach}), so it works offline.
 */
final class AttachmentEditor {
    static final double THUMB = 40;
    /** Larger images are not decoded for a thumbnail (JavaFX decodes the whole image before scaling it). */
    static final long MAX_PIXELS = 40_000_000;
    private final StringProperty text;
    private final FormContext ctx;
    private final FlowPane chips = new FlowPane(6, 6);
    private final Label error = new Label();
    private final VBox root;

    AttachmentEditor(StringProperty text, FormContext ctx) {
        this.text = text;
        this.ctx = ctx;
        Button add = new Button("Add files…");
        add.getStyleClass().add("attachment-add");
        add.setDisable(ctx.tableId() == null);
        add.setOnAction(e -> add());
        error.getStyleClass().add(Styles.ERROR);
        chips.getStyleClass().add("attachment-chips");
        chips.setPrefWrapLength(420);
        root = new VBox(6, chips, new HBox(8, add, error));
        root.getStyleClass().add("attachment-editor");
        text.addListener((o, a, b) -> rebuild());
        rebuild();
    }

    Node root() {
        return root;
    }

    private List<FileRef> files() {
        try {
            return new ArrayList<>(FileRef.list(text.get() == null || text.get().isBlank() ? null
                    : dev.rowan.model.json.JsonText.parse(text.get())));
        } catch (RuntimeException e) {
            return new ArrayList<>();
        }
    }

    private void set(List<FileRef> files) {
        var v = FileRef.value(files);
        text.set(v == null ? "" : v.text());
    }

    private void add() {
        UUID table = ctx.tableId();
        if (table == null) return;
        List<FileRef> files = files();
        for (Path p : ctx.files().choose()) {
            try {
                files.add(ctx.files().attach(table, p));
                error.setText("");
            } catch (IOException | RuntimeException e) {
                error.setText("Could not attach " + p.getFileName() + ": " + e.getMessage());
            }
        }
        set(files);
    }

    private void rebuild() {
        chips.getChildren().clear();
        for (FileRef f : files()) chips.getChildren().add(chip(f));
    }

    private Node chip(FileRef f) {
        Label name = new Label(AttachmentUi.label(f));
        name.getStyleClass().add("attachment-name");
        Button open = new Button("Open");
        open.getStyleClass().addAll("attachment-open", "flat");
        open.setOnAction(e -> ctx.files().open(f));
        Button remove = new Button("×");
        remove.getStyleClass().addAll("attachment-remove", "flat");
        remove.setTooltip(new Tooltip("Remove " + f.name() + " from this record"));
        remove.setOnAction(e -> {
            List<FileRef> files = files();
            files.removeIf(x -> x.id().equals(f.id()));
            set(files);
        });
        HBox chip = new HBox(4);
        chip.setAlignment(Pos.CENTER_LEFT);
        ImageView thumb = thumbnail(f);
        if (thumb != null) chip.getChildren().add(thumb);
        chip.getChildren().addAll(name, open, remove);
        chip.getStyleClass().addAll(Styles.CHIP, Styles.chip(f.image() ? "teal" : "gray"), "attachment-chip");
        chip.setUserData(f);
        return chip;
    }

    /** A small picture of an image the desktop has locally (never fetched here: the form must open at once). */
    private @Nullable ImageView thumbnail(FileRef f) {
        if (!f.image()) return null;
        try {
            if ((long) f.width() * f.height() > MAX_PIXELS) return null;
            Optional<Path> local = ctx.files().cached(f);
            if (local.isEmpty()) return null;
            Image img = new Image(local.get().toUri().toString(), THUMB, THUMB, true, true, false);
            if (img.isError()) return null;
            ImageView v = new ImageView(img);
            v.getStyleClass().add("attachment-thumb");
            return v;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
