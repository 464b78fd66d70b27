package dev.rowan.desktop.kinds;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

/** A select option being edited; the id is kept for existing options so stored values stay attached. */
public final class OptionDraft {
    private final @Nullable String id;
    private final StringProperty label = new SimpleStringProperty();
    private final StringProperty color = new SimpleStringProperty();

    public OptionDraft(@Nullable String id, String label, String color) {
        this.id = id;
        this.label.set(label);
        this.color.set(color);
    }

    public @Nullable String id() {
        return id;
    }

    public StringProperty label() {
        return label;
    }

    public StringProperty color() {
        return color;
    }
}
