package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.TableDef;

import java.util.List;
import java.util.UUID;

/**
 * One record added, as one undo step: undo deletes it, redo puts it back with its id and values. {@code then}
 * runs once an undo or redo is stored (a screen showing the record shows it anew).
 */
public record RecordAdded(RecordStore records, TableDef table, Row row, String description, Runnable then)
        implements UndoStack.Change {
    @Override
    public void undo() {
        records.delete(table, List.of(row.id()));
    }

    @Override
    public void redo() {
        records.restore(table, List.of(row));
    }

    @Override
    public UUID tableId() {
        return table.id();
    }

    @Override
    public void settled() {
        then.run();
    }
}
