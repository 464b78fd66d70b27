package dev.rowan.desktop.grid;

import dev.rowan.desktop.grid.GridViewModel.Commit;
import dev.rowan.desktop.grid.GridViewModel.Mark;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.value.FieldValues;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The grid's one cell editor, laid over the cell being edited instead of living inside it. Table cells are recycled
 * as rows scroll, load and re-sort; an editor inside a cell went with it and took the keys typed meanwhile. This
 * editor is a node of its own that takes the keyboard the moment it opens, in the same key event that opened it,
 * so every key typed reaches it in order however fast; it knows its record by id, so a commit lands on the record
 * it was opened on even when that record has moved. It follows its cell on screen after every layout pass.
 *
 * <p>Keys: Enter saves and moves down (Shift+Enter up), Tab saves and moves right (Shift+Tab left), Escape cancels.
 * Select editors: type to search, Up/Down to choose, Enter or Tab to pick (multiple select: Enter toggles, Tab
 * saves). Dates: Alt+Down opens the calendar.
 */
final class CellEditor {
    private final GridViewModel vm;
    private final TableView<GridRow> table;
    private final Supplier<DateTimeFormatter> dates;
    private final Pane layer;
    private @Nullable Session session;
    private boolean closing;

    CellEditor(GridViewModel vm, TableView<GridRow> table, Supplier<DateTimeFormatter> dates, Pane layer) {
        this.vm = vm;
        this.table = table;
        this.dates = dates;
        this.layer = layer;
        layer.setPickOnBounds(false);
    }

    boolean isOpen() {
        return session != null;
    }

    /** The editor's input node, for tests. */
    @Nullable Node node() {
        Session s = session;
        return s == null ? null : s.input();
    }

    /**
     * Opens the editor on a cell. {@code typed} is the key that started the edit (it replaces the content, like
     * typing into a spreadsheet cell); null opens it on the current content (Enter, F2, double click).
     */
    void open(int index, TableColumn<GridRow, ?> column, FieldDef field, @Nullable String typed) {
        if (session != null) commit(0, 0);
        // the record this row shows now (a new record being stored is still its draft here): edits go to its id
        Row row = index < table.getItems().size() ? table.getItems().get(index).record().get() : null;
        if (row == null) row = vm.loadedRecord(index);
        UUID recordId = row == null ? null : row.id();
        Mark mark = recordId == null ? null : vm.mark(recordId, field.id());
        String current = mark != null ? mark.text() : row == null ? "" : editText(field, row.value(field.id()));
        Session s = switch (field.type()) {
            case FieldType.SingleSelect sel -> new OptionSession(sel, false, row, field);
            case FieldType.MultipleSelect sel -> new OptionSession(sel, true, row, field);
            case FieldType.DateType d -> new DateSession(d.includeTime());
            default -> new TextSession();
        };
        table.scrollToColumn(column);
        GridView.scrollIntoView(table, index);
        table.layout();
        s.index = index;
        s.recordId = recordId;
        s.field = field;
        s.column = column;
        session = s;
        Node n = s.root();
        n.setManaged(false);
        n.getStyleClass().add("cell-editor");
        layer.getChildren().setAll(n);
        // skins (and with them the key handling of text fields) are made by the CSS pass: make them now, so a key
        // typed before the next pulse has somewhere to go
        n.applyCss();
        if (n instanceof Region r) r.layout();
        s.input().requestFocus();
        s.start(typed != null ? typed : current, typed != null);
        if (s.input() instanceof TextField tf) keepCaret(tf);
        place();
        Scene scene = table.getScene();
        if (scene != null) {
            scene.addPostLayoutPulseListener(placer);
            scene.addEventFilter(KeyEvent.ANY, keyGuard);
            scene.addEventFilter(MouseEvent.MOUSE_PRESSED, clickAway);
        }
    }

    private final Runnable placer = this::place;

