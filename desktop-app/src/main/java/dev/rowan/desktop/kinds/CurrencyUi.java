package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;

/** Currency: money the way the user's locale writes it, right-aligned; settings: decimal places and the code. */
final class CurrencyUi extends KindUi<FieldType.Currency> {
    CurrencyUi() {
        super(FieldType.Currency.class, "Currency", new FieldType.Currency("USD", 2));
    }

    @Override
    public CellLook.Align align() {
        return CellLook.Align.END;
    }

    @Override
    String textOf(FieldType.Currency t, Object value, DateTimeFormatter dates) {
        return Formats.money((BigDecimal) value, t, Locale.getDefault(Locale.Category.FORMAT));
    }

    public FilterInput filterInput() {
        return FilterInput.NUMBER;
    }

    GridEditor gridEditorOf(FieldType.Currency t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.Currency t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return textField(text, null);
    }

    public KindSettings settings(FieldType from) {
        return new CurrencySettings(from);
    }
}
