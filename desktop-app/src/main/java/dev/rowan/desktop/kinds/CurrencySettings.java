package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Map;

/** Currency: decimal places and the ISO 4217 code (USD unless the field had one). */
public final class CurrencySettings extends PrecisionSettings {
    private final StringProperty currencyCode = new SimpleStringProperty();

    CurrencySettings(FieldType from) {
        super("currency", from);
        currencyCode.set(from instanceof FieldType.Currency c ? c.currencyCode() : "USD");
    }

    public StringProperty currencyCode() {
        return currencyCode;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("currencyCode", currencyCode.get());
        return config;
    }

    @Override
    public void carry(KindSettings from) {
        super.carry(from);
        if (from instanceof CurrencySettings c) currencyCode.set(c.currencyCode.get());
    }
}
