package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.Map;

/** Date: whether it has a time of day. */
public final class DateSettings extends KindSettings {
    private final BooleanProperty includeTime = new SimpleBooleanProperty();

    DateSettings(FieldType from) {
        super("date");
        includeTime.set(from instanceof FieldType.DateType d && d.includeTime());
    }

    public BooleanProperty includeTime() {
        return includeTime;
    }

    public Map<String, Object> config() {
        return Map.of("includeTime", includeTime.get());
    }
}
