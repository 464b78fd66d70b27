package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/** Number: with its decimal places, thousands grouped unless the field says not, right-aligned; settings: both. */
final class NumberUi extends KindUi<FieldType.NumberType> {
    NumberUi() {
        super(FieldType.NumberType.class, "Number", new FieldType.NumberType(0));
    }

    @Override
    public CellLook.Align align() {
        return CellLook.Align.END;
    }

    @Override
    double widthOf(FieldType.NumberType t) {
        return 110;
    }

    @Override
    String textOf(FieldType.NumberType t, Object value, DateTimeFormatter dates) {
        return t.thousandsSeparator() ? Formats.grouped((BigDecimal) value, t.precision())
                : Formats.plain((BigDecimal) value, t.precision());
    }

    public FilterInput filterInput() {
        return FilterInput.NUMBER;
    }

    GridEditor gridEditorOf(FieldType.NumberType t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.NumberType t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return textField(text, null);
    }

    public KindSettings settings(FieldType from) {
        return new PrecisionSettings(kind(), from);
    }
}
