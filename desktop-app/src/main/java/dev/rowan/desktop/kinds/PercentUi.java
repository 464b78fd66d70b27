package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/** Percent: the number shown with "%" (35 means 35 %), right-aligned; settings: decimal places. */
final class PercentUi extends KindUi<FieldType.Percent> {
    /** Editors say how a percentage is typed: the number shown, not a fraction. */
    static final String PROMPT = "35 = 35 %";

    PercentUi() {
        super(FieldType.Percent.class, "Percent", new FieldType.Percent(0));
    }

    @Override
    public CellLook.Align align() {
        return CellLook.Align.END;
    }

    @Override
    double widthOf(FieldType.Percent t) {
        return 100;
    }

    @Override
    String textOf(FieldType.Percent t, Object value, DateTimeFormatter dates) {
        return ((BigDecimal) value).toPlainString() + " %";
    }

    public FilterInput filterInput() {
        return FilterInput.NUMBER;
    }

    GridEditor gridEditorOf(FieldType.Percent t, EditorHost host) {
        return new TextEditor(host, PROMPT);
    }

    Node formEditorOf(FieldType.Percent t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return textField(text, PROMPT);
    }

    public KindSettings settings(FieldType from) {
        return new PrecisionSettings(kind(), from);
    }
}
