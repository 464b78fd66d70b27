package dev.rowan.desktop.views;

import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.workspace.RecordStore;

/**
 * How a view changes records: through the workspace's {@link RecordStore} (the H2 table and its outbox entry in one
 * transaction, on the background worker), each change pushed onto the window's undo {@code history} (one history per
 * table, shared by every view, so Ctrl+Z undoes the last change whichever view made it).
 */
public record RecordEditor(RecordStore store, UndoStack history) {
}
