package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The record grid of one table. Rows are fetched from the workspace a page at a time as the view asks for them:
 * sequential pages by keyset cursor, jumps by offset; a bounded LRU cache keeps the pages around the viewport.
 * Edits, pastes and deletions go through the workspace (and its outbox) and onto the undo stack.
 */
public final class GridViewModel {
    public static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 40;
    public static final int MAX_COPY_ROWS = 10_000;
    private static final Sort DEFAULT_ORDER = Sort.asc("createdAt");

    private final SchemaStore schema;
    private final RecordStore records;
    private final TaskExecutor executor;

    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObservableList<FieldDef> columns = FXCollections.observableArrayList();
    private final ObjectProperty<GridRows> rows = new SimpleObjectProperty<>(new GridRows(this, 0));
    private final LongProperty rowCount = new SimpleLongProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final ObjectProperty<ViewConfig> view = new SimpleObjectProperty<>(ViewConfig.EMPTY);
    private final UndoStack undo = new UndoStack();

    private final LinkedHashMap<Integer, GridRow[]> pages = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<Integer> pending = new HashSet<>();
    private final Map<Integer, Cursor> pageStart = new HashMap<>();
    private volatile int generation;
    private long pagesLoaded;

    public GridViewModel(SchemaStore schema, RecordStore records, TaskExecutor executor) {
        this.schema = schema;
        this.records = records;
        this.executor = executor;
    }

    // ------------------------------------------------------------------ opening and paging

    public void open(UUID tableId) {
        TableDef t = schema.table(tableId);
        ViewConfig cfg = schema.gridViewConfig(tableId).map(json -> {
            try {
                return ViewConfig.parse(json).validFor(t);
            } catch (RuntimeException e) {
                return ViewConfig.EMPTY;
            }
        }).orElse(ViewConfig.EMPTY);
        table.set(t);
        view.set(cfg);
        undo.clear();
        updateColumns();
        refresh();
    }

    /** Re-reads the table definition (after the designer changed it) and reloads. */
    public void reloadSchema() {
        TableDef t = table.get();
        if (t == null) return;
        schema.findTable(t.id()).ifPresent(def -> {
            table.set(def);
            view.set(view.get().validFor(def));
            updateColumns();
            refresh();
        });
    }

    private void updateColumns() {
        TableDef t = table.get();
        if (t == null) {
            columns.clear();
            return;
        }
        columns.setAll(view.get().arrange(t.activeFields()).stream().filter(f -> !view.get().hidden().contains(f.id())).toList());
    }

    /** Drops every cached page and counts again; the view gets a fresh item list. */
    public void refresh() {
        TableDef t = table.get();
        if (t == null) return;
        int gen = ++generation;
        pages.clear();
        pending.clear();
        pageStart.clear();
        Filter filter = view.get().filter();
        loading.set(true);
        executor.submit("Counting records", p -> records.count(t, filter), n -> {
            if (gen != generation) return;
            loading.set(false);
            rowCount.set(n);
            // pages the old list asked for while counting were sized for it
            pages.clear();
            pending.clear();
            pageStart.clear();
            rows.set(new GridRows(this, (int) Math.min(n, Integer.MAX_VALUE)));
        }, this::fail);
    }

    /** The row at {@code index} of the current list; asks for its page if it is not cached. */
    GridRow row(GridRows list, int index) {
        int p = index / PAGE_SIZE;
        GridRow[] page = pages.get(p);
        if (page == null || list != rows.get()) {
            page = new GridRow[Math.min(PAGE_SIZE, list.size() - p * PAGE_SIZE)];
            for (int i = 0; i < page.length; i++) page[i] = new GridRow(p * PAGE_SIZE + i);
            if (list != rows.get()) return page[index - p * PAGE_SIZE];
            pages.put(p, page);
            while (pages.size() > MAX_PAGES) {
                Integer eldest = pages.keySet().iterator().next();
                pages.remove(eldest);
            }
            load(p, page);
        }
        return page[index - p * PAGE_SIZE];
    }

