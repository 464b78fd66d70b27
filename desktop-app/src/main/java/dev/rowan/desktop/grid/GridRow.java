package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.Row;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.jspecify.annotations.Nullable;

/** A grid line at a position; its record arrives when its page has loaded (null until then). */
public final class GridRow {
    private final int index;
    private final ObjectProperty<@Nullable Row> record = new SimpleObjectProperty<>();

    GridRow(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    public ObjectProperty<@Nullable Row> record() {
        return record;
    }
}
