package dev.rowan.desktop.grid;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.ArrayDeque;
import java.util.Deque;

/** Undo/redo history of grid changes; each entry knows how to revert and reapply itself against the workspace. */
public final class UndoStack {
    public interface Change {
        void undo();

        void redo();
    }

    private static final int MAX = 200;
    private final Deque<Change> undo = new ArrayDeque<>();
    private final Deque<Change> redo = new ArrayDeque<>();
    private final BooleanProperty canUndo = new SimpleBooleanProperty();
    private final BooleanProperty canRedo = new SimpleBooleanProperty();

    public void push(Change c) {
        undo.push(c);
        if (undo.size() > MAX) undo.removeLast();
        redo.clear();
        update();
    }

    /** Takes the change to undo; the caller reverts it and hands it to {@link #undone}. */
    java.util.Optional<Change> popUndo() {
        Change c = undo.poll();
        update();
        return java.util.Optional.ofNullable(c);
    }

    java.util.Optional<Change> popRedo() {
        Change c = redo.poll();
        update();
        return java.util.Optional.ofNullable(c);
    }

    void undone(Change c) {
        redo.push(c);
        update();
    }

    void redone(Change c) {
        undo.push(c);
        update();
    }

    public void clear() {
        undo.clear();
        redo.clear();
        update();
    }

    private void update() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    public BooleanProperty canUndo() {
        return canUndo;
    }

    public BooleanProperty canRedo() {
        return canRedo;
    }
}
