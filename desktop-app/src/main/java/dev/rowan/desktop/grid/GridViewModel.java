package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.views.HostedViewModel;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.Ids;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.UUID;

/**
 * The record grid of one table. Rows are fetched from the workspace a page at a time as the view asks for them:
 * sequential pages by keyset cursor, jumps by offset; a bounded LRU cache keeps the pages around the viewport.
 * Edits, pastes and deletions go through the workspace (and its outbox) and onto the undo stack.
 */
public final class GridViewModel implements HostedViewModel {
    public static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 40;
    public static final int MAX_COPY_ROWS = 10_000;
    private static final Sort DEFAULT_ORDER = Sort.asc("createdAt");

    private final SchemaStore schema;
    private final RecordStore records;
    private final TaskExecutor executor;
    private final GroupedGrid grouped;

    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObservableList<FieldDef> columns = FXCollections.observableArrayList();
    private final ObjectProperty<GridRows> rows = new SimpleObjectProperty<>(new GridRows(this, 0));
    private final LongProperty rowCount = new SimpleLongProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private java.util.function.Consumer<String> linkOpener = url -> { };
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final ObjectProperty<GridConfig> view = new SimpleObjectProperty<>(GridConfig.EMPTY);
    private final UndoStack undo;
    private final ViewStore views;
    /** The grid view shown (null until a table without one saves its first setting) and its name. */
    private @Nullable UUID viewId;
    private String viewName = DEFAULT_VIEW_NAME;
    public static final String DEFAULT_VIEW_NAME = "Grid";
    /** Records being entered that still miss a required value, per table: shown after the stored rows, not stored. */
    private final Map<UUID, List<Row>> drafts = new HashMap<>();
    /** Cells whose typed or pasted text was refused: the text and why, shown in place until fixed. */
    private final Map<CellKey, Mark> marks = new HashMap<>();
    private final IntegerProperty marksRevision = new SimpleIntegerProperty();
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    /** The record the user's cursor is on (kept by the view); a refresh moves the cursor to wherever it went. */
    private final ObjectProperty<@Nullable UUID> focusedRecord = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable Focus> focusRequest = new SimpleObjectProperty<>();
    private long focusSeq;
    private long storedCount;
    /** A filtered list is first counted up to this many (and shown as "10,000+"), then exactly after its first page. */
    public static final int COUNT_CAP = 10_000;
    private int countCap = COUNT_CAP;
    private final BooleanProperty countCapped = new SimpleBooleanProperty();
    /** The generation whose exact count is still to be read (-1: none), and the record it should find. */
    private int exactWanted = -1;
    private @Nullable UUID exactFollow;
    /** Drafts that became complete and are being stored: they keep their place until a refresh lists them. */
    private final Set<UUID> saving = new HashSet<>();
    /** Drafts whose insert has finished; the next refresh counts them and drops the draft copies. */
    private final Set<UUID> saved = new HashSet<>();

    private final LinkedHashMap<Integer, GridRow[]> pages = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<Integer> pending = new HashSet<>();
    private final Map<Integer, Cursor> pageStart = new HashMap<>();
    private volatile int generation;
    private long pagesLoaded;

    /** A cell of a record. */
    public record CellKey(UUID recordId, UUID fieldId) {
    }

    /** Text a cell refused and the reason; the cell shows the text, marked, until it is fixed or cleared. */
    public record Mark(String text, String message) {
    }

    /** A cell a paste could not fill: where it is (the row number the user saw) and why. */
    public record Problem(int row, UUID recordId, FieldDef field, String text, String message) {
        public String describe() {
            return "Row " + row + ", " + field.name() + ": " + message;
        }
    }

    /** Where the view should put its cursor: a row index and, if given, a field. */
    public record Focus(long seq, int index, @Nullable UUID fieldId) {
    }

    public GridViewModel(SchemaStore schema, RecordStore records, TaskExecutor executor) {
        this(schema, records, executor, new ViewStore(records.workspace()), new UndoStack());
    }

