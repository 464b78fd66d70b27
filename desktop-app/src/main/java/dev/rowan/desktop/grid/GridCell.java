package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Supplier;

/**
 * A grid cell shows a value the way its field reads (chips for selects, a check box for yes/no, formatted numbers
 * and dates). Editing happens in {@link CellEditor}, laid over the cell. A cell whose typed or pasted text was
 * refused shows that text, marked, with the reason as its tooltip; a required cell of a draft record says so.
 */
final class GridCell extends TableCell<GridRow, @Nullable Object> {
    static final String INVALID = "cell-invalid";
    static final String REQUIRED = "cell-required";
    private final GridViewModel vm;
    private final FieldDef field;
    private final Supplier<DateTimeFormatter> dates;

    GridCell(GridViewModel vm, FieldDef field, Supplier<DateTimeFormatter> dates, Runnable openEditor) {
        this.vm = vm;
        this.field = field;
        this.dates = dates;
        if (field.type().numeric()) getStyleClass().add("numeric-cell");
        if (field.type() instanceof FieldType.BooleanType) getStyleClass().add("boolean-cell");
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !isEmpty()
                    && !(field.type() instanceof FieldType.BooleanType)) {
                openEditor.run();
                e.consume();
            }
        });
    }

    @Override
    protected void updateItem(@Nullable Object item, boolean empty) {
        super.updateItem(item, empty);
        show(empty ? null : item, empty);
    }

    /** Draws the cell again (a mark was added or removed). */
    void redraw() {
        show(isEmpty() ? null : getItem(), isEmpty());
    }

    private void show(@Nullable Object item, boolean empty) {
        setText(null);
        setGraphic(null);
        setTooltip(null);
        getStyleClass().removeAll(INVALID, REQUIRED);
        if (empty || getTableRow() == null || getTableRow().getItem() == null) return;
        Row row = getTableRow().getItem().record().get();
        GridViewModel.Mark mark = row == null ? null : vm.mark(row.id(), field.id());
        if (mark != null) {
            getStyleClass().add(INVALID);
            setText(mark.text());
            setTooltip(new Tooltip(mark.message()));
            return;
        }
        if (item == null && field.required() && row != null && vm.isDraft(getIndex())) {
            getStyleClass().add(REQUIRED);
            setText("required");
            setTooltip(new Tooltip(field.name() + " is required: this new record is saved once it has one"));
            return;
        }
        switch (field.type()) {
            case FieldType.BooleanType b -> {
                CheckBox box = new CheckBox();
                box.setSelected(Boolean.TRUE.equals(item));
                // the box never takes the keyboard: focus stays in the grid (Space toggles the focused cell)
                box.setFocusTraversable(false);
                box.setOnAction(e -> {
                    Row r = getTableRow() == null || getTableRow().getItem() == null ? null : getTableRow().getItem().record().get();
                    vm.setValue(getIndex(), r == null ? null : r.id(), field, box.isSelected() ? Boolean.TRUE : null);
                    getTableView().getSelectionModel().clearAndSelect(getIndex(), getTableColumn());
                    getTableView().getFocusModel().focus(getIndex(), getTableColumn());
                    getTableView().requestFocus();
                });
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
}
