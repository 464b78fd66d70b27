package dev.rowan.desktop.main;

import dev.rowan.desktop.core.DialogService;
import dev.rowan.desktop.core.FxTaskExecutor;
import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.designer.DesignerView;
import dev.rowan.desktop.form.RecordFormView;
import dev.rowan.desktop.grid.GridView;
import dev.rowan.desktop.navigator.NavigatorView;
import dev.rowan.desktop.prefs.PreferencesView;
import dev.rowan.desktop.views.GridViewType;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.ViewHostView;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.jspecify.annotations.Nullable;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/** The main window's nodes: header, navigator | content (the table's view, fields, form tabs), status bar. */
public final class MainWindowView {
    private final MainWindowViewModel vm;
    private final BorderPane root = new BorderPane();
    private final NavigatorView navigator;
    private final ViewHostView views;
    private final GridView grid;
    private final DesignerView designer;
    private final RecordFormView form;
    private final TabPane tabs = new TabPane();
    private final HBox header = new HBox(12);
    private final StatusBar statusBar = new StatusBar();
    private final DialogService dialogs;

    public MainWindowView(MainWindowViewModel vm, DialogService dialogs, FxTaskExecutor executor,
                          Supplier<DateTimeFormatter> dates, Supplier<Window> owner) {
        this.vm = vm;
        this.dialogs = dialogs;
        root.setId("main-window");
        navigator = new NavigatorView(vm.navigator(), dialogs);
        // the view tab shows the open table's view through the host (ViewKinds lists the kinds; the grid is first)
        // the form opened from a view has the keyboard (a record made by double-clicking a calendar day is typed
        // into at once; keys went nowhere before)
        views = new ViewHostView(vm.views(), new ViewEnvironment(dates, row -> {
            vm.editInForm(row);
            showTab(2);
        }, id -> {
            vm.editRecordInForm(id);
            showTab(2);
        }));
        grid = views.view(GridViewType.INSTANCE).grid();
        // a link chip clicked in the grid opens the linked record in the form, "← Back" returning to the row's record
        grid.onOpenLinked((row, tableId, recordId) -> {
            if (vm.editLinkedInForm(row, tableId, recordId)) showTab(2);
        });
        designer = new DesignerView(vm.designer());
        form = new RecordFormView(vm.form(), dates);
        Tab gridTab = new Tab(vm.views().title(), views.root());
        gridTab.textProperty().bind(Bindings.createStringBinding(() -> vm.views().title(), vm.views().shown(),
                vm.views().kind()));
        gridTab.setId("tab-grid");
        Tab fieldsTab = new Tab("Fields", designer.root());
        fieldsTab.setId("tab-fields");
        Tab formTab = new Tab("Form", form.root());
        formTab.setId("tab-form");
        tabs.getTabs().addAll(gridTab, fieldsTab, formTab);
        // what is typed in a grid cell is saved when the grid is left
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (was == gridTab && now != gridTab) views.current().commitEdit();
        });
        // leaving the form never drops its edits: they are saved, or the user chooses (the veto puts the form back)
        vm.form().setAskDiscard(why -> dialogs.confirm("Unsaved changes", why, "Discard changes", "Keep editing"));
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (a != formTab || b == formTab || vm.form().saveIfValid()) return;
            // edits that cannot be saved: back to the form (it stays in view while the question is asked)
            javafx.application.Platform.runLater(() -> {
                tabs.getSelectionModel().select(formTab);
                if (vm.form().askToDiscard()) tabs.getSelectionModel().select(b);
            });
        });
        escapeFromForm(formTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("content-tabs");

        StackPane content = new StackPane(placeholder(), welcome(), tabs);
        tabs.visibleProperty().bind(vm.tableOpen());
        SplitPane split = new SplitPane(navigator.root(), content);
        split.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(navigator.root(), false);
        root.setTop(header(owner));
        root.setCenter(split);
        root.setBottom(statusBar(executor));
    }

    public Parent root() {
        return root;
    }

    /**
     * Escape in the form returns (slice h-fieldgaps2): back along the links walked in it, then to the grid it was
     * opened from by a link ({@link MainWindowViewModel#escapeForm}). Controls of the form that use Escape (the
     * record picker closing) keep it; a key reaching a control left behind in the grid (typed while the form came
     * into view) counts too.
     */
    private void escapeFromForm(Tab formTab) {
        javafx.event.EventHandler<javafx.scene.input.KeyEvent> escape = e -> {
            if (e.getCode() != KeyCode.ESCAPE || e.isConsumed() || tabs.getSelectionModel().getSelectedItem() != formTab) {
                return;
            }
            e.consume();
            if (vm.escapeForm()) showTab(0);
        };
        tabs.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, escape);
        tabs.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (!(e.getTarget() instanceof Node n) || isInside(n, formTab.getContent())) return;
            escape.handle(e);
        });
    }

    private static boolean isInside(Node n, @Nullable Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }

    public GridView grid() {
        return grid;
    }

    public ViewHostView views() {
        return views;
    }

    public NavigatorView navigator() {
        return navigator;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** Adds a command to the header, before Preferences (the composition root adds the sync commands). */
    public void addHeaderCommand(Node command) {
        noKeyboard(command);
        header.getChildren().add(header.getChildren().size() - 1, command);
    }

    /**
     * Header commands are for the mouse and their own shortcuts: they never take the keyboard, so focus cannot
     * drift onto them and a later Enter or Space cannot press one by accident.
     */
    private static void noKeyboard(Node n) {
        n.setFocusTraversable(false);
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) noKeyboard(c);
    }

    /**
     * Window-wide keys: Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) undo and redo grid changes wherever the focus is
     * (a text field keeps them for its own text), Ctrl+1/2/3 switch Grid, Fields and Form, Ctrl+Enter adds a
     * record. When the focused control disappears (a cell's check box redrawn, a list rebuilt), focus goes back to
     * the current tab instead of drifting to the first button of the window.
     */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), this::undo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), this::redo);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), this::redo);
        for (int i = 0; i < 3; i++) {
            int tab = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> showTab(tab));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), () -> {
            if (!vm.tableOpen().get()) return;
            showTab(0);
            grid.addRecord();
        });
        scene.focusOwnerProperty().addListener((o, was, now) -> {
            if (was != null && (now == null || was.getScene() == null || !was.isVisible() || isHeader(now))
                    && !isHeader(was) && vm.tableOpen().get()) {
                javafx.application.Platform.runLater(() -> {
                    Node owner = scene.getFocusOwner();
                    if (owner == null || isHeader(owner) && !owner.isPressed()) focusCurrentTab();
                });
            }
        });
    }

    /**
     * Before the window closes: what a cell editor holds is saved, valid form edits are saved (the form's leave
     * rule), and new records still waiting for a required value are named, with the choice to keep working. True
     * when the window may close.
     */
    public boolean mayClose() {
        views.current().commitEdit();
        if (!vm.form().leave()) return false;
        int drafts = vm.grid().unsavedDrafts();
        if (drafts == 0) return true;
        String what = drafts == 1 ? "A new record is not saved yet: a required field is still empty."
                : drafts + " new records are not saved yet: a required field is still empty in each.";
        return dialogs.confirm("Close Rowan?", what + "\n\nFill them in to keep them, or close and lose them.",
                "Close and lose them", "Keep working");
    }

    private boolean isHeader(Node n) {
        for (Node p = n; p != null; p = p.getParent()) if (p == header) return true;
        return false;
    }

    private void showTab(int i) {
        if (!vm.tableOpen().get()) return;
        tabs.getSelectionModel().select(i);
        javafx.application.Platform.runLater(this::focusCurrentTab);
    }

    /** Puts the keyboard into the current tab: the grid's table, or the first control of the other tabs. */
    private void focusCurrentTab() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t == null) return;
        if (t.getContent() == views.root()) {
            views.current().focus();
            return;
        }
        Node first = firstFocusable(t.getContent());
        if (first != null) first.requestFocus();
    }

    private static @Nullable Node firstFocusable(@Nullable Node n) {
        if (n == null || !n.isVisible() || n.isDisabled()) return null;
        if (n.isFocusTraversable()) return n;
        if (n instanceof javafx.scene.control.ScrollPane sp) return firstFocusable(sp.getContent());
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                Node f = firstFocusable(c);
                if (f != null) return f;
            }
        }
        return null;
    }

    private void undo() {
        if (vm.tableOpen().get()) vm.grid().undo();
    }

    private void redo() {
        if (vm.tableOpen().get()) vm.grid().redo();
    }

    /** Adds an item at the right end of the status bar (the sync indicator). */
    public void addStatusItem(Node item) {
        statusBar.getRightItems().add(item);
    }

    private Node header(Supplier<Window> owner) {
        Label brand = new Label("Rowan");
        brand.getStyleClass().addAll("title-3", "brand");
        Label table = new Label();
        table.getStyleClass().add("title-4");
        table.setId("header-table");
        table.textProperty().bind(vm.tableTitle());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button prefs = new Button("Preferences");
        prefs.setId("open-preferences");
        prefs.setOnAction(e -> PreferencesView.show(owner.get(), vm.preferences()));
        prefs.setFocusTraversable(false);
        HBox h = header;
        h.getChildren().setAll(brand, table, spacer, prefs);
        h.setAlignment(Pos.CENTER_LEFT);
        h.setPadding(new Insets(8, 12, 8, 12));
        h.getStyleClass().add("app-header");
        return h;
    }

    private Node placeholder() {
        Label l = new Label("Pick a table in the navigator, or create one with the + buttons.");
        l.getStyleClass().add(Styles.MUTED);
        l.visibleProperty().bind(vm.tableOpen().not().and(vm.offerSample().not()));
        return l;
    }

    private Node welcome() {
        Label title = new Label("Welcome to Rowan");
        title.getStyleClass().add("title-2");
        Label text = new Label("Your workspace is empty. Start with a sample project tracker (projects and tasks with "
                + "selects, dates, money and checkboxes), or start from scratch.");
        text.setWrapText(true);
        text.setMaxWidth(460);
        Button sample = new Button("Create the sample project");
        sample.setId("welcome-sample");
        sample.getStyleClass().add("accent");
        sample.setOnAction(e -> vm.createSample());
        Button empty = new Button("Start empty");
        empty.setId("welcome-empty");
        empty.setOnAction(e -> vm.declineSample());
        VBox box = new VBox(14, title, text, new HBox(8, sample, empty));
        box.setMaxSize(520, 240);
        box.setPadding(new Insets(24));
        box.getStyleClass().add(Styles.WELCOME);
        box.visibleProperty().bind(vm.offerSample());
        return box;
    }

    private Node statusBar(FxTaskExecutor executor) {
        StatusBar bar = statusBar;
        bar.setId("status-bar");
        bar.textProperty().bind(Bindings.createStringBinding(() -> vm.status().get().isBlank()
                ? "Workspace: " + vm.workspace().folder() : vm.status().get(), vm.status()));
        Label count = new Label();
        count.setId("status-count");
        // the count of the view that is open (its own words: kanban total, calendar events in range, gallery cards)
        count.textProperty().bind(Bindings.createStringBinding(() -> vm.tableOpen().get()
                ? vm.tableTitle().get() + " · " + vm.views().statusCount().getValue() : "",
                vm.tableOpen(), vm.views().statusCount(), vm.tableTitle()));
        Label task = new Label();
        task.textProperty().bind(executor.title());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(120);
        progress.progressProperty().bind(executor.progress());
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> executor.cancelCurrent());
        HBox work = new HBox(6, task, progress, cancel);
        work.setAlignment(Pos.CENTER_RIGHT);
        work.visibleProperty().bind(executor.running().greaterThan(0).and(executor.title().isNotEmpty()));
        bar.getRightItems().addAll(work, count);
        return bar;
    }

    /** The record form (the composition root gives it the workspace's file actions). */
    public RecordFormView form() {
        return form;
    }
}
