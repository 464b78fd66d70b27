package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.kinds.CellLook;
import dev.rowan.desktop.kinds.Chips;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.view.KanbanConfig;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The board's nodes, made from a {@link KanbanViewModel}: a toolbar (stack field, card fields, hidden columns, a new
 * column) and the columns side by side, each a header (name, count, collapse, hide, + Card) over a virtualized list
 * of cards that asks the ViewModel for the next page when it is scrolled near its end. A card is dragged with the
 * mouse (press, drag, release over another column); values on cards are drawn by the field kind's UI descriptor.
 */
public final class KanbanView {
    public static final String COLUMN = "kanban-column";
    public static final String COLUMN_TITLE = "kanban-column-title";
    public static final String COUNT = "kanban-count";
    public static final String CARD = "kanban-card";
    public static final String CARD_TITLE = "kanban-card-title";
    static final String CARD_CELL = "kanban-card-cell";
    public static final String COLLAPSE = "kanban-collapse";
    public static final String ADD_CARD = "kanban-add-card";
    public static final String NEW_CARD = "kanban-new-card";
    public static final String DROP_TARGET = "kanban-drop-target";
    public static final String DRAGGED = "kanban-dragged";
    public static final String SELECTED_CARD = "kanban-selected";
    /** A card a dragged card would be dropped above (manual order); {@link #DROP_AFTER_CARD} below the last. */
    public static final String DROP_BEFORE_CARD = "kanban-drop-before";
    public static final String DROP_AFTER_CARD = "kanban-drop-after";
    static final String STYLESHEET = KanbanView.class.getResource("kanban.css").toExternalForm();
    /** Cards left below the last one shown when the next page is asked for. */
    private static final int PREFETCH = 10;
    private static final double WIDTH = 260;
    private static final double COLLAPSED_WIDTH = 56;
    private static final double DRAG_SLOP = 6;

    private final KanbanViewModel vm;
    private final Supplier<DateTimeFormatter> dates;
    private final java.util.function.Consumer<UUID> openRecord;
    private final BorderPane root = new BorderPane();
    private final HBox board = new HBox(10);
    private final ComboBox<FieldDef> stackBy = new ComboBox<>();
    private final MenuButton cardFields = new MenuButton("Card fields");
    private final MenuButton hidden = new MenuButton("Hidden columns");
    private final javafx.scene.control.CheckBox manual = new javafx.scene.control.CheckBox("Manual order");
    private final TextField newColumn = new TextField();
    private final Label message = new Label();
    private final List<ColumnNode> shown = new ArrayList<>();
    private boolean syncing;
    /** The card being dragged (null when none) and where the press was. */
    private @Nullable UUID dragged;
    private double pressX;
    private double pressY;
    private boolean dragging;

    public KanbanView(KanbanViewModel vm, Supplier<DateTimeFormatter> dates) {
        this(vm, dates, id -> { });
    }

