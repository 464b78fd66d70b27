package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.filter.FilterBarView;
import dev.rowan.desktop.filter.FilterBarViewModel;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
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
import java.util.function.Consumer;
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
    /** Horizontal scroll offset in pixels; frozen cells and headers are translated by it so they stay in place. */
    private final DoubleProperty frozenOffset = new SimpleDoubleProperty();
    private final PauseTransition widthSave = new PauseTransition(Duration.millis(300));
    private final Map<UUID, Double> pendingWidths = new LinkedHashMap<>();

    public GridView(GridViewModel vm, Supplier<DateTimeFormatter> dates, IntConsumer openInForm) {
        this.vm = vm;
        this.dates = dates;
        this.openInForm = openInForm;
        root.getStyleClass().add("grid-screen");
        filterBar = new FilterBarView(new FilterBarViewModel(vm), dates);
        root.getChildren().addAll(toolbar(), filterBar.root(), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        setUpTable();
        vm.columns().addListener((ListChangeListener<FieldDef>) c -> rebuildColumns());
        vm.rows().addListener((o, a, b) -> replaceItems(b));
        // deferred: the view changes inside the table's sort policy (a header click), and changing the sort order
        // from within its own sort left the header out of step, so the next click sorted ascending again
        vm.view().addListener((o, a, b) -> javafx.application.Platform.runLater(this::syncSortIndicators));
        widthSave.setOnFinished(e -> {
            pendingWidths.forEach(vm::setColumnWidth);
            pendingWidths.clear();
        });
        table.getColumns().addListener((ListChangeListener<TableColumn<GridRow, ?>>) c -> {
            // a header dragged to a new place: keep the order in the view (after this change has settled)
            if (!rebuilding) javafx.application.Platform.runLater(this::saveColumnOrder);
        });
        table.skinProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(this::hookHorizontalScroll));
        frozenOffset.addListener((o, a, b) -> updateFrozenHeaders());
        rebuildColumns();
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

    public DoubleProperty frozenOffset() {
        return frozenOffset;
    }

    public Node root() {
        return root;
    }

    public TableView<GridRow> table() {
        return table;
    }

    // ------------------------------------------------------------------ toolbar

    private Node toolbar() {
        Button add = button("+ Record", "grid-add", vm::addRow);
        Button delete = button("Delete rows", "grid-delete", this::deleteSelectedRows);
        Button bulk = button("Set field…", "grid-bulk-edit", this::bulkEdit);
        Button form = button("Open in form", "grid-form", () -> {
            TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
            if (pos != null && pos.getRow() >= 0) openInForm.accept(pos.getRow());
        });
        ToggleButton filter = new ToggleButton("Filter");
        filter.setId("grid-filter-toggle");
        MenuButton sort = new MenuButton("Sort");
        sort.setId("grid-sort");
        vm.columns().addListener((ListChangeListener<FieldDef>) c -> rebuildSortMenu(sort));
        rebuildSortMenu(sort);
        fieldsMenu.setId("grid-fields");
        vm.table().addListener((o, a, b) -> rebuildFieldsMenu());
        vm.view().addListener((o, a, b) -> rebuildFieldsMenu());
        Button undo = button("Undo", "grid-undo", vm::undo);
        undo.disableProperty().bind(vm.undoStack().canUndo().not());
        Button redo = button("Redo", "grid-redo", vm::redo);
        redo.disableProperty().bind(vm.undoStack().canRedo().not());
        Label count = new Label();
        count.setId("grid-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format("%,d records", vm.rowCount().get())
                + (vm.view().get().filter() != null ? " (filtered)" : ""), vm.rowCount(), vm.view()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox box = new HBox(6, add, delete, bulk, form, sep(), sort, filter, fieldsMenu, sep(), undo, redo, spacer, count);
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
            if (f.type() instanceof FieldType.MultipleSelect || f.type() instanceof FieldType.Json) continue;
            sort.getItems().add(item(f.name() + " ↑ (A→Z)", () -> vm.setSorts(List.of(Sort.asc(f.id().toString())))));
            sort.getItems().add(item(f.name() + " ↓ (Z→A)", () -> vm.setSorts(List.of(Sort.desc(f.id().toString())))));
        }
        sort.getItems().add(item("Clear sort", () -> vm.setSorts(List.of())));
    }

    private static Node sep() {
        Region r = new Region();
        r.setPrefWidth(8);
        return r;
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
        table.setEditable(true);
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
        table.setItems(vm.rows().get());
    }

    private void replaceItems(GridRows rows) {
        TablePosition<GridRow, ?> focus = table.getFocusModel().getFocusedCell();
        int row = focus == null ? -1 : focus.getRow();
        TableColumn<GridRow, ?> col = focus == null ? null : focus.getTableColumn();
        syncingSort = true;
        try {
            table.setItems(rows);
        } finally {
            syncingSort = false;
        }
        // TableView clears its sort order when the item list is replaced: put the header arrows back, or the next
        // header click starts again at ascending instead of turning the sort around
        syncSortIndicators();
        if (row >= 0 && rows.size() > 0) {
            int r = Math.min(row, rows.size() - 1);
            table.getSelectionModel().clearAndSelect(r, col);
            table.getFocusModel().focus(r, col);
        }
    }

    private void rebuildColumns() {
        syncingSort = true;
        rebuilding = true;
        try {
            table.getSortOrder().clear();
            table.getColumns().clear();
            TableColumn<GridRow, @Nullable Object> number = new TableColumn<>("#");
            number.setSortable(false);
            number.setEditable(false);
            number.setReorderable(false);
            number.setPrefWidth(64);
            number.getStyleClass().add("row-number-column");
            number.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
                @Override
                protected void updateItem(@Nullable Object item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : String.format("%,d", getIndex() + 1));
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
                col.setSortable(!(f.type() instanceof FieldType.MultipleSelect) && !(f.type() instanceof FieldType.Json));
                col.setCellValueFactory(cd -> cd.getValue().record().map(r -> r.value(f.id())));
                boolean frozen = table.getColumns().size() == 1;
                col.setCellFactory(c -> {
                    GridCell cell = new GridCell(vm, f, dates);
                    if (frozen) freeze(cell);
                    return cell;
                });
                col.prefWidthProperty().addListener((o, a, b) -> {
                    if (rebuilding) return;
                    // resizing fires for every mouse move: save once the drag rests
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
        return switch (f.type()) {
            case FieldType.BooleanType b -> 90;
            case FieldType.LongText l -> 260;
            case FieldType.NumberType n -> 110;
            case FieldType.Percent p -> 100;
            case FieldType.DateType d -> d.includeTime() ? 170 : 120;
            default -> 170;
        };
    }

    // ------------------------------------------------------------------ keyboard, clipboard

    private void onKey(KeyEvent e) {
        if (table.getEditingCell() != null) return;
        boolean shortcut = e.isShortcutDown();
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (shortcut && e.getCode() == KeyCode.C) {
            copySelection();
        } else if (shortcut && e.getCode() == KeyCode.V) {
            pasteClipboard();
        } else if (shortcut && e.getCode() == KeyCode.Z && !e.isShiftDown()) {
            vm.undo();
        } else if (shortcut && (e.getCode() == KeyCode.Y || (e.getCode() == KeyCode.Z && e.isShiftDown()))) {
            vm.redo();
        } else if (e.getCode() == KeyCode.TAB) {
            moveFocus(table, 0, e.isShiftDown() ? -1 : 1);
        } else if ((e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.F2) && pos != null && pos.getRow() >= 0
                && pos.getTableColumn() != null && pos.getTableColumn().getUserData() instanceof FieldDef) {
            table.edit(pos.getRow(), pos.getTableColumn());
        } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            if (shortcut) deleteSelectedRows();
            else vm.clearCells(selectedCells());
        } else if (e.getCode() == KeyCode.SPACE && pos != null && pos.getTableColumn() != null
                && pos.getTableColumn().getUserData() instanceof FieldDef f && f.type() instanceof FieldType.BooleanType) {
            table.edit(pos.getRow(), pos.getTableColumn());
        } else {
            return;
        }
        e.consume();
    }

    /** Type-to-edit: the first typed character starts the editor and is its content (never lost). */
    private void onTyped(KeyEvent e) {
        if (e.isShortcutDown() || e.isAltDown()) return;
        String ch = e.getCharacter();
        if (ch.isEmpty() || Character.isISOControl(ch.charAt(0))) return;
        if (table.getEditingCell() != null) {
            // the editor opened but has not taken the keyboard yet
            for (Node n : table.lookupAll(".table-cell")) {
                if (n instanceof GridCell gc && gc.isEditing() && gc.typeIntoEditor(ch)) {
                    e.consume();
                    return;
                }
            }
            return;
        }
        if (ch.equals(" ")) return;
        TablePosition<GridRow, ?> pos = table.getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0 || !(pos.getTableColumn() != null && pos.getTableColumn().getUserData() instanceof FieldDef f)) return;
        if (f.type() instanceof FieldType.BooleanType || f.type() instanceof FieldType.SingleSelect) return;
        // the seed goes through the table, not a cell found by lookup: the cell that ends up editing may be another
        // instance than a stale one with the same index (that lost the first character)
        table.getProperties().put(GridCell.SEED, ch);
        table.edit(pos.getRow(), pos.getTableColumn());
        table.getProperties().remove(GridCell.SEED);
        e.consume();
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
        if (row < 0 || row >= table.getItems().size()) return;
        TableColumn<GridRow, ?> c = table.getVisibleLeafColumn(col);
        table.getSelectionModel().clearAndSelect(row, c);
        table.getFocusModel().focus(row, c);
        table.scrollTo(Math.max(0, row - 3));
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
        int row = pos == null || pos.getRow() < 0 ? (int) vm.rowCount().get() : pos.getRow();
        int col = pos == null ? 0 : Math.max(0, fieldIndex(pos.getTableColumn()));
        vm.paste(row, col, text);
    }

    private void deleteSelectedRows() {
        vm.deleteRows(selectedRows());
    }

    /** For the benchmark and tests: apply a consumer to the table once columns exist. */
    public void withTable(Consumer<TableView<GridRow>> c) {
        c.accept(table);
    }
}
