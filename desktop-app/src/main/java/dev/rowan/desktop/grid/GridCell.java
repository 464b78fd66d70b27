package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Styles;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.value.FieldValues;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * A grid cell with an editor that fits its field: text field (numbers parsed and checked on commit), date
 * picker, select drop-down with colored chips, and a checkbox that toggles on click or Space.
 */
final class GridCell extends TableCell<GridRow, @Nullable Object> {
    private final GridViewModel vm;
    private final FieldDef field;
    private final Supplier<DateTimeFormatter> dates;
    private @Nullable String initialText;
    private @Nullable TextField editorField;
    private boolean seeded;

    GridCell(GridViewModel vm, FieldDef field, Supplier<DateTimeFormatter> dates) {
        this.vm = vm;
        this.field = field;
        this.dates = dates;
        if (field.type().numeric()) getStyleClass().add("numeric-cell");
        if (field.type() instanceof FieldType.BooleanType) getStyleClass().add("boolean-cell");
    }

    /** Key in the table's properties for the character that started an edit (type-to-edit). */
    static final String SEED = "rowan.grid.seed";

    /**
     * A character typed while the editor is shown but does not have the keyboard yet (focus moves to it on the next
     * pulse): it goes into the editor instead of being lost, replacing the content as typing into a cell does.
     * Returns false when this cell has no text editor waiting for input.
     */
    boolean typeIntoEditor(String typed) {
        TextField tf = editorField;
        if (!isEditing() || tf == null || tf.isFocused()) return false;
        if (seeded) {
            tf.appendText(typed);
        } else {
            tf.setText(typed);
            seeded = true;
        }
        tf.positionCaret(tf.getText().length());
        return true;
    }

    @Override
    protected void updateItem(@Nullable Object item, boolean empty) {
        super.updateItem(item, empty);
        if (isEditing()) return;
        show(empty ? null : item, empty);
    }

    private void show(@Nullable Object item, boolean empty) {
        setText(null);
        setGraphic(null);
        if (empty || getTableRow() == null || getTableRow().getItem() == null) return;
        switch (field.type()) {
            case FieldType.BooleanType b -> {
                CheckBox box = new CheckBox();
                box.setSelected(Boolean.TRUE.equals(item));
                box.setOnAction(e -> vm.setValue(getIndex(), field, box.isSelected() ? Boolean.TRUE : null));
                setGraphic(box);
            }
            case FieldType.Select s when item != null -> setGraphic(chips(s, item));
            default -> setText(CellText.display(field.type(), item, dates.get()));
        }
    }

    private static Node chips(FieldType.Select s, Object item) {
        HBox box = new HBox(4);
        box.setAlignment(Pos.CENTER_LEFT);
        List<?> ids = item instanceof List<?> l ? l : List.of(item);
        for (Object id : ids) {
            s.byId(String.valueOf(id)).ifPresent(o -> box.getChildren().add(chip(o)));
        }
        return box;
    }

    static Label chip(SelectOption o) {
        Label chip = new Label(o.label());
        chip.getStyleClass().addAll(Styles.CHIP, Styles.chip(o.color()));
        return chip;
    }

    @Override
    public void startEdit() {
        if (isEditing()) return;
        if (getTableRow() == null || getTableRow().getItem() == null || getTableRow().getItem().record().get() == null) return;
        if (field.type() instanceof FieldType.BooleanType) {
            vm.setValue(getIndex(), field, Boolean.TRUE.equals(getItem()) ? null : Boolean.TRUE);
            return;
        }
        super.startEdit();
        if (!isEditing()) return;
        if (getTableView().getProperties().remove(SEED) instanceof String typed) initialText = typed;
        Node editor = switch (field.type()) {
            case FieldType.DateType d when !d.includeTime() -> datePicker();
            case FieldType.SingleSelect s -> selectBox(s);
            default -> textField();
        };
        setText(null);
        setGraphic(editor);
        // focus now, so the next typed keys reach the editor; again on the next pulse if the cell was not showing yet
        focusEditor(editor);
        if (!editor.isFocused()) Platform.runLater(() -> focusEditor(editor));
    }

    private void focusEditor(Node editor) {
        if (!isEditing() || editor.isFocused()) return;
        editor.requestFocus();
        // a text field selects all when it gains focus; after a typed first character the next key must append
        if (editor instanceof TextField tf && tf == editorField) {
            if (seeded) tf.positionCaret(tf.getText().length());
            else tf.selectAll();
        }
    }

    private TextField textField() {
        TextField tf = new TextField(initialText != null ? initialText : FieldValues.formatText(field.type(), getItem()));
        tf.getStyleClass().add("grid-editor");
        seeded = initialText != null;
        editorField = tf;
        boolean[] keepSeed = {seeded};
        tf.addEventFilter(javafx.scene.input.KeyEvent.KEY_TYPED, e -> {
            // the field selects its text when it takes focus; the first key after a typed first character must not
            // replace that character ("ammer" for "Hammer")
            if (keepSeed[0] && tf.getSelection().getLength() == tf.getLength()) tf.positionCaret(tf.getLength());
            keepSeed[0] = false;
        });
        tf.setOnAction(e -> commitText(tf.getText(), true));
        tf.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                cancelEdit();
                e.consume();
            } else if (e.getCode() == KeyCode.TAB) {
                commitText(tf.getText(), false);
                e.consume();
                GridView.moveFocus(getTableView(), 0, e.isShiftDown() ? -1 : 1);
            }
        });
        tf.focusedProperty().addListener((o, was, is) -> {
            if (!is && isEditing()) commitText(tf.getText(), false);
        });
        return tf;
    }

    private void commitText(String text, boolean moveDown) {
        if (!isEditing()) return;
        int row = getIndex();
        boolean ok = vm.editText(row, field, text);
        if (!ok) return;
        finishEdit();
        if (moveDown) GridView.moveFocus(getTableView(), 1, 0);
    }

    private void finishEdit() {
        cancelEdit();
        getTableView().requestFocus();
    }

    private DatePicker datePicker() {
        DatePicker dp = new DatePicker(getItem() instanceof LocalDate d ? d : null);
        dp.setEditable(true);
        dp.setOnAction(e -> {
            if (!isEditing()) return;
            vm.setValue(getIndex(), field, dp.getValue());
            finishEdit();
        });
        dp.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) cancelEdit();
        });
        return dp;
    }

    private ComboBox<@Nullable SelectOption> selectBox(FieldType.SingleSelect s) {
        ComboBox<@Nullable SelectOption> cb = new ComboBox<>();
        cb.getItems().add(null);
        cb.getItems().addAll(s.options());
        cb.setValue(getItem() == null ? null : s.byId(String.valueOf(getItem())).orElse(null));
        cb.setCellFactory(lv -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(@Nullable SelectOption o, boolean empty) {
                super.updateItem(o, empty);
                setText(null);
                setGraphic(empty || o == null ? null : chip(o));
                if (!empty && o == null) setText("—");
            }
        });
        cb.setButtonCell(cb.getCellFactory().call(null));
        cb.setOnAction(e -> {
            if (!isEditing()) return;
            SelectOption o = cb.getValue();
            vm.setValue(getIndex(), field, o == null ? null : o.id());
            finishEdit();
        });
        cb.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) cancelEdit();
        });
        Platform.runLater(cb::show);
        return cb;
    }

    @Override
    public void cancelEdit() {
        initialText = null;
        editorField = null;
        seeded = false;
        super.cancelEdit();
        show(getItem(), isEmpty());
    }
}
