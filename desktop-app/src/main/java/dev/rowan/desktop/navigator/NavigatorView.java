package dev.rowan.desktop.navigator;

import dev.rowan.desktop.core.DialogService;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Optional;
import java.util.UUID;

/**
 * The navigator tree with its buttons and context menu. Drag and drop: apps, folders and tables onto another of
 * their kind to move them before it; tables onto a folder or app to move them there.
 */
public final class NavigatorView {
    private final NavigatorViewModel vm;
    private final DialogService dialogs;
    private final TreeView<NavItem> tree = new TreeView<>();
    private final ContextMenu menu;
    private final VBox root;
    private @Nullable NavItem dragged;

    public NavigatorView(NavigatorViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        tree.setId("navigator");
        tree.setShowRoot(false);
        tree.setRoot(new TreeItem<>());
        tree.setCellFactory(t -> new NavCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.select(b == null ? null : b.getValue()));
        vm.apps().addListener((ListChangeListener<NavItem>) c -> rebuild());
        vm.selected().addListener((o, a, b) -> {
            if (b != null) selectInTree(b.id());
        });
        Button newApp = iconButton(Feather.GRID, "New app", "nav-new-app", this::newApp);
        Button newFolder = iconButton(Feather.FOLDER_PLUS, "New folder", "nav-new-folder", this::newFolder);
        Button newTable = iconButton(Feather.PLUS_SQUARE, "New table", "nav-new-table", this::newTable);
        Label title = new Label("Workspace");
        title.getStyleClass().add("title-4");
        javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(4, title, spacer, newApp, newFolder, newTable);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(8));
        root = new VBox(head, tree);
        root.getStyleClass().add("navigator");
        VBox.setVgrow(tree, Priority.ALWAYS);
        menu = contextMenu();
        tree.setContextMenu(menu);
        rebuild();
    }

    public Node root() {
        return root;
    }

    /** Adds a command for the selected item at the end of the context menu, after a separator (sync commands). */
    public void addMenuCommand(MenuItem item) {
        if (menu.getItems().stream().noneMatch(i -> i instanceof SeparatorMenuItem)) {
            menu.getItems().add(new SeparatorMenuItem());
        }
        menu.getItems().add(item);
    }

    private static Button iconButton(Feather icon, String tip, String id, Runnable r) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll("flat", "button-icon");
        b.setTooltip(new javafx.scene.control.Tooltip(tip));
        b.setOnAction(e -> r.run());
        return b;
    }

    private ContextMenu contextMenu() {
        MenuItem rename = new MenuItem("Rename…");
        rename.setOnAction(e -> rename());
        MenuItem delete = new MenuItem("Delete…");
        delete.setOnAction(e -> delete());
        MenuItem folder = new MenuItem("New folder…");
        folder.setOnAction(e -> newFolder());
        MenuItem table = new MenuItem("New table…");
        table.setOnAction(e -> newTable());
        return new ContextMenu(table, folder, rename, delete);
    }

    public void newApp() {
        dialogs.askText("New app", "Name of the app", "").flatMap(vm::createApp).ifPresent(vm::select);
    }

    public void newFolder() {
        if (vm.selected().get() == null) {
            vm.message().set("Select an app first");
            return;
        }
        dialogs.askText("New folder", "Name of the folder", "").flatMap(vm::createFolder).ifPresent(vm::select);
    }

    public void newTable() {
        if (vm.selected().get() == null) {
            vm.message().set("Select an app or folder first");
            return;
        }
        dialogs.askText("New table", "Name of the table", "").flatMap(vm::createTable);
    }

    private void rename() {
        NavItem item = vm.selected().get();
        if (item == null) return;
        dialogs.askText("Rename", "New name", item.name()).flatMap(n -> vm.rename(item, n)).ifPresent(vm::select);
    }

    private void delete() {
        NavItem item = vm.selected().get();
        if (item == null) return;
        String what = switch (item.kind()) {
            case APP -> "the app '" + item.name() + "' with all its tables and records";
            case FOLDER -> "the folder '" + item.name() + "' (its tables move to the app)";
            case TABLE -> "the table '" + item.name() + "' and all its records";
        };
        if (dialogs.confirm("Delete", "Delete " + what + "?")) vm.delete(item);
    }

    private void rebuild() {
        // read the selection first: the new root clears the tree's selection, and with it the ViewModel's
        NavItem sel = vm.selected().get();
        TreeItem<NavItem> root = new TreeItem<>();
        for (NavItem app : vm.apps()) root.getChildren().add(treeItem(app));
        tree.setRoot(root);
        if (sel != null) selectInTree(sel.id());
    }

    private static TreeItem<NavItem> treeItem(NavItem n) {
        FontIcon icon = new FontIcon(switch (n.kind()) {
            case APP -> Feather.GRID;
            case FOLDER -> Feather.FOLDER;
            case TABLE -> Feather.LIST;
        });
        TreeItem<NavItem> ti = new TreeItem<>(n, icon);
        ti.setExpanded(true);
        for (NavItem c : n.children()) ti.getChildren().add(treeItem(c));
        return ti;
    }

    private void selectInTree(UUID id) {
        find(tree.getRoot(), id).ifPresent(ti -> {
            if (tree.getSelectionModel().getSelectedItem() != ti) tree.getSelectionModel().select(ti);
        });
    }

    private static Optional<TreeItem<NavItem>> find(TreeItem<NavItem> at, UUID id) {
        if (at.getValue() != null && at.getValue().id().equals(id)) return Optional.of(at);
        for (TreeItem<NavItem> c : at.getChildren()) {
            Optional<TreeItem<NavItem>> f = find(c, id);
            if (f.isPresent()) return f;
        }
        return Optional.empty();
    }

    private final class NavCell extends TreeCell<NavItem> {
        NavCell() {
            setOnDragDetected(e -> {
                if (getItem() == null) return;
                dragged = getItem();
                var db = startDragAndDrop(TransferMode.MOVE);
                ClipboardContent cc = new ClipboardContent();
                cc.putString(getItem().id().toString());
                db.setContent(cc);
                e.consume();
            });
            setOnDragOver(e -> {
                if (dragged != null && getItem() != null && vm.canDrop(dragged, getItem())) {
                    e.acceptTransferModes(TransferMode.MOVE);
                }
                e.consume();
            });
            setOnDragDropped(e -> {
                if (dragged != null && getItem() != null) vm.drop(dragged, getItem());
                dragged = null;
                e.setDropCompleted(true);
                e.consume();
            });
        }

        @Override
        protected void updateItem(@Nullable NavItem item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.name());
            setGraphic(empty || getTreeItem() == null ? null : getTreeItem().getGraphic());
        }
    }
}
