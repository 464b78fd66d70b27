package dev.rowan.desktop.kinds;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A link field in the record form: the linked records by title, each opening its own form when clicked (so one can
 * walk links), and "Link records" opening the {@link LinkPicker} under them. The picker is made when first asked
 * for, so a form does not search every linked table as it opens.
 */
final class LinkFormEditor {
    private final FieldLinks links;
    private final FlowPane records = new FlowPane(6, 4);
    private final VBox box;
    private @Nullable LinkPicker picker;

    LinkFormEditor(FieldLinks links) {
        this.links = links;
        records.getStyleClass().add("link-records");
        Button edit = new Button("Link records…");
        edit.getStyleClass().add("flat");
        edit.setId("form-link-pick");
        HBox top = new HBox(8, records, edit);
        top.setAlignment(Pos.CENTER_LEFT);
        box = new VBox(4, top);
        box.getStyleClass().add("form-links");
        edit.setOnAction(e -> {
            LinkPicker p = picker;
            if (p == null) {
                p = picker = new LinkPicker(links);
                p.historyWhenEmpty(); // the form's links are steps of the window's undo history

                Node root = p.root();
                LinkPicker made = p;
                p.input().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, k -> {
                    if (k.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                        root.setVisible(false);
                        root.setManaged(false);
                        edit.requestFocus();
                        k.consume();
                    }
                });
                made.onChange(() -> show(made.linked()));
                box.getChildren().add(root);
                root.requestFocus();
                p.input().requestFocus();
                return;
            }
            Node root = p.root();
            boolean show = !root.isVisible();
            root.setVisible(show);
            root.setManaged(show);
            if (show) p.input().requestFocus();
        });
        show(links.linked());
    }

    Node root() {
        return box;
    }

    private void show(List<LinkChoice> linked) {
        records.getChildren().clear();
        for (LinkChoice c : linked) {
            Hyperlink h = new Hyperlink(c.shown());
            h.getStyleClass().add("form-linked-record");
            h.setOnAction(e -> links.open(c));
            records.getChildren().add(h);
        }
        if (records.getChildren().isEmpty()) {
            Label none = new Label("No linked records");
            none.getStyleClass().add("muted-text");
            records.getChildren().add(none);
        }
    }
}
