package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.TextArea;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Kinds whose values are one piece of text: single line and long text, URL, e-mail, phone, JSON. They show their
 * text, edit in a text field in the grid, and have no settings; they differ in width, sorting and the form editor.
 */
final class TextUi<T extends FieldType> extends KindUi<T> {
    private final double width;
    private final boolean sortable;
    private final boolean multiline;

    TextUi(Class<T> type, String label, T example, double width, boolean sortable, boolean multiline) {
        super(type, label, example);
        this.width = width;
        this.sortable = sortable;
        this.multiline = multiline;
    }

    @Override
    double widthOf(T t) {
        return width;
    }

    @Override
    public boolean sortable() {
        return sortable;
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(T t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        if (!multiline) return textField(text, null);
        TextArea ta = new TextArea();
        ta.setPrefRowCount(3);
        ta.setPrefColumnCount(30);
        ta.textProperty().bindBidirectional(text);
        return ta;
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
