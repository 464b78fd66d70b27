package dev.rowan.desktop.grid;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Undo/redo history of grid changes, one history per table: switching to another table and back keeps both. Each
 * entry knows its table and how to revert and reapply itself against the workspace.
 */
public final class UndoStack {
    public interface Change {
        void undo();

        void redo();

        /** The table the change was made in. */
        UUID tableId();

        /** What it was, for "Undone: …" messages: "edit of Name", "paste of 9 rows". */
        String description();

        /** Called on the UI thread once an undo or redo of this change is stored (a view change reloads its bar). */
        default void settled() {
        }
    }

    private static final int MAX = 200;

    private record History(Deque<Change> undo, Deque<Change> redo) {
    }

    private final Map<UUID, History> histories = new HashMap<>();
    private History current = new History(new ArrayDeque<>(), new ArrayDeque<>());
    private final BooleanProperty canUndo = new SimpleBooleanProperty();
    private final BooleanProperty canRedo = new SimpleBooleanProperty();
    private final ObjectProperty<@Nullable Change> applied = new SimpleObjectProperty<>();

    /** Makes a table's history the current one (created empty the first time). */
    public void select(@Nullable UUID tableId) {
        current = tableId == null ? new History(new ArrayDeque<>(), new ArrayDeque<>())
                : histories.computeIfAbsent(tableId, k -> new History(new ArrayDeque<>(), new ArrayDeque<>()));
        update();
    }

    public void push(Change c) {
        History h = historyOf(c);
        h.undo.push(c);
        if (h.undo.size() > MAX) h.undo.removeLast();
        h.redo.clear();
        update();
    }

    private History historyOf(Change c) {
        return histories.computeIfAbsent(c.tableId(), k -> new History(new ArrayDeque<>(), new ArrayDeque<>()));
    }

    /** Takes the change to undo; the caller reverts it and hands it to {@link #undone}. */
    Optional<Change> popUndo() {
        Change c = current.undo.poll();
        update();
        return Optional.ofNullable(c);
    }

    Optional<Change> popRedo() {
        Change c = current.redo.poll();
        update();
        return Optional.ofNullable(c);
    }

    void undone(Change c) {
        historyOf(c).redo.push(c);
        update();
        announce(c);
    }

    void redone(Change c) {
        historyOf(c).undo.push(c);
        update();
        announce(c);
    }

    private void announce(Change c) {
        applied.set(null); // the same change undone, then redone, is news both times
        applied.set(c);
    }

    /**
     * The change last undone or redone, set on the FX thread once it is stored: views other than the grid (which
     * runs Ctrl+Z) read their records again when it is of their table.
     */
    public ReadOnlyObjectProperty<@Nullable Change> applied() {
        return applied;
    }

    /** Forgets the current table's history. */
    public void clear() {
        current.undo.clear();
        current.redo.clear();
        update();
    }

    private void update() {
        canUndo.set(!current.undo.isEmpty());
        canRedo.set(!current.redo.isEmpty());
    }

    public BooleanProperty canUndo() {
        return canUndo;
    }

    public BooleanProperty canRedo() {
        return canRedo;
    }
}