    private void load(int p, GridRow[] target) {
        TableDef t = table.get();
        if (t == null || !pending.add(p)) return;
        int gen = generation;
        Filter filter = view.get().filter();
        List<Sort> sorts = effectiveSorts();
        Cursor start = pageStart.get(p);
        executor.submit("Loading rows", progress -> {
            if (gen != generation) return null;
            return p == 0 || start != null ? records.page(t, filter, sorts, start, PAGE_SIZE)
                    : records.pageAt(t, filter, sorts, (long) p * PAGE_SIZE, PAGE_SIZE);
        }, (Page page) -> {
            pending.remove(p);
            if (page == null || gen != generation) return;
            pagesLoaded++;
            List<Row> got = page.rows();
            for (int i = 0; i < target.length && i < got.size(); i++) target[i].record().set(got.get(i));
            if (page.next() != null) pageStart.put(p + 1, page.next());
        }, e -> {
            pending.remove(p);
            fail(e);
        });
    }

    /** User sorts, then creation order so new rows land at the end and ties stay stable. */
    public List<Sort> effectiveSorts() {
        List<Sort> s = new ArrayList<>(view.get().sorts());
        if (s.stream().noneMatch(x -> x.field().equals("createdAt"))) s.add(DEFAULT_ORDER);
        return s;
    }

    /** The loaded record at a position, if its page is in the cache. */
    public @Nullable Row loadedRecord(int index) {
        GridRow[] page = pages.get(index / PAGE_SIZE);
        return page == null ? null : page[index % PAGE_SIZE].record().get();
    }

    // ------------------------------------------------------------------ sort, filter, hide

    public void setSorts(List<Sort> sorts) {
        TableDef t = requireTable();
        RecordSql.sortColumns(t, sorts);
        saveView(view.get().withSorts(sorts));
        message.set("");
        refresh();
    }

    public void setFilter(@Nullable Filter filter) {
        TableDef t = requireTable();
        if (filter != null) new RecordSql(SqlDialect.H2).where(t, filter);
        saveView(view.get().withFilter(filter));
        message.set("");
        refresh();
    }

    /** Accepts the API's JSON filter form, which nests AND/OR groups. Blank clears the filter. */
    public boolean setFilterJson(String json) {
        try {
            setFilter(json.isBlank() ? null : QueryParser.parseFilter(json));
            message.set("");
            return true;
        } catch (RowanException e) {
            message.set(e.getMessage());
            return false;
        }
    }

    public void setFieldVisible(UUID fieldId, boolean visible) {
        Set<UUID> hidden = new LinkedHashSet<>(view.get().hidden());
        if (visible) hidden.remove(fieldId);
        else hidden.add(fieldId);
        saveView(view.get().withHidden(hidden));
        updateColumns();
    }

    /** Column order after a header drag: the visible fields in their new order (hidden ones keep their place after). */
    public void setColumnOrder(List<UUID> visibleOrder) {
        TableDef t = requireTable();
        List<UUID> order = new ArrayList<>(visibleOrder);
        for (FieldDef f : view.get().arrange(t.activeFields())) if (!order.contains(f.id())) order.add(f.id());
        if (order.equals(view.get().arrange(t.activeFields()).stream().map(FieldDef::id).toList())) return;
        saveView(view.get().withOrder(order));
        updateColumns();
    }

    /** A column's width after the user resized it; kept in the view so it survives reopening. */
    public void setColumnWidth(UUID fieldId, double width) {
        Double old = view.get().widths().get(fieldId);
        if (old != null && Math.abs(old - width) < 0.5) return;
        saveView(view.get().withWidth(fieldId, Math.max(30, width)));
    }

    private void saveView(ViewConfig cfg) {
        TableDef t = requireTable();
        schema.saveGridViewConfig(t.id(), cfg.toJson(t));
        view.set(cfg);
    }

    // ------------------------------------------------------------------ editing

    /** Sets a cell from typed text, parsed with shared-model's lenient rules; errors land in {@link #message}. */
    public boolean editText(int rowIndex, FieldDef field, @Nullable String text) {
        Object value;
        try {
            value = FieldValues.parseText(field, text);
        } catch (RowanException e) {
            message.set(e.getMessage());
            return false;
        }
        return setValue(rowIndex, field, value);
    }

