package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.TextField;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Created by and last modified by: the member's name, read from the workspace's member directory (pulled on every
 * sync, so names show offline) by the query itself; empty for a member the directory does not list (yet). Typing on a
 * cell opens the plain editor whose save the shared rules refuse with the reason, as for a formula; the form shows the
 * name in a field that cannot be edited. Filters take a name as text. No settings.
 */
final class SystemUserUi<T extends FieldType> extends KindUi<T> {
    SystemUserUi(Class<T> type, String label, T example) {
        super(type, label, example);
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(T t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        TextField tf = textField(text, "set by Rowan");
        tf.setEditable(false);
        tf.setFocusTraversable(false);
        return tf;
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
