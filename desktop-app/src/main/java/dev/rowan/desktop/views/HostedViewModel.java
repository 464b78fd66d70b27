package dev.rowan.desktop.views;

import javafx.beans.value.ObservableValue;
import org.jspecify.annotations.Nullable;

import java.util.Optional;
import java.util.UUID;

/** What the view host asks of every view kind's ViewModel. */
public interface HostedViewModel {
    /** Shows a view of the table: the stored view with {@code viewId}, or (null) the table's first of this kind. */
    void open(UUID tableId, @Nullable UUID viewId);

    /** Reads the records again (they changed: an edit elsewhere, a pull). A view that shows no records ignores it. */
    default void refresh() {
    }

    /** Reads the table's definition again (the designer or a pull changed it) and then the records. */
    void reloadSchema();

    /**
     * What the status bar says about what this view shows ("1,204 records", "12 events in these days"). Empty: the
     * host counts the records matching the view's query (the kanban's total is that count).
     */
    default Optional<ObservableValue<String>> statusCount() {
        return Optional.empty();
    }
}
