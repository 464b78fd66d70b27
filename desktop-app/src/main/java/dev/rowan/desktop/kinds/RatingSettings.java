package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

import java.util.Map;

/** Rating: how many stars (1..10). */
public final class RatingSettings extends KindSettings {
    private final IntegerProperty max = new SimpleIntegerProperty();

    RatingSettings(FieldType from) {
        super("rating");
        max.set(from instanceof FieldType.Rating r ? r.max() : 5);
    }

    public IntegerProperty max() {
        return max;
    }

    public Map<String, Object> config() {
        return Map.of("max", max.get());
    }
}
