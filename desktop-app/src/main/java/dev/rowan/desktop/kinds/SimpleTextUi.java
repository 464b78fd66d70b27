package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Duration and time of day: one value typed as text ("1:30", "2:30 pm") that the shared rules read; the grid and the
 * form say what to type. No settings.
 */
final class SimpleTextUi<T extends FieldType> extends KindUi<T> {
    private final double width;
    private final String prompt;
    private final CellLook.Align align;

    SimpleTextUi(Class<T> type, String label, T example, double width, String prompt, CellLook.Align align) {
        super(type, label, example);
        this.width = width;
        this.prompt = prompt;
        this.align = align;
    }

    @Override
    public CellLook.Align align() {
        return align;
    }

    @Override
    double widthOf(T t) {
        return width;
    }

    /** Typed like text ("1:30", "14:30"); the shared rules read the value, so "gt 1:00" compares as a duration. */
    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(T t, EditorHost host) {
        return new TextEditor(host, prompt);
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return textField(text, prompt);
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
