package dev.rowan.desktop.form;

import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The record form's writes as steps of the window's undo history (slice h-fieldgaps2): the same per-table
 * {@link UndoStack} the grid and the other views push onto, so Ctrl+Z undoes the last change whichever screen made it.
 * A new record saved by its first link is two steps — the record, then its link — so the first Ctrl+Z removes the
 * link and the second the record. Every step calls {@code settled} once its undo or redo is stored, which shows the
 * form's record anew.
 */
final class FormHistory {
    private FormHistory() {
    }

    /** Fields of a record saved from the form: undo writes the values before, redo those after. */
    record Edited(RecordStore records, TableDef table, List<RecordStore.CellChange> changes, Runnable reshow)
            implements UndoStack.Change {
        @Override
        public void undo() {
            List<RecordStore.CellChange> back = new ArrayList<>();
            for (RecordStore.CellChange c : changes) {
                back.add(new RecordStore.CellChange(c.recordId(), c.fieldId(), c.after(), c.before()));
            }
            records.update(table, back);
        }

        @Override
        public void redo() {
            records.update(table, changes);
        }

        @Override
        public UUID tableId() {
            return table.id();
        }

        @Override
        public String description() {
            return changes.size() == 1 ? "form edit" : "form edit of " + changes.size() + " fields";
        }

        @Override
        public void settled() {
            reshow.run();
        }
    }

    /**
     * The records a link field of the form's record links, set from the form's picker; with {@code made}, a record
     * the picker's "+ New" made in the linked table for it (undo removes it too, redo puts it back first).
     */
    record Linked(RecordStore records, TableDef table, UUID recordId, FieldDef field, List<UUID> before,
                  List<UUID> after, TableDef target, @org.jspecify.annotations.Nullable Row made, Runnable reshow)
            implements UndoStack.Change {
        @Override
        public void undo() {
            records.setLinks(table, recordId, field, before);
            if (made != null) records.delete(target, List.of(made.id()));
        }

        @Override
        public void redo() {
            if (made != null) records.restore(target, List.of(made));
            records.setLinks(table, recordId, field, after);
        }

        @Override
        public UUID tableId() {
            return table.id();
        }

        @Override
        public String description() {
            return made != null ? "new linked record in " + target.name() : "links of " + field.name();
        }

        @Override
        public void settled() {
            reshow.run();
        }
    }
}
