package dev.rowan.desktop.navigator;

import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.FolderInfo;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.TableInfo;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Apps → folders → tables of the workspace, and the commands that create, rename, move and delete them. */
public final class NavigatorViewModel {
    private final SchemaStore schema;
    private final ObservableList<NavItem> apps = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable NavItem> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<@Nullable UUID> openTable = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");

    public NavigatorViewModel(SchemaStore schema) {
        this.schema = schema;
    }

    public void reload() {
        List<NavItem> out = new ArrayList<>();
        for (AppInfo app : schema.apps()) {
            List<TableInfo> tables = schema.tables(app.id());
            List<NavItem> children = new ArrayList<>();
            for (FolderInfo f : schema.folders(app.id())) {
                List<NavItem> inFolder = tables.stream().filter(t -> f.id().equals(t.folderId()))
                        .map(t -> new NavItem(NavItem.Kind.TABLE, t.id(), app.id(), f.id(), t.name(), List.of())).toList();
                children.add(new NavItem(NavItem.Kind.FOLDER, f.id(), app.id(), null, f.name(), inFolder));
            }
            tables.stream().filter(t -> t.folderId() == null)
                    .forEach(t -> children.add(new NavItem(NavItem.Kind.TABLE, t.id(), app.id(), null, t.name(), List.of())));
            out.add(new NavItem(NavItem.Kind.APP, app.id(), app.id(), null, app.name(), children));
        }
        apps.setAll(out);
    }

    public void select(@Nullable NavItem item) {
        selected.set(item);
        if (item != null && item.kind() == NavItem.Kind.TABLE) openTable.set(item.id());
    }

    public Optional<NavItem> find(UUID id) {
        List<NavItem> queue = new ArrayList<>(apps);
        while (!queue.isEmpty()) {
            NavItem n = queue.removeFirst();
            if (n.id().equals(id)) return Optional.of(n);
            queue.addAll(n.children());
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return apps.isEmpty();
    }

    public Optional<NavItem> createApp(String name) {
        return attempt(() -> schema.createApp(name).id());
    }

    /** A folder in the selected item's app. */
    public Optional<NavItem> createFolder(String name) {
        NavItem at = selected.get();
        if (at == null) return fail("Select an app first");
        return attempt(() -> schema.createFolder(at.appId(), name).id());
    }

    /** A table next to the selection (in the selected folder or the table's folder), with a first text field. */
    public Optional<NavItem> createTable(String name) {
        NavItem at = selected.get();
        if (at == null) return fail("Select an app first");
        UUID folder = switch (at.kind()) {
            case APP -> null;
            case FOLDER -> at.id();
            case TABLE -> at.folderId();
        };
        Optional<NavItem> made = attempt(() -> {
            TableDef t = schema.createTable(at.appId(), folder, name,
                    List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
            return t.id();
        });
        made.ifPresent(this::select);
        return made;
    }

    public Optional<NavItem> rename(NavItem item, String name) {
        return attempt(() -> {
            switch (item.kind()) {
                case APP -> schema.renameApp(item.id(), name);
                case FOLDER -> schema.renameFolder(item.id(), name);
                case TABLE -> schema.renameTable(item.id(), name);
            }
            return item.id();
        });
    }

    public void delete(NavItem item) {
        attempt(() -> {
            switch (item.kind()) {
                case APP -> schema.deleteApp(item.id());
                case FOLDER -> schema.deleteFolder(item.id());
                case TABLE -> schema.deleteTable(item.id());
            }
            return item.id();
        });
        if (openTable.get() != null && find(Objects.requireNonNull(openTable.get())).isEmpty()) openTable.set(null);
        selected.set(null);
    }

    /** Drag and drop: a table onto a folder (or onto its app, to leave folders). */
    public void moveTable(NavItem table, NavItem target) {
        if (table.kind() != NavItem.Kind.TABLE || !table.appId().equals(target.appId())) return;
        UUID folder = switch (target.kind()) {
            case APP -> null;
            case FOLDER -> target.id();
            case TABLE -> target.folderId();
        };
        attempt(() -> {
            schema.moveTable(table.id(), folder);
            return table.id();
        });
    }

    /** Whether {@code dragged} may be dropped on {@code target}: reorder among its kind, or a table into a folder/app. */
    public boolean canDrop(NavItem dragged, NavItem target) {
        if (dragged.id().equals(target.id())) return false;
        return switch (dragged.kind()) {
            case APP -> target.kind() == NavItem.Kind.APP;
            case FOLDER -> target.kind() == NavItem.Kind.FOLDER && target.appId().equals(dragged.appId());
            case TABLE -> target.appId().equals(dragged.appId());
        };
    }

    /**
     * Drag and drop in the navigator: an app or folder dropped on another of its kind moves before it; a table
     * dropped on a table moves before it (into that table's folder); a table dropped on a folder or app moves there.
     */
    public void drop(NavItem dragged, NavItem target) {
        if (!canDrop(dragged, target)) return;
        if (dragged.kind() == NavItem.Kind.TABLE && target.kind() != NavItem.Kind.TABLE) {
            moveTable(dragged, target);
            return;
        }
        attempt(() -> {
            switch (dragged.kind()) {
                case APP -> schema.reorderApps(before(schema.apps().stream().map(AppInfo::id).toList(), dragged.id(), target.id()));
                case FOLDER -> schema.reorderFolders(before(schema.folders(dragged.appId()).stream().map(FolderInfo::id).toList(),
                        dragged.id(), target.id()));
                case TABLE -> {
                    if (!Objects.equals(dragged.folderId(), target.folderId())) schema.moveTable(dragged.id(), target.folderId());
                    schema.reorderTables(before(schema.tables(dragged.appId()).stream().map(TableInfo::id).toList(),
                            dragged.id(), target.id()));
                }
            }
            return dragged.id();
        });
    }

    private static List<UUID> before(List<UUID> order, UUID moved, UUID target) {
        List<UUID> out = new ArrayList<>(order);
        out.remove(moved);
        int at = out.indexOf(target);
        out.add(at < 0 ? out.size() : at, moved);
        return out;
    }

    private Optional<NavItem> attempt(java.util.function.Supplier<UUID> action) {
        try {
            UUID id = action.get();
            message.set("");
            reload();
            return find(id);
        } catch (RowanException e) {
            message.set(e.getMessage());
            reload();
            return Optional.empty();
        }
    }

    private Optional<NavItem> fail(String msg) {
        message.set(msg);
        return Optional.empty();
    }

    public ObservableList<NavItem> apps() { return apps; }
    public ObjectProperty<@Nullable NavItem> selected() { return selected; }
    public ObjectProperty<@Nullable UUID> openTable() { return openTable; }
    public StringProperty message() { return message; }
}
