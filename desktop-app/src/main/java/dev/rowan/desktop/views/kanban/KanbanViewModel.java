package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.views.HostedViewModel;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RankStore;
import dev.rowan.desktop.workspace.RankStore.RankChange;
import dev.rowan.desktop.workspace.RankedPage;
import dev.rowan.desktop.workspace.RecordSource;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.RankSpacing;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A board of one table's records stacked by a single-select field (no nodes; tested without the FX thread).
 * Each column reads its own pages, {@link #PAGE} cards at a time, with the view's filter AND its value of the stack
 * field, so a board over 100,000 records reads five small pages to show its first cards, and counts afterwards.
 * A card moved to another column is one cell change (stored in H2 with its outbox entry, one undo step); a new card
 * is a record with its column's value; a new column is a new option of the stack field (a FIELD change, synced
 * like the designer's). Collapsed and hidden columns are settings of the view, saved through the {@link ViewStore}.
 */
public final class KanbanViewModel implements HostedViewModel {
    public static final String DEFAULT_VIEW_NAME = "Kanban";
    public static final int PAGE = 50;

    private final SchemaStore schema;
    private final RecordSource records;
    private final RecordStore store;
    private final UndoStack history;
    private final ViewStore views;
    private final TaskExecutor executor;
    private final RankStore ranks;

    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObjectProperty<KanbanConfig> config = new SimpleObjectProperty<>(KanbanConfig.EMPTY);
    private final ObservableList<KanbanColumn> columns = FXCollections.observableArrayList();
    private final ObservableList<KanbanColumn> hiddenColumns = FXCollections.observableArrayList();
    private final ObservableList<FieldDef> stackChoices = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    /** The card the keyboard works on (null: none yet). */
    private final ObjectProperty<@Nullable UUID> selected = new SimpleObjectProperty<>();
    private @Nullable UUID viewId;
    private String viewName = DEFAULT_VIEW_NAME;
    /** Bumped when the board is rebuilt or reread: results of older reads are dropped. */
    private int generation;

    public KanbanViewModel(ViewContext context) {
        this(context.schema(), context.records(), context.editor().store(), context.editor().history(),
                context.views(), context.executor());
    }

    public KanbanViewModel(SchemaStore schema, RecordSource records, RecordStore store, UndoStack history,
                           ViewStore views, TaskExecutor executor) {
        this.schema = schema;
        this.records = records;
        this.store = store;
        this.history = history;
        this.views = views;
        this.executor = executor;
        this.ranks = new RankStore(store.workspace());
        // Ctrl+Z runs through the window's one history (the grid's command); the board reads again after it
        history.applied().addListener((o, a, b) -> {
            TableDef t = table.get();
            if (b != null && t != null && b.tableId().equals(t.id())) {
                message.set(""); // the window's status bar says what was undone
                refresh();
            }
        });
    }

    // ------------------------------------------------------------------ opening

    /** Shows a table's kanban view {@code id} (null: its first; none stored: a board by its first single select). */
    @Override
    public void open(UUID tableId, @Nullable UUID id) {
        TableDef t = schema.table(tableId);
        StoredView v = views.list(t).stream()
                .filter(x -> x.kind() == ViewKind.KANBAN && (id == null || x.id().equals(id)))
                .findFirst().orElse(null);
        viewId = v == null ? null : v.id();
        viewName = v == null ? DEFAULT_VIEW_NAME : v.name();
        KanbanConfig c = v == null ? defaults(t) : (KanbanConfig) v.config();
        if (v != null && !v.dropped().isEmpty()) {
            message.set("Parts of this view no longer fit the table and were left out: " + String.join("; ", v.dropped()));
        } else {
            message.set("");
        }
        show(t, c);
        List<FieldDef> choices = selects(t);
        if (v != null && c.stackField() == null && v.dropped().isEmpty() && choices.size() == 1) {
            // a new board of a table with one single select: nothing to ask, it is stacked by that field (saved)
            setStackField(choices.getFirst().id());
        }
    }

    private static KanbanConfig defaults(TableDef t) {
        return selects(t).stream().findFirst().map(f -> KanbanConfig.stackedBy(f.id())).orElse(KanbanConfig.EMPTY);
    }

    private static List<FieldDef> selects(TableDef t) {
        return t.activeFields().stream().filter(f -> f.type() instanceof FieldType.SingleSelect).toList();
    }

    /** The table's definition changed (designer, pull, a new column): the board is built again from it. */
    @Override
    public void reloadSchema() {
        TableDef now = table.get();
        if (now == null) return;
        Optional<TableDef> t = schema.findTable(now.id());
        if (t.isEmpty()) return;
        KanbanConfig c = (KanbanConfig) ViewConfig.read(ViewKind.KANBAN.api(), config.get().toMap(), t.get()).config();
        message.set("");
        show(t.get(), c);
    }

    private void show(TableDef t, KanbanConfig c) {
        generation++;
        table.set(t);
        config.set(c);
        stackChoices.setAll(selects(t));
        List<KanbanColumn> shown = new ArrayList<>();
        List<KanbanColumn> hidden = new ArrayList<>();
        c.stack(t).ifPresent(stack -> {
            FieldType.SingleSelect s = (FieldType.SingleSelect) stack.type();
            for (SelectOption o : s.options()) {
                KanbanColumn col = new KanbanColumn(o.id(), o.label(), o.color(),
                        c.columnFilter(stack, o.label()),
                        c.collapsedColumns().contains(o.id()));
                (c.hiddenColumns().contains(o.id()) ? hidden : shown).add(col);
            }
            KanbanColumn none = new KanbanColumn(KanbanConfig.NO_VALUE, "No value", "",
                    c.columnFilter(stack, null),
                    c.collapsedColumns().contains(KanbanConfig.NO_VALUE));
            (c.hiddenColumns().contains(KanbanConfig.NO_VALUE) ? hidden : shown).add(none);
        });
        columns.setAll(shown);
        hiddenColumns.setAll(hidden);
        if (c.stack(t).isEmpty()) {
            String hint = stackChoices.isEmpty() ? "Add a single select field to the table to see it as a board"
                    : "Choose the field that stacks the records into columns";
            // what was dropped reading the view stays in front: it says why the board has no columns now
            message.set(message.get().isEmpty() ? hint : message.get() + ". " + hint);
        }
        load(shown.stream().filter(col -> !col.collapsed().get()).toList(), 0);
    }

    /**
     * Shows a board of {@code t} whose columns hold {@code cards} (by stack value) without reading or storing
     * anything: only for {@link KanbanRehearsal}, whose ViewModel has an executor that runs no work.
     */
    void showSample(TableDef t, KanbanConfig c, List<Row> cards) {
        show(t, c);
        c.stack(t).ifPresent(stack -> {
            for (KanbanColumn col : columns) {
                col.cards().setAll(cards.stream().filter(r -> java.util.Objects.equals(r.value(stack.id()),
                        col.key().isEmpty() ? null : col.key())).toList());
                col.count().set(col.cards().size());
            }
        });
    }

    /** The records changed: every shown column reads its first cards again (as many as it had) and its count. */
    @Override
    public void refresh() {
        TableDef t = table.get();
        if (t == null) return;
        generation++;
        List<KanbanColumn> open = columns.stream().filter(col -> !col.collapsed().get()).toList();
        int keep = open.stream().mapToInt(col -> col.cards().size()).max().orElse(0);
        load(open, keep);
    }

    /**
     * Reads the first page of each column in one background task, then (a second task) every column's count: the
     * cards show before the counts, which scan the column's records.
     */
    private void load(List<KanbanColumn> cols, int atLeast) {
        TableDef t = table.get();
        if (t == null) return;
        int gen = generation;
        List<Sort> sorts = config.get().query().sorts();
        int size = Math.max(PAGE, atLeast);
        for (KanbanColumn col : cols) col.loading(true);
        UUID manual = manualView();
        executor.submit("Reading the board", p -> {
            Map<KanbanColumn, RankedPage> pages = new LinkedHashMap<>();
            for (KanbanColumn col : cols) pages.put(col, read(t, col, manual, sorts, null, size));
            return pages;
        }, pages -> {
            pages.keySet().forEach(col -> col.loading(false));
            if (gen != generation) return;
            pages.forEach((col, page) -> {
                col.cards().setAll(page.page().rows());
                col.ranks().clear();
                col.ranks().putAll(page.ranks());
                col.paged(page.page().next());
            });
            count(columns);
        }, e -> {
            cols.forEach(col -> col.loading(false));
            fail(e);
        });
    }

    private void count(List<KanbanColumn> cols) {
        TableDef t = table.get();
        if (t == null) return;
        int gen = generation;
        List<KanbanColumn> all = List.copyOf(cols);
        executor.submit("Counting the board", p -> {
            Map<KanbanColumn, Long> n = new HashMap<>();
            for (KanbanColumn col : all) n.put(col, records.count(t, col.filter()));
            return n;
        }, n -> {
            if (gen == generation) n.forEach((col, c) -> col.count().set(c));
        }, this::fail);
    }

    /** The column's next page (the view asks when its list is scrolled near the end). */
    public void loadMore(KanbanColumn col) {
        TableDef t = table.get();
        if (t == null || col.loading() || !col.hasMore() || col.collapsed().get()) return;
        int gen = generation;
        List<Sort> sorts = config.get().query().sorts();
        col.loading(true);
        UUID manual = manualView();
        executor.submit("Reading cards", p -> read(t, col, manual, sorts, col.next(), PAGE), page -> {
            col.loading(false);
            if (gen != generation) return;
            col.cards().addAll(page.page().rows());
            col.ranks().putAll(page.ranks());
            col.paged(page.page().next());
        }, e -> {
            col.loading(false);
            fail(e);
        });
    }

    /** A column's page: in the view's manual order (with ranks) when {@code manual} names the view, else sorted. */
    private RankedPage read(TableDef t, KanbanColumn col, @Nullable UUID manual, List<Sort> sorts,
                            dev.rowan.model.sql.@Nullable Cursor after, int size) {
        if (manual != null) return records.rankedPage(t, col.filter(), manual, after, size);
        return new RankedPage(records.page(t, col.filter(), sorts, after, size), Map.of());
    }

    /** The stored view whose manual order the board shows, or null when it is sorted (or not stored yet). */
    private @Nullable UUID manualView() {
        return config.get().manualOrder() ? viewId : null;
    }

    /** Whether cards stay where they are dropped (the view's manual order) rather than following its sorts. */
    public boolean manualOrder() {
        return config.get().manualOrder();
    }

    /**
     * Turns manual order on or off: saved with the view (stored first if the board was only defaults, since ranks
     * belong to a stored view), then every column reads again in the new order.
     */
    public void setManualOrder(boolean on) {
        TableDef t = table.get();
        if (t == null || config.get().manualOrder() == on) return;
        KanbanConfig c = config.get().withManualOrder(on);
        config.set(c);
        UUID id = viewId;
        String name = viewName;
        executor.submit("Saving the view", p -> views.saveSettings(t, id, name, c), saved -> {
            if (viewId == null) viewId = saved;
            message.set(on ? "Manual order: drag cards up and down to keep them where you drop them"
                    : "Cards follow the view's sorts again");
            refresh();
        }, this::fail);
    }

    // ------------------------------------------------------------------ the keyboard

    /** The card the keyboard works on. */
    public ObjectProperty<@Nullable UUID> selected() {
        return selected;
    }

    /** Columns the keyboard walks: shown and open. */
    private List<KanbanColumn> open() {
        return columns.stream().filter(c -> !c.collapsed().get()).toList();
    }

    /**
     * Moves the selection: {@code dy} cards up or down its column (the next page is read near the end), {@code dx}
     * columns left or right (to the nearest open column with cards, at the same height or its last card). With no
     * card selected, the first card of the board is.
     */
    public void moveSelection(int dx, int dy) {
        List<KanbanColumn> cols = open();
        UUID id = selected.get();
        KanbanColumn col = id == null ? null : columnOf(id).filter(cols::contains).orElse(null);
        if (col == null) {
            cols.stream().filter(c -> !c.cards().isEmpty()).findFirst()
                    .ifPresent(c -> selected.set(c.cards().getFirst().id()));
            return;
        }
        int row = indexIn(col, id);
        if (dx != 0) {
            int ci = cols.indexOf(col);
            for (int i = ci + Integer.signum(dx); i >= 0 && i < cols.size(); i += Integer.signum(dx)) {
                KanbanColumn next = cols.get(i);
                if (next.cards().isEmpty()) continue;
                selected.set(next.cards().get(Math.min(row, next.cards().size() - 1)).id());
                return;
            }
            return;
        }
        int to = Math.max(0, Math.min(col.cards().size() - 1, row + dy));
        selected.set(col.cards().get(to).id());
        if (to >= col.cards().size() - 5 && col.hasMore()) loadMore(col);
    }

    /**
     * Moves the selected card with the keyboard: {@code dx} columns left or right (into the next shown column, on
     * top in a sorted board, at the same height in manual order), or {@code dy} places up or down its column (manual
     * order only). Each is one change, undoable like a drag.
     */
    public void moveSelectedCard(int dx, int dy) {
        UUID id = selected.get();
        KanbanColumn col = id == null ? null : columnOf(id).orElse(null);
        if (id == null || col == null) return;
        int row = indexIn(col, id);
        if (dx != 0) {
            int ci = columns.indexOf(col) + Integer.signum(dx);
            if (ci < 0 || ci >= columns.size()) return;
            KanbanColumn to = columns.get(ci);
            if (manualView() != null) place(id, to.key(), Math.min(row, to.cards().size()));
            else move(id, to.key());
            return;
        }
        if (manualView() == null) {
            message.set("Turn on Manual order to move cards up and down");
            return;
        }
        if (dy < 0 && row > 0) place(id, col.key(), row - 1);
        else if (dy > 0 && row < col.cards().size() - 1) place(id, col.key(), row + 2);
    }

    private static int indexIn(KanbanColumn col, UUID id) {
        for (int i = 0; i < col.cards().size(); i++) if (col.cards().get(i).id().equals(id)) return i;
        return -1;
    }

    // ------------------------------------------------------------------ changing records

    /**
     * Drops a card at {@code index} of a column's cards as they are shown (the card itself counted where it is, when
     * it is dropped in its own column). In manual order the card takes a rank between its new neighbours (one rank
     * written; when it lands among cards never ordered, those above it are ordered first, in one batch), and a drop
     * into another column also writes the record's stack field: both in one transaction and one undo step. A sorted
     * board only moves cards between columns (their place follows the sorts).
     */
    public void place(UUID recordId, String toKey, int index) {
        TableDef t = table.get();
        FieldDef stack = t == null ? null : config.get().stack(t).orElse(null);
        UUID view = manualView();
        KanbanColumn from = columnOf(recordId).orElse(null);
        KanbanColumn to = column(toKey).orElse(null);
        if (t == null || stack == null || from == null || to == null) return;
        if (view == null) {
            if (from != to) move(recordId, toKey);
            else message.set("Turn on Manual order to keep cards where you drop them");
            return;
        }
        Row row = from.cards().stream().filter(r -> r.id().equals(recordId)).findFirst().orElseThrow();
        int at = index;
        if (from == to) {
            int now = to.cards().indexOf(row);
            if (now < at) at--;
            if (now == at) return;
        }
        List<Row> list = new ArrayList<>(to.cards());
        list.remove(row);
        at = Math.max(0, Math.min(at, list.size()));
        List<RankChange> changes;
        try {
            changes = ranksFor(list, to.ranks(), at, recordId, from.ranks().get(recordId), !to.hasMore());
        } catch (RowanException e) {
            message.set(Errors.message(e));
            return;
        }
        List<CellChange> cells = new ArrayList<>();
        Row placed = row;
        if (from != to) {
            @Nullable Object after = toKey.equals(KanbanConfig.NO_VALUE) ? null : toKey;
            cells.add(new CellChange(recordId, stack.id(), row.value(stack.id()), after));
            placed = row.with(stack.id(), after);
        }
        // the board shows the drop at once; the store follows in the background
        from.cards().remove(row);
        from.ranks().remove(recordId);
        if (from != to) {
            if (from.count().get() > 0) from.count().set(from.count().get() - 1);
            if (to.count().get() >= 0) to.count().set(to.count().get() + 1);
        }
        if (!to.collapsed().get()) to.cards().add(Math.min(at, to.cards().size()), placed);
        for (RankChange r : changes) to.ranks().put(r.recordId(), r.after());
        String what = (from == to ? "reorder of " : "move of ") + cardTitle(row)
                + (from == to ? "" : " to " + to.label());
        boolean racing = columns.stream().anyMatch(KanbanColumn::loading);
        if (racing) generation++;
        executor.submit(from == to ? "Ordering cards" : "Moving a card", p -> {
            ranks.place(store, t, cells, view, changes);
            return new Placed(t, cells, view, changes, what);
        }, done -> {
            history.push(done);
            message.set((from == to ? "Placed " : "Moved ") + cardTitle(row) + (from == to ? "" : " to " + to.label())
                    + " (Ctrl+Z to undo)");
            if (racing) refresh();
        }, e -> {
            fail(e);
            refresh();
        });
    }

    /**
     * The rank changes that put {@code recordId} at {@code at} of {@code list} (the column without it), as
     * {@link RankSpacing#place} plans them: one rank between its neighbours; ranks for the unranked cards above it as
     * well when it lands among them; or, when the gap has been split too often, new ranks for a window of cards around
     * it — all one batch, so one undo step and one VIEW_RANK operation per card. {@code complete}: the column has no
     * more pages to load.
     */
    static List<RankChange> ranksFor(List<Row> list, Map<UUID, String> known, int at, UUID recordId,
                                     @Nullable String old, boolean complete) {
        List<@Nullable String> ranks = new ArrayList<>(list.size());
        for (Row r : list) ranks.add(known.get(r.id()));
        RankSpacing.Plan plan = RankSpacing.place(ranks, at, complete);
        List<RankChange> out = new ArrayList<>(plan.keys().size());
        for (int k = 0; k < plan.keys().size(); k++) {
            int idx = plan.from() + k;
            String key = plan.keys().get(k);
            if (idx == at) {
                out.add(new RankChange(recordId, old, key));
                continue;
            }
            UUID id = list.get(idx < at ? idx : idx - 1).id();
            String was = known.get(id);
            if (!key.equals(was)) out.add(new RankChange(id, was, key));
        }
        return out;
    }

    /**
     * Moves a card to another column: the card changes column at once, the record's stack field is written in the
     * background (H2 and its outbox entry in one transaction) and the change becomes one undo step.
     */
    public void move(UUID recordId, String toKey) {
        TableDef t = table.get();
        FieldDef stack = t == null ? null : config.get().stack(t).orElse(null);
        if (t == null || stack == null) return;
        KanbanColumn from = columnOf(recordId).orElse(null);
        KanbanColumn to = column(toKey).orElse(null);
        if (from == null || to == null || from == to) return;
        Row row = from.cards().stream().filter(r -> r.id().equals(recordId)).findFirst().orElseThrow();
        @Nullable Object after = toKey.equals(KanbanConfig.NO_VALUE) ? null : toKey;
        CellChange change = new CellChange(recordId, stack.id(), row.value(stack.id()), after);
        from.cards().remove(row);
        if (from.count().get() > 0) from.count().set(from.count().get() - 1);
        if (!to.collapsed().get()) to.cards().addFirst(row.with(stack.id(), after));
        if (to.count().get() >= 0) to.count().set(to.count().get() + 1);
        String what = "move of " + cardTitle(row) + " to " + to.label();
        // a read still under way was made before this write: its result would put the card back, so it is dropped
        // and the board reads again once the move is stored
        boolean racing = columns.stream().anyMatch(KanbanColumn::loading);
        if (racing) generation++;
        executor.submit("Moving a card", p -> {
            store.update(t, List.of(change));
            return new Moved(t, change, what);
        }, done -> {
            history.push(done);
            message.set("Moved " + cardTitle(row) + " to " + to.label() + " (Ctrl+Z to undo)");
            if (racing) refresh();
        }, e -> {
            fail(e);
            refresh();
        });
    }

    /**
     * A new card in a column: a record with the column's value and {@code title} in the title field (other fields
     * take their defaults). Refused with a message, nothing stored, when the title does not parse or a required
     * field would stay empty.
     */
    public boolean addCard(String columnKey, String title) {
        return addCard(columnKey, title, id -> { });
    }

    /**
     * {@link #addCard(String, String)}, then {@code added} gets the new record's id on the FX thread once it is
     * stored (the board opens it in the record form, where its other fields are filled in).
     */
    public boolean addCard(String columnKey, String title, java.util.function.Consumer<UUID> added) {
        TableDef t = table.get();
        FieldDef stack = t == null ? null : config.get().stack(t).orElse(null);
        KanbanColumn col = column(columnKey).orElse(null);
        if (t == null || stack == null || col == null) return false;
        Map<UUID, @Nullable Object> values = new HashMap<>();
        for (FieldDef f : t.activeFields()) values.put(f.id(), f.defaultValue());
        values.put(stack.id(), columnKey.equals(KanbanConfig.NO_VALUE) ? null : columnKey);
        try {
            FieldDef titleField = config.get().title(t).orElse(null);
            if (titleField != null && !titleField.id().equals(stack.id())) {
                values.put(titleField.id(), FieldValues.parseTyped(titleField, title.strip()));
            }
            for (FieldDef f : t.activeFields()) FieldValues.validate(f, values.get(f.id()), f.name());
        } catch (RowanException e) {
            message.set(Errors.message(e));
            return false;
        }
        executor.submit("Adding a card", p -> new Added(t, store.insert(t, values)), done -> {
            history.push(done);
            if (col.count().get() >= 0) col.count().set(col.count().get() + 1);
            // the column read again: the card shows where the board's order puts it (last in creation order, by
            // the view's sorts, or among the unranked in manual order), not on top until the next read moves it
            if (!col.collapsed().get()) load(List.of(col), col.cards().size() + 1);
            message.set("Added " + cardTitle(done.row) + " to " + col.label() + " (Ctrl+Z to undo)");
            added.accept(done.row.id());
        }, this::fail);
        return true;
    }

    /**
     * A new column: a new option of the stack field, stored like the designer's change (the field's FIELD mutation
     * in the outbox), so every client gets the column. Refused with a message when the label is not a valid option.
     */
    public boolean addColumn(String label) {
        TableDef t = table.get();
        FieldDef stack = t == null ? null : config.get().stack(t).orElse(null);
        if (t == null || stack == null) return false;
        FieldType.SingleSelect s = (FieldType.SingleSelect) stack.type();
        List<Object> options = new ArrayList<>(s.options().stream().map(SelectOption::toMap).toList());
        options.add(Map.of("label", label));
        FieldDef updated;
        try {
            updated = stack.withType(FieldTypes.parse("single_select", Map.of("options", options), s));
        } catch (RowanException e) {
            message.set(Errors.message(e));
            return false;
        }
        executor.submit("Adding a column", p -> {
            schema.updateField(t.id(), updated);
            return updated;
        }, done -> {
            reloadSchema();
            message.set("Added the column " + label.strip() + " (a new option of " + stack.name() + ")");
        }, this::fail);
        return true;
    }

    // ------------------------------------------------------------------ the view's settings

    public void setCollapsed(String key, boolean collapsed) {
        KanbanColumn col = column(key).orElse(null);
        if (col == null || col.collapsed().get() == collapsed) return;
        col.collapsed().set(collapsed);
        save(config.get().withCollapsed(key, collapsed));
        if (!collapsed) {
            generation++;
            load(List.of(col), 0);
        }
    }

    public void setHidden(String key, boolean hide) {
        TableDef t = table.get();
        if (t == null) return;
        KanbanConfig c = config.get().withHidden(key, hide);
        save(c);
        List<KanbanColumn> all = new ArrayList<>(columns);
        all.addAll(hiddenColumns);
        List<String> order = config.get().stack(t).map(KanbanConfig::columnKeys).orElse(List.of());
        all.sort(java.util.Comparator.comparingInt(col -> order.indexOf(col.key())));
        columns.setAll(all.stream().filter(col -> !c.hiddenColumns().contains(col.key())).toList());
        hiddenColumns.setAll(all.stream().filter(col -> c.hiddenColumns().contains(col.key())).toList());
        if (!hide) column(key).filter(col -> col.cards().isEmpty() && !col.collapsed().get()).ifPresent(col -> {
            generation++;
            load(List.of(col), 0);
        });
    }

    /** Stacks the board by another single-select field (its columns are read again). */
    public void setStackField(UUID fieldId) {
        TableDef t = table.get();
        if (t == null || fieldId.equals(config.get().stackField())) return;
        KanbanConfig c = config.get().withStackField(fieldId);
        save(c);
        message.set("");
        show(t, c);
    }

    /** The fields shown on cards below the title (the first {@code limit} of them). */
    public void setCardFields(List<UUID> fields, int limit) {
        TableDef t = table.get();
        if (t == null) return;
        KanbanConfig c = config.get().withCardFields(fields,
                Math.max(1, Math.min(KanbanConfig.MAX_CARD_LIMIT, limit)));
        save(c);
        config.set(c);
        refresh(); // the cards are drawn again with the new fields
    }

    public void setTitleField(@Nullable UUID fieldId) {
        if (table.get() == null) return;
        KanbanConfig c = config.get().withTitleField(fieldId);
        save(c);
        config.set(c);
        refresh();
    }

    /** Saves the view's settings (the first change of an unsaved board stores it as a new view). */
    private void save(KanbanConfig c) {
        TableDef t = table.get();
        if (t == null) return;
        config.set(c);
        UUID id = viewId;
        String name = viewName;
        executor.submit("Saving the view", p -> views.saveSettings(t, id, name, c), saved -> {
            if (viewId == null) viewId = saved;
        }, this::fail);
    }

    // ------------------------------------------------------------------ reading

    public Optional<KanbanColumn> column(String key) {
        for (KanbanColumn c : columns) if (c.key().equals(key)) return Optional.of(c);
        for (KanbanColumn c : hiddenColumns) if (c.key().equals(key)) return Optional.of(c);
        return Optional.empty();
    }

    /** The column whose loaded cards hold this record. */
    public Optional<KanbanColumn> columnOf(UUID recordId) {
        for (KanbanColumn c : columns) {
            for (Row r : c.cards()) if (r.id().equals(recordId)) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** The title field (the view's, else the table's first field). */
    public Optional<FieldDef> titleField() {
        TableDef t = table.get();
        return t == null ? Optional.empty() : config.get().title(t);
    }

    /** The fields a card shows below its title. */
    public List<FieldDef> cardFields() {
        TableDef t = table.get();
        return t == null ? List.of() : config.get().shownOnCards(t);
    }

    /** The card's title as plain text (the title field's canonical text; "Untitled" when empty). */
    public String cardTitle(Row row) {
        FieldDef f = titleField().orElse(null);
        Object v = f == null ? null : row.value(f.id());
        String text = v == null ? "" : FieldValues.formatText(f.type(), v);
        return text.isBlank() ? "Untitled" : text;
    }

    public Optional<UUID> viewId() {
        return Optional.ofNullable(viewId);
    }

    public ObjectProperty<@Nullable TableDef> table() {
        return table;
    }

    public ObjectProperty<KanbanConfig> config() {
        return config;
    }

    /** The columns shown, in option order with "No value" last. */
    public ObservableList<KanbanColumn> columns() {
        return columns;
    }

    /** The columns the user hid (offered to show again). */
    public ObservableList<KanbanColumn> hiddenColumns() {
        return hiddenColumns;
    }

    /** The table's single-select fields, which a board can be stacked by. */
    public ObservableList<FieldDef> stackChoices() {
        return stackChoices;
    }

    public StringProperty message() {
        return message;
    }

    private void fail(Throwable e) {
        message.set(Errors.message(e));
    }

    // ------------------------------------------------------------------ undo

    /** A card moved between columns: one cell change of the stack field. */
    final class Moved implements UndoStack.Change {
        private final TableDef t;
        private final CellChange change;
        private final String what;

        Moved(TableDef t, CellChange change, String what) {
            this.t = t;
            this.change = change;
            this.what = what;
        }

        CellChange change() {
            return change;
        }

        @Override
        public void undo() {
            store.update(t, List.of(new CellChange(change.recordId(), change.fieldId(), change.after(), change.before())));
        }

        @Override
        public void redo() {
            store.update(t, List.of(change));
        }

        @Override
        public UUID tableId() {
            return t.id();
        }

        @Override
        public String description() {
            return what;
        }
    }

    /** A card dropped in manual order: its ranks (and its stack field, between columns) in one step. */
    final class Placed implements UndoStack.Change {
        private final TableDef t;
        private final List<CellChange> cells;
        private final UUID view;
        private final List<RankChange> changes;
        private final String what;

        Placed(TableDef t, List<CellChange> cells, UUID view, List<RankChange> changes, String what) {
            this.t = t;
            this.cells = List.copyOf(cells);
            this.view = view;
            this.changes = List.copyOf(changes);
            this.what = what;
        }

        List<RankChange> changes() {
            return changes;
        }

        @Override
        public void undo() {
            List<CellChange> back = cells.stream()
                    .map(c -> new CellChange(c.recordId(), c.fieldId(), c.after(), c.before())).toList();
            ranks.place(store, t, back, view, changes.reversed().stream().map(RankChange::reversed).toList());
        }

        @Override
        public void redo() {
            ranks.place(store, t, cells, view, changes);
        }

        @Override
        public UUID tableId() {
            return t.id();
        }

        @Override
        public String description() {
            return what;
        }
    }

    /** A card added in a column: undo deletes the record, redo puts it back with its id. */
    final class Added implements UndoStack.Change {
        private final TableDef t;
        private final Row row;

        Added(TableDef t, Row row) {
            this.t = t;
            this.row = row;
        }

        @Override
        public void undo() {
            store.delete(t, List.of(row.id()));
        }

        @Override
        public void redo() {
            store.restore(t, List.of(row));
        }

        @Override
        public UUID tableId() {
            return t.id();
        }

        @Override
        public String description() {
            return "new card";
        }
    }
}
