package dev.rowan.desktop.views;

import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.schema.TableDef;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

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

    public ViewHost(ViewContext context) {
        this.context = context;
    }

    /** The ViewModel of a kind (made the first time it is asked for). */
    @SuppressWarnings("unchecked")
    public <M extends HostedViewModel> M viewModel(ViewType<M, ?> type) {
        return (M) models.computeIfAbsent(type, t -> type.createViewModel(context));
    }

    /** Opens a table in its first view of a registered kind. */
    public void open(UUID table) {
        tableId = table;
        List<StoredView> list = readViews(table);
        views.setAll(list);
        show(preferred(list));
    }

    /** The view a table opens in: its first view of the kind listed first in {@link ViewKinds} that it has. */
    private static @Nullable StoredView preferred(List<StoredView> list) {
        for (ViewType<?, ?> type : ViewKinds.ALL) {
            for (StoredView v : list) if (v.kind() == type.kind()) return v;
        }
        return null;
    }

    /** Switches the open table to one of its views. */
    public void select(StoredView view) {
        if (tableId == null || !view.tableId().equals(tableId)) return;
        show(view);
    }

    private void show(@Nullable StoredView view) {
        ViewType<?, ?> type = view == null ? ViewKinds.ALL.getFirst() : ViewKinds.of(view.kind()).orElseThrow();
        kind.set(type);
        shown.set(view);
        open(type, view == null ? null : view.id());
    }

    private <M extends HostedViewModel> void open(ViewType<M, ?> type, @Nullable UUID viewId) {
        if (tableId != null) type.open(viewModel(type), tableId, viewId);
    }

    /** The records changed: the shown view reads them again. */
    public void refresh() {
        if (tableId != null) refresh(kind.get());
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
