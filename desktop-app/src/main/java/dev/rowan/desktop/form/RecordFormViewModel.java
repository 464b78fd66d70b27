package dev.rowan.desktop.form;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A form generated from the table's visible fields, in order. Input is parsed and validated with shared-model's
 * rules; each failure is shown beside its field and nothing is saved until all pass.
 */
public final class RecordFormViewModel {
    private final SchemaStore schema;
    private final RecordStore records;
    private final Runnable onSaved;
    private final ObservableList<FormEntry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable Row> record = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty title = new SimpleStringProperty("");
    private @Nullable TableDef table;
    /** Asked when edits that cannot be saved would be left behind: true discards them, false keeps editing. */
    private Predicate<String> askDiscard = message -> false;

    /** The window's undo history the form's writes join (its own when the form stands alone). */
    private final dev.rowan.desktop.grid.UndoStack history;

    public RecordFormViewModel(SchemaStore schema, RecordStore records, Runnable onSaved) {
        this(schema, records, onSaved, new dev.rowan.desktop.grid.UndoStack());
    }

    /** With the window's undo history: every save, link and "+ New" of the form is a step of it (Ctrl+Z). */
    public RecordFormViewModel(SchemaStore schema, RecordStore records, Runnable onSaved,
                               dev.rowan.desktop.grid.UndoStack history) {
        this.schema = schema;
        this.records = records;
        this.onSaved = onSaved;
        this.history = history;
    }

    /** A step of the form's writes, onto the window's history. */
    void pushStep(dev.rowan.desktop.grid.UndoStack.Change step) {
        history.push(step);
    }

    /**
     * After an undo or redo of a step of this table's record is stored: the record shown anew (gone: a blank form),
     * unless the form holds edits not saved yet (they are never dropped).
     */
    void reshow(UUID tableId, UUID recordId) {
        TableDef t = table;
        Row shown = record.get();
        if (t == null || !t.id().equals(tableId) || dirty()) return;
        if (shown != null && !shown.id().equals(recordId)) return;
        boolean exists = records.byId(t, recordId).isPresent();
        load(tableId, exists ? recordId : null);
        if (!exists) message.set("The record was undone (Ctrl+Y puts it back)");
    }

    /** The table of the open record (null before one is opened). */
    public @Nullable UUID tableId() {
        TableDef t = table;
        return t == null ? null : t.id();
    }

    /** Opens a record, or a blank form for a new one when {@code recordId} is null. */
    public void open(UUID tableId, @Nullable UUID recordId) {
        trail.clear();
        canGoBack.set(false);
        load(tableId, recordId);
    }

    /** Where the form came from while walking links: the table and record to go back to. */
    private record Step(UUID tableId, UUID recordId, String title) {
    }

    private final java.util.Deque<Step> trail = new java.util.ArrayDeque<>();
    private final javafx.beans.property.BooleanProperty canGoBack = new javafx.beans.property.SimpleBooleanProperty();
    private final StringProperty backTitle = new SimpleStringProperty("");

    /**
     * Opens a linked record in place of this one (after saving valid edits, as leaving a record does); {@link #back}
     * returns to this one.
     */
    public void openLinked(UUID tableId, UUID recordId) {
        TableDef t = table;
        Row here = record.get();
        if (!leave()) return;
        if (t != null && here != null) trail.push(new Step(t.id(), here.id(), describe(t, here)));
        load(tableId, recordId);
        canGoBack.set(!trail.isEmpty());
        backTitle.set(trail.isEmpty() ? "" : "← Back to " + trail.peek().title());
    }

    /** Back to the record a linked record was opened from. */
    public void back() {
        Step s = trail.peek();
        if (s == null || !leave()) return;
        trail.pop();
        load(s.tableId(), s.recordId());
        canGoBack.set(!trail.isEmpty());
        backTitle.set(trail.isEmpty() ? "" : "← Back to " + trail.peek().title());
    }

