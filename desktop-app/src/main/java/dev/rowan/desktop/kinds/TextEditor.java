package dev.rowan.desktop.kinds;

import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.jspecify.annotations.Nullable;

/**
 * Text, numbers, money, percent, links, e-mail, phone, JSON: one text field; Up/Down save and move. (A long text's
 * line breaks are edited in the form; the grid keeps them as long as its text is not changed here.)
 */
final class TextEditor extends GridEditor {
    private final TextField tf = new TextField();
    private final @Nullable String prompt;
    /** The text the editor opened on, and how the one-line field shows it (without line breaks and tabs). */
    private String opened = "";
    private String shown = "";

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
        opened = text;
        shown = tf.getText();
    }

    /**
     * Saves the typed text; an editor left as it opened saves the text it opened on, so Enter or Tab through a long
     * text never drops its line breaks (a text field cannot hold them).
     */
    public void commit() {
        String now = tf.getText();
        host.commitText(now.equals(shown) ? opened : now);
    }
}
