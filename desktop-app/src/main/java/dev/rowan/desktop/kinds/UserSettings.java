package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.Map;

/** User: one member, or several ("allow several"). */
public final class UserSettings extends KindSettings {
    private final BooleanProperty multiple = new SimpleBooleanProperty();

    UserSettings(FieldType from) {
        super("user");
        multiple.set(from instanceof FieldType.User u && u.multiple());
    }

    public BooleanProperty multiple() {
        return multiple;
    }

    public Map<String, Object> config() {
        return Map.of("multiple", multiple.get());
    }
}
