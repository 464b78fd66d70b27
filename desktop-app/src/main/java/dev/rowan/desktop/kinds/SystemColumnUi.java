package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * The four system-column kinds as fields: created time and last modified time (read-only date-times in the
 * preferred pattern and this computer's time zone, filtered by date) and created by and last modified by (the
 * member's name, read from the workspace's member directory — pulled on every sync, so names show offline — by the
 * query itself; empty for a member the directory does not list yet; filtered by a name as text). Typing on a cell
 * opens the plain editor whose save the shared rules refuse with the reason, as for a formula; the form shows the
 * value in a field that cannot be edited. No settings.
 */
final class SystemColumnUi<T extends FieldType> extends KindUi<T> {
    private final boolean times;

    private SystemColumnUi(Class<T> type, String label, T example, boolean times) {
        super(type, label, example);
        this.times = times;
    }

    /** Created time or last modified time. */
    static <T extends FieldType> SystemColumnUi<T> time(Class<T> type, String label, T example) {
        return new SystemColumnUi<>(type, label, example, true);
    }

    /** Created by or last modified by. */
    static <T extends FieldType> SystemColumnUi<T> user(Class<T> type, String label, T example) {
        return new SystemColumnUi<>(type, label, example, false);
    }

    @Override
    String textOf(T t, Object value, DateTimeFormatter dates) {
        return times ? Formats.dateTime((OffsetDateTime) value, dates) : super.textOf(t, value, dates);
    }

    @Override
    String editTextOf(T t, Object value, DateTimeFormatter dates) {
        return times ? Formats.typedDateTime((OffsetDateTime) value, dates) : super.editTextOf(t, value, dates);
    }

    public FilterInput filterInput() {
        return times ? FilterInput.DATE : FilterInput.TEXT;
    }

    GridEditor gridEditorOf(T t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return readOnlyField(text, "set by Rowan");
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
