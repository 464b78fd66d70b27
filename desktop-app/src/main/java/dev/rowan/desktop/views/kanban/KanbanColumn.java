package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.query.Filter;
import dev.rowan.model.sql.Cursor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

/**
 * One column of a board: an option of the stack field (or "No value"), the cards loaded so far (pages, in the view's
 * order), how many records it holds in all, and whether it is collapsed. {@code filter} is the view's filter AND the
 * stack field's value of this column: what its pages and its count read.
 */
public final class KanbanColumn {
    private final String key;
    private final String label;
    private final String color;
    private final Filter filter;
    private final ObservableList<Row> cards = FXCollections.observableArrayList();
    private final LongProperty count = new SimpleLongProperty(-1);
    private final BooleanProperty collapsed = new SimpleBooleanProperty();
    /** Ranks of the loaded cards in the view's manual order (cards without one are unranked). */
    private final java.util.Map<java.util.UUID, String> ranks = new java.util.HashMap<>();
    private @Nullable Cursor next;
    private boolean exhausted;
    private boolean loading;

    KanbanColumn(String key, String label, String color, Filter filter, boolean collapsed) {
        this.key = key;
        this.label = label;
        this.color = color;
        this.filter = filter;
        this.collapsed.set(collapsed);
    }

    /** The option id, or {@code KanbanConfig.NO_VALUE} for the column of records without a value. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** The option's colour name or hex ("" for the No value column). */
    public String color() {
        return color;
    }

    Filter filter() {
        return filter;
    }

    /** The cards loaded so far; more follow while {@link #hasMore()}. */
    public ObservableList<Row> cards() {
        return cards;
    }

    /** Records in the column (-1 until counted). */
    public LongProperty count() {
        return count;
    }

    public BooleanProperty collapsed() {
        return collapsed;
    }

    /** The loaded cards' ranks in manual order, by record id (empty when the board is not in manual order). */
    java.util.Map<java.util.UUID, String> ranks() {
        return ranks;
    }

    public boolean hasMore() {
        return !exhausted;
    }

    @Nullable Cursor next() {
        return next;
    }

    void paged(@Nullable Cursor after) {
        next = after;
        exhausted = after == null;
    }

    boolean loading() {
        return loading;
    }

    void loading(boolean l) {
        loading = l;
    }

    @Override
    public String toString() {
        return label;
    }
}
