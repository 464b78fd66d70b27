package dev.rowan.desktop.grid;

import dev.rowan.desktop.kinds.CellLook;
import dev.rowan.desktop.kinds.Chips;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.KindUi;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * A grid cell shows a value the way its field's kind says ({@link FieldUis}: chips for selects, a check box for
 * yes/no, formatted numbers and dates). Editing happens in {@link CellEditor}, laid over the cell. A cell whose typed or pasted text was
 * refused shows that text, marked, with the reason as its tooltip; a required cell of a draft record says so.
 */
final class GridCell extends TableCell<GridRow, @Nullable Object> {
    static final String INVALID = "cell-invalid";
    static final String REQUIRED = "cell-required";
    static final String HEADER = "group-header-cell";
    private final GridViewModel vm;
    private final FieldDef field;
    private final Supplier<DateTimeFormatter> dates;
    private final KindUi<?> ui;
    private final Supplier<dev.rowan.desktop.kinds.Thumbnails> thumbnails;

    GridCell(GridViewModel vm, FieldDef field, Supplier<DateTimeFormatter> dates, Runnable openEditor) {
        this(vm, field, dates, openEditor, () -> dev.rowan.desktop.kinds.Thumbnails.NONE);
    }

    GridCell(GridViewModel vm, FieldDef field, Supplier<DateTimeFormatter> dates, Runnable openEditor,
             Supplier<dev.rowan.desktop.kinds.Thumbnails> thumbnails) {
        this.thumbnails = thumbnails;
        this.vm = vm;
        this.field = field;
        this.dates = dates;
        this.ui = FieldUis.of(field.type());
        // where the content sits follows what the values are (a numeric formula, rollup or lookup to the right)
        switch (FieldUis.align(field.type())) {
            case END -> getStyleClass().add("numeric-cell");
            case CENTER -> getStyleClass().add("boolean-cell");
            case START -> {
            }
        }
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            java.util.Optional<String> link = isEmpty() ? java.util.Optional.empty() : ui.link(field.type(), getItem());
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && link.isPresent()) {
                vm.openLink(link.get()); // a button opens on a click; it has nothing to edit
                e.consume();
            } else if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !isEmpty()
                    && !ui.togglesInPlace() && link.isEmpty()) {
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
        getStyleClass().remove(HEADER);
        setStyle("");
        if (empty || getTableRow() == null || getTableRow().getItem() == null) return;
        GroupedGrid.Header header = getTableRow().getItem().header();
        if (header != null) {
            showHeader(header);
            return;
        }
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
        if (item == null && row != null) {
            java.util.Optional<String> broken = vm.brokenReason(field);
            if (broken.isPresent()) {
                // a formula that no longer works: say so rather than show an empty value
                getStyleClass().add(INVALID);
                setText("#ERROR");
                setTooltip(new Tooltip(broken.get()));
                return;
            }
            java.util.Optional<dev.rowan.model.formula.ErrorValue> error = vm.errorValue(row, field);
            if (error.isPresent()) {
                // a formula that failed for this record: its marker, not an empty cell
                getStyleClass().add(INVALID);
                setText(dev.rowan.model.formula.CellErrors.marker(error.get()));
                setTooltip(new Tooltip(error.get().reason()));
                return;
            }
        }
                switch (ui.look(field.type(), item, dates.get())) {
            case CellLook.Check c -> {
                CheckBox box = new CheckBox();
                box.setSelected(c.checked());
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
            case CellLook.Chips c -> {
                setGraphic(Chips.row(c, thumbnails.get()));
                // how to open a linked record without the mouse (slice h-fieldgaps2)
                if (field.type() instanceof dev.rowan.model.schema.FieldType.Link && !c.options().isEmpty()) {
                    setTooltip(new Tooltip(LINK_KEYS));
                }
            }
            case CellLook.Text t -> setText(t.text());
        }
    }

    /**
     * A cell of a group header row: the first column shows the group (its key and count, indented by level), the
     * others that group's summary of their field when the view has one.
     */
    private void showHeader(GroupedGrid.Header h) {
        getStyleClass().add(HEADER);
        dev.rowan.model.view.GridConfig cfg = vm.view().get();
        String text;
        String tip;
        if (!vm.columns().isEmpty() && vm.columns().getFirst().id().equals(field.id())) {
            text = GroupHeaderText.title(vm.table().get(), cfg, h, dates.get());
            tip = GroupHeaderText.describe(vm.table().get(), cfg, h.group(), dates.get());
            setStyle("-fx-padding: 0 8 0 " + (6 + 16 * (h.group().level() - 1)) + ";");
        } else {
            dev.rowan.model.view.GridGrouping.Summary s = cfg.summaries().get(field.id());
            text = s == null ? "" : GroupHeaderText.summary(field, s, h.group(), dates.get());
            tip = text;
            setStyle("");
        }
        setText(text);
        if (!tip.isEmpty()) setTooltip(new Tooltip(tip));
    }

    /** The tooltip of a link cell with linked records: the keys that open them. */
    static final String LINK_KEYS = "Click a record, or press Space, to open it (Esc returns) · Enter picks links: "
            + "← → choose a linked record, Enter opens it";
}
