package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.Row;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.jspecify.annotations.Nullable;

/**
 * A grid line at a position: a record, which arrives when its page has loaded (null until then), or in a grouped
 * grid a group's header (never a record; read-only).
 */
public final class GridRow {
    private final int index;
    private final ObjectProperty<@Nullable Row> record = new SimpleObjectProperty<>();
    private final GroupedGrid.@Nullable Header header;

    GridRow(int index) {
        this(index, null);
    }

    GridRow(int index, GroupedGrid.@Nullable Header header) {
        this.index = index;
        this.header = header;
    }

    public int index() {
        return index;
    }

    public ObjectProperty<@Nullable Row> record() {
        return record;
    }

    /** The group header this line shows, if it is one. */
    public GroupedGrid.@Nullable Header header() {
        return header;
    }
}