    /** Sets a cell to a canonical value (from a typed editor: checkbox, date picker, select). */
    public boolean setValue(int rowIndex, FieldDef field, @Nullable Object value) {
        Row row = loadedRecord(rowIndex);
        if (row == null) {
            message.set("That row is still loading; try again");
            return false;
        }
        try {
            FieldValues.validate(field, value, field.name());
        } catch (RowanException e) {
            message.set(e.getMessage());
            return false;
        }
        Object before = row.value(field.id());
        if (java.util.Objects.equals(before, value)) return true;
        CellEdits change = new CellEdits(List.of(new CellChange(row.id(), field.id(), before, value)));
        runChange("Saving", change, false);
        return true;
    }

    /** Clears the given cells (Delete key on a selection). */
    public void clearCells(List<int[]> cells) {
        List<CellChange> changes = new ArrayList<>();
        for (int[] rc : cells) {
            Row row = loadedRecord(rc[0]);
            if (row == null || rc[1] >= columns.size()) continue;
            FieldDef f = columns.get(rc[1]);
            if (row.value(f.id()) != null) changes.add(new CellChange(row.id(), f.id(), row.value(f.id()), null));
        }
        if (!changes.isEmpty()) runChange("Clearing cells", new CellEdits(changes), false);
    }

    /**
     * Bulk edit: sets one field to the value typed in {@code text} (parsed and validated with shared-model's rules) on
     * every selected row, in the background with progress, as one undoable step. Rows not in the page cache are read
     * in one range query over the selection's span.
     */
    public boolean bulkSetText(List<Integer> rowIndices, FieldDef field, @Nullable String text) {
        Object value;
        try {
            value = FieldValues.parseText(field, text);
            FieldValues.validate(field, value, field.name());
        } catch (RowanException e) {
            message.set(e.getMessage());
            return false;
        }
        bulkSet(rowIndices, field, value);
        return true;
    }

    public void bulkSet(List<Integer> rowIndices, FieldDef field, @Nullable Object value) {
        TableDef t = requireTable();
        List<Integer> sorted = rowIndices.stream().distinct().sorted().toList();
        if (sorted.isEmpty()) return;
        Filter filter = view.get().filter();
        List<Sort> sorts = effectiveSorts();
        Map<Integer, Row> known = new HashMap<>();
        for (int i : sorted) {
            Row r = loadedRecord(i);
            if (r != null) known.put(i, r);
        }
        executor.submit("Setting " + field.name() + " on " + sorted.size() + " records", progress -> {
            Map<Integer, Row> rowsAt = new HashMap<>(known);
            if (rowsAt.size() < sorted.size()) {
                int from = sorted.getFirst();
                List<Row> span = records.pageAt(t, filter, sorts, from, sorted.getLast() - from + 1).rows();
                for (int i : sorted) if (!rowsAt.containsKey(i) && i - from < span.size()) rowsAt.put(i, span.get(i - from));
            }
            List<CellChange> changes = new ArrayList<>();
            for (int i : sorted) {
                Row r = rowsAt.get(i);
                if (r != null && !java.util.Objects.equals(r.value(field.id()), value)) {
                    changes.add(new CellChange(r.id(), field.id(), r.value(field.id()), value));
                }
            }
            records.workspace().write(c -> {
                int chunk = 500;
                for (int from = 0; from < changes.size(); from += chunk) {
                    if (progress.cancelled()) throw new RowanException(409, "cancelled", "Cancelled; nothing was changed");
                    records.update(t, changes.subList(from, Math.min(changes.size(), from + chunk)));
                    progress.update(Math.min(changes.size(), from + chunk), changes.size());
                }
                return null;
            });
            return new CellEdits(changes);
        }, edits -> {
            undo.push(edits);
            message.set("Set " + field.name() + " on " + edits.changes().size() + " records (Ctrl+Z to undo)");
            applyToCache(edits.changes(), false);
            if (!view.get().sorts().isEmpty() || view.get().filter() != null) refresh();
        }, this::fail);
    }

    public void addRow() {
        TableDef t = requireTable();
        executor.submit("Adding a record", p -> records.insert(t, Map.of()), row -> {
            undo.push(new Inserted(List.of(row)));
            refresh();
        }, this::fail);
    }