    /** @param openRecord opens a record in the record form (Enter on the selected card, a card added with "+ Card") */
    public KanbanView(KanbanViewModel vm, Supplier<DateTimeFormatter> dates, java.util.function.Consumer<UUID> openRecord) {
        this.vm = vm;
        this.dates = dates;
        this.openRecord = openRecord;
        root.setId("kanban");
        root.getStylesheets().add(STYLESHEET);
        board.setId("kanban-board");
        board.setPadding(new Insets(8));
        board.setFillHeight(true);
        ScrollPane scroll = new ScrollPane(board);
        scroll.setFitToHeight(true);
        scroll.setFitToWidth(false);
        root.setCenter(scroll);
        root.setTop(toolbar());
        vm.columns().addListener((ListChangeListener<KanbanColumn>) c -> rebuild());
        vm.hiddenColumns().addListener((ListChangeListener<KanbanColumn>) c -> hiddenMenu());
        vm.config().addListener((o, a, b) -> {
            syncStack();
            manual.setSelected(b.manualOrder());
            cardFieldMenu();
            shown.forEach(ColumnNode::redraw);
        });
        vm.table().addListener((o, a, b) -> cardFieldMenu());
        vm.selected().addListener((o, a, b) -> showSelected());
        root.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, this::key);
        rebuild();
        hiddenMenu();
    }

    public Node root() {
        return root;
    }

    /** The column nodes shown, in order (for tests and the screenshot). */
    public List<VBox> columnNodes() {
        return shown.stream().map(c -> c.box).toList();
    }

    private Node toolbar() {
        stackBy.setId("kanban-stack-by");
        stackBy.setItems(vm.stackChoices());
        stackBy.setConverter(new StringConverter<>() {
            @Override
            public String toString(@Nullable FieldDef f) {
                return f == null ? "" : f.name();
            }

            @Override
            public @Nullable FieldDef fromString(String s) {
                return null;
            }
        });
        stackBy.setPromptText("Stack by…");
        stackBy.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) vm.setStackField(b.id());
        });
        syncStack();
        cardFields.setId("kanban-card-fields");
        hidden.setId("kanban-hidden-columns");
        newColumn.setId("kanban-new-column");
        newColumn.setPromptText("+ Column");
        newColumn.setPrefColumnCount(10);
        newColumn.setOnAction(e -> {
            if (!newColumn.getText().isBlank() && vm.addColumn(newColumn.getText())) newColumn.clear();
        });
        manual.setId("kanban-manual-order");
        manual.setSelected(vm.manualOrder());
        manual.setTooltip(new javafx.scene.control.Tooltip(
                "Cards stay where you drop them in a column (this view's own order, synced) instead of following its sorts"));
        manual.setOnAction(e -> vm.setManualOrder(manual.isSelected()));
        message.textProperty().bind(vm.message());
        message.getStyleClass().add(Styles.MUTED);
        Label stackLabel = new Label("Stack by");
        HBox bar = dev.rowan.desktop.views.ViewBar.of(message, stackLabel, stackBy, cardFields, hidden, manual, newColumn,
                message);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 0, 8));
        bar.getStyleClass().add(Styles.TOOLBAR);
        cardFieldMenu();
        return bar;
    }

    private void syncStack() {
        syncing = true;
        try {
            var t = vm.table().get();
            stackBy.setValue(t == null ? null : vm.config().get().stack(t).orElse(null));
        } finally {
            syncing = false;
        }
    }

    private void cardFieldMenu() {
        cardFields.getItems().clear();
        var t = vm.table().get();
        if (t == null) return;
        KanbanConfig c = vm.config().get();
        for (FieldDef f : t.activeFields()) {
            CheckMenuItem item = new CheckMenuItem(f.name());
            item.setSelected(c.cardFields().contains(f.id()));
            item.setOnAction(e -> {
                List<UUID> now = new ArrayList<>(vm.config().get().cardFields());
                if (item.isSelected()) {
                    if (!now.contains(f.id())) now.add(f.id());
                } else {
                    now.remove(f.id());
                }
                vm.setCardFields(now, Math.max(KanbanConfig.DEFAULT_CARD_LIMIT, Math.min(now.size(),
                        KanbanConfig.MAX_CARD_LIMIT)));
            });
            cardFields.getItems().add(item);
        }
    }

    private void hiddenMenu() {
        hidden.getItems().clear();
        for (KanbanColumn col : vm.hiddenColumns()) {
            MenuItem show = new MenuItem("Show " + col.label());
            show.setOnAction(e -> vm.setHidden(col.key(), false));
            hidden.getItems().add(show);
        }
        hidden.setDisable(vm.hiddenColumns().isEmpty());
        hidden.setText(vm.hiddenColumns().isEmpty() ? "Hidden columns" : "Hidden columns (" + vm.hiddenColumns().size() + ")");
    }

    private void rebuild() {
        shown.forEach(ColumnNode::dispose);
        shown.clear();
        for (KanbanColumn col : vm.columns()) shown.add(new ColumnNode(col));
        board.getChildren().setAll(shown.stream().map(c -> (Node) c.box).toList());
    }

    // ------------------------------------------------------------------ the keyboard

    /**
     * Arrows move the selection between cards and columns, Enter opens the selected card's record, Ctrl+Shift+arrow
     * (or Alt+arrow) moves the card to the next column or up/down in manual order. Keys typed into a text field or a
     * list of choices stay theirs.
     */
    private void key(javafx.scene.input.KeyEvent e) {
        javafx.scene.Scene scene = root.getScene();
        Node focus = scene == null ? null : scene.getFocusOwner();
        if (focus instanceof javafx.scene.control.TextInputControl || focus instanceof javafx.scene.control.ComboBoxBase<?>
                || focus instanceof ButtonBase) {
            return;
        }
        boolean carry = e.isAltDown() || e.isShortcutDown() && e.isShiftDown();
        int dx = 0;
        int dy = 0;
        switch (e.getCode()) {
            case LEFT, KP_LEFT -> dx = -1;
            case RIGHT, KP_RIGHT -> dx = 1;
            case UP, KP_UP -> dy = -1;
            case DOWN, KP_DOWN -> dy = 1;
            case ENTER -> {
                UUID id = vm.selected().get();
                if (id == null) return;
                openRecord.accept(id);
                e.consume();
                return;
            }
            default -> {
                return;
            }
        }
        if (carry) vm.moveSelectedCard(dx, dy);
        else vm.moveSelection(dx, dy);
        e.consume();
    }

    /** Draws the selection and scrolls its card into view. */
    private void showSelected() {
        UUID id = vm.selected().get();
        for (ColumnNode c : shown) {
            c.list.refresh();
            if (id == null) continue;
            for (int i = 0; i < c.col.cards().size(); i++) {
                if (c.col.cards().get(i).id().equals(id)) {
                    c.reveal(i);
                    break;
                }
            }
        }
    }

    // ------------------------------------------------------------------ dragging a card

    private void press(MouseEvent e, @Nullable Row row) {
        dragged = e.getButton() == MouseButton.PRIMARY && row != null ? row.id() : null;
        if (row != null) {
            vm.selected().set(row.id());
            root.requestFocus(); // the keyboard works on the board, not on one column's list
        }
        pressX = e.getSceneX();
        pressY = e.getSceneY();
        dragging = false;
    }

    private void drag(MouseEvent e) {
        if (dragged == null) return;
        if (!dragging && Math.hypot(e.getSceneX() - pressX, e.getSceneY() - pressY) < DRAG_SLOP) return;
        if (!dragging && e.getSource() instanceof CardCell cell) cell.card.pseudoClassStateChanged(LIFTED, true);
        dragging = true;
        ColumnNode over = columnAt(e.getSceneX(), e.getSceneY());
        for (ColumnNode c : shown) c.box.pseudoClassStateChanged(DROP, c == over);
        // in manual order the card lands where the line is drawn: above the card under the pointer, or below the last
        int at = over != null && vm.manualOrder() ? over.dropIndex(e.getSceneY()) : -1;
        for (ColumnNode c : shown) c.markDrop(c == over ? at : -1);
        e.consume();
    }

    private void release(MouseEvent e) {
        if (e.getSource() instanceof CardCell cell) cell.card.pseudoClassStateChanged(LIFTED, false);
        UUID id = dragged;
        boolean moved = dragging;
        dragged = null;
        dragging = false;
        for (ColumnNode c : shown) {
            c.box.pseudoClassStateChanged(DROP, false);
            c.markDrop(-1);
        }
        if (id == null || !moved) return;
        ColumnNode target = columnAt(e.getSceneX(), e.getSceneY());
        if (target != null) vm.place(id, target.col.key(), target.dropIndex(e.getSceneY()));
        e.consume();
    }

    private static final javafx.css.PseudoClass DROP = javafx.css.PseudoClass.getPseudoClass(DROP_TARGET);
    private static final javafx.css.PseudoClass SELECTED = javafx.css.PseudoClass.getPseudoClass(SELECTED_CARD);
    private static final javafx.css.PseudoClass DROP_BEFORE = javafx.css.PseudoClass.getPseudoClass(DROP_BEFORE_CARD);
    private static final javafx.css.PseudoClass DROP_AFTER = javafx.css.PseudoClass.getPseudoClass(DROP_AFTER_CARD);
    private static final javafx.css.PseudoClass LIFTED = javafx.css.PseudoClass.getPseudoClass(DRAGGED);

    private @Nullable ColumnNode columnAt(double sceneX, double sceneY) {
        for (ColumnNode c : shown) {
            Bounds b = c.box.localToScene(c.box.getBoundsInLocal());
            if (b.contains(sceneX, sceneY)) return c;
        }
        return null;
    }

    // ------------------------------------------------------------------ a column

    private final class ColumnNode {
        final KanbanColumn col;
        final VBox box = new VBox(6);
        final Label title = new Label();
        final Label count = new Label();
        final Button collapse = new Button();
        final ListView<Row> list = new ListView<>();
        final TextField newCard = new TextField();
        final Button addCard = new Button("+ Card");
        final javafx.beans.value.ChangeListener<Boolean> onCollapse = (o, a, b) -> layoutCollapsed();
        final javafx.beans.value.ChangeListener<Number> onCount = (o, a, b) -> showCount();

        ColumnNode(KanbanColumn col) {
            this.col = col;
            box.getStyleClass().add(COLUMN);
            box.setUserData(col.key());
            box.setPadding(new Insets(6));
            title.getStyleClass().add(COLUMN_TITLE);
            title.setGraphic(col.color().isEmpty() ? null : Chips.chip(" ", col.color()));
            title.setText(col.label());
            count.getStyleClass().addAll(COUNT, Styles.MUTED);
            collapse.getStyleClass().addAll(COLLAPSE, "flat");
            collapse.setFocusTraversable(false);
            collapse.setOnAction(e -> vm.setCollapsed(col.key(), !col.collapsed().get()));
            MenuButton more = new MenuButton("⋯");
            more.getStyleClass().add("flat");
            MenuItem hide = new MenuItem("Hide column");
            hide.setOnAction(e -> vm.setHidden(col.key(), true));
            more.getItems().add(hide);
            addCard.getStyleClass().addAll(ADD_CARD, "flat");
            addCard.setOnAction(e -> startNewCard());
            addCard.setOnKeyPressed(e -> {
                // Space fires a button; Enter does too here, as people expect of "+ Card"
                if (e.getCode() == KeyCode.ENTER) {
                    addCard.fire();
                    e.consume();
                }
            });
            newCard.getStyleClass().add(NEW_CARD);
            newCard.setPromptText(vm.titleField().map(f -> f.name() + " of the new card").orElse("New card"));
            newCard.setVisible(false);
            newCard.setManaged(false);
            newCard.setOnAction(e -> {
                // the record is stored with this column's value and opened in the record form for its other fields
                if (vm.addCard(col.key(), newCard.getText(), openRecord)) endNewCard();
            });
            newCard.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) endNewCard();
            });
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox header = new HBox(6, collapse, title, count, spacer, more);
            header.setAlignment(Pos.CENTER_LEFT);
            list.setItems(col.cards());
            list.setFocusTraversable(false); // the board takes the arrows (see key), not each list
            list.setCellFactory(l -> new CardCell(this));
            list.setPlaceholder(new Label(""));
            VBox.setVgrow(list, Priority.ALWAYS);
            box.getChildren().setAll(header, newCard, list, addCard);
            col.collapsed().addListener(onCollapse);
            col.count().addListener(onCount);
            showCount();
            layoutCollapsed();
        }

        void dispose() {
            col.collapsed().removeListener(onCollapse);
            col.count().removeListener(onCount);
        }

        void showCount() {
            long n = col.count().get();
            count.setText(n < 0 ? "" : String.format("%,d", n));
        }

        void layoutCollapsed() {
            boolean c = col.collapsed().get();
            collapse.setText(c ? "▸" : "▾");
            list.setVisible(!c);
            list.setManaged(!c);
            addCard.setVisible(!c);
            addCard.setManaged(!c);
            title.setRotate(c ? 90 : 0);
            box.setMinWidth(c ? COLLAPSED_WIDTH : WIDTH);
            box.setPrefWidth(c ? COLLAPSED_WIDTH : WIDTH);
            box.setMaxWidth(c ? COLLAPSED_WIDTH : WIDTH);
            if (c) endNewCard();
        }

        void redraw() {
            list.refresh();
        }

        /**
         * Where a card dropped at {@code sceneY} goes in this column's cards: before the card under the pointer when
         * over its upper half, after it when over its lower half; after the last card below them all.
         */
        int dropIndex(double sceneY) {
            int top = Integer.MAX_VALUE;
            double topY = Double.POSITIVE_INFINITY;
            int last = -1;
            for (Node n : list.lookupAll("." + CARD_CELL)) {
                if (!(n instanceof CardCell cell) || cell.isEmpty() || cell.getIndex() < 0 || !cell.isVisible()) continue;
                Bounds b = cell.localToScene(cell.getBoundsInLocal());
                if (sceneY >= b.getMinY() && sceneY <= b.getMaxY()) {
                    return cell.getIndex() + (sceneY > b.getCenterY() ? 1 : 0);
                }
                if (b.getMinY() < topY) {
                    topY = b.getMinY();
                    top = cell.getIndex();
                }
                last = Math.max(last, cell.getIndex());
            }
            if (sceneY < topY && top != Integer.MAX_VALUE) return top; // above the cards shown: before the first
            return last < 0 ? 0 : last + 1;
        }

        /** Draws where a dragged card would land ({@code at}: a drop index; -1 clears it). */
        void markDrop(int at) {
            int size = col.cards().size();
            for (Node n : list.lookupAll("." + CARD_CELL)) {
                if (!(n instanceof CardCell cell)) continue;
                boolean filled = !cell.isEmpty() && cell.getIndex() >= 0;
                cell.card.pseudoClassStateChanged(DROP_BEFORE, filled && at >= 0 && cell.getIndex() == at);
                cell.card.pseudoClassStateChanged(DROP_AFTER, filled && at >= size && cell.getIndex() == size - 1);
            }
        }

        /** Scrolls card {@code i} into view when it is not. */
        void reveal(int i) {
            for (Node n : list.lookupAll("." + CARD_CELL)) {
                if (n instanceof CardCell cell && cell.getIndex() == i && !cell.isEmpty()) {
                    Bounds b = cell.localToScene(cell.getBoundsInLocal());
                    Bounds l = list.localToScene(list.getBoundsInLocal());
                    if (b.getMinY() >= l.getMinY() && b.getMaxY() <= l.getMaxY()) return;
                }
            }
            list.scrollTo(i);
        }

        void startNewCard() {
            newCard.setVisible(true);
            newCard.setManaged(true);
            newCard.requestFocus();
        }

        void endNewCard() {
            newCard.clear();
            newCard.setVisible(false);
            newCard.setManaged(false);
        }
    }

    private final class CardCell extends ListCell<Row> {
        private final ColumnNode column;
        private final VBox card = new VBox(3);

        CardCell(ColumnNode column) {
            this.column = column;
            getStyleClass().add(CARD_CELL);
            card.getStyleClass().add(CARD);
            card.setPadding(new Insets(6, 8, 6, 8));
            setOnMousePressed(e -> press(e, getItem()));
            setOnMouseDragged(KanbanView.this::drag);
            setOnMouseReleased(KanbanView.this::release);
        }

        @Override
        protected void updateItem(@Nullable Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            Label title = new Label(vm.cardTitle(row));
            title.getStyleClass().add(CARD_TITLE);
            title.setWrapText(true);
            card.getChildren().setAll(title);
            card.pseudoClassStateChanged(SELECTED, row.id().equals(vm.selected().get()));
            card.pseudoClassStateChanged(DROP_BEFORE, false); // a recycled cell forgets the drop line
            card.pseudoClassStateChanged(DROP_AFTER, false);
            for (FieldDef f : vm.cardFields()) card.getChildren().add(value(f, row.value(f.id())));
            setGraphic(card);
            if (getIndex() >= column.col.cards().size() - PREFETCH && column.col.hasMore()) vm.loadMore(column.col);
        }

        private Node value(FieldDef f, @Nullable Object v) {
            CellLook look = FieldUis.of(f.type()).look(f.type(), v, dates.get());
            Node shown = switch (look) {
                case CellLook.Text t -> {
                    Label l = new Label(t.text());
                    l.setWrapText(true);
                    yield l;
                }
                case CellLook.Chips c -> Chips.row(c.options());
                case CellLook.Check c -> new Label(c.checked() ? "✓" : "–");
            };
            Label name = new Label(f.name());
            name.getStyleClass().add(Styles.MUTED);
            name.setMinWidth(Region.USE_PREF_SIZE);
            HBox line = new HBox(6, name, shown);
            line.setAlignment(Pos.CENTER_LEFT);
            return line;
        }
    }
}
