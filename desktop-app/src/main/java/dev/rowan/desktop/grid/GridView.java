package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.filter.FilterBarView;
import dev.rowan.desktop.filter.FilterBarViewModel;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.util.Duration;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** The grid screen: toolbar (records, sort, filter, fields, undo), a filter bar, and the virtualized table. */
public final class GridView {
    private final GridViewModel vm;
    private final Supplier<DateTimeFormatter> dates;
    private final VBox root = new VBox();
    private final TableView<GridRow> table = new TableView<>();
    private final FilterBarView filterBar;
    private final MenuButton fieldsMenu = new MenuButton("Fields");
    private final IntConsumer openInForm;
    private boolean syncingSort;
    private boolean rebuilding;
    /** The item list is being replaced: the cursor's old index says nothing about its record. */
    private boolean replacing;
    /** Horizontal scroll offset in pixels; frozen cells and headers are translated by it so they stay in place. */
    private final DoubleProperty frozenOffset = new SimpleDoubleProperty();
    private final PauseTransition widthSave = new PauseTransition(Duration.millis(300));
    private final Map<UUID, Double> pendingWidths = new LinkedHashMap<>();
    /** The table whose column widths are pending (widths are saved to it even if another table opened meanwhile). */
    private @Nullable UUID pendingWidthsTable;
    private final Pane editorLayer = new Pane();
    private final CellEditor editor;
    private final VBox problemsBar = new VBox(2);
    private final GroupedGridView groupedView;

    private dev.rowan.desktop.kinds.Thumbnails thumbnails = dev.rowan.desktop.kinds.Thumbnails.NONE;

    /** Where attachment cells find their thumbnails (the window gives the workspace's files; none until then). */
    public void thumbnails(dev.rowan.desktop.kinds.Thumbnails t) {
        this.thumbnails = t;
        table.refresh();
    }

