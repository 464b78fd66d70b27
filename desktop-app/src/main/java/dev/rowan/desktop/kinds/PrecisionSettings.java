package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/** Number and percent: decimal places (currency adds its code). */
public sealed class PrecisionSettings extends KindSettings permits CurrencySettings {
    private final IntegerProperty precision = new SimpleIntegerProperty();
    private final javafx.beans.property.BooleanProperty thousands = new javafx.beans.property.SimpleBooleanProperty(true);

    PrecisionSettings(String kind, FieldType from) {
        super(kind);
        precision.set(precisionOf(from));
        thousands.set(!(from instanceof FieldType.NumberType n) || n.thousandsSeparator());
    }

    /** Whether the kind has the thousands-separator setting (number fields). */
    public boolean hasThousands() {
        return kind().equals("number");
    }

    /** Number fields: group thousands when shown (off: 2020, not 2,020). */
    public javafx.beans.property.BooleanProperty thousandsSeparator() {
        return thousands;
    }

    /** The decimal places a type has; a kind without them starts at 0 (as the designer always did). */
    private static int precisionOf(FieldType t) {
        if (t instanceof FieldType.NumberType n) return n.precision();
        if (t instanceof FieldType.Currency c) return c.precision();
        if (t instanceof FieldType.Percent p) return p.precision();
        return 0;
    }

    public IntegerProperty precision() {
        return precision;
    }

    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("precision", precision.get());
        // always said: a missing key keeps the field's previous setting
        if (hasThousands()) config.put("thousandsSeparator", thousands.get());
        return config;
    }

    @Override
    public void carry(KindSettings from) {
        if (from instanceof PrecisionSettings p) {
            precision.set(p.precision.get());
            thousands.set(p.thousands.get());
        }
    }
}
