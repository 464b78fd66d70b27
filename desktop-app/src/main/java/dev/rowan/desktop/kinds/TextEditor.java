package dev.rowan.desktop.kinds;

import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.jspecify.annotations.Nullable;

/** Text, numbers, money, percent, links, e-mail, phone, JSON: one text field; Up/Down save and move. */
final class TextEditor extends GridEditor {
    private final TextField tf = new TextField();
    private final @Nullable String prompt;

    TextEditor(EditorHost host, @Nullable String prompt) {
        super(host);
        this.prompt = prompt;
        tf.getStyleClass().add("grid-editor");
        keys(tf, true);
        tf.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!host.isOpen(this)) return;
            if (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN) {
                host.save(e.getCode() == KeyCode.UP ? -1 : 1, 0);
                e.consume();
            }
        });
    }

    public Node root() {
        return tf;
    }

    public Node input() {
        return tf;
    }

    public void start(String text, boolean typed) {
        if (prompt != null) tf.setPromptText(prompt);
        tf.setText(text);
        tf.end();
    }

    public void commit() {
        host.commitText(tf.getText());
    }
}