    private static String describe(TableDef t, Row r) {
        String title = dev.rowan.desktop.workspace.LinkSearch.titleField(t)
                .map(f -> r.value(f.id()) == null ? "" : FieldValues.formatText(f.type(), r.value(f.id()))).orElse("");
        return title.isBlank() ? t.name() : title;
    }

    /** How many records "← Back" can return through (links walked since the form was opened from outside). */
    public int depth() {
        return trail.size();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty canGoBack() {
        return canGoBack;
    }

    public StringProperty backTitle() {
        return backTitle;
    }

    /**
     * The links of a link field of the record open here, for the record picker; empty for another field or a linked
     * table the workspace does not hold. A new record is saved by its first link ({@link #saveForLinks}).
     */
    public java.util.Optional<dev.rowan.desktop.kinds.FieldLinks> links(FieldDef f) {
        TableDef t = table;
        Row row = record.get();
        if (t == null || !(f.type() instanceof dev.rowan.model.schema.FieldType.Link l)) {
            return java.util.Optional.empty();
        }
        dev.rowan.desktop.workspace.LinkSearch search = new dev.rowan.desktop.workspace.LinkSearch(schema, records);
        return search.target(l).map(target -> new FormLinks(this, records, search, t, row, f, l, target));
    }

    /** Saves the new record open here so it can be linked; false (the fields to fix marked) when it cannot be. */
    boolean saveForLinks() {
        if (record.get() != null) return true;
        if (!save()) return false;
        message.set("Saved the new record to link it");
        return true;
    }

    /** After the picker wrote links: the record read again, and the computed fields (lookups, rollups) shown anew. */
    void linksChanged(UUID recordId) {
        TableDef t = table;
        Row current = record.get();
        if (t == null || current == null || !current.id().equals(recordId)) return;
        Row fresh = records.byId(t, recordId).orElse(current);
        record.set(fresh);
        for (FormEntry e : entries) {
            // the link fields' own text too: a record saved by its first link has the links it was given since
            if (!dev.rowan.model.kind.FieldKinds.of(e.field().type()).computed()
                    && !(e.field().type() instanceof dev.rowan.model.schema.FieldType.Link)) {
                continue;
            }
            e.text().set(FieldValues.formatText(e.field().type(), fresh.value(e.field().id())));
            e.markSaved();
        }
        onSaved.run();
    }

    private void load(UUID tableId, @Nullable UUID recordId) {
        TableDef t = schema.table(tableId);
        table = t;
        Row row = recordId == null ? null : records.byId(t, recordId).orElse(null);
        record.set(row);
        List<FormEntry> list = new ArrayList<>();
        for (FieldDef f : t.activeFields()) {
            FormEntry e = new FormEntry(f);
            Object v = row == null ? f.defaultValue() : row.value(f.id());
            e.text().set(FieldValues.formatText(f.type(), v));
            if (row != null && v == null) {
                // a formula that failed for this record shows its error, as the grid does (shared rule)
                dev.rowan.model.formula.CellErrors.of(t.fields(), f, dev.rowan.desktop.grid.CellValues.of(t, row),
                        row.id(), row.createdAt(), row.updatedAt(), java.time.Clock.systemUTC()).ifPresent(e::cellError);
            }
            e.markSaved();
            list.add(e);
        }
        entries.setAll(list);
        message.set("");
        title.set(row == null ? "New record in " + t.name() : "Record in " + t.name());
    }

    public boolean save() {
        TableDef t = requireTable();
        Map<UUID, @Nullable Object> values = new HashMap<>();
        boolean ok = true;
        for (FormEntry e : entries) {
            e.error().set("");
            // a computed field (formula, last modified time) is shown, never written
            if (dev.rowan.model.kind.FieldKinds.of(e.field().type()).computed()) continue;
            try {
                // the grid's rule: typed numbers are never rounded silently
                Object v = FieldValues.parseTyped(e.field(), e.text().get());
                FieldValues.validate(e.field(), v, e.field().name());
                values.put(e.field().id(), v);
            } catch (RowanException ex) {
                e.error().set(ex.getMessage());
                ok = false;
            }
        }
        if (!ok) {
            message.set("Check the highlighted fields");
            return false;
        }
        try {
            Row current = record.get();
            if (current == null) {
                Row inserted = records.insert(t, values);
                Row stored = records.byId(t, inserted.id()).orElse(inserted);
                record.set(stored);
                history.push(new dev.rowan.desktop.grid.RecordAdded(records, t, stored, "new record from the form",
                        () -> reshow(t.id(), stored.id())));
                message.set("Record added");
            } else {
                List<RecordStore.CellChange> changes = new ArrayList<>();
                values.forEach((fid, v) -> {
                    if (!Objects.equals(current.value(fid), v)) changes.add(new RecordStore.CellChange(current.id(), fid, current.value(fid), v));
                });
                if (!changes.isEmpty()) {
                    records.update(t, changes);
                    history.push(new FormHistory.Edited(records, t, changes, () -> reshow(t.id(), current.id())));
                }
                record.set(records.byId(t, current.id()).orElse(current));
                message.set(changes.isEmpty() ? "No changes" : "Saved");
            }
            title.set("Record in " + t.name());
            entries.forEach(FormEntry::markSaved);
            onSaved.run();
            return true;
        } catch (RuntimeException ex) {
            message.set(Errors.message(ex));
            return false;
        }
    }

    public void delete() {
        TableDef t = requireTable();
        Row current = record.get();
        if (current == null) return;
        records.delete(t, List.of(current.id()));
        open(t.id(), null);
        message.set("Record deleted");
        onSaved.run();
    }

    private TableDef requireTable() {
        if (table == null) throw new IllegalStateException("No table is open");
        return table;
    }

    /** A blank form for a new record in the same table (after the edits of this one are saved or dropped). */
    public void newRecord() {
        boolean edited = dirty();
        if (!leave()) return;
        String said = message.get();
        load(requireTable().id(), null);
        if (edited) message.set(said); // "Saved your changes…" stays in view
    }

    /** Whether the form holds edits that are not saved. */
    public boolean dirty() {
        return entries.stream().anyMatch(FormEntry::edited);
    }

    public void setAskDiscard(Predicate<String> ask) {
        this.askDiscard = ask;
    }

    /**
     * Called before the form is left (another tab, table or record). Edits are never dropped silently: valid edits
     * are saved, as FileMaker commits a record when you leave it and Airtable saves each field as you go; edits
     * that cannot be saved are shown and the user chooses to discard them or keep editing. True when the form
     * may be left.
     */
    public boolean leave() {
        return saveIfValid() || askToDiscard();
    }

    /** Saves edits that pass every rule; true when nothing unsaved is left (false: the errors are shown). */
    public boolean saveIfValid() {
        if (table == null || !dirty()) return true;
        Row before = record.get();
        if (!save()) return false;
        message.set(before == null ? "Added the new record you were editing" : "Saved your changes to the record");
        return true;
    }

    /** Asks whether to drop the edits that cannot be saved; true when they were dropped. */
    public boolean askToDiscard() {
        if (table == null || !dirty()) return true;
        StringBuilder why = new StringBuilder("This record has changes that cannot be saved:\n");
        for (FormEntry e : entries) {
            if (!e.error().get().isEmpty()) why.append("\n• ").append(e.field().name()).append(": ").append(e.error().get());
        }
        why.append("\n\nDiscard these changes, or keep editing to fix them?");
        if (!askDiscard.test(why.toString())) return false;
        Row current = record.get();
        load(requireTable().id(), current == null ? null : current.id());
        message.set("Changes discarded");
        return true;
    }

    public ObservableList<FormEntry> entries() {
        return entries;
    }

    public ObjectProperty<@Nullable Row> record() {
        return record;
    }

    public StringProperty message() {
        return message;
    }

    public StringProperty title() {
        return title;
    }
}