    /** With the view store its settings are read from and saved to, and the undo history it shares with the window. */
    public GridViewModel(SchemaStore schema, RecordStore records, TaskExecutor executor, ViewStore views, UndoStack undo) {
        this.schema = schema;
        this.records = records;
        this.executor = executor;
        this.grouped = new GroupedGrid(records, executor);
        // the collapse state is saved to the view (not an undo step: folding a group changes nothing)
        grouped.onCollapse(keys -> {
            if (table.get() == null || keys.equals(view.get().collapsed())) return;
            try {
                saveView(view.get().withCollapsed(keys));
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            // the rows of collapsed groups leave the grid, those of expanded ones come back; the numbers stay
            refresh(false);
        });
        // new group counts or summaries: the header rows are laid out again (once the list's count is known)
        grouped.result().addListener((o, a, b) -> {
            TableDef open = table.get();
            if (b != null && open != null && listedBy != null && !loading.get()
                    && grouped.resultFits(open, view.get())) {
                // listed in group order: an edit may have moved a record between groups (or given it one more
                // value), which changes the listing itself, so it is counted and read again with the new groups
                refresh(false);
                return;
            }
            if (!loading.get() && (rows.get().lines() != null || linesFor(storedCount) != null)) showRows();
        });
        this.views = views;
        this.undo = undo;
    }

    // ------------------------------------------------------------------ opening and paging

    /** Opens the table's first grid view (or a new one, stored when a setting is first changed). */
    public void open(UUID tableId) {
        open(tableId, null);
    }

    /**
     * Opens a grid view of the table: the one with {@code viewId}, else the table's first grid view. Its settings are
     * read for the table as it is now: what no longer fits is dropped, never an error.
     */
    @Override
    public void open(UUID tableId, @Nullable UUID viewId) {
        TableDef t = schema.table(tableId);
        List<ViewStore.StoredView> grids = views.list(t).stream().filter(v -> v.kind() == ViewKind.GRID).toList();
        ViewStore.StoredView shown = grids.stream().filter(v -> v.id().equals(viewId)).findFirst()
                .orElse(grids.isEmpty() ? null : grids.getFirst());
        GridConfig cfg = shown == null ? GridConfig.EMPTY : (GridConfig) shown.config();
        this.viewId = shown == null ? null : shown.id();
        this.viewName = shown == null ? DEFAULT_VIEW_NAME : shown.name();
        table.set(t);
        view.set(cfg);
        undo.select(tableId);
        message.set("");
        problems.clear();
        updateColumns();
        refresh();
    }

    /** Re-reads the table definition (after the designer changed it) and reloads. */
    @Override
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

    /**
     * Drops every cached page and counts again; the view gets a fresh item list. The record under the cursor is
     * looked up in the new order, so the cursor follows it when an edit, a pull or an undo moved it.
     */
    @Override
    public void refresh() {
        refresh(true);
    }

    /** {@code summaries}: the groups and footer are read again too (not when only a group was folded). */
    private void refresh(boolean summaries) {
        TableDef t = table.get();
        if (t == null) return;
        int gen = ++generation;
        pages.clear();
        pending.clear();
        pageStart.clear();
        listedBy = listedByGroup(t, view.get());
        List<GridGrouping.GroupBy> byGroup = listedBy;
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        UUID follow = focusedRecord.get();
        Set<UUID> inserted = Set.copyOf(saved);
        // a list in group order has no keyset order to find a record by: the cursor is not followed there
        boolean followStored = byGroup == null && follow != null && (draftIndex(follow) < 0 || inserted.contains(follow));
        loading.set(true);
        if (summaries) grouped.load(t, view.get());
        int cap = byGroup != null ? Integer.MAX_VALUE : countCap;
        executor.submit("Counting records", p -> {
            long n = byGroup != null ? records.summaries().listedCount(t, filter, byGroup) : records.countCapped(t, filter, cap);
            // capped only with a filter: an unfiltered count is exact and cheap (H2 keeps the row count)
            boolean over = filter != null && n > cap;
            // a record is followed only in an exact list: past the cap, the exact count (after the first page) finds it
            long at = followStored && !over ? records.position(t, filter, sorts, follow, n) : -2;
            // the count people see is of records, each once (a list in group order may hold one several times)
            long shown = byGroup != null ? records.count(t, filter) : n;
            return new long[]{n, at, over ? 1 : 0, shown};
        }, r -> {
            if (gen != generation) return;
            loading.set(false);
            boolean over = r[2] == 1;
            countCapped.set(over);
            exactFollow = over && followStored ? follow : null;
            exactWanted = over ? gen : -1;
            rowCount.set(r[3]);
            storedCount = r[0];
            currentDrafts().removeIf(d -> inserted.contains(d.id()));
            saving.removeAll(inserted);
            saved.removeAll(inserted);
            // pages the old list asked for while counting were sized for it
            pages.clear();
            pending.clear();
            pageStart.clear();
            showRows();
            UUID field = null;
            UUID now = focusedRecord.get();
            if (now != null && draftIndex(now) >= 0) {
                requestFocus((int) storedCount + draftIndex(now), field);
            } else if (now != null && !now.equals(follow)) {
                // the cursor went to another record while counting: find that one in the new list
                refresh(false); // the summaries asked for above are still being read
            } else if (r[1] >= 0) {
                requestFocus((int) r[1], field);
            } else if (r[1] == -1 && view.get().filter() != null) {
                message.set("The record you were on no longer matches the filter");
            }
        }, this::fail);
    }

    /**
     * The exact count of a list first shown with a capped one: read after its first page (so it never delays the
     * rows on screen), then the list grows to it, keeping the pages read so far; the followed record is found now.
     */
    private void countExactly() {
        TableDef t = table.get();
        if (t == null || exactWanted != generation) return;
        int gen = generation;
        exactWanted = -1;
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        UUID follow = exactFollow;
        executor.submit("Counting records", p -> {
            long n = records.count(t, filter);
            long at = follow != null ? records.position(t, filter, sorts, follow, n) : -2;
            return new long[]{n, at};
        }, r -> {
            if (gen != generation) return;
            long before = storedCount;
            // the page cut short by the capped count is read again at its full length
            int cut = (int) ((before - 1) / PAGE_SIZE);
            if (before % PAGE_SIZE != 0) {
                pages.remove(cut);
                pending.remove(cut);
            }
            storedCount = r[0];
            rowCount.set(r[0]);
            countCapped.set(false);
            showRows();
            UUID now = focusedRecord.get();
            if (now != null && draftIndex(now) >= 0) requestFocus((int) storedCount + draftIndex(now), null);
            else if (r[1] >= 0 && now != null && now.equals(follow)) requestFocus((int) r[1], null);
        }, this::fail);
    }

    /** Whether {@link #rowCount()} is a capped count ("10,000+") while the exact one is being read. */
    public ReadOnlyBooleanProperty countCappedProperty() {
        return countCapped;
    }

    /** The cap of the first count of a filtered list ({@link #COUNT_CAP}; tests make it small). */
    public void setCountCap(int cap) {
        this.countCap = cap;
    }

    /** Lines in the list: the stored records (with the group headers when grouped), then the drafts. */
    private int listSize(@Nullable GroupedRows lines) {
        long stored = lines == null ? storedCount : lines.size();
        return (int) Math.min(stored + currentDrafts().size(), Integer.MAX_VALUE);
    }

    /** A new item list for the records counted last (and the group headers, when they fit that count). */
    private void showRows() {
        GroupedRows lines = linesFor(storedCount);
        rows.set(new GridRows(this, listSize(lines), lines));
    }

    /**
     * The grouped grid's lines (headers and records) for a list of {@code stored} records, or null when the grid is
     * not grouped or its groups do not describe that list (still being read, read for other settings, cut at
     * {@code MAX_GROUPS}, a group field that does not sort): then the list is its records only.
     */
    private @Nullable GroupedRows linesFor(long stored) {
        TableDef t = table.get();
        GridConfig cfg = view.get();
        if (t == null || cfg.groups().isEmpty() || !grouped.resultFits(t, cfg)) return null;
        dev.rowan.desktop.workspace.GroupSummaries.Result r = grouped.result().get();
        if (r == null || r.truncated()) return null;
        boolean byGroup = listedByGroup(t, cfg) != null;
        int depth = r.groups().stream().mapToInt(dev.rowan.desktop.workspace.GroupSummaries.Group::level).max()
                .orElse(cfg.groups().size());
        // listed in group order (GroupSummaries.listed), every group's records are in the query: a fold is no filter,
        // the folded records keep their offsets and are not shown
        GroupedRows lines = byGroup
                ? GroupedRows.of(r, depth, g -> cfg.collapsed().contains(GroupedGrid.keyText(g.key())), true)
                : GroupedRows.of(r, depth, g -> CollapsedRows.folds(t, cfg, GroupedGrid.keyText(g.key())));
        return lines.offsets() == stored ? lines : null;
    }

    /** Grouped by each value of a multi-value field: a record is in several groups, the list holds it once. */
    private static boolean eachValue(TableDef t, GridGrouping.GroupBy g) {
        return t.fieldById(g.fieldId()).map(dev.rowan.model.sql.EachValue::applies).orElse(false);
    }

    private static boolean sortable(TableDef t, GridGrouping.GroupBy g) {
        return t.fieldById(g.fieldId()).map(f -> dev.rowan.desktop.kinds.FieldUis.of(f.type()).sortable()).orElse(false);
    }

    /**
     * The one place a list position becomes a record index (the record's offset in the grid's query, then the
     * drafts): the same number when the list has no headers; -1 for a group header.
     */
    private long recordIndex(int position) {
        GroupedRows lines = rows.get().lines();
        if (lines == null || position < 0) return position;
        if (position >= lines.size()) return storedCount + (position - lines.size());
        return lines.at(position) instanceof GroupedRows.RecordLine r ? r.recordOffset() : -1;
    }

    /** The list position of a record index (the inverse of {@link #recordIndex}). */
    public int positionOfRecord(long recordIndex) {
        GroupedRows lines = rows.get().lines();
        if (lines == null || recordIndex < 0) return (int) recordIndex;
        if (recordIndex >= storedCount) return (int) (lines.size() + recordIndex - storedCount);
        return (int) lines.positionOf(recordIndex);
    }

    /** The group header at a list position, if the line there is one. */
    public java.util.Optional<GroupedGrid.Header> header(int position) {
        GroupedRows lines = rows.get().lines();
        if (lines == null || position < 0 || position >= lines.size()) return java.util.Optional.empty();
        return lines.at(position) instanceof GroupedRows.HeaderLine h ? java.util.Optional.of(h.header())
                : java.util.Optional.empty();
    }

    /** The number the row-number column shows: the record's place in the list (headers not counted); 0 on a header. */
    public long rowNumber(int position) {
        return recordIndex(position) + 1;
    }

    /** Collapses or expands the group whose header is at a list position (saved in the view); false if none is. */
    public boolean toggleGroup(int position) {
        java.util.Optional<GroupedGrid.Header> h = header(position);
        h.ifPresent(x -> grouped.toggle(x.group()));
        return h.isPresent();
    }

    /** Puts the cursor on the record at {@code index} of the record list (its list position is looked up). */
    private void requestFocus(int index, @Nullable UUID fieldId) {
        focusRequest.set(new Focus(++focusSeq, positionOfRecord(index), fieldId));
    }

    /** The drafts of the open table (new records that miss a required value). */
    private List<Row> currentDrafts() {
        TableDef t = table.get();
        return t == null ? List.of() : drafts.computeIfAbsent(t.id(), k -> new ArrayList<>());
    }

    private int draftIndex(UUID id) {
        List<Row> d = currentDrafts();
        for (int i = 0; i < d.size(); i++) if (d.get(i).id().equals(id)) return i;
        return -1;
    }

    /** Whether the row at this position is a draft (entered, not stored yet because a required value is missing). */
    public boolean isDraft(int position) {
        return isDraftRecord(recordIndex(position));
    }

    private boolean isDraftRecord(long index) {
        return index >= storedCount && index - storedCount < currentDrafts().size()
                && !saving.contains(currentDrafts().get((int) (index - storedCount)).id());
    }

    /** Shows the list again with the drafts as they are now, keeping the cached pages. */
    private void draftsChanged() {
        showRows();
    }

    /** The row at {@code position} of a list; asks for its page if it is not cached. */
    GridRow row(GridRows list, int position) {
        GroupedRows lines = list.lines();
        int index = position;
        if (lines != null && position < lines.size()) {
            switch (lines.at(position)) {
                case GroupedRows.HeaderLine h -> {
                    return list.header(position, h.header());
                }
                case GroupedRows.RecordLine r -> index = (int) r.recordOffset();
            }
        } else if (lines != null) {
            index = (int) (storedCount + position - lines.size());
        }
        if (index >= storedCount) {
            GridRow draft = new GridRow(index);
            List<Row> d = currentDrafts();
            int i = (int) (index - storedCount);
            if (i < d.size()) draft.record().set(d.get(i));
            return draft;
        }
        int p = index / PAGE_SIZE;
        GridRow[] page = pages.get(p);
        if (page == null || list != rows.get()) {
            long listed = lines == null ? Math.min(list.size(), storedCount) : storedCount;
            page = new GridRow[(int) Math.min(PAGE_SIZE, listed - (long) p * PAGE_SIZE)];
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
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        Cursor start = pageStart.get(p);
        List<GridGrouping.GroupBy> byGroup = listedBy;
        GridConfig cfg = view.get();
        executor.submit("Loading rows", progress -> {
            if (gen != generation) return null;
            if (byGroup != null) {
                return new Page(records.summaries().listed(t, filter, byGroup, (long) p * PAGE_SIZE, PAGE_SIZE), null);
            }
            var inGroups = inGroups(t, cfg, (long) p * PAGE_SIZE, PAGE_SIZE);
            if (inGroups.isPresent()) return new Page(inGroups.get(), null);
            return p == 0 || start != null ? records.page(t, filter, sorts, start, PAGE_SIZE)
                    : records.pageAt(t, filter, sorts, (long) p * PAGE_SIZE, PAGE_SIZE);
        }, (Page page) -> {
            pending.remove(p);
            if (page == null || gen != generation) return;
            pagesLoaded++;
            countExactly();
            List<Row> got = page.rows();
            for (int i = 0; i < target.length && i < got.size(); i++) target[i].record().set(got.get(i));
            if (page.next() != null) pageStart.put(p + 1, page.next());
        }, e -> {
            pending.remove(p);
            fail(e);
        });
    }

    /** The records the grid lists: the view's filter, less the rows of collapsed groups. */
    private @Nullable Filter rowsFilter() {
        TableDef t = table.get();
        // listed in group order, a folded group's records stay in the query (a record may be in several groups)
        return t == null || listedByGroup(t, view.get()) != null ? view.get().filter() : CollapsedRows.filter(t, view.get());
    }

    /**
     * The group fields when the grid lists its records in group order ({@code GroupSummaries.listed}) instead of its
     * sorted, keyset-paged query: when a group field does not sort (multiple select, link, lookup, attachment),
     * groups by each value (a record is then listed once per group it is in) or sorts in another order than its
     * groups come (a user field: by name, groups by id; a link: by its first title, groups by its whole list); null
     * otherwise.
     */
    private static @Nullable List<GridGrouping.GroupBy> listedByGroup(TableDef t, GridConfig cfg) {
        if (cfg.groups().isEmpty()) return null;
        for (GridGrouping.GroupBy g : cfg.groups()) {
            // a field that does not sort in its groups' order (FieldKind.sortsInGroupOrder: user, link) neither
            if (t.fieldById(g.fieldId()).filter(f -> !f.hidden()).isPresent() && (!sortable(t, g) || eachValue(t, g)
                    || !sortsInGroupOrder(t.fieldById(g.fieldId()).get().type()))) {
                return cfg.groups();
            }
        }
        return null;
    }

    private static boolean sortsInGroupOrder(dev.rowan.model.schema.FieldType type) {
        return dev.rowan.model.kind.FieldKinds.of(type).sortsInGroupOrder(type);
    }

    /** What {@link #listedByGroup} said at the last refresh (read by page reads on the worker). */
    private volatile @Nullable List<GridGrouping.GroupBy> listedBy;

    /** Records {@code from}..{@code from + n - 1} of the grid's list (its query, or the group-order listing). */
    private List<Row> rowsAt(TableDef t, @Nullable Filter filter, List<Sort> sorts, long from, int n) {
        List<GridGrouping.GroupBy> byGroup = listedBy;
        if (byGroup != null) return records.summaries().listed(t, filter, byGroup, from, n);
        return inGroups(t, view.get(), from, n).orElseGet(() -> records.pageAt(t, filter, sorts, from, n).rows());
    }

    /**
     * A grid grouped by fields that sort lists group after group, each group's records in its sorts' order (then
     * creation order): its pages are read group by group by their keys ({@code GroupSummaries.listedInGroups}, the
     * collapsed groups left out as {@link CollapsedRows} leaves them out), each group sorted by itself, instead of
     * sorting the whole table; empty otherwise (its sorted query).
     */
    private java.util.Optional<List<Row>> inGroups(TableDef t, GridConfig cfg, long from, int n) {
        if (cfg.groups().isEmpty() || listedByGroup(t, cfg) != null) return java.util.Optional.empty();
        java.util.Set<String> grouped = new java.util.HashSet<>();
        cfg.groups().forEach(g -> grouped.add(g.fieldId().toString()));
        // the sorted query's order after its group fields (which a group's records all share)
        List<Sort> within = effectiveSorts(t, cfg).stream().filter(x -> !grouped.contains(x.field())).toList();
        return records.summaries().listedInGroups(t, cfg.filter(), cfg.groups(), within, key -> {
            for (int level = 1; level <= key.size(); level++) {
                if (CollapsedRows.folds(t, cfg, GroupedGrid.keyText(key.subList(0, level)))) return false;
            }
            return true;
        }, from, n);
    }

    /** User sorts, then creation order so new rows land at the end and ties stay stable. */
    public List<Sort> effectiveSorts() {
        return effectiveSorts(table.get(), view.get());
    }

    /** {@link #effectiveSorts()} of {@code cfg} on {@code open}. */
    private static List<Sort> effectiveSorts(@Nullable TableDef open, GridConfig cfg) {
        List<Sort> s = new ArrayList<>();
        // a grouped grid lists its records group after group: the group fields sort first
        for (GridGrouping.GroupBy g : cfg.groups()) {
            boolean sortable = open != null && open.fieldById(g.fieldId())
                    .map(f -> dev.rowan.desktop.kinds.FieldUis.of(f.type()).sortable()).orElse(false);
            if (sortable) s.add(new Sort(g.fieldId().toString(), g.descending()));
        }
        for (Sort x : cfg.sorts()) if (s.stream().noneMatch(y -> y.field().equals(x.field()))) s.add(x);
        if (s.stream().noneMatch(x -> x.field().equals("createdAt"))) s.add(DEFAULT_ORDER);
        return s;
    }

    /** The loaded record at a list position, if its page is in the cache (null on a group header). */
    public @Nullable Row loadedRecord(int position) {
        long index = recordIndex(position);
        return index < 0 ? null : recordAt(index);
    }

    /** The loaded record at a record index, if its page is in the cache. */
    private @Nullable Row recordAt(long index) {
        if (index >= storedCount) {
            List<Row> d = currentDrafts();
            long i = index - storedCount;
            return i < d.size() ? d.get((int) i) : null;
        }
        GridRow[] page = pages.get((int) (index / PAGE_SIZE));
        return page == null || index % PAGE_SIZE >= page.length ? null : page[(int) (index % PAGE_SIZE)].record().get();
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

    // ------------------------------------------------------------------ grouped grid (issue 11)

    /** The grouped grid: groups with counts and the footer's summaries, read for the view shown. */
    public GroupedGrid grouped() {
        return grouped;
    }

    /** Groups the records by up to three fields (empty: not grouped); one undo step. */
    public void setGroups(List<GridGrouping.GroupBy> groups) {
        changeSetting("grouping", view.get().withGroups(groups), true);
    }

    /** A column's footer summary (null: none); one undo step. */
    public void setSummary(UUID fieldId, GridGrouping.@Nullable Summary summary) {
        changeSetting("footer summary", view.get().withSummary(fieldId, summary), false);
    }

    /** How rows are coloured; one undo step. */
    public void setColours(GridGrouping.RowColours colours) {
        changeSetting("row colours", view.get().withColours(colours), false);
    }

    private void changeSetting(String what, GridConfig after, boolean reorders) {
        TableDef t = requireTable();
        GridConfig before = view.get();
        if (before.equals(after)) return;
        try {
            saveView(after);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        UUID id = viewId;
        if (id != null) undo.push(new SettingChange(t, id, what, before, view.get()));
        message.set("");
        if (reorders) refresh();
        else grouped.load(t, view.get());
    }

    /** A view setting changed from the grid (grouping, summaries, colours) as one undo step. */
    private final class SettingChange implements UndoStack.Change {
        private final TableDef t;
        private final UUID id;
        private final String what;
        private final GridConfig before;
        private final GridConfig after;
        private GridConfig now;

        SettingChange(TableDef t, UUID id, String what, GridConfig before, GridConfig after) {
            this.t = t;
            this.id = id;
            this.what = what;
            this.before = before;
            this.after = after;
            this.now = after;
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return "change of " + what;
        }

        public void undo() {
            views.saveSettings(t, id, DEFAULT_VIEW_NAME, before);
            now = before;
        }

        public void redo() {
            views.saveSettings(t, id, DEFAULT_VIEW_NAME, after);
            now = after;
        }

        @Override
        public void settled() {
            TableDef open = table.get();
            if (open != null && open.id().equals(t.id()) && id.equals(viewId)) view.set(now.validFor(open));
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
    public void setColumnWidth(UUID tableId, UUID fieldId, double width) {
        TableDef open = table.get();
        if (open != null && open.id().equals(tableId)) {
            setColumnWidth(fieldId, width);
            return;
        }
        // the user resized in a table they have left since: the width goes to that table's view
        schema.findTable(tableId).ifPresent(t -> {
            java.util.Optional<ViewStore.StoredView> v = views.first(t, ViewKind.GRID);
            GridConfig cfg = v.map(x -> (GridConfig) x.config()).orElse(GridConfig.EMPTY);
            views.save(t, v.map(ViewStore.StoredView::id).orElse(null), v.map(ViewStore.StoredView::name)
                    .orElse(DEFAULT_VIEW_NAME), cfg.withWidth(fieldId, Math.max(30, width)));
        });
    }

    public void setColumnWidth(UUID fieldId, double width) {
        Double old = view.get().widths().get(fieldId);
        if (old != null && Math.abs(old - width) < 0.5) return;
        saveView(view.get().withWidth(fieldId, Math.max(30, width)));
    }

    /** Stores the view's new settings (field references as ids, checked like a push) and shows them. */
    private void saveView(GridConfig cfg) {
        TableDef t = requireTable();
        GridConfig normalized = cfg.withQuery(cfg.query().byIds(t));
        if (viewId == null) {
            // a grid view may have arrived since the table opened (the server makes one for a table pushed from here)
            views.first(t, ViewKind.GRID).ifPresent(v -> {
                viewId = v.id();
                viewName = v.name();
            });
        }
        viewId = views.saveSettings(t, viewId, viewName, normalized);
        view.set(normalized);
    }

    /** The id of the grid view shown; empty until a table without a stored view saves its first setting. */
    public java.util.Optional<UUID> viewId() {
        return java.util.Optional.ofNullable(viewId);
    }

    // ------------------------------------------------------------------ editing

    /**
     * The record at a position: the one the editor was opened on when its id is known (the list may have moved
     * since), else whatever is loaded at the index.
     */
    private @Nullable Row resolve(int index, @Nullable UUID recordId) {
        if (recordId != null) {
            for (Row d : currentDrafts()) if (d.id().equals(recordId)) return d;
            for (GridRow[] page : pages.values()) {
                for (GridRow gr : page) {
                    Row r = gr.record().get();
                    if (r != null && r.id().equals(recordId)) return r;
                }
            }
        }
        Row at = loadedRecord(index);
        return recordId == null || at != null && at.id().equals(recordId) ? at : null;
    }

    /** Sets a cell from typed text; false (with a message, the cell marked) if it is refused. */
    public boolean editText(int rowIndex, FieldDef field, @Nullable String text) {
        return commitText(rowIndex, null, field, text) == Commit.STORED;
    }

    /** What became of an edit: accepted (stored, or being stored) or refused (the cell is marked with the text and why). */
    public enum Commit { STORED, REFUSED }

    /**
     * An edit typed into a cell: parsed with shared-model's rules but never rounded silently, validated (required,
     * range, pattern) the same way the form does. A refused text is kept on the cell as a mark, so nothing typed is
     * lost; the caller moves on. The record is the one the editor was opened on, found by id; when it is not in
     * memory (its page is reloading, a new record is being stored) it is read in the background, after the work
     * queued before it, so the edit still lands on it.
     */
    public Commit commitText(int index, @Nullable UUID recordId, FieldDef field, @Nullable String text) {
        Object value;
        try {
            value = FieldValues.parseTyped(field, text);
            FieldValues.validate(field, value, field.name());
        } catch (RowanException e) {
            withRow(index, recordId, row -> refuse(row.id(), field, text == null ? "" : text, e.getMessage()));
            message.set(e.getMessage().startsWith(field.name()) ? e.getMessage() : field.name() + ": " + e.getMessage());
            return Commit.REFUSED;
        }
        withRow(index, recordId, row -> store(row, field, value));
        return Commit.STORED;
    }

    /** Sets a cell to a canonical value (from a typed editor: checkbox, date picker, select). */
    public boolean setValue(int rowIndex, FieldDef field, @Nullable Object value) {
        return setValue(rowIndex, null, field, value) == Commit.STORED;
    }

    public Commit setValue(int index, @Nullable UUID recordId, FieldDef field, @Nullable Object value) {
        try {
            FieldValues.validate(field, value, field.name());
        } catch (RowanException e) {
            withRow(index, recordId, row -> refuse(row.id(), field, FieldValues.formatText(field.type(), value), e.getMessage()));
            message.set(e.getMessage());
            return Commit.REFUSED;
        }
        withRow(index, recordId, row -> store(row, field, value));
        return Commit.STORED;
    }

    /**
     * The links of a link cell of a stored record, for the record picker; empty for another kind, a draft or a
     * linked table the workspace does not hold.
     */
    public java.util.Optional<dev.rowan.desktop.kinds.FieldLinks> links(int index, @Nullable UUID recordId,
                                                                       FieldDef field, @Nullable Object value) {
        if (!(field.type() instanceof dev.rowan.model.schema.FieldType.Link l) || recordId == null
                || draftIndex(recordId) >= 0) {
            return java.util.Optional.empty();
        }
        dev.rowan.desktop.workspace.LinkSearch search = new dev.rowan.desktop.workspace.LinkSearch(schema, records);
        return search.target(l).map(target -> new GridLinks(this, search, index, recordId, field, l, target, value));
    }

    private GridView.@Nullable LinkOpener recordOpener;

    /** Where a linked record chosen in the grid opens (the view sets it: the window's form, with a way back). */
    void recordOpener(GridView.LinkOpener opener) {
        this.recordOpener = opener;
    }

    /** Opens a linked record from a grid row (a chip clicked, Space on a link cell, Enter on a picker chip). */
    void openLinked(int index, UUID tableId, UUID recordId) {
        GridView.LinkOpener o = recordOpener;
        if (o != null) o.open(index, tableId, recordId);
    }

    /** A link cell set to other records: one undoable edit (written by the one link writer). */
    void changeLinks(int index, UUID recordId, FieldDef field, @Nullable Object before, @Nullable Object after) {
        withRow(index, recordId, row -> {
            unmark(row.id(), field.id());
            CellEdits change = new CellEdits(requireTable(), List.of(new CellChange(row.id(), field.id(), before, after)));
            // lookups, rollups and formulas over the links change with them: the rows are read again
            runChange("Linking", change, true, "");
        });
    }

    /** A new record of the linked table, made from the picker and linked: one undoable step for both. */
    void linkNewRecord(int index, UUID recordId, FieldDef field, @Nullable Object before, @Nullable Object after,
                       TableDef target, Row made) {
        withRow(index, recordId, row -> {
            TableDef t = requireTable();
            CellEdits edits = new CellEdits(t, List.of(new CellChange(row.id(), field.id(), before, after)));
            LinkedNew change = new LinkedNew(t, target, made, edits);
            executor.submit("Linking a new record", p -> {
                change.redo();
                return change;
            }, done -> {
                undo.push(done);
                message.set("Made a record in " + target.name() + " and linked it (Ctrl+Z to undo)");
                applyToCache(edits.changes(), false);
                refresh();
            }, this::fail);
        });
    }

    /** A record made in a linked table from the picker, with the link to it. */
    private final class LinkedNew implements UndoStack.Change {
        private final TableDef t;
        private final TableDef target;
        private final Row made;
        private final CellEdits edits;

        LinkedNew(TableDef t, TableDef target, Row made, CellEdits edits) {
            this.t = t;
            this.target = target;
            this.made = made;
            this.edits = edits;
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return "new linked " + target.name() + " record";
        }

        public void undo() {
            edits.undo();
            records.delete(target, List.of(made.id()));
        }

        public void redo() {
            records.restore(target, List.of(made));
            edits.redo();
        }
    }

    /** Runs {@code then} with the record (from memory, or read in the background in queue order). */
    private void withRow(int index, @Nullable UUID recordId, java.util.function.Consumer<Row> then) {
        Row row = resolve(index, recordId);
        if (row != null) {
            then.accept(row);
            return;
        }
        TableDef t = requireTable();
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        long at = recordIndex(index);
        if (recordId == null && at < 0) {
            message.set("A group header has no cells to edit");
            return;
        }
        executor.submit("Saving", p -> recordId != null ? records.byId(t, recordId).orElse(null)
                : rowsAt(t, filter, sorts, at, 1).stream().findFirst().orElse(null), found -> {
            if (found == null) message.set("That record is gone; the edit was not saved");
            else if (table.get() != null && table.get().id().equals(t.id())) then.accept(found);
        }, this::fail);
    }

    private void refuse(UUID recordId, FieldDef field, String text, String why) {
        marks.put(new CellKey(recordId, field.id()), new Mark(text, why));
        marksRevision.set(marksRevision.get() + 1);
    }

    private void unmark(UUID recordId, UUID fieldId) {
        if (marks.remove(new CellKey(recordId, fieldId)) != null) marksRevision.set(marksRevision.get() + 1);
    }

    private Commit store(Row row, FieldDef field, @Nullable Object value) {
        unmark(row.id(), field.id());
        int d = draftIndex(row.id());
        if (d >= 0 && !saving.contains(row.id())) {
            updateDraft(d, row.with(field.id(), value));
            return Commit.STORED;
        }
        if (d >= 0) currentDrafts().set(d, currentDrafts().get(d).with(field.id(), value));
        Object before = row.value(field.id());
        if (Objects.equals(before, value)) return Commit.STORED;
        CellEdits change = new CellEdits(requireTable(), List.of(new CellChange(row.id(), field.id(), before, value)));
        runChange("Saving", change, movesRows(List.of(field.id())), "");
        return Commit.STORED;
    }

    /** Whether an edit of these fields can move rows (they are sorted or filtered on). */
    private boolean movesRows(List<UUID> fieldIds) {
        TableDef t = table.get();
        if (t == null) return false;
        GridConfig v = view.get();
        for (UUID id : fieldIds) {
            // a group field: the record changes group (and the counts change)
            if (v.groups().stream().anyMatch(g -> g.fieldId().equals(id))) return true;
            for (Sort s : v.sorts()) if (t.field(s.field()).map(f -> f.id().equals(id)).orElse(false)) return true;
            if (v.filter() != null && mentions(t, v.filter(), id)) return true;
        }
        return false;
    }

    private static boolean mentions(TableDef t, Filter f, UUID id) {
        return switch (f) {
            case Filter.Group g -> g.conditions().stream().anyMatch(c -> mentions(t, c, id));
            case Filter.Condition c -> t.field(c.field()).map(x -> x.id().equals(id)).orElse(false);
        };
    }

    /** The required fields a set of values leaves empty. */
    private static List<FieldDef> missing(TableDef t, Map<UUID, @Nullable Object> values) {
        return t.activeFields().stream().filter(f -> f.required() && values.get(f.id()) == null).toList();
    }

    private void updateDraft(int i, Row draft) {
        TableDef t = requireTable();
        List<Row> d = currentDrafts();
        d.set(i, draft);
        if (missing(t, draft.values()).isEmpty()) {
            saving.add(draft.id());
            saveDrafts(t, List.of(draft), "new record");
        }
        draftsChanged();
    }

    /** Stores drafts that became complete: one undoable step; the cursor stays on the record wherever it lands. */
    private void saveDrafts(TableDef t, List<Row> complete, String what) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<Row> stamped = new ArrayList<>();
        for (int i = 0; i < complete.size(); i++) {
            Row r = complete.get(i);
            stamped.add(new Row(r.id(), now.plus(i, ChronoUnit.MICROS), now, 0, r.values()));
        }
        executor.submit("Saving " + what, p -> {
            records.restore(t, stamped);
            return new Inserted(t, stamped);
        }, ins -> {
            undo.push(ins);
            for (Row r : stamped) saved.add(r.id());
            refresh();
        }, this::fail);
    }

    /** Clears the given cells (Delete key on a selection); required cells are not cleared, and marked. */
    public void clearCells(List<int[]> cells) {
        List<CellChange> changes = new ArrayList<>();
        int refused = 0;
        for (int[] rc : cells) {
            Row row = loadedRecord(rc[0]);
            if (row == null || rc[1] >= columns.size()) continue;
            FieldDef f = columns.get(rc[1]);
            if (row.value(f.id()) == null) {
                unmark(row.id(), f.id());
                continue;
            }
            if (f.required()) {
                refused++;
                marks.put(new CellKey(row.id(), f.id()), new Mark(FieldValues.formatText(f.type(), row.value(f.id())),
                        f.name() + " is required; it was not cleared"));
                continue;
            }
            int d = draftIndex(row.id());
            if (d >= 0) {
                currentDrafts().set(d, row.with(f.id(), null));
                continue;
            }
            unmark(row.id(), f.id());
            changes.add(new CellChange(row.id(), f.id(), row.value(f.id()), null));
        }
        String report = "";
        if (refused > 0) {
            marksRevision.set(marksRevision.get() + 1);
            report = refused == 1 ? "A required cell was not cleared" : refused + " required cells were not cleared";
            message.set(report);
        }
        draftsChanged();
        if (!changes.isEmpty()) {
            runChange("Clearing cells", new CellEdits(requireTable(), changes),
                    movesRows(changes.stream().map(CellChange::fieldId).distinct().toList()), report);
        }
    }

    /**
     * Bulk edit: sets one field to the value typed in {@code text} (parsed and validated with shared-model's rules) on
     * every selected row, in the background with progress, as one undoable step. Rows not in the page cache are read
     * in one range query over the selection's span.
     */
    public boolean bulkSetText(List<Integer> rowIndices, FieldDef field, @Nullable String text) {
        Object value;
        try {
            value = FieldValues.parseTyped(field, text);
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
        // list positions to record indices (group headers have no record)
        List<Integer> sorted = rowIndices.stream().map(this::recordIndex).filter(i -> i >= 0 && i < storedCount)
                .map(Long::intValue).distinct().sorted().toList();
        if (sorted.isEmpty()) return;
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        Map<Integer, Row> known = new HashMap<>();
        for (int i : sorted) {
            Row r = recordAt(i);
            if (r != null) known.put(i, r);
        }
        executor.submit("Setting " + field.name() + " on " + sorted.size() + " records", progress -> {
            Map<Integer, Row> rowsAt = new HashMap<>(known);
            if (rowsAt.size() < sorted.size()) {
                int from = sorted.getFirst();
                List<Row> span = rowsAt(t, filter, sorts, from, sorted.getLast() - from + 1);
                for (int i : sorted) if (!rowsAt.containsKey(i) && i - from < span.size()) rowsAt.put(i, span.get(i - from));
            }
            List<CellChange> changes = new ArrayList<>();
            for (int i : sorted) {
                Row r = rowsAt.get(i);
                if (r != null && !Objects.equals(r.value(field.id()), value)) {
                    changes.add(new CellChange(r.id(), field.id(), r.value(field.id()), value));
                }
            }
            records.workspace().write(c -> {
                int chunk = 500;
                for (int from = 0; from < changes.size(); from += chunk) {
                    if (progress.cancelled()) throw RowanException.conflict(dev.rowan.model.error.Conflict.Reason.CANCELLED, "Cancelled; nothing was changed");
                    records.update(t, changes.subList(from, Math.min(changes.size(), from + chunk)));
                    progress.update(Math.min(changes.size(), from + chunk), changes.size());
                }
                return null;
            });
            return new CellEdits(t, changes);
        }, edits -> {
            undo.push(edits);
            message.set("Set " + field.name() + " on " + records(edits.changes().size()) + " (Ctrl+Z to undo)");
            applyToCache(edits.changes(), false);
            if (!view.get().sorts().isEmpty() || view.get().filter() != null) refresh();
        }, this::fail);
    }

    /**
     * A new record, with the cursor in its first cell: stored at once when no required field is left empty (by its
     * default), otherwise kept as a draft at the end of the grid until the required values are typed.
     */
    public void addRow() {
        TableDef t = requireTable();
        Map<UUID, @Nullable Object> values = new HashMap<>();
        for (FieldDef f : t.activeFields()) values.put(f.id(), f.defaultValue());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Row draft = new Row(Ids.newId(), now, now, 0, values);
        UUID first = columns.isEmpty() ? null : columns.getFirst().id();
        // the new row is on screen and has the cursor at once, before anything is stored: the keys typed right
        // after Ctrl+Enter must land in it, not in the cell the cursor was on
        focusedRecord.set(draft.id());
        currentDrafts().add(draft);
        List<FieldDef> missing = missing(t, values);
        if (missing.isEmpty()) {
            saving.add(draft.id());
            saveDrafts(t, List.of(draft), "new record");
        } else {
            message.set("New record: fill in " + String.join(", ", missing.stream().map(FieldDef::name).toList()) + " to save it");
        }
        draftsChanged();
        requestFocus((int) storedCount + currentDrafts().size() - 1, first);
    }


    public void deleteRows(List<Integer> indices) {
        TableDef t = requireTable();
        // list positions to record indices (group headers have no record)
        List<Integer> all = indices.stream().map(this::recordIndex).filter(i -> i >= 0).map(Long::intValue).distinct()
                .sorted().toList();
        List<Row> draftsGone = all.stream().filter(this::isDraftRecord).map(this::recordAt).filter(Objects::nonNull).toList();
        all = all.stream().filter(i -> !isDraftRecord(i)).toList();
        if (!draftsGone.isEmpty()) {
            currentDrafts().removeAll(draftsGone);
            draftsChanged();
            message.set(draftsGone.size() == 1 ? "Unsaved new record removed" : draftsGone.size() + " unsaved new records removed");
        }
        List<Integer> sorted = all.stream().filter(i -> i < storedCount).toList();
        if (sorted.isEmpty()) return;
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        Map<Integer, Row> known = new HashMap<>();
        for (int i : sorted) {
            Row r = recordAt(i);
            if (r != null) known.put(i, r);
        }
        executor.submit("Deleting " + records(sorted.size()), p -> {
            List<UUID> ids = new ArrayList<>();
            for (int i : sorted) {
                Row r = known.get(i);
                if (r == null) r = rowsAt(t, filter, sorts, i, 1).stream().findFirst().orElse(null);
                if (r != null && !ids.contains(r.id())) ids.add(r.id()); // listed under two groups: selected twice
            }
            return records.delete(t, ids);
        }, deleted -> {
            Deleted d = new Deleted(t, deleted);
            undo.push(d);
            message.set(capitalized(d.description()) + " (Ctrl+Z to undo)");
            refresh();
        }, this::fail);
    }

    /** "1 record", "2 records". */
    public static String records(long n) {
        return String.format("%,d record%s", n, n == 1 ? "" : "s");
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Pastes tab-separated text with its top-left at a cell (a row index at or past the end adds rows). Every cell is
     * parsed on its own: good cells are pasted, refused ones are marked where they are and listed in
     * {@link #problems()}; new rows that miss a required value become drafts. Columns past the last field are
     * reported, not dropped silently. The whole paste is one undo step.
     */
    public void paste(int startPosition, int startCol, String tsv) {
        TableDef t = requireTable();
        int startRow = pasteStart(startPosition);
        List<List<String>> grid = Tsv.parse(tsv);
        if (grid.isEmpty()) return;
        List<FieldDef> cols = List.copyOf(columns);
        long stored = storedCount;
        List<Row> draftsNow = List.copyOf(currentDrafts());
        Set<UUID> savingNow = Set.copyOf(saving);
        Filter filter = rowsFilter();
        List<Sort> sorts = effectiveSorts();
        int widest = grid.stream().mapToInt(List::size).max().orElse(0);
        int dropped = Math.max(0, startCol + widest - cols.size());
        executor.submit("Pasting " + grid.size() + " rows", progress -> {
            int existing = (int) Math.max(0, Math.min(grid.size(), stored - startRow));
            List<Row> targets = existing == 0 ? List.of() : rowsAt(t, filter, sorts, startRow, existing);
            List<Problem> bad = new ArrayList<>();
            List<CellChange> changes = new ArrayList<>();
            List<Row> inserts = new ArrayList<>();
            List<Row> newDrafts = new ArrayList<>();
            Map<Integer, Row> draftUpdates = new HashMap<>();
            OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            for (int r = 0; r < grid.size(); r++) {
                int at = startRow + r;
                Row found = r < targets.size() ? targets.get(r) : null;
                int draftAt = found == null && at >= stored ? (int) (at - stored) : -1;
                Row draftThere = draftAt >= 0 && draftAt < draftsNow.size() ? draftsNow.get(draftAt) : null;
                // a draft that is being stored is a record already: paste over it like over any row
                boolean storing = draftThere != null && savingNow.contains(draftThere.id());
                Row target = storing ? draftThere : found;
                Row draft = storing ? null : draftThere;
                UUID id = target != null ? target.id() : draft != null ? draft.id() : Ids.newId();
                Map<UUID, @Nullable Object> values = new HashMap<>();
                List<String> line = grid.get(r);
                for (int c = 0; c < line.size() && startCol + c < cols.size(); c++) {
                    FieldDef f = cols.get(startCol + c);
                    String text = line.get(c);
                    try {
                        Object v = ClipboardText.parse(f, text);
                        if (v != null || target != null) FieldValues.validate(f, v, f.name());
                        values.put(f.id(), v);
                    } catch (RowanException e) {
                        bad.add(new Problem(at + 1, id, f, text, e.getMessage()));
                    }
                }
                if (target != null) {
                    values.forEach((fid, v) -> {
                        if (!Objects.equals(target.value(fid), v)) changes.add(new CellChange(target.id(), fid, target.value(fid), v));
                    });
                } else {
                    Map<UUID, @Nullable Object> all = new HashMap<>();
                    if (draft != null) all.putAll(draft.values());
                    else for (FieldDef f : t.activeFields()) all.put(f.id(), f.defaultValue());
                    all.putAll(values);
                    Row row = new Row(id, base.plus(r, ChronoUnit.MICROS), base, 0, all);
                    if (missing(t, all).isEmpty()) inserts.add(row);
                    else if (draft != null) draftUpdates.put(draftAt, row);
                    else newDrafts.add(row);
                }
                progress.update(r, grid.size());
            }
            records.workspace().write(c -> {
                if (!changes.isEmpty()) records.update(t, changes);
                if (!inserts.isEmpty()) records.restore(t, inserts);
                return null;
            });
            return new PasteResult(new Pasted(t, new CellEdits(t, changes), new Inserted(t, inserts), grid.size()),
                    bad, newDrafts, draftUpdates);
        }, result -> {
            List<Row> d = currentDrafts();
            Set<UUID> stored2 = new HashSet<>();
            for (Row r : result.pasted().inserted().rows) stored2.add(r.id());
            d.removeIf(r -> stored2.contains(r.id()));
            result.draftUpdates().forEach((i, r) -> {
                if (i < d.size()) d.set(i, r);
            });
            d.addAll(result.newDrafts());
            undo.push(result.pasted());
            problems.setAll(result.problems());
            for (Problem p : result.problems()) marks.put(new CellKey(p.recordId(), p.field().id()), new Mark(p.text(), p.message()));
            marksRevision.set(marksRevision.get() + 1);
            StringBuilder m = new StringBuilder("Pasted " + rowsText(grid.size()));
            if (!result.problems().isEmpty()) {
                m.append("; ").append(result.problems().size()).append(result.problems().size() == 1 ? " cell was" : " cells were")
                        .append(" refused (marked in red)");
            }
            if (!result.newDrafts().isEmpty()) {
                m.append("; ").append(rowsText(result.newDrafts().size())).append(" not saved yet: a required field is empty");
            }
            if (dropped > 0) {
                m.append("; ").append(dropped).append(dropped == 1 ? " column" : " columns")
                        .append(" did not fit (no more fields to the right)");
            }
            message.set(m.toString());
            refresh();
        }, this::fail);
    }

    /** The record index a paste at a list position starts at: on a header, the first record after it. */
    private int pasteStart(int position) {
        GroupedRows lines = rows.get().lines();
        if (lines == null || position >= lines.size()) return (int) recordIndex(position);
        long p = lines.recordFrom(position, 1);
        return p < 0 ? (int) storedCount : (int) recordIndex((int) p);
    }

    private static String rowsText(int n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private record PasteResult(Pasted pasted, List<Problem> problems, List<Row> newDrafts, Map<Integer, Row> draftUpdates) {
    }

    /** The cells of a rectangle as TSV, formatted as the grid shows them. */
    public String copy(int r0, int r1, int c0, int c1) {
        TableDef t = requireTable();
        if (r1 - r0 + 1 > MAX_COPY_ROWS) {
            throw RowanException.badRequest("Copy at most " + MAX_COPY_ROWS + " rows at a time");
        }
        List<FieldDef> cols = columns.subList(c0, c1 + 1);
        // list positions to the record indices between them (group headers copy nothing)
        long first = -1;
        long last = -1;
        for (int p = r0; p <= r1; p++) {
            long i = recordIndex(p);
            if (i < 0) continue;
            if (first < 0) first = i;
            last = i;
        }
        if (first < 0) return "";
        List<Row> rs = new ArrayList<>();
        boolean allLoaded = true;
        for (long i = first; i <= last && allLoaded; i++) {
            Row r = recordAt(i);
            if (r == null) allLoaded = false;
            else rs.add(r);
        }
        if (!allLoaded) rs = rowsAt(t, rowsFilter(), effectiveSorts(), first, (int) (last - first + 1));
        List<List<String>> out = new ArrayList<>();
        for (Row r : rs) {
            List<String> line = new ArrayList<>();
            for (FieldDef f : cols) line.add(ClipboardText.format(f, r.value(f.id())));
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
            message.set("Undone: " + done.description() + " (Ctrl+Y to redo)");
            afterHistory(done, true);
        }, this::fail));
    }

    public void redo() {
        undo.popRedo().ifPresent(c -> executor.submit("Redo", p -> {
            c.redo();
            return c;
        }, done -> {
            undo.redone(done);
            message.set("Redone: " + done.description());
            afterHistory(done, false);
        }, this::fail));
    }

    /** Runs an edit in the background; when it is stored, {@code report} becomes the message (older news ends). */
    private void runChange(String title, CellEdits change, boolean refreshAll, String report) {
        executor.submit(title, p -> {
            change.redo();
            return change;
        }, done -> {
            undo.push(done);
            message.set(report);
            applyToCache(done.changes(), false);
            if (refreshAll) refresh();
            else summariesChanged();
        }, this::fail);
    }

    /** The groups' numbers and the footer are read again after an edit that moved no row (kept results make it cheap). */
    private void summariesChanged() {
        TableDef t = table.get();
        if (t != null && (!view.get().groups().isEmpty() || !view.get().summaries().isEmpty())) grouped.load(t, view.get());
    }

    private void afterHistory(UndoStack.Change c, boolean undone) {
        c.settled();
        TableDef t = table.get();
        if (c instanceof Pasted p) {
            problems.clear();
            if (undone) {
                for (Row r : p.inserted().rows) marks.keySet().removeIf(k -> k.recordId().equals(r.id()));
                marksRevision.set(marksRevision.get() + 1);
            }
        }
        if (t == null || !t.id().equals(c.tableId())) return;
        if (c instanceof CellEdits e && !movesRows(e.changes().stream().map(CellChange::fieldId).distinct().toList())
                && !touchesLinks(t, e.changes())) {
            applyToCache(e.changes(), !e.isRedoState());
            summariesChanged();
        } else {
            refresh();
        }
    }

    /** Whether changes set link cells (whose lookups, rollups and formulas then change too). */
    private static boolean touchesLinks(TableDef t, List<CellChange> changes) {
        for (CellChange c : changes) {
            if (t.fieldById(c.fieldId()).map(f -> f.type() instanceof dev.rowan.model.schema.FieldType.Link).orElse(false)) {
                return true;
            }
        }
        return false;
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
        private final TableDef t;
        private final List<CellChange> changes;
        private boolean redoState = true;

        CellEdits(TableDef t, List<CellChange> changes) {
            this.t = t;
            this.changes = List.copyOf(changes);
        }

        List<CellChange> changes() {
            return changes;
        }

        boolean isRedoState() {
            return redoState;
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            if (changes.size() == 1) {
                return "edit of " + t.fieldById(changes.getFirst().fieldId()).map(FieldDef::name).orElse("a cell");
            }
            return changes.size() + " cell edits";
        }

        public void undo() {
            records.update(t, changes.stream().map(c -> new CellChange(c.recordId(), c.fieldId(), c.after(), c.before())).toList());
            redoState = false;
        }

        public void redo() {
            if (!changes.isEmpty()) records.update(t, changes);
            redoState = true;
        }
    }

    private final class Inserted implements UndoStack.Change {
        private final TableDef t;
        private final List<Row> rows;

        Inserted(TableDef t, List<Row> rows) {
            this.t = t;
            this.rows = List.copyOf(rows);
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return rows.size() == 1 ? "new record" : rows.size() + " new records";
        }

        public void undo() {
            if (!rows.isEmpty()) records.delete(t, rows.stream().map(Row::id).toList());
        }

        public void redo() {
            if (!rows.isEmpty()) records.restore(t, rows);
        }
    }

    private final class Deleted implements UndoStack.Change {
        private final TableDef t;
        private final List<Row> rows;

        Deleted(TableDef t, List<Row> rows) {
            this.t = t;
            this.rows = List.copyOf(rows);
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return "deletion of " + records(rows.size());
        }

        public void undo() {
            records.restore(t, rows);
        }

        public void redo() {
            records.delete(t, rows.stream().map(Row::id).toList());
        }
    }

    private record Pasted(TableDef t, CellEdits edits, Inserted inserted, int lines) implements UndoStack.Change {
        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return "paste of " + rowsText(lines);
        }

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

    /** Broken formula fields of the table shown, computed once per table definition. */
    private @Nullable TableDef brokenFor;
    private final Map<java.util.UUID, java.util.Optional<String>> broken = new HashMap<>();

    /**
     * Why a formula field of the table shown no longer works (a field it reads was removed or retyped), or empty:
     * its cells show #ERROR with this reason instead of an empty value.
     */
    public java.util.Optional<String> brokenReason(FieldDef f) {
        TableDef t = table.get();
        if (t == null || !dev.rowan.model.formula.FormulaFields.isFormula(f)) return java.util.Optional.empty();
        if (brokenFor != t) {
            broken.clear();
            brokenFor = t;
        }
        return broken.computeIfAbsent(f.id(), id -> t.fieldById(id)
                .flatMap(x -> dev.rowan.model.formula.FormulaFields.brokenReason(t.fields(), x)));
    }

    /**
     * The error of a formula cell shown empty because its formula failed for this record (division by zero, a bad
     * date), or empty: the grid shows its marker ({@code #DIV/0!}, {@code #ERROR}) with the reason. The rule is
     * shared-model's {@link dev.rowan.model.formula.CellErrors}, which the server's reads apply too.
     */
    public java.util.Optional<dev.rowan.model.formula.ErrorValue> errorValue(Row row, FieldDef f) {
        TableDef t = table.get();
        if (t == null || !dev.rowan.model.formula.FormulaFields.isFormula(f)) return java.util.Optional.empty();
        if (errorsFor != t) {
            errors.clear();
            errorsFor = t;
        }
        // cells are drawn again on every scroll step: a formula is checked and evaluated once per record state
        String key = row.id() + ":" + row.values().hashCode() + ":" + f.id();
        java.util.Optional<dev.rowan.model.formula.ErrorValue> known = errors.get(key);
        if (known != null) return known;
        java.util.Optional<dev.rowan.model.formula.ErrorValue> e = dev.rowan.model.formula.CellErrors.of(t.fields(), f,
                CellValues.of(t, row), row.id(), row.createdAt(), row.updatedAt(), java.time.Clock.systemUTC());
        errors.put(key, e);
        return e;
    }

    private @Nullable TableDef errorsFor;
    private final Map<String, java.util.Optional<dev.rowan.model.formula.ErrorValue>> errors =
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, java.util.Optional<dev.rowan.model.formula.ErrorValue>> e) {
                    return size() > 4_096;
                }
            };

    public ObservableList<FieldDef> columns() {
        return columns;
    }

    public ObjectProperty<GridRows> rows() {
        return rows;
    }

    @Override
    public java.util.Optional<javafx.beans.value.ObservableValue<String>> statusCount() {
        return java.util.Optional.of(javafx.beans.binding.Bindings.createStringBinding(this::countText, rowCount,
                countCapped));
    }

    /** "12,345 records", or "10,000+ records" while a big filtered list has only its capped count. */
    public String countText() {
        return countCapped.get() ? String.format("%,d+ records", countCap) : records(rowCount.get());
    }

    public LongProperty rowCount() {
        return rowCount;
    }

    /** The composition root's way of opening a link with the system browser (a button field's URL). */
    public void setLinkOpener(java.util.function.Consumer<String> opener) {
        this.linkOpener = opener;
    }

    /** Opens a button's URL when it is one that may be opened (http, https, mailto; never file: or javascript:). */
    public void openLink(String url) {
        if (!dev.rowan.model.kind.ButtonKind.opens(url)) {
            message.set("Only web and mail links are opened");
            return;
        }
        linkOpener.accept(url.strip());
        message.set("Opened " + url.strip());
    }

    public StringProperty message() {
        return message;
    }

    public BooleanProperty loading() {
        return loading;
    }

    public ObjectProperty<GridConfig> view() {
        return view;
    }

    public UndoStack undoStack() {
        return undo;
    }

    /** The mark on a cell whose typed or pasted text was refused, if any. */
    public @Nullable Mark mark(UUID recordId, UUID fieldId) {
        return marks.get(new CellKey(recordId, fieldId));
    }

    /** Changes whenever a mark is added or removed (cells show marks). */
    public IntegerProperty marksRevision() {
        return marksRevision;
    }

    /** The cells the last paste could not fill. */
    public ObservableList<Problem> problems() {
        return problems;
    }

    public ObjectProperty<@Nullable UUID> focusedRecord() {
        return focusedRecord;
    }

    public ObjectProperty<@Nullable Focus> focusRequest() {
        return focusRequest;
    }

    /** New records, in any table, that are not stored yet because a required value is still empty. */
    public int unsavedDrafts() {
        int n = 0;
        for (List<Row> d : drafts.values()) for (Row r : d) if (!saving.contains(r.id())) n++;
        return n;
    }


    public long pagesLoaded() {
        return pagesLoaded;
    }

    int cachedPages() {
        return pages.size();
    }
}