    public void deleteRows(List<Integer> indices) {
        TableDef t = requireTable();
        List<Integer> sorted = indices.stream().distinct().sorted().toList();
        if (sorted.isEmpty()) return;
        Filter filter = view.get().filter();
        List<Sort> sorts = effectiveSorts();
        Map<Integer, Row> known = new HashMap<>();
        for (int i : sorted) {
            Row r = loadedRecord(i);
            if (r != null) known.put(i, r);
        }
        executor.submit("Deleting " + sorted.size() + " records", p -> {
            List<UUID> ids = new ArrayList<>();
            for (int i : sorted) {
                Row r = known.get(i);
                if (r == null) r = records.pageAt(t, filter, sorts, i, 1).rows().stream().findFirst().orElse(null);
                if (r != null) ids.add(r.id());
            }
            return records.delete(t, ids);
        }, deleted -> {
            undo.push(new Deleted(deleted));
            message.set(deleted.size() + " records deleted (Ctrl+Z to undo)");
            refresh();
        }, this::fail);
    }

    /**
     * Pastes tab-separated text with its top-left at a cell: existing rows are updated, rows beyond the end are
     * added. Every cell is parsed first; if any fails nothing changes and the message names the first failures.
     */
    public void paste(int startRow, int startCol, String tsv) {
        TableDef t = requireTable();
        List<List<String>> grid = Tsv.parse(tsv);
        if (grid.isEmpty()) return;
        List<FieldDef> cols = List.copyOf(columns);
        long count = rowCount.get();
        Filter filter = view.get().filter();
        List<Sort> sorts = effectiveSorts();
        executor.submit("Pasting " + grid.size() + " rows", progress -> {
            int existing = (int) Math.max(0, Math.min(grid.size(), count - startRow));
            List<Row> targets = existing == 0 ? List.of()
                    : records.pageAt(t, filter, sorts, startRow, existing).rows();
            List<String> errors = new ArrayList<>();
            List<CellChange> changes = new ArrayList<>();
            List<Map<UUID, @Nullable Object>> inserts = new ArrayList<>();
            for (int r = 0; r < grid.size(); r++) {
                Map<UUID, @Nullable Object> values = new HashMap<>();
                List<String> line = grid.get(r);
                for (int c = 0; c < line.size() && startCol + c < cols.size(); c++) {
                    FieldDef f = cols.get(startCol + c);
                    try {
                        values.put(f.id(), FieldValues.parseText(f, line.get(c)));
                    } catch (RowanException e) {
                        if (errors.size() < 3) errors.add("row " + (r + 1) + ", " + f.name() + ": " + e.getMessage());
                    }
                }
                if (r < targets.size()) {
                    Row target = targets.get(r);
                    values.forEach((fid, v) -> {
                        if (!java.util.Objects.equals(target.value(fid), v)) {
                            changes.add(new CellChange(target.id(), fid, target.value(fid), v));
                        }
                    });
                } else {
                    inserts.add(values);
                }
                progress.update(r, grid.size());
            }
            if (!errors.isEmpty()) throw RowanException.invalid("paste", "Nothing pasted: " + String.join("; ", errors));
            List<Row> inserted = records.workspace().write(c -> {
                if (!changes.isEmpty()) records.update(t, changes);
                return inserts.isEmpty() ? List.<Row>of() : records.insertAll(t, inserts, progress::cancelled);
            });
            return new Pasted(new CellEdits(changes), new Inserted(inserted));
        }, pasted -> {
            undo.push(pasted);
            message.set("Pasted " + grid.size() + " rows");
            refresh();
        }, this::fail);
    }

    /** The cells of a rectangle as TSV, formatted as the grid shows them. */
    public String copy(int r0, int r1, int c0, int c1) {
        TableDef t = requireTable();
        if (r1 - r0 + 1 > MAX_COPY_ROWS) {
            throw RowanException.badRequest("Copy at most " + MAX_COPY_ROWS + " rows at a time");
        }
        List<FieldDef> cols = columns.subList(c0, c1 + 1);
        List<Row> rs = new ArrayList<>();
        boolean allLoaded = true;
        for (int i = r0; i <= r1 && allLoaded; i++) {
            Row r = loadedRecord(i);
            if (r == null) allLoaded = false;
            else rs.add(r);
        }
        if (!allLoaded) rs = records.pageAt(t, view.get().filter(), effectiveSorts(), r0, r1 - r0 + 1).rows();
        List<List<String>> out = new ArrayList<>();
        for (Row r : rs) {
            List<String> line = new ArrayList<>();
            for (FieldDef f : cols) line.add(FieldValues.formatText(f.type(), r.value(f.id())));
            out.add(line);
        }
        return Tsv.format(out);
    }

