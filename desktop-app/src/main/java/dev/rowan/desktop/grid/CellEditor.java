package dev.rowan.desktop.grid;

import dev.rowan.desktop.grid.GridViewModel.Mark;
import dev.rowan.desktop.kinds.EditorHost;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.GridEditor;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The grid's one cell editor, laid over the cell being edited instead of living inside it. Table cells are recycled
 * as rows scroll, load and re-sort; an editor inside a cell went with it and took the keys typed meanwhile. This
 * editor is a node of its own that takes the keyboard the moment it opens, in the same key event that opened it,
 * so every key typed reaches it in order however fast; it knows its record by id, so a commit lands on the record
 * it was opened on even when that record has moved. It follows its cell on screen after every layout pass.
 *
 * <p>What is edited and how is the field kind's ({@link FieldUis}: each kind makes its {@link GridEditor}); this
 * class only opens, places and closes it. Keys every editor shares: Enter saves and moves down (Shift+Enter up), Tab
 * saves and moves right (Shift+Tab left), Escape cancels.
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
        String current = mark != null ? mark.text()
                : row == null ? "" : FieldUis.of(field.type()).editText(field.type(), row.value(field.id()), dates.get());
        table.scrollToColumn(column);
        GridView.scrollIntoView(table, index);
        table.layout();
        Session s = new Session(index, recordId, field, column, row == null ? null : row.value(field.id()));
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
        s.editor.start(typed != null ? typed : current, typed != null);
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
        s.editor.commit();
        finish(s, 0, 0, false);
    };

    /** Saves what the editor holds and moves the cursor by the given rows and columns. */
    void commit(int dRow, int dCol) {
        Session s = session;
        if (s != null) {
            s.editor.commit();
            finish(s, dRow, dCol, true);
        }
    }

    void cancel() {
        Session s = session;
        if (s != null) close(s, true);
    }

    private void finish(Session s, int dRow, int dCol, boolean keepFocus) {
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
        double w = Math.max(b.getWidth(), s.editor.minWidth());
        double h = s.editor.height(b.getHeight());
        double y = b.getMinY();
        if (y + h > layer.getHeight() && b.getMaxY() - h >= 0 && h > b.getHeight()) y = b.getMaxY() - h;
        n.resizeRelocate(Math.max(0, Math.min(b.getMinX(), layer.getWidth() - w)), y, w, h);
    }

    // ------------------------------------------------------------------ the open session

    /**
     * One editing session: the kind's {@link GridEditor} and the record (by id) and field it edits. It is the
     * editor's {@link EditorHost}, so everything the editor commits lands on that record.
     */
    private final class Session implements EditorHost {
        final int index;
        final @Nullable UUID recordId;
        final FieldDef field;
        final TableColumn<GridRow, ?> column;
        private final @Nullable Object value;
        final GridEditor editor;

        Session(int index, @Nullable UUID recordId, FieldDef field, TableColumn<GridRow, ?> column, @Nullable Object value) {
            this.index = index;
            this.recordId = recordId;
            this.field = field;
            this.column = column;
            this.value = value;
            this.editor = FieldUis.of(field.type()).gridEditor(field.type(), this);
        }

        Node root() {
            return editor.root();
        }

        Node input() {
            return editor.input();
        }

        public boolean isOpen(GridEditor e) {
            return session == this && editor == e;
        }

        public void save(int dRow, int dCol) {
            CellEditor.this.commit(dRow, dCol);
        }

        public void cancel() {
            CellEditor.this.cancel();
        }

        public void commitText(String text) {
            vm.commitText(index, recordId, field, text);
        }

        public void setValue(@Nullable Object v) {
            vm.setValue(index, recordId, field, v);
        }

        public @Nullable Object value() {
            return value;
        }

        public DateTimeFormatter dates() {
            return dates.get();
        }

        @Override
        public java.util.Optional<dev.rowan.desktop.kinds.FieldLinks> links() {
            return vm.links(index, recordId, field, value);
        }
    }
}
