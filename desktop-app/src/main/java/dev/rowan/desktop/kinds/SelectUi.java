package dev.rowan.desktop.kinds;

import dev.rowan.desktop.editors.MultiSelectInput;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Single and multiple select: chips in the option's colour, an option picker in the grid (type to search), a combo
 * box or a list to tick in the form; settings: the options.
 */
final class SelectUi<T extends FieldType.Select> extends KindUi<T> {
    private final boolean multiple;

    private SelectUi(Class<T> type, String label, T example, boolean multiple) {
        super(type, label, example);
        this.multiple = multiple;
    }

    static SelectUi<FieldType.SingleSelect> single() {
        return new SelectUi<>(FieldType.SingleSelect.class, "Single select", new FieldType.SingleSelect(List.of()), false);
    }

    static SelectUi<FieldType.MultipleSelect> multiple() {
        return new SelectUi<>(FieldType.MultipleSelect.class, "Multiple select", new FieldType.MultipleSelect(List.of()),
                true);
    }

    @Override
    public boolean sortable() {
        return !multiple;
    }

    @Override
    CellLook lookOf(T t, @Nullable Object value, DateTimeFormatter dates) {
        if (value == null) return new CellLook.Text("");
        List<SelectOption> chosen = new ArrayList<>();
        List<?> ids = value instanceof List<?> l ? l : List.of(value);
        for (Object id : ids) t.byId(String.valueOf(id)).ifPresent(chosen::add);
        return new CellLook.Chips(chosen);
    }

    public FilterInput filterInput() {
        return FilterInput.OPTION;
    }

    GridEditor gridEditorOf(T t, EditorHost host) {
        return new OptionEditor(host, t, multiple);
    }

    Node formEditorOf(T t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        if (t instanceof FieldType.MultipleSelect m) return MultiSelectInput.of(m, text);
        ComboBox<String> cb = new ComboBox<>();
        cb.getItems().add("");
        t.options().forEach(o -> cb.getItems().add(o.label()));
        cb.valueProperty().bindBidirectional(text);
        return cb;
    }

    public KindSettings settings(FieldType from) {
        return new OptionSettings(kind(), from);
    }
}
