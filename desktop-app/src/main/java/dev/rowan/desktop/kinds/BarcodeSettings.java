package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Map;

/** Barcode: its format (the API's name, "ean13"). */
public final class BarcodeSettings extends KindSettings {
    private final StringProperty format = new SimpleStringProperty();

    BarcodeSettings(FieldType from) {
        super("barcode");
        format.set(from instanceof FieldType.Barcode b ? b.format() : "code128");
    }

    public StringProperty format() {
        return format;
    }

    public Map<String, Object> config() {
        return Map.of("format", format.get() == null ? "" : format.get());
    }
}