    /**
     * A text field selects all its text when it gains focus, sometimes a pulse later; the keys typed after the
     * first one must add to it, not replace it ("ammer" for "Hammer"). Until the user moves the caret or selects
     * on purpose, a whole-text selection meeting a typed key is turned into a caret at the end.
     */
    private static void keepCaret(TextField tf) {
        boolean[] armed = {true};
        tf.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (armed[0] && tf.getLength() > 0 && tf.getSelection().getLength() == tf.getLength()) tf.end();
        });
        tf.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode().isNavigationKey() || e.isShortcutDown() || e.getCode() == KeyCode.BACK_SPACE
                    || e.getCode() == KeyCode.DELETE) {
                armed[0] = false;
            }
        });
        tf.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> armed[0] = false);
    }

    private boolean inside(Session s, Object target) {
        if (!(target instanceof Node n)) return false;
        for (Node p = n; p != null; p = p.getParent()) if (p == s.root()) return true;
        return false;
    }

    /**
     * While the editor is open every key is its: a key that reaches another node of the window (focus moved by
     * something that was not the user: a list rebuilt, a dialog closed, a refresh) is handed to the editor, so no
     * key typed into a cell is ever lost or typed somewhere else.
     */
    private final javafx.event.EventHandler<KeyEvent> keyGuard = e -> {
        Session s = session;
        if (s == null || inside(s, e.getTarget())) return;
        e.consume();
        s.input().requestFocus();
        s.input().fireEvent(e.copyFor(s.input(), s.input()));
    };

    /** A click outside the editor saves what was typed (the click then does what it does). */
    private final javafx.event.EventHandler<MouseEvent> clickAway = e -> {
        Session s = session;
        if (s == null || inside(s, e.getTarget())) return;
        finish(s, s.commit(), 0, 0, false);
    };

    /** Saves what the editor holds and moves the cursor by the given rows and columns. */
    void commit(int dRow, int dCol) {
        Session s = session;
        if (s != null) finish(s, s.commit(), dRow, dCol, true);
    }

    void cancel() {
        Session s = session;
        if (s != null) close(s, true);
    }

    private void finish(Session s, Commit result, int dRow, int dCol, boolean keepFocus) {
        close(s, keepFocus);
        if (dRow != 0 || dCol != 0) GridView.moveFocus(table, dRow, dCol);
    }

    private void close(Session s, boolean refocus) {
        if (session != s) return;
        closing = true;
        try {
            session = null;
            Scene scene = table.getScene();
            if (scene != null) {
                scene.removePostLayoutPulseListener(placer);
                scene.removeEventFilter(KeyEvent.ANY, keyGuard);
                scene.removeEventFilter(MouseEvent.MOUSE_PRESSED, clickAway);
            }
            layer.getChildren().clear();
            if (refocus) {
                // back onto the record's cell (it may have moved while the editor was open)
                int at = indexOf(s);
                if (at >= 0 && at != focusedRow()) {
                    table.getSelectionModel().clearAndSelect(at, s.column);
                    table.getFocusModel().focus(at, s.column);
                }
                table.requestFocus();
            }
        } finally {
            closing = false;
        }
    }

    private int focusedRow() {
        var p = table.getFocusModel().getFocusedCell();
        return p == null ? -1 : p.getRow();
    }

    /** Where the session's record is now: by id among the shown cells, else the index it was opened at. */
    private int indexOf(Session s) {
        if (s.recordId != null) {
            for (Node n : table.lookupAll(".table-cell")) {
                if (n instanceof GridCell c && c.getTableRow() != null && c.getTableRow().getItem() != null) {
                    Row r = c.getTableRow().getItem().record().get();
                    if (r != null && r.id().equals(s.recordId)) return c.getIndex();
                }
            }
            Row at = vm.loadedRecord(s.index);
            if (at != null && !at.id().equals(s.recordId)) {
                var p = table.getFocusModel().getFocusedCell();
                return p == null ? -1 : p.getRow();
            }
        }
        return s.index;
    }

    /** Lays the editor over its cell (after every layout pass while open); hidden while its cell is off screen. */
    private void place() {
        Session s = session;
        if (s == null) return;
        GridCell cell = null;
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof GridCell c && c.getTableColumn() == s.column && c.isVisible() && c.getTableRow() != null
                    && c.getTableRow().getItem() != null) {
                Row r = c.getTableRow().getItem().record().get();
                boolean match = s.recordId != null ? r != null && r.id().equals(s.recordId) : c.getIndex() == s.index;
                if (match) cell = c;
            }
        }
        Node n = s.root();
        if (cell == null || cell.getScene() == null) {
            n.setOpacity(0);
            return;
        }
        Bounds b = layer.sceneToLocal(cell.localToScene(cell.getLayoutBounds()));
        if (b == null) return;
        if (b.getMaxX() <= 0 || b.getMinX() >= layer.getWidth() || b.getMaxY() <= 0 || b.getMinY() >= layer.getHeight()) {
            n.setOpacity(0);
            return;
        }
        n.setOpacity(1);
        double w = Math.max(b.getWidth(), s.minWidth());
        double h = s.height(b.getHeight());
        double y = b.getMinY();
        if (y + h > layer.getHeight() && b.getMaxY() - h >= 0 && h > b.getHeight()) y = b.getMaxY() - h;
        n.resizeRelocate(Math.max(0, Math.min(b.getMinX(), layer.getWidth() - w)), y, w, h);
    }

    /** The text an editor starts from: what a person would type for the value (dates in the preferred pattern). */
    private String editText(FieldDef f, @Nullable Object v) {
        if (v == null) return "";
        return switch (f.type()) {
            case FieldType.DateType d when d.includeTime() -> {
                var z = ((OffsetDateTime) v).atZoneSameInstant(ZoneId.systemDefault());
                yield z.toLocalDate().format(dates.get()) + " " + z.toLocalTime().withNano(0).toString();
            }
            case FieldType.DateType d -> ((LocalDate) v).format(dates.get());
            default -> FieldValues.formatText(f.type(), v);
        };
    }

    // ------------------------------------------------------------------ sessions

    private abstract class Session {
        int index;
        @Nullable UUID recordId;
        FieldDef field;
        TableColumn<GridRow, ?> column;

        abstract Node root();

        /** The node that takes the keyboard. */
        abstract Node input();

        abstract void start(String text, boolean typed);

        abstract Commit commit();

        double minWidth() {
            return 80;
        }

        double height(double cellHeight) {
            return cellHeight;
        }

        /** Keys every editor shares: Tab, Escape; Enter unless the editor uses it itself. */
        void keys(Node on, boolean enterSaves) {
            on.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (session != this) return;
                if (e.getCode() == KeyCode.ESCAPE) {
                    cancel();
                } else if (e.getCode() == KeyCode.TAB) {
                    CellEditor.this.commit(0, e.isShiftDown() ? -1 : 1);
                } else if (enterSaves && e.getCode() == KeyCode.ENTER && !e.isAltDown()) {
                    CellEditor.this.commit(e.isShiftDown() ? -1 : 1, 0);
                } else {
                    return;
                }
                e.consume();
            });
        }

        Commit commitText(String text) {
            return vm.commitText(index, recordId, field, text);
        }
    }

    /** Text, numbers, money, percent, links, e-mail, phone, JSON. */
    private final class TextSession extends Session {
        private final TextField tf = new TextField();

        TextSession() {
            tf.getStyleClass().add("grid-editor");
            keys(tf, true);
            tf.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (session != this) return;
                if (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN) {
                    CellEditor.this.commit(e.getCode() == KeyCode.UP ? -1 : 1, 0);
                    e.consume();
                }
            });
        }

        Node root() {
            return tf;
        }

        Node input() {
            return tf;
        }

        void start(String text, boolean typed) {
            if (field.type() instanceof FieldType.Percent) tf.setPromptText("35 = 35 %");
            tf.setText(text);
            tf.end();
        }

        Commit commit() {
            return commitText(tf.getText());
        }
    }

    /** Dates typed in the preferred pattern (or ISO), date and time for date-time fields; Alt+Down: calendar. */
    private final class DateSession extends Session {
        private final boolean withTime;
        private final TextField tf = new TextField();
        private final DatePicker picker = new DatePicker();
        private final HBox box;

        DateSession(boolean withTime) {
            this.withTime = withTime;
            tf.getStyleClass().add("grid-editor");
            picker.getStyleClass().add("cell-calendar");
            picker.setEditable(false);
            picker.setFocusTraversable(false);
            picker.setPrefWidth(34);
            picker.setMinWidth(34);
            picker.setOnAction(e -> {
                LocalDate d = picker.getValue();
                if (d == null || session != this) return;
                String time = withTime ? timePart(tf.getText()) : "";
                tf.setText(d.format(dates.get()) + (time.isEmpty() ? "" : " " + time));
                if (!withTime) CellEditor.this.commit(0, 0);
                else tf.requestFocus();
            });
            HBox.setHgrow(tf, Priority.ALWAYS);
            box = new HBox(tf, picker);
            box.setAlignment(Pos.CENTER_LEFT);
            keys(tf, true);
            tf.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.DOWN && e.isAltDown() || e.getCode() == KeyCode.F4) {
                    try {
                        picker.setValue(date(datePart(tf.getText())));
                    } catch (RuntimeException ex) {
                        picker.setValue(null);
                    }
                    picker.show();
                    e.consume();
                }
            });
        }

        Node root() {
            return box;
        }

        Node input() {
            return tf;
        }

        double minWidth() {
            return withTime ? 200 : 150;
        }

        void start(String text, boolean typed) {
            String pattern = dates.get().format(LocalDate.of(2026, 1, 31));
            tf.setPromptText(withTime ? pattern + " 14:30" : pattern);
            tf.setText(text);
            tf.end();
        }

        Commit commit() {
            String t = tf.getText().strip();
            if (t.isEmpty()) return commitText("");
            try {
                LocalDate d = date(datePart(t));
                if (!withTime) return vm.setValue(index, recordId, field, d);
                String time = timePart(t);
                LocalTime lt = time.isEmpty() ? LocalTime.MIDNIGHT : time(time);
                return vm.setValue(index, recordId, field, d.atTime(lt).atZone(ZoneId.systemDefault()).toOffsetDateTime());
            } catch (RuntimeException e) {
                // not in the preferred pattern: the shared rules read ISO forms, and refuse with a message otherwise
                return commitText(t);
            }
        }

        private String datePart(String t) {
            int sp = t.indexOf(' ');
            return sp < 0 ? t : t.substring(0, sp);
        }

        private String timePart(String t) {
            int sp = t.strip().indexOf(' ');
            return sp < 0 ? "" : t.strip().substring(sp + 1).strip();
        }

        private LocalDate date(String s) {
            return dev.rowan.desktop.editors.DateTimeInput.date(s, dates.get());
        }

        private LocalTime time(String s) {
            LocalTime t = dev.rowan.desktop.editors.DateTimeInput.time(s);
            if (t == null) throw new IllegalArgumentException("not a time: " + s);
            return t;
        }
    }

    /** Single and multiple select: a search field over the options; nothing is saved while choosing. */
    private final class OptionSession extends Session {
        private final FieldType.Select select;
        private final boolean multiple;
        private final TextField search = new TextField();
        private final ObservableList<@Nullable SelectOption> shown = FXCollections.observableArrayList();
        private final ListView<@Nullable SelectOption> list = new ListView<>(shown);
        private final Set<String> chosen = new LinkedHashSet<>();
        /** Multiple select: the options chosen so far, as chips under the search field. */
        private final javafx.scene.layout.FlowPane chosenBox = new javafx.scene.layout.FlowPane(4, 4);
        private final VBox box;

        private void showChosen() {
            chosenBox.getChildren().clear();
            for (SelectOption o : select.options()) if (chosen.contains(o.id())) chosenBox.getChildren().add(GridCell.chip(o));
            boolean show = multiple && !chosen.isEmpty();
            chosenBox.setVisible(show);
            chosenBox.setManaged(show);
            chosenBox.setPadding(new Insets(2, 6, 2, 6));
        }

        OptionSession(FieldType.Select select, boolean multiple, @Nullable Row row, FieldDef field) {
            this.select = select;
            this.multiple = multiple;
            Object v = row == null ? null : row.value(field.id());
            if (v instanceof List<?> l) for (Object o : l) chosen.add(String.valueOf(o));
            else if (v != null) chosen.add(String.valueOf(v));
            search.getStyleClass().addAll("grid-editor", "option-search");
            search.setPromptText(multiple ? "Search; Enter toggles, Tab saves" : "Search; Enter picks");
            list.setFocusTraversable(false);
            list.getStyleClass().add("option-list");
            list.setCellFactory(lv -> new ListCell<>() {
                @Override
                protected void updateItem(@Nullable SelectOption o, boolean empty) {
                    super.updateItem(o, empty);
                    setText(null);
                    setGraphic(null);
                    if (empty) return;
                    if (o == null) {
                        setText("— none");
                        return;
                    }
                    Label chip = GridCell.chip(o);
                    if (multiple) {
                        Label tick = new Label(chosen.contains(o.id()) ? "✓" : "");
                        tick.setMinWidth(16);
                        setGraphic(new HBox(6, tick, chip));
                    } else {
                        setGraphic(chip);
                    }
                }
            });
            list.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
                if (e.getButton() != MouseButton.PRIMARY || !(e.getTarget() instanceof Node t)) return;
                for (Node p = t; p != null && p != list; p = p.getParent()) {
                    if (p instanceof ListCell<?> c && !c.isEmpty()) {
                        list.getSelectionModel().select(c.getIndex());
                        choose();
                        search.requestFocus();
                        e.consume();
                        return;
                    }
                }
            });
            search.textProperty().addListener((o, a, b) -> filter());
            keys(search, false);
            search.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (session != this) return;
                int at = list.getSelectionModel().getSelectedIndex();
                switch (e.getCode()) {
                    case DOWN -> list.getSelectionModel().select(Math.min(shown.size() - 1, at + 1));
                    case UP -> list.getSelectionModel().select(Math.max(0, at - 1));
                    case ENTER -> {
                        if (multiple && !e.isShortcutDown()) choose();
                        else CellEditor.this.commit(multiple ? 0 : 1, 0);
                    }
                    default -> {
                        return;
                    }
                }
                list.scrollTo(Math.max(0, list.getSelectionModel().getSelectedIndex() - 2));
                e.consume();
            });
            Label hint = new Label(multiple ? "Enter toggles · Tab saves" : "↑↓ choose · Enter picks");
            hint.getStyleClass().addAll("muted-text", "option-hint");
            chosenBox.getStyleClass().add("option-chosen");
            showChosen();
            box = new VBox(2, search, chosenBox, list, hint);
            box.setPadding(new Insets(0, 0, 4, 0));
            box.getStyleClass().add("option-editor");
        }

        Node root() {
            return box;
        }

        Node input() {
            return search;
        }

        double minWidth() {
            return 220;
        }

        double height(double cellHeight) {
            return cellHeight + Math.min(8, Math.max(2, shown.size())) * 28 + 30 + (chosenBox.isManaged() ? 28 : 0);
        }

        void start(String text, boolean typed) {
            search.setText(typed ? text : "");
            search.end();
            filter();
            if (!typed && !multiple) {
                for (int i = 0; i < shown.size(); i++) {
                    SelectOption o = shown.get(i);
                    if (o != null && chosen.contains(o.id())) list.getSelectionModel().select(i);
                }
            }
        }

        private void filter() {
            String q = search.getText().strip().toLowerCase(Locale.ROOT);
            List<@Nullable SelectOption> out = new ArrayList<>();
            if (q.isEmpty() && !multiple) out.add(null);
            List<SelectOption> starts = new ArrayList<>();
            List<SelectOption> contains = new ArrayList<>();
            for (SelectOption o : select.options()) {
                String l = o.label().toLowerCase(Locale.ROOT);
                if (l.startsWith(q)) starts.add(o);
                else if (l.contains(q)) contains.add(o);
            }
            out.addAll(starts);
            out.addAll(contains);
            shown.setAll(out);
            if (!shown.isEmpty()) list.getSelectionModel().select(q.isEmpty() || multiple ? 0 : (shown.getFirst() == null ? 1 : 0));
            if (!q.isEmpty() && !shown.isEmpty()) list.getSelectionModel().select(0);
            list.refresh();
        }

        /** Multiple select: toggles the chosen option and clears the search for the next one. */
        private void choose() {
            SelectOption o = list.getSelectionModel().getSelectedItem();
            if (!multiple) {
                CellEditor.this.commit(0, 0);
                return;
            }
            if (o == null) return;
            if (!chosen.remove(o.id())) chosen.add(o.id());
            if (!search.getText().isEmpty()) search.clear();
            showChosen();
            list.refresh();
        }

        Commit commit() {
            String q = search.getText().strip();
            if (multiple) {
                if (!q.isEmpty() && list.getSelectionModel().getSelectedItem() != null) choose();
                else if (!q.isEmpty()) return commitText(q);
                return vm.setValue(index, recordId, field, chosen.isEmpty() ? null : List.copyOf(chosen));
            }
            SelectOption o = list.getSelectionModel().getSelectedItem();
            if (o == null && !q.isEmpty()) return commitText(q);
            return vm.setValue(index, recordId, field, o == null ? null : o.id());
        }
    }
}
