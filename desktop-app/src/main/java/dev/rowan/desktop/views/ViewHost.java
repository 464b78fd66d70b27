package dev.rowan.desktop.views;

import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
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
import java.util.UUID;

/**
 * Shows an open table through its views: the table's stored views of the registered kinds ({@link ViewKinds}), the
 * one shown (the first, when the table opens), and one ViewModel per kind, made once from the {@link ViewContext}.
 * A table without a stored view of any registered kind shows the first kind's defaults (stored when first changed).
 */
public final class ViewHost {
    private final ViewContext context;
    private final Map<ViewType<?, ?>, Object> models = new HashMap<>();
    private final ObservableList<StoredView> views = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable StoredView> shown = new SimpleObjectProperty<>();
    private final ObjectProperty<ViewType<?, ?>> kind = new SimpleObjectProperty<>(ViewKinds.ALL.getFirst());
    private @Nullable UUID tableId;
    private final StringProperty statusCount = new SimpleStringProperty("");
    private long countGeneration;

    public ViewHost(ViewContext context) {
        this.context = context;
        // a record added, changed or deleted from a board, a calendar, a gallery or a form: the status bar's count of
        // a kind that says nothing itself is read again, once, a moment after the last write
        context.schema().workspace().onCommit(this::written);
    }

    /** Whether a recount after writes is queued on the FX thread. */
    private final java.util.concurrent.atomic.AtomicBoolean recountQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private javafx.animation.@Nullable PauseTransition recount;

    /** After a committed write (on the writer's thread). */
    private void written() {
        if (context.schema().workspace().closed() || !recountQueued.compareAndSet(false, true)) return;
        try {
            javafx.application.Platform.runLater(() -> {
                recountQueued.set(false);
                if (recount == null) {
                    recount = new javafx.animation.PauseTransition(javafx.util.Duration.millis(RECOUNT_AFTER_MS));
                    recount.setOnFinished(e -> {
                        if (tableId != null && !statusCount.isBound() && !context.schema().workspace().closed()) {
                            countShown();
                        }
                    });
                }
                recount.playFromStart();
            });
        } catch (IllegalStateException noToolkit) { // no window (a workspace used without one): nothing to show
            recountQueued.set(false);
        }
    }

    /** How long after the last write the status count is read again. */
    static final long RECOUNT_AFTER_MS = 300;

    /** What the kinds' ViewModels are made from (the workspace's stores, the history, the executor). */
    public ViewContext context() {
        return context;
    }

    /** The ViewModel of a kind (made the first time it is asked for). */
    @SuppressWarnings("unchecked")
    public <M extends HostedViewModel> M viewModel(ViewType<M, ?> type) {
        return (M) models.computeIfAbsent(type, t -> type.createViewModel(context));
    }

    /** Opens a table in the view last shown for it (a workspace setting), else its first view of a registered kind. */
    public void open(UUID table) {
        tableId = table;
        // Ctrl+Z undoes this table's last change whatever kind of view it opens in (a board opened first, at start
        // or as the table's last view, used to leave the window on another table's history)
        context.editor().history().select(table);
        List<StoredView> list = readViews(table);
        views.setAll(list);
        UUID last = context.views().lastShown(table).orElse(null);
        show(list.stream().filter(v -> v.id().equals(last)).findFirst().orElseGet(() -> preferred(list)));
    }

    /** The view a table opens in: its first view of the kind listed first in {@link ViewKinds} that it has. */
    private static @Nullable StoredView preferred(List<StoredView> list) {
        for (ViewType<?, ?> type : ViewKinds.ALL) {
            for (StoredView v : list) if (v.kind() == type.kind()) return v;
        }
        return null;
    }

    /** Switches the open table to one of its views (remembered as the table's last view). */
    public void select(StoredView view) {
        if (tableId == null || !view.tableId().equals(tableId)) return;
        show(view);
        context.views().rememberShown(view.tableId(), view.id());
    }

    // ------------------------------------------------------------------ the view bar's changes

