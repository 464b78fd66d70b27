package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Autonumber: the server's number, read-only. A record made on this desktop has none until its push is answered and
 * the pull brings it: its cell shows {@link #PROVISIONAL} (and sorts and filters as empty) rather than a local number
 * another desktop could also have given. Typing on a cell opens the plain editor whose save the shared rules refuse
 * with the reason. No settings.
 */
final class AutonumberUi extends KindUi<FieldType.Autonumber> {
    /** What a record not yet numbered by the server shows. */
    static final String PROVISIONAL = "…";

    AutonumberUi() {
        super(FieldType.Autonumber.class, "Autonumber", new FieldType.Autonumber());
    }

    @Override
    public CellLook.Align align() {
        return CellLook.Align.END;
    }

    @Override
    CellLook lookOf(FieldType.Autonumber t, @Nullable Object value, DateTimeFormatter dates) {
        return new CellLook.Text(value == null ? PROVISIONAL : text(t, value, dates));
    }

    public FilterInput filterInput() {
        return FilterInput.NUMBER;
    }

    GridEditor gridEditorOf(FieldType.Autonumber t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.Autonumber t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return readOnlyField(text, "numbered by the server");
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
