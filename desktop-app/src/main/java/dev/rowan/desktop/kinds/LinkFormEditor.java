package dev.rowan.desktop.kinds;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * A link field in the record form: the linked records by title, each opening its own form when clicked (so one can
 * walk links), and "Link records" opening the {@link LinkPicker} under them.
 */
final class LinkFormEditor {
    private final FieldLinks links;
    private final FlowPane records = new FlowPane(6, 4);
    private final VBox box;
    private LinkPicker picker;

    LinkFormEditor(FieldLinks links) {
        this.links = links;
        records.getStyleClass().add("link-records");
        Button edit = new Button("Link records…");
        edit.getStyleClass().add("flat");
        edit.setId("form-link-pick");
        picker = new LinkPicker(links);
        Node pickerRoot = picker.root();
        pickerRoot.setVisible(false);
        pickerRoot.setManaged(false);
        edit.setOnAction(e -> {
            boolean show = !pickerRoot.isVisible();
            pickerRoot.setVisible(show);
            pickerRoot.setManaged(show);
            if (show) picker.input().requestFocus();
        });
        picker.input().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                pickerRoot.setVisible(false);
                pickerRoot.setManaged(false);
                edit.requestFocus();
                e.consume();
            }
        });
        picker.onChange(this::show);
        HBox top = new HBox(8, records, edit);
        top.setAlignment(Pos.CENTER_LEFT);
        box = new VBox(4, top, pickerRoot);
        box.getStyleClass().add("form-links");
        show();
    }

    Node root() {
        return box;
    }

    private void show() {
        records.getChildren().clear();
        for (LinkChoice c : picker.linked()) {
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
