package dev.rowan.desktop.views;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.view.ViewKind;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's nodes: the shown kind's view, and above it the view bar: one tab per view of the open table (an icon
 * for its kind, its name), a "+ View" menu offering each registered kind ({@link ViewKinds}), and per tab a context
 * menu to rename, duplicate, delete and move it. Keyboard: the tabs take the focus (arrows move between them, Space
 * or Enter shows one), F2 renames, Ctrl+D duplicates, Delete deletes (Ctrl+Z brings it back), Alt+Left/Right move.
 * Each kind's nodes are made once, from its ViewModel, the first time the kind is shown.
 */
public final class ViewHostView {
    private static final KeyCombination DUPLICATE = new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination MOVE_LEFT = new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN);
    private static final KeyCombination MOVE_RIGHT = new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN);

    private final ViewHost host;
    private final ViewEnvironment environment;
    private final Map<ViewType<?, ?>, HostedView> made = new HashMap<>();
    private final BorderPane root = new BorderPane();
    private final HBox tabs = new HBox(2);
    private final MenuButton add = new MenuButton("View");
    private final Label problem = new Label();

    public ViewHostView(ViewHost host, ViewEnvironment environment) {
        this.host = host;
        this.environment = environment;
        root.setId("view-host");
        tabs.setId("view-tabs");
        tabs.setAlignment(Pos.CENTER_LEFT);
        add.setId("view-add");
        add.setGraphic(new FontIcon(Feather.PLUS));
        add.getStyleClass().add("flat");
        add.setTooltip(new Tooltip("Create a view"));
        for (ViewType<?, ?> type : ViewKinds.ALL) {
            MenuItem item = new MenuItem(type.defaultName(), new FontIcon(icon(type.kind())));
            item.setId("view-add-" + type.kind().api());
            item.setOnAction(e -> act(() -> {
                StoredView v = host.create(type, host.freeName(type.defaultName()));
                startRename(v);
            }));
            add.getItems().add(item);
        }
        problem.setId("view-problem");
        problem.getStyleClass().add("text-danger");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(6, tabs, add, spacer, problem);
        bar.setId("view-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 2, 8));
        root.setTop(bar);
        host.views().addListener((ListChangeListener<StoredView>) c -> rebuild());
        host.shown().addListener((o, a, b) -> rebuild());
        host.kind().addListener((o, a, b) -> root.setCenter(view(b).root()));
        root.setCenter(view(host.kind().get()).root());
        rebuild();
    }

    /** The icon of a kind (kinds added later than this bar show a generic one). */
    static Ikon icon(ViewKind kind) {
        return switch (kind.api()) {
            case "grid" -> Feather.GRID;
            case "kanban" -> Feather.COLUMNS;
            case "calendar" -> Feather.CALENDAR;
            case "gallery" -> Feather.IMAGE;
            case "form" -> Feather.FILE_TEXT;
            case "timeline" -> Feather.BAR_CHART_2;
            default -> Feather.LAYOUT;
        };
    }

    private void rebuild() {
        boolean hadFocus = tabs.getChildren().stream().anyMatch(Node::isFocused);
        tabs.getChildren().clear();
        List<StoredView> list = host.views();
        StoredView shown = host.shown().get();
        if (list.isEmpty()) {
            // the table has no stored view yet: its default grid shows, stored when first changed
            ToggleButton only = new ToggleButton(host.title(), new FontIcon(icon(host.kind().get().kind())));
            only.setId("view-tab-0");
            only.getStyleClass().add("view-tab");
            only.setSelected(true);
            only.setOnAction(e -> only.setSelected(true));
            tabs.getChildren().add(only);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            StoredView v = list.get(i);
            ToggleButton b = tab(v, i);
            tabs.getChildren().add(b);
            if (shown != null && shown.id().equals(v.id())) {
                b.setSelected(true);
                if (hadFocus) b.requestFocus();
            }
        }
    }

    private ToggleButton tab(StoredView v, int index) {
        ToggleButton b = new ToggleButton(v.name(), flagged(v));
        b.setId("view-tab-" + index);
        b.getStyleClass().add("view-tab");
        b.setUserData(v);
        // the shown view's tab is the selected one; a click on it keeps it so, a click on another shows that view
        b.setOnAction(e -> {
            StoredView shown = host.shown().get();
            boolean isShown = shown != null && shown.id().equals(v.id());
            b.setSelected(isShown);
            if (!isShown) act(() -> host.select(v));
        });
        b.setMnemonicParsing(false);
        List<String> tips = new java.util.ArrayList<>();
        if (v.personal()) tips.add("Personal: only you see this view");
        if (v.locked()) {
            tips.add(host.me().mayChange(v) ? "Locked: only owners and admins change it (you may)"
                    : "Locked: only owners and admins change it; duplicate it to make your own copy");
        }
        if (!v.dropped().isEmpty()) {
            tips.add("Opened without settings that no longer fit the table:\n" + String.join("\n", v.dropped()));
        }
        if (!tips.isEmpty()) b.setTooltip(new Tooltip(String.join("\n", tips)));
        b.setContextMenu(menu(v, index));
        b.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) startRename(v);
        });
        b.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.F2) startRename(v);
            else if (e.getCode() == KeyCode.DELETE) act(() -> host.delete(v));
            else if (DUPLICATE.match(e)) act(() -> host.duplicate(v));
            else if (MOVE_LEFT.match(e)) act(() -> host.move(v, -1));
            else if (MOVE_RIGHT.match(e)) act(() -> host.move(v, 1));
            else return;
            e.consume();
        });
        return b;
    }

    private ContextMenu menu(StoredView v, int index) {
        MenuItem rename = new MenuItem("Rename…");
        rename.setId("view-rename");
        rename.setOnAction(e -> startRename(v));
        MenuItem duplicate = new MenuItem("Duplicate");
        duplicate.setId("view-duplicate");
        duplicate.setOnAction(e -> act(() -> host.duplicate(v)));
        MenuItem left = new MenuItem("Move left");
        left.setId("view-move-left");
        left.setDisable(index == 0);
        left.setOnAction(e -> act(() -> host.move(v, -1)));
        MenuItem right = new MenuItem("Move right");
        right.setId("view-move-right");
        right.setDisable(index == host.views().size() - 1);
        right.setOnAction(e -> act(() -> host.move(v, 1)));
        MenuItem delete = new MenuItem("Delete view");
        delete.setId("view-delete");
        delete.setOnAction(e -> act(() -> host.delete(v)));
        ViewStore.Me me = host.me();
        javafx.scene.control.CheckMenuItem personal = new javafx.scene.control.CheckMenuItem("Personal (only I see it)");
        personal.setId("view-personal");
        personal.setSelected(v.personal());
        personal.setDisable(!me.created(v) || v.locked());
        personal.setOnAction(e -> act(() -> host.setFlags(v, personal.isSelected(), false)));
        javafx.scene.control.CheckMenuItem locked = new javafx.scene.control.CheckMenuItem("Locked (only owners and admins change it)");
        locked.setId("view-locked");
        locked.setSelected(v.locked());
        locked.setDisable(!me.admin() || v.personal());
        locked.setOnAction(e -> act(() -> host.setFlags(v, false, locked.isSelected())));
        return new ContextMenu(rename, duplicate, left, right, new SeparatorMenuItem(), personal, locked,
                new SeparatorMenuItem(), delete);
    }

    /** Replaces a view's tab by a text field: Enter renames, Escape (or leaving it) keeps the old name. */
    public void startRename(StoredView v) {
        int index = -1;
        for (int i = 0; i < host.views().size(); i++) if (host.views().get(i).id().equals(v.id())) index = i;
        if (index < 0 || index >= tabs.getChildren().size()) return;
        TextField field = new TextField(v.name());
        field.setId("view-name");
        field.setPrefColumnCount(Math.max(8, v.name().length()));
        boolean[] done = {false};
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                done[0] = true;
                String name = field.getText();
                act(() -> host.rename(v, name));
                rebuild();
                focusShown();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                done[0] = true;
                rebuild();
                focusShown();
                e.consume();
            }
        });
        field.focusedProperty().addListener((o, a, b) -> {
            if (!b && !done[0]) {
                done[0] = true;
                rebuild();
            }
        });
        tabs.getChildren().set(index, field);
        field.requestFocus();
        field.selectAll();
    }

    private void focusShown() {
        tabs.getChildren().stream().filter(n -> n instanceof ToggleButton t && t.isSelected()).findFirst()
                .ifPresent(Node::requestFocus);
    }

    /** Runs a bar action; a refusal (a blank name) shows beside the bar instead of escaping. */
    /** A tab's graphic: the kind's icon, then a lock for a locked view and a person for a personal one. */
    private static Node flagged(StoredView v) {
        FontIcon kind = new FontIcon(icon(v.kind()));
        if (!v.locked() && !v.personal()) return kind;
        HBox box = new HBox(3, kind);
        box.setAlignment(Pos.CENTER_LEFT);
        if (v.locked()) {
            FontIcon lock = new FontIcon(Feather.LOCK);
            lock.getStyleClass().add("view-locked-icon");
            box.getChildren().add(lock);
        }
        if (v.personal()) {
            FontIcon me = new FontIcon(Feather.USER);
            me.getStyleClass().add("view-personal-icon");
            box.getChildren().add(me);
        }
        return box;
    }

    private void act(Runnable action) {
        try {
            action.run();
            problem.setText("");
        } catch (RuntimeException e) {
            problem.setText(Errors.message(e));
        }
    }

    /** A kind's nodes (made the first time they are asked for). */
    @SuppressWarnings("unchecked")
    public <V extends HostedView> V view(ViewType<?, V> type) {
        HostedView v = made.get(type);
        if (v == null) {
            v = create(type);
            made.put(type, v);
        }
        return (V) v;
    }

    private <M extends HostedViewModel, V extends HostedView> V create(ViewType<M, V> type) {
        return type.createView(host.viewModel(type), environment);
    }

    /** Whether a kind's nodes have been made (it was shown in this window). */
    public boolean made(ViewType<?, ?> type) {
        return made.containsKey(type);
    }

    /** The nodes of the kind shown. */
    public HostedView current() {
        return view(host.kind().get());
    }

    /** The view bar's tabs (one per view; a text field while a name is being edited). */
    public HBox tabs() {
        return tabs;
    }

    public Node root() {
        return root;
    }
}