    public GridView(GridViewModel vm, Supplier<DateTimeFormatter> dates, IntConsumer openInForm) {
        this.vm = vm;
        this.dates = dates;
        this.openInForm = openInForm;
        root.getStyleClass().add("grid-screen");
        editor = new CellEditor(vm, table, dates, editorLayer);
        filterBar = new FilterBarView(new FilterBarViewModel(vm), dates);
        StackPane tableStack = new StackPane(table, editorLayer);
        ColourRulesView colourRules = new ColourRulesView(new ColourRulesViewModel(vm), dates);
        groupedView = new GroupedGridView(vm, table, dates, frozenOffset, colourRules::open);
        root.getChildren().addAll(toolbar(), filterBar.root(), colourRules.root(), problemsBar(), tableStack,
                groupedView.footer());
        VBox.setVgrow(tableStack, Priority.ALWAYS);
        setUpTable();
        vm.columns().addListener((ListChangeListener<FieldDef>) c -> rebuildColumns());
        vm.rows().addListener((o, a, b) -> replaceItems(b));
        // deferred: the view changes inside the table's sort policy (a header click), and changing the sort order
        // from within its own sort left the header out of step, so the next click sorted ascending again
        vm.view().addListener((o, a, b) -> javafx.application.Platform.runLater(this::syncSortIndicators));
        widthSave.setOnFinished(e -> flushWidths());
        vm.marksRevision().addListener((o, a, b) -> {
            for (Node n : table.lookupAll(".table-cell")) if (n instanceof GridCell c) c.redraw();
        });
        vm.focusRequest().addListener((o, a, b) -> {
            if (b != null) focusAt(b.index(), b.fieldId());
        });
        table.getFocusModel().focusedCellProperty().addListener((o, a, b) -> {
            if (!replacing) trackFocusedRecord();
        });
        // the keyboard always lands on a field's cell, never on the row number or nowhere
        table.focusedProperty().addListener((o, a, focused) -> {
            TablePosition<GridRow, ?> p = table.getFocusModel().getFocusedCell();
            // (row -1 is "below the rows", where a click in the empty space put it for a paste)
            if (focused && !table.getItems().isEmpty() && p != null && p.getRow() >= 0
                    && (p.getTableColumn() == null || !(p.getTableColumn().getUserData() instanceof FieldDef))) {
                focusCell(p.getRow(), 1);
            }
        });
        table.getColumns().addListener((ListChangeListener<TableColumn<GridRow, ?>>) c -> {
            // a header dragged to a new place: keep the order in the view (after this change has settled)
            if (!rebuilding) javafx.application.Platform.runLater(this::saveColumnOrder);
        });
        table.skinProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::hookHorizontalScroll));
        frozenOffset.addListener((o, a, b) -> updateFrozenHeaders());
        rebuildColumns();
        // the row numbers (and the footer's count under them) are never cut: "999,999", not "999…"
        vm.rowCount().addListener((o, a, b) -> fitNumberColumn());
    }

    /** "Filter", or with the number of conditions of the view's filter: "Filter (2)". */
    static String filterLabel(dev.rowan.model.query.@Nullable Filter f) {
        int n = conditions(f);
        return n == 0 ? "Filter" : "Filter (" + n + ")";
    }

    private static int conditions(dev.rowan.model.query.@Nullable Filter f) {
        return switch (f) {
            case null -> 0;
            case dev.rowan.model.query.Filter.Condition c -> 1;
            case dev.rowan.model.query.Filter.Group g -> g.conditions().stream().mapToInt(GridView::conditions).sum();
        };
    }

    /** The row-number column as wide as the largest number it shows (at least its usual 64 px). */
    private void fitNumberColumn() {
        if (table.getColumns().isEmpty() || table.getColumns().getFirst().getUserData() instanceof FieldDef) return;
        table.getColumns().getFirst().setPrefWidth(numberColumnWidth(vm.rowCount().get()));
    }

    /** The width of a row-number column whose largest number is {@code count}: its text, the cell's padding. */
    static double numberColumnWidth(long count) {
        javafx.scene.text.Text text = new javafx.scene.text.Text(String.format("%,d", Math.max(count, 0)));
        return Math.max(64, Math.ceil(text.getLayoutBounds().getWidth()) + 28);
    }

    private void saveColumnOrder() {
        List<UUID> order = new ArrayList<>();
        for (TableColumn<GridRow, ?> c : table.getColumns()) if (c.getUserData() instanceof FieldDef f) order.add(f.id());
        if (vm.table().get() == null || order.equals(vm.columns().stream().map(FieldDef::id).toList())) return;
        vm.setColumnOrder(order);
    }

    private void hookHorizontalScroll() {
        for (Node n : table.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar sb && sb.getOrientation() == Orientation.HORIZONTAL) {
                frozenOffset.bind(sb.valueProperty());
                return;
            }
        }
    }

    private void updateFrozenHeaders() {
        for (Node n : table.lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader h && h.getTableColumn() != null) {
                boolean frozen = isFrozen(h.getTableColumn());
                h.setTranslateX(frozen ? frozenOffset.get() : 0);
                h.setViewOrder(frozen ? -1 : 0);
                if (frozen && !h.getStyleClass().contains(Styles.FROZEN)) h.getStyleClass().add(Styles.FROZEN);
            }
        }
    }

    /** The row-number column and the first field column stay visible while scrolling sideways. */
    boolean isFrozen(javafx.scene.control.TableColumnBase<?, ?> col) {
        int i = table.getColumns().indexOf(col);
        return i == 0 || i == 1;
    }

    /** Makes a cell of a frozen column keep still while the others scroll. */
    void freeze(javafx.scene.control.TableCell<GridRow, ?> cell) {
        cell.getStyleClass().add(Styles.FROZEN);
        cell.translateXProperty().bind(frozenOffset);
        cell.setViewOrder(-1);
    }


    public Node root() {
        return root;
    }

    public TableView<GridRow> table() {
        return table;
    }

    // ------------------------------------------------------------------ toolbar

    private Node toolbar() {
        Button add = toolButton("+ Record", "grid-add", this::addRecord);
        add.setTooltip(new javafx.scene.control.Tooltip("Add a record (Ctrl+Enter)"));
        Button delete = toolButton("Delete rows", "grid-delete", this::deleteSelectedRows);
        delete.setTooltip(new javafx.scene.control.Tooltip("Delete the selected rows (Ctrl+Delete)"));
        Button bulk = toolButton("Set field…", "grid-bulk-edit", this::bulkEdit);
        Button form = toolButton("Open in form", "grid-form", () -> {
            TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
            if (pos != null && pos.getRow() >= 0) openInForm.accept(pos.getRow());
        });
        ToggleButton filter = new ToggleButton("Filter");
        filter.setId("grid-filter-toggle");
        // a view with a filter says so on its button ("Filter (2)"), even when the bar is closed and the record count
        // (which says "(filtered)") is cut by a narrow window
        filter.textProperty().bind(Bindings.createStringBinding(() -> filterLabel(vm.view().get().filter()), vm.view()));
        MenuButton sort = new MenuButton("Sort");
        sort.setId("grid-sort");
        vm.columns().addListener((ListChangeListener<FieldDef>) c -> rebuildSortMenu(sort));
        rebuildSortMenu(sort);
        fieldsMenu.setId("grid-fields");
        vm.table().addListener((o, a, b) -> rebuildFieldsMenu());
        vm.view().addListener((o, a, b) -> rebuildFieldsMenu());
        Button undo = toolButton("Undo", "grid-undo", vm::undo);
        undo.setTooltip(new javafx.scene.control.Tooltip("Undo (Ctrl+Z)"));
        undo.disableProperty().bind(vm.undoStack().canUndo().not());
        Button redo = toolButton("Redo", "grid-redo", vm::redo);
        redo.setTooltip(new javafx.scene.control.Tooltip("Redo (Ctrl+Y)"));
        redo.disableProperty().bind(vm.undoStack().canRedo().not());
        Label count = new Label();
        count.setId("grid-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> vm.countText()
                + (vm.view().get().filter() != null ? " (filtered)" : ""), vm.rowCount(), vm.countCappedProperty(),
                vm.view()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // toolbar controls never keep the keyboard: after a click it goes back to the grid, and a later Enter or
        // Space cannot press a toolbar button by accident
        for (javafx.scene.control.Control c : List.of(sort, filter, fieldsMenu)) c.setFocusTraversable(false);
        HBox box = new HBox(6, add, delete, bulk, form, sep(), sort, filter, fieldsMenu, groupedView.groupMenu(), sep(), undo, redo, spacer, count);
        // when the window is narrow the record count gives way first, not the buttons' labels; the bar itself never
        // makes the grid wider than its window
        for (Node n : box.getChildren()) if (n != count && n != spacer && n instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        count.setMinWidth(0);
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
        whole.textProperty().bind(count.textProperty()); // the count, when the bar has cut it
        count.setTooltip(whole);
        box.setMinWidth(0);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 8, 6, 8));
        box.getStyleClass().add(Styles.TOOLBAR);
        filter.selectedProperty().addListener((o, a, b) -> filterBar.setShown(b));
        return box;
    }

    /** Bulk edit: one field set to one value on every selected row (the focused column's field is proposed). */
    private void bulkEdit() {
        List<Integer> rows = selectedRows();
        if (rows.isEmpty()) {
            vm.message().set("Select the rows to change first");
            return;
        }
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> d = new javafx.scene.control.Dialog<>();
        d.setTitle("Set a field on " + rows.size() + " records");
        if (table.getScene() != null) d.initOwner(table.getScene().getWindow());
        ComboBox<FieldDef> field = new ComboBox<>();
        field.setId("bulk-field");
        field.getItems().addAll(vm.columns());
        field.setConverter(new javafx.util.StringConverter<>() {
            public String toString(@Nullable FieldDef f) { return f == null ? "" : f.name(); }
            public FieldDef fromString(String s) { return null; }
        });
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos != null && pos.getTableColumn() != null && pos.getTableColumn().getUserData() instanceof FieldDef f) {
            field.setValue(f);
        } else if (!field.getItems().isEmpty()) {
            field.setValue(field.getItems().getFirst());
        }
        TextField value = new TextField();
        value.setId("bulk-value");
        value.setPromptText("new value, as you would type it in a cell (empty clears)");
        VBox box = new VBox(8, new Label("Field"), field, new Label("Value for all " + rows.size() + " selected records"), value);
        box.setPadding(new Insets(8));
        d.getDialogPane().setContent(box);
        d.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        d.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).setId("bulk-apply");
        javafx.application.Platform.runLater(value::requestFocus);
        d.showAndWait().filter(b -> b == javafx.scene.control.ButtonType.OK && field.getValue() != null)
                .ifPresent(b -> vm.bulkSetText(rows, field.getValue(), value.getText()));
    }

    private List<Integer> selectedRows() {
        return table.getSelectionModel().getSelectedCells().stream().map(TablePosition::getRow).distinct().sorted().toList();
    }

    private void rebuildSortMenu(MenuButton sort) {
        sort.getItems().clear();
        for (FieldDef f : vm.columns()) {
            if (!FieldUis.of(f.type()).sortable()) continue;
            sort.getItems().add(item(f.name() + " ↑ (" + FieldUis.sortOrder(f.type(), true) + ")",
                    () -> vm.setSorts(List.of(Sort.asc(f.id().toString())))));
            sort.getItems().add(item(f.name() + " ↓ (" + FieldUis.sortOrder(f.type(), false) + ")",
                    () -> vm.setSorts(List.of(Sort.desc(f.id().toString())))));
        }
        sort.getItems().add(item("Clear sort", () -> vm.setSorts(List.of())));
    }

    private static Node sep() {
        Region r = new Region();
        r.setPrefWidth(8);
        return r;
    }

    private Button toolButton(String text, String id, Runnable action) {
        Button b = button(text, id, () -> {
            action.run();
            if (!editor.isOpen()) table.requestFocus();
        });
        b.setFocusTraversable(false);
        return b;
    }

    /** Cells the last paste could not fill: row, field and why, each a link to its cell; dismissable. */
    private Node problemsBar() {
        problemsBar.getStyleClass().add("problems-bar");
        problemsBar.setId("grid-problems");
        problemsBar.setPadding(new Insets(4, 8, 4, 8));
        problemsBar.setVisible(false);
        problemsBar.setManaged(false);
        vm.problems().addListener((ListChangeListener<GridViewModel.Problem>) c -> {
            problemsBar.getChildren().clear();
            List<GridViewModel.Problem> list = List.copyOf(vm.problems());
            boolean any = !list.isEmpty();
            problemsBar.setVisible(any);
            problemsBar.setManaged(any);
            if (!any) return;
            Label head = new Label(list.size() == 1 ? "1 cell was not pasted:" : list.size() + " cells were not pasted:");
            head.getStyleClass().add(Styles.ERROR);
            Button close = button("✕", "grid-problems-close", vm.problems()::clear);
            close.setFocusTraversable(false);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox top = new HBox(6, head, gap, close);
            top.setAlignment(Pos.CENTER_LEFT);
            problemsBar.getChildren().add(top);
            int shown = Math.min(8, list.size());
            for (int i = 0; i < shown; i++) {
                GridViewModel.Problem p = list.get(i);
                String was = p.message().contains(p.text()) ? "" : " (was '" + p.text() + "')";
                javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(p.describe() + was);
                link.getStyleClass().add("problem-link");
                link.setFocusTraversable(false);
                link.setOnAction(e -> {
                    focusAt(vm.positionOfRecord(p.row() - 1), p.field().id());
                    table.requestFocus();
                });
                problemsBar.getChildren().add(link);
            }
            if (list.size() > shown) problemsBar.getChildren().add(new Label("and " + (list.size() - shown) + " more"));
        });
        return problemsBar;
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static javafx.scene.control.MenuItem item(String text, Runnable action) {
        javafx.scene.control.MenuItem mi = new javafx.scene.control.MenuItem(text);
        mi.setOnAction(e -> action.run());
        return mi;
    }

    private void rebuildFieldsMenu() {
        fieldsMenu.getItems().clear();
        TableDef t = vm.table().get();
        if (t == null) return;
        for (FieldDef f : t.activeFields()) {
            CheckBox cb = new CheckBox(f.name());
            cb.setSelected(!vm.view().get().hidden().contains(f.id()));
            cb.setOnAction(e -> vm.setFieldVisible(f.id(), cb.isSelected()));
            CustomMenuItem mi = new CustomMenuItem(cb, false);
            fieldsMenu.getItems().add(mi);
        }
    }

    // ------------------------------------------------------------------ table

    private void setUpTable() {
        table.setId("grid-table");
        // editing happens in the CellEditor laid over the table, never in the recycled cells
        table.setEditable(false);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // no setFixedCellSize: with a fixed size the row skin drops the cells of columns scrolled out of view, and the
        // frozen columns (translated back into view) would go blank; rows are 30 px through CSS (-fx-cell-size)
        table.setTableMenuButtonVisible(false);
        table.setPlaceholder(new Label("No records. Add one with + Record or paste rows from a spreadsheet."));
        table.setSortPolicy(tv -> {
            if (syncingSort) return true;
            List<Sort> sorts = new ArrayList<>();
            for (TableColumn<GridRow, ?> c : tv.getSortOrder()) {
                if (c.getUserData() instanceof FieldDef f) {
                    sorts.add(new Sort(f.id().toString(), c.getSortType() == TableColumn.SortType.DESCENDING));
                }
            }
            if (!sorts.equals(vm.view().get().sorts())) {
                try {
                    vm.setSorts(sorts);
                } catch (RuntimeException e) {
                    vm.message().set(e.getMessage());
                }
            }
            return true;
        });
        table.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        table.addEventHandler(KeyEvent.KEY_TYPED, this::onTyped);
        table.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, this::onPress);
        table.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, this::onLinkChip);
        table.setItems(vm.rows().get());
    }

    private void replaceItems(GridRows rows) {
        TablePosition<GridRow, ?> focus = table.getFocusModel().getFocusedCell();
        int row = focus == null ? -1 : focus.getRow();
        TableColumn<GridRow, ?> col = focus == null ? null : focus.getTableColumn();
        syncingSort = true;
        replacing = true;
        try {
            table.setItems(rows);
        } finally {
            syncingSort = false;
        }
        // TableView clears its sort order when the item list is replaced: put the header arrows back, or the next
        // header click starts again at ascending instead of turning the sort around
        syncSortIndicators();
        try {
            // "below the rows" (a click in the empty space) stays so: a new item list must not put the cursor back
            if (row < 0) table.getFocusModel().focus(-1);
            if (row >= 0 && rows.size() > 0) {
                int r = Math.min(row, rows.size() - 1);
                // the cursor sits on a field's cell, never on the row number
                if (col == null || !(col.getUserData() instanceof FieldDef)) {
                    col = table.getVisibleLeafColumns().size() > 1 ? table.getVisibleLeafColumn(1) : col;
                }
                table.getSelectionModel().clearAndSelect(r, col);
                table.getFocusModel().focus(r, col);
            }
        } finally {
            replacing = false;
        }
    }

    /** Saves resized widths now, to the table they were made in. */
    private void flushWidths() {
        widthSave.stop();
        UUID tableId = pendingWidthsTable;
        if (tableId != null) pendingWidths.forEach((f, w) -> vm.setColumnWidth(tableId, f, w));
        pendingWidths.clear();
        pendingWidthsTable = null;
    }

    private void rebuildColumns() {
        flushWidths();
        if (editor.isOpen()) editor.commit(0, 0);
        syncingSort = true;
        rebuilding = true;
        try {
            table.getSortOrder().clear();
            table.getColumns().clear();
            TableColumn<GridRow, @Nullable Object> number = new TableColumn<>("#");
            number.setSortable(false);
            number.setEditable(false);
            number.setReorderable(false);
            number.setPrefWidth(numberColumnWidth(vm.rowCount().get()));
            number.getStyleClass().add("row-number-column");
            number.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
                @Override
                protected void updateItem(@Nullable Object item, boolean empty) {
                    super.updateItem(item, empty);
                    long n = empty ? 0 : vm.rowNumber(getIndex());
                    setText(n <= 0 ? null : String.format("%,d", n));
                }

                {
                    freeze(this);
                }
            });
            table.getColumns().add(number);
            for (FieldDef f : vm.columns()) {
                TableColumn<GridRow, @Nullable Object> col = new TableColumn<>(f.name());
                col.setUserData(f);
                col.setId("col-" + f.name().replaceAll("[^A-Za-z0-9]", "_"));
                col.setPrefWidth(vm.view().get().widths().getOrDefault(f.id(), prefWidth(f)));
                col.setSortable(FieldUis.of(f.type()).sortable());
                col.setCellValueFactory(cd -> cd.getValue().record().map(r -> r.value(f.id())));
                boolean frozen = table.getColumns().size() == 1;
                col.setCellFactory(c -> {
                    GridCell cell = new GridCell(vm, f, dates, () -> openEditor(null), () -> thumbnails);
                    if (frozen) freeze(cell);
                    return cell;
                });
                col.prefWidthProperty().addListener((o, a, b) -> {
                    if (rebuilding) return;
                    // resizing fires for every mouse move: save once the drag rests
                    TableDef open = vm.table().get();
                    if (open == null) return;
                    if (pendingWidthsTable != null && !pendingWidthsTable.equals(open.id())) flushWidths();
                    pendingWidthsTable = open.id();
                    pendingWidths.put(f.id(), b.doubleValue());
                    widthSave.playFromStart();
                });
                table.getColumns().add(col);
            }
        } finally {
            syncingSort = false;
            rebuilding = false;
        }
        syncSortIndicators();
        javafx.application.Platform.runLater(this::updateFrozenHeaders);
    }

    private void syncSortIndicators() {
        syncingSort = true;
        try {
            table.getSortOrder().clear();
            for (Sort s : vm.view().get().sorts()) {
                for (TableColumn<GridRow, ?> c : table.getColumns()) {
                    if (c.getUserData() instanceof FieldDef f && f.id().toString().equals(s.field())) {
                        c.setSortType(s.descending() ? TableColumn.SortType.DESCENDING : TableColumn.SortType.ASCENDING);
                        table.getSortOrder().add(c);
                    }
                }
            }
        } finally {
            syncingSort = false;
        }
    }

    private static double prefWidth(FieldDef f) {
        return FieldUis.of(f.type()).columnWidth(f.type());
    }

    // ------------------------------------------------------------------ keyboard, clipboard

    /**
     * Grid keys (spreadsheet habits): Enter/F2 edit, typing replaces, Tab/Shift+Tab move sideways (wrapping),
     * Home/End first/last field, Ctrl+Home/End the corners, Space toggles a check box, opens a link cell's first
     * linked record, or opens the record, Shift+Enter opens the record, Delete clears, Ctrl+Delete deletes rows, Ctrl+C/V copy and paste, Ctrl+Enter
     * adds a record. Undo and redo are the window's shortcuts.
     */
    private void onKey(KeyEvent e) {
        if (editor.isOpen()) return;
        boolean shortcut = e.isShortcutDown();
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        boolean onField = pos != null && pos.getRow() >= 0 && pos.getTableColumn() != null
                && pos.getTableColumn().getUserData() instanceof FieldDef;
        KeyCode k = e.getCode();
        if (pos != null && pos.getRow() >= 0 && vm.header(pos.getRow()).isPresent() && !shortcut
                && (k == KeyCode.ENTER || k == KeyCode.SPACE || k == KeyCode.DELETE || k == KeyCode.BACK_SPACE
                || k == KeyCode.F2)) {
            // a group header: Enter and Space fold or unfold it, editing keys do nothing; arrows and Tab move as anywhere
            if (k == KeyCode.ENTER || k == KeyCode.SPACE) vm.toggleGroup(pos.getRow());
            e.consume();
            return;
        }
        if (shortcut && k == KeyCode.C) {
            copySelection();
        } else if (shortcut && k == KeyCode.V) {
            pasteClipboard();
        } else if (shortcut && k == KeyCode.ENTER) {
            addRecord();
        } else if (k == KeyCode.TAB) {
            moveFocus(table, 0, e.isShiftDown() ? -1 : 1);
        } else if (k == KeyCode.HOME || k == KeyCode.END) {
            int cols = table.getVisibleLeafColumns().size();
            int row = shortcut ? (k == KeyCode.HOME ? 0 : table.getItems().size() - 1) : pos == null ? 0 : pos.getRow();
            focusCell(row, k == KeyCode.HOME ? 1 : cols - 1);
        } else if (k == KeyCode.ENTER && e.isShiftDown() && pos != null && pos.getRow() >= 0) {
            openInForm.accept(pos.getRow());
        } else if ((k == KeyCode.ENTER || k == KeyCode.SPACE) && onField && !shortcut && link(pos).isPresent()) {
            vm.openLink(link(pos).get());
        } else if ((k == KeyCode.ENTER || k == KeyCode.F2) && onField) {
            if (togglesInPlace((FieldDef) pos.getTableColumn().getUserData())) toggle(pos);
            else openEditor(null);
        } else if (k == KeyCode.DELETE || k == KeyCode.BACK_SPACE) {
            if (shortcut) deleteSelectedRows();
            else vm.clearCells(selectedCells());
        } else if (k == KeyCode.SPACE && onField && !shortcut) {
            if (togglesInPlace((FieldDef) pos.getTableColumn().getUserData())) toggle(pos);
            else if (!openFirstLinked(pos)) openInForm.accept(pos.getRow());
        } else {
            return;
        }
        e.consume();
    }

    /** The link a focused button cell opens (Enter or Space), if it has one. */
    private java.util.Optional<String> link(TablePosition<GridRow, ?> pos) {
        FieldDef f = (FieldDef) pos.getTableColumn().getUserData();
        dev.rowan.desktop.workspace.Row r = vm.loadedRecord(pos.getRow());
        return r == null ? java.util.Optional.empty() : FieldUis.of(f.type()).link(f.type(), r.value(f.id()));
    }

    /** A check box cell: Enter and Space toggle it, typing does nothing, no editor opens. */
    private static boolean togglesInPlace(FieldDef f) {
        return FieldUis.of(f.type()).togglesInPlace();
    }

    private void toggle(TablePosition<GridRow, ?> pos) {
        FieldDef f = (FieldDef) pos.getTableColumn().getUserData();
        dev.rowan.desktop.workspace.Row r = vm.loadedRecord(pos.getRow());
        if (r == null) return;
        vm.setValue(pos.getRow(), r.id(), f, Boolean.TRUE.equals(r.value(f.id())) ? null : Boolean.TRUE);
    }

    /** Type-to-edit: the typed key opens the editor and is its first character; the editor takes the next keys. */
    private void onTyped(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown() || editor.isOpen()) return;
        String ch = e.getCharacter();
        if (ch.isEmpty() || Character.isISOControl(ch.charAt(0)) || ch.equals(" ")) return;
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0 || !(pos.getTableColumn() != null && pos.getTableColumn().getUserData() instanceof FieldDef f)) return;
        if (togglesInPlace(f) || vm.header(pos.getRow()).isPresent()) return;
        openEditor(ch);
        e.consume();
    }

    /** Opens the cell editor on the focused cell. */
    void openEditor(@Nullable String typed) {
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0 || !(pos.getTableColumn() != null && pos.getTableColumn().getUserData() instanceof FieldDef f)) return;
        if (vm.header(pos.getRow()).isPresent()) return; // a group header has no cells to edit
        editor.open(pos.getRow(), pos.getTableColumn(), f, typed);
    }

    /** Saves what an open cell editor holds (leaving the grid: another tab, another table). */
    public void commitEdit() {
        if (editor.isOpen()) editor.commit(0, 0);
    }


    /** A click in the empty space below the rows points at "a new row": the cursor leaves the cells. */
    private void onPress(javafx.scene.input.MouseEvent e) {
        if (!(e.getTarget() instanceof Node target)) return;
        for (Node n = target; n != null && n != table; n = n.getParent()) {
            if (n instanceof javafx.scene.control.TableRow<?> r) {
                if (r.isEmpty() || r.getItem() == null) break;
                return;
            }
            if (n instanceof javafx.scene.control.skin.TableHeaderRow || n instanceof ScrollBar) return;
        }
        if (editor.isOpen()) editor.commit(0, 0);
        table.getSelectionModel().clearSelection();
        table.getFocusModel().focus(-1);
        vm.focusedRecord().set(null);
        table.requestFocus();
        vm.message().set("Paste (Ctrl+V) here adds the rows below the last record");
        e.consume();
    }

    /** Opens a linked record (a link chip clicked in the grid): the grid row it is on, the linked table and record. */
    @FunctionalInterface
    public interface LinkOpener {
        void open(int row, UUID tableId, UUID recordId);
    }

    private @Nullable LinkOpener linkOpener;

    /** Where a click on a link chip opens the linked record (the main window: its form, in place, with a way back). */
    public void onOpenLinked(LinkOpener opener) {
        this.linkOpener = opener;
        // Enter on a chip of the open picker: the editor closes first (nothing to save: picks are written at once)
        vm.recordOpener((row, tableId, recordId) -> {
            if (editor.isOpen()) editor.commit(0, 0);
            opener.open(row, tableId, recordId);
        });
    }

    /**
     * Space on a link cell opens its first linked record, as a click on that chip does (slice h-fieldgaps2); false
     * when the cell links nothing (Space then opens the row's record, as on other cells).
     */
    private boolean openFirstLinked(TablePosition<GridRow, ?> pos) {
        FieldDef f = (FieldDef) pos.getTableColumn().getUserData();
        if (linkOpener == null || !(f.type() instanceof dev.rowan.model.schema.FieldType.Link l)) return false;
        dev.rowan.desktop.workspace.Row r = vm.loadedRecord(pos.getRow());
        if (r == null || !(r.value(f.id()) instanceof List<?> values)) return false;
        for (Object v : values) {
            String s = String.valueOf(v);
            if (!dev.rowan.model.link.LinkValues.isLinked(s)) continue;
            linkOpener.open(pos.getRow(), l.targetTable(), dev.rowan.model.link.LinkValues.id(s));
            return true;
        }
        return false;
    }

    /**
     * A click on a chip of a link cell opens that linked record (slice h-fieldgaps: "expanding a linked record
     * opens it in place"); a click elsewhere in the cell selects it as before.
     */
    private void onLinkChip(javafx.scene.input.MouseEvent e) {
        if (linkOpener == null || e.getButton() != javafx.scene.input.MouseButton.PRIMARY || e.getClickCount() != 1
                || !(e.getTarget() instanceof Node target)) {
            return;
        }
        String id = null;
        for (Node n = target; n != null && n != table; n = n.getParent()) {
            if (id == null && n.getStyleClass().contains(dev.rowan.desktop.core.Styles.CHIP)
                    && n.getUserData() instanceof String s && s.length() == 36) {
                id = s;
            }
            if (n instanceof javafx.scene.control.TableCell<?, ?> cell) {
                if (id == null || cell.getIndex() < 0 || cell.getTableColumn() == null
                        || !(cell.getTableColumn().getUserData() instanceof FieldDef f)
                        || !(f.type() instanceof dev.rowan.model.schema.FieldType.Link l)) {
                    return;
                }
                UUID record;
                try {
                    record = UUID.fromString(id);
                } catch (IllegalArgumentException ex) {
                    return;
                }
                if (editor.isOpen()) editor.commit(0, 0);
                e.consume();
                linkOpener.open(cell.getIndex(), l.targetTable(), record);
                return;
            }
        }
    }

    /** Adds a record and puts the cursor in its first cell (Ctrl+Enter, + Record). */
    public void addRecord() {
        if (editor.isOpen()) editor.commit(0, 0);
        // the keyboard goes to the new row wherever it was (navigator, toolbar): the next keys are its first cell's
        table.requestFocus();
        vm.addRow();
    }

    private void trackFocusedRecord() {
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0) return;
        dev.rowan.desktop.workspace.Row r = pos.getRow() < table.getItems().size()
                ? table.getItems().get(pos.getRow()).record().get() : null;
        if (r != null) vm.focusedRecord().set(r.id());
    }

    /** Puts the cursor on a row (the record followed through a refresh), in a field or the current column. */
    private void focusAt(int index, @Nullable UUID fieldId) {
        if (index < 0 || index >= table.getItems().size()) return;
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        TableColumn<GridRow, ?> col = pos == null ? null : pos.getTableColumn();
        if (fieldId != null || col == null || !(col.getUserData() instanceof FieldDef)) {
            for (TableColumn<GridRow, ?> c : table.getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && (fieldId == null || f.id().equals(fieldId))) {
                    col = c;
                    break;
                }
            }
        }
        if (col == null) return;
        table.getSelectionModel().clearAndSelect(index, col);
        table.getFocusModel().focus(index, col);
        scrollIntoView(table, index);
        if (!editor.isOpen() && table.getScene() != null && table.getScene().getFocusOwner() == null) table.requestFocus();
    }

    private void focusCell(int row, int visibleCol) {
        if (row < 0 || row >= table.getItems().size()) return;
        TableColumn<GridRow, ?> c = table.getVisibleLeafColumn(Math.max(1, visibleCol));
        table.getSelectionModel().clearAndSelect(row, c);
        table.getFocusModel().focus(row, c);
        scrollIntoView(table, row);
        table.scrollToColumn(c);
    }

    /** Scrolls only when the row is not already in view, so the rows under the cursor do not jump. */
    static void scrollIntoView(TableView<GridRow> table, int row) {
        javafx.scene.control.skin.VirtualFlow<?> flow = null;
        for (Node n : table.lookupAll(".virtual-flow")) if (n instanceof javafx.scene.control.skin.VirtualFlow<?> v) flow = v;
        if (flow != null && flow.getFirstVisibleCell() != null && flow.getLastVisibleCell() != null
                && row > flow.getFirstVisibleCell().getIndex() && row < flow.getLastVisibleCell().getIndex()) {
            return;
        }
        table.scrollTo(Math.max(0, row - 3));
    }

    /** Moves the focused cell (used by Tab in and out of editors, Enter after a commit). */
    static void moveFocus(TableView<GridRow> table, int dRow, int dCol) {
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos == null) return;
        int cols = table.getVisibleLeafColumns().size();
        int col = table.getVisibleLeafIndex(pos.getTableColumn()) + dCol;
        int row = pos.getRow() + dRow;
        if (col >= cols) {
            col = 1;
            row++;
        } else if (col < 1) {
            col = cols - 1;
            row--;
        }
        // an edit committed with Enter or Tab goes on in the next record: group headers are stepped over
        int step = Integer.signum(row - pos.getRow());
        while (step != 0 && row >= 0 && row < table.getItems().size() && table.getItems().get(row).header() != null) {
            row += step;
        }
        if (row < 0 || row >= table.getItems().size()) return;
        TableColumn<GridRow, ?> c = table.getVisibleLeafColumn(col);
        table.getSelectionModel().clearAndSelect(row, c);
        table.getFocusModel().focus(row, c);
        scrollIntoView(table, row);
        table.scrollToColumn(c);
    }

    private List<int[]> selectedCells() {
        List<int[]> out = new ArrayList<>();
        for (TablePosition<?, ?> p : table.getSelectionModel().getSelectedCells()) {
            int c = fieldIndex(p.getTableColumn());
            if (c >= 0) out.add(new int[]{p.getRow(), c});
        }
        return out;
    }

    private int fieldIndex(@Nullable TableColumn<?, ?> col) {
        if (col == null || !(col.getUserData() instanceof FieldDef f)) return -1;
        return vm.columns().indexOf(f);
    }

    private void copySelection() {
        List<int[]> cells = selectedCells();
        if (cells.isEmpty()) return;
        int r0 = cells.stream().mapToInt(c -> c[0]).min().orElse(0);
        int r1 = cells.stream().mapToInt(c -> c[0]).max().orElse(0);
        int c0 = cells.stream().mapToInt(c -> c[1]).min().orElse(0);
        int c1 = cells.stream().mapToInt(c -> c[1]).max().orElse(0);
        try {
            ClipboardContent content = new ClipboardContent();
            content.putString(vm.copy(r0, r1, c0, c1));
            Clipboard.getSystemClipboard().setContent(content);
            vm.message().set("Copied " + (r1 - r0 + 1) + " × " + (c1 - c0 + 1) + " cells");
        } catch (RuntimeException ex) {
            vm.message().set(ex.getMessage());
        }
    }

    private void pasteClipboard() {
        String text = Clipboard.getSystemClipboard().getString();
        if (text == null || text.isEmpty()) return;
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        boolean onCell = pos != null && pos.getRow() >= 0 && fieldIndex(pos.getTableColumn()) >= 0;
        int row = onCell ? pos.getRow() : table.getItems().size();
        int col = onCell ? fieldIndex(pos.getTableColumn()) : 0;
        vm.paste(row, col, text);
    }

    private void deleteSelectedRows() {
        vm.deleteRows(selectedRows());
    }

}
