package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.TextField;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Created time and last modified time: read-only date-times in the preferred pattern and this computer's time zone.
 * Typing on a cell opens the plain editor whose save the shared rules refuse with the reason, as for a formula; the
 * form shows the value in a field that cannot be edited. No settings.
 */
final class SystemTimeUi<T extends FieldType> extends KindUi<T> {
    SystemTimeUi(Class<T> type, String label, T example) {
        super(type, label, example);
    }

    @Override
    String textOf(T t, Object value, DateTimeFormatter dates) {
        return Formats.dateTime((OffsetDateTime) value, dates);
    }

    @Override
    String editTextOf(T t, Object value, DateTimeFormatter dates) {
        return Formats.typedDateTime((OffsetDateTime) value, dates);
    }

    public FilterInput filterInput() {
        return FilterInput.DATE;
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