    /** Creates a view of a registered kind with that kind's defaults, placed last, and shows it. */
    public StoredView create(ViewType<?, ?> type, String name) {
        TableDef t = requireTable();
        String checked = ViewStore.checkName(name);
        // asked of the store, not of the bar's list: the implicit grid stores itself at its first change (a grouping,
        // a hidden field) without the bar hearing of it
        if (type.kind() != GridViewType.INSTANCE.kind() && readViews(t.id()).isEmpty()) {
            // the table showed its implicit grid (nothing stored yet): store it first, or the bar would lose it
            String gridName = GridViewType.INSTANCE.defaultName();
            context.views().save(t, null, gridName.equalsIgnoreCase(checked) ? gridName + " 2" : gridName,
                    ViewConfig.defaults(GridViewType.INSTANCE.kind()));
        }
        UUID id = context.views().save(t, null, checked, ViewConfig.defaults(type.kind()));
        return reloadAndSelect(id);
    }

    /** A name for a new view of a kind that no view of the table has yet: "Kanban", "Kanban 2", ... */
    public String freeName(String base) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : base + " " + n;
            if (views.stream().noneMatch(v -> v.name().equalsIgnoreCase(candidate))) return candidate;
        }
    }

    /** Renames a view (the shown one keeps showing). */
    public void rename(StoredView view, String name) {
        TableDef t = requireTable();
        context.views().rename(t, view.id(), name);
        reloadSchema();
    }

    /** Copies a view (its kind and every setting) as "Name copy", placed right after it, and shows the copy. */
    public StoredView duplicate(StoredView view) {
        TableDef t = requireTable();
        String name = freeName(view.name().length() > ViewStore.MAX_NAME - 8
                ? view.name().substring(0, ViewStore.MAX_NAME - 8) + " copy" : view.name() + " copy");
        UUID id = context.views().save(t, null, name, view.config());
        List<UUID> order = new ArrayList<>(views.stream().map(StoredView::id).toList());
        order.add(order.indexOf(view.id()) + 1, id);
        context.views().reorder(t, order);
        return reloadAndSelect(id);
    }

    /**
     * Deletes a view; the shown view moves to its neighbour. The deletion is one step of the table's undo history
     * (Ctrl+Z brings the view back in its place, with its settings).
     */
    public void delete(StoredView view) {
        TableDef t = requireTable();
        List<UUID> order = views.stream().map(StoredView::id).toList();
        int at = order.indexOf(view.id());
        context.views().delete(t, view.id());
        StoredView now = shown.get();
        if (now != null && now.id().equals(view.id())) {
            List<StoredView> rest = readViews(t.id());
            views.setAll(rest);
            if (!rest.isEmpty()) select(rest.get(Math.min(at, rest.size() - 1)));
            else show(null);
        } else {
            reloadSchema();
        }
        context.editor().history().push(new ViewDeleted(t, view, order));
    }

    /** Moves a view {@code by} places in the bar (-1 left, +1 right); nothing happens at the ends. */
    public void move(StoredView view, int by) {
        TableDef t = requireTable();
        List<UUID> order = new ArrayList<>(views.stream().map(StoredView::id).toList());
        int from = order.indexOf(view.id());
        int to = from + by;
        if (from < 0 || to < 0 || to >= order.size()) return;
        order.remove(from);
        order.add(to, view.id());
        context.views().reorder(t, order);
        reloadSchema();
    }

    /**
     * Makes a view personal or shared, locked or not ({@link ViewStore#setFlags}: the creator changes personal,
     * owners/admins lock; refused with why otherwise).
     */
    public void setFlags(StoredView view, boolean personal, boolean locked) {
        TableDef t = requireTable();
        context.views().setFlags(t, view, personal, locked);
        reloadSchema();
    }

    /** Who is signed in, for the view bar's rules on personal and locked views. */
    public ViewStore.Me me() {
        return context.views().me();
    }

    private StoredView reloadAndSelect(UUID id) {
        reloadSchema();
        StoredView v = views.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        select(v);
        return v;
    }

    private TableDef requireTable() {
        if (tableId == null) throw new IllegalStateException("No table is open");
        return context.schema().table(tableId);
    }

    /** A deleted view as one undo step: undo restores it in its place, redo deletes it again. */
    private final class ViewDeleted implements UndoStack.Change {
        private final TableDef t;
        private final StoredView view;
        private final List<UUID> order;
        private boolean restored;

        ViewDeleted(TableDef t, StoredView view, List<UUID> order) {
            this.t = t;
            this.view = view;
            this.order = List.copyOf(order);
        }

        @Override
        public void undo() {
            context.views().restore(t, view, order);
            restored = true;
        }

        @Override
        public void redo() {
            context.views().delete(t, view.id());
            restored = false;
        }

        @Override
        public UUID tableId() {
            return t.id();
        }

        @Override
        public String description() {
            return "deletion of view " + view.name();
        }

        @Override
        public void settled() {
            if (!t.id().equals(tableId)) return;
            reloadSchema();
            if (restored) views.stream().filter(v -> v.id().equals(view.id())).findFirst().ifPresent(ViewHost.this::select);
        }
    }

    private void show(@Nullable StoredView view) {
        ViewType<?, ?> type = view == null ? ViewKinds.ALL.getFirst() : ViewKinds.of(view.kind()).orElseThrow();
        kind.set(type);
        shown.set(view);
        if (view != null && tableId != null) context.schema().findTable(tableId).ifPresent(t -> context.views().opened(t, view));
        open(type, view == null ? null : view.id());
    }

    private <M extends HostedViewModel> void open(ViewType<M, ?> type, @Nullable UUID viewId) {
        if (tableId == null) return;
        M vm = viewModel(type);
        type.open(vm, tableId, viewId);
        statusCount.unbind();
        vm.statusCount().ifPresentOrElse(statusCount::bind, this::countShown);
    }

    /** The records changed: the shown view reads them again. */
    public void refresh() {
        if (tableId == null) return;
        refresh(kind.get());
        if (!statusCount.isBound()) countShown();
    }

    /** For a kind that says nothing itself: the count of the records its view's query matches (on the worker). */
    private void countShown() {
        UUID table = tableId;
        StoredView view = shown.get();
        long gen = ++countGeneration;
        if (table == null || context.schema().findTable(table).isEmpty()) {
            statusCount.set("");
            return;
        }
        TableDef t = context.schema().table(table);
        dev.rowan.model.view.RecordQuery q = view == null ? dev.rowan.model.view.RecordQuery.ALL
                : view.config().query().byIds(t);
        context.executor().submit("Counting records", p -> context.records().countMatching(t, q), n -> {
            if (gen == countGeneration && !statusCount.isBound()) statusCount.set(GridViewModel.records(n));
        }, e -> {
            if (gen == countGeneration && !statusCount.isBound()) statusCount.set("");
        });
    }

    /** What the status bar says about the view shown (its own words, or the count of its view's records). */
    public javafx.beans.value.ObservableValue<String> statusCount() {
        return statusCount;
    }

    private <M extends HostedViewModel> void refresh(ViewType<M, ?> type) {
        type.refresh(viewModel(type));
    }

    /** The table's definition (or its views) changed: the view list and the shown view read them again. */
    public void reloadSchema() {
        if (tableId == null) return;
        UUID table = tableId;
        if (context.schema().findTable(table).isEmpty()) return;
        List<StoredView> list = readViews(table);
        views.setAll(list);
        StoredView now = shown.get();
        if (now == null) {
            // the table had no view of a registered kind; one arrived (pulled, or stored by the shown kind)
            shown.set(list.stream().filter(v -> ViewKinds.of(v.kind()).orElse(null) == kind.get()).findFirst()
                    .orElse(null));
        } else {
            StoredView same = list.stream().filter(v -> v.id().equals(now.id())).findFirst().orElse(null);
            if (same == null) {
                show(list.isEmpty() ? null : list.getFirst());
                return;
            }
            shown.set(same);
        }
        reloadSchema(kind.get());
    }

    private <M extends HostedViewModel> void reloadSchema(ViewType<M, ?> type) {
        type.reloadSchema(viewModel(type));
    }

    private List<StoredView> readViews(UUID table) {
        TableDef t = context.schema().table(table);
        return context.views().list(t).stream().filter(v -> ViewKinds.of(v.kind()).isPresent()).toList();
    }

    /** The open table's views of registered kinds, in order. */
    public ObservableList<StoredView> views() {
        return views;
    }

    /** The view shown; null while the table has no stored view of a registered kind (the first kind's defaults show). */
    public ObjectProperty<@Nullable StoredView> shown() {
        return shown;
    }

    /** The kind shown. */
    public ObjectProperty<ViewType<?, ?>> kind() {
        return kind;
    }

    /** The table open in the host. */
    public java.util.Optional<UUID> openTable() {
        return java.util.Optional.ofNullable(tableId);
    }

    public ViewStore store() {
        return context.views();
    }

    /** The name of the view shown, for its tab. */
    public String title() {
        StoredView v = shown.get();
        return v != null ? v.name() : kind.get().defaultName();
    }
}
