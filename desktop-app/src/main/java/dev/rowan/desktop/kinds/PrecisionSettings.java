package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/** Number and percent: decimal places (currency adds its code). */
public sealed class PrecisionSettings extends KindSettings permits CurrencySettings {
    private final IntegerProperty precision = new SimpleIntegerProperty();

    PrecisionSettings(String kind, FieldType from) {
        super(kind);
        precision.set(precisionOf(from));
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
        return config;
    }

    @Override
    public void carry(KindSettings from) {
        if (from instanceof PrecisionSettings p) precision.set(p.precision.get());
    }
}