    // ------------------------------------------------------------------ undo

    public void undo() {
        undo.popUndo().ifPresent(c -> executor.submit("Undo", p -> {
            c.undo();
            return c;
        }, done -> {
            undo.undone(done);
            refreshAfter(done);
        }, this::fail));
    }

    public void redo() {
        undo.popRedo().ifPresent(c -> executor.submit("Redo", p -> {
            c.redo();
            return c;
        }, done -> {
            undo.redone(done);
            refreshAfter(done);
        }, this::fail));
    }

    private void runChange(String title, CellEdits change, boolean refreshAll) {
        executor.submit(title, p -> {
            change.redo();
            return change;
        }, done -> {
            undo.push(done);
            message.set("");
            applyToCache(done.changes(), false);
            if (refreshAll) refresh();
        }, this::fail);
    }

    private void refreshAfter(UndoStack.Change c) {
        if (c instanceof CellEdits e) applyToCache(e.changes(), !e.isRedoState());
        else refresh();
    }

    /** Updates cached rows in place so an edit shows without reloading pages. */
    private void applyToCache(List<CellChange> changes, boolean useBefore) {
        Map<UUID, List<CellChange>> byId = new HashMap<>();
        for (CellChange c : changes) byId.computeIfAbsent(c.recordId(), k -> new ArrayList<>()).add(c);
        for (GridRow[] page : pages.values()) {
            for (GridRow gr : page) {
                Row r = gr.record().get();
                if (r == null || !byId.containsKey(r.id())) continue;
                for (CellChange c : byId.get(r.id())) r = r.with(c.fieldId(), useBefore ? c.before() : c.after());
                gr.record().set(r);
            }
        }
    }

    private final class CellEdits implements UndoStack.Change {
        private final List<CellChange> changes;
        private boolean redoState = true;

        CellEdits(List<CellChange> changes) {
            this.changes = List.copyOf(changes);
        }

        List<CellChange> changes() {
            return changes;
        }

        boolean isRedoState() {
            return redoState;
        }

        public void undo() {
            TableDef t = requireTable();
            records.update(t, changes.stream().map(c -> new CellChange(c.recordId(), c.fieldId(), c.after(), c.before())).toList());
            redoState = false;
        }

        public void redo() {
            if (!changes.isEmpty()) records.update(requireTable(), changes);
            redoState = true;
        }
    }

    private final class Inserted implements UndoStack.Change {
        private final List<Row> rows;

        Inserted(List<Row> rows) {
            this.rows = List.copyOf(rows);
        }

        public void undo() {
            records.delete(requireTable(), rows.stream().map(Row::id).toList());
        }

        public void redo() {
            records.restore(requireTable(), rows);
        }
    }

    private final class Deleted implements UndoStack.Change {
        private final List<Row> rows;

        Deleted(List<Row> rows) {
            this.rows = List.copyOf(rows);
        }

        public void undo() {
            records.restore(requireTable(), rows);
        }

        public void redo() {
            records.delete(requireTable(), rows.stream().map(Row::id).toList());
        }
    }

    private record Pasted(CellEdits edits, Inserted inserted) implements UndoStack.Change {
        public void undo() {
            inserted.undo();
            edits.undo();
        }

        public void redo() {
            edits.redo();
            inserted.redo();
        }
    }

    // ------------------------------------------------------------------ state

    private TableDef requireTable() {
        TableDef t = table.get();
        if (t == null) throw new IllegalStateException("No table is open");
        return t;
    }

    private void fail(Throwable e) {
        loading.set(false);
        message.set(Errors.message(e));
    }

    public ObjectProperty<@Nullable TableDef> table() {
        return table;
    }

    public ObservableList<FieldDef> columns() {
        return columns;
    }

    public ObjectProperty<GridRows> rows() {
        return rows;
    }

    public LongProperty rowCount() {
        return rowCount;
    }

    public StringProperty message() {
        return message;
    }

    public BooleanProperty loading() {
        return loading;
    }

    public ObjectProperty<ViewConfig> view() {
        return view;
    }

    public UndoStack undoStack() {
        return undo;
    }

    public long pagesLoaded() {
        return pagesLoaded;
    }

    int cachedPages() {
        return pages.size();
    }
}
