package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/** Checkbox (yes/no): a check box in the middle of the cell that toggles in place; no editor opens. */
final class CheckboxUi extends KindUi<FieldType.BooleanType> {
    CheckboxUi() {
        super(FieldType.BooleanType.class, "Checkbox", new FieldType.BooleanType());
    }

    @Override
    public CellLook.Align align() {
        return CellLook.Align.CENTER;
    }

    @Override
    double widthOf(FieldType.BooleanType t) {
        return 90;
    }

    @Override
    public boolean togglesInPlace() {
        return true;
    }

    @Override
    String textOf(FieldType.BooleanType t, Object value, DateTimeFormatter dates) {
        return Boolean.TRUE.equals(value) ? "✓" : "";
    }

    @Override
    CellLook lookOf(FieldType.BooleanType t, @Nullable Object value, DateTimeFormatter dates) {
        return new CellLook.Check(Boolean.TRUE.equals(value));
    }

    /** Only asked for when something opens an editor anyway: the value as text ("true", or empty). */
    public FilterInput filterInput() {
        return FilterInput.BOOLEAN;
    }

    GridEditor gridEditorOf(FieldType.BooleanType t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.BooleanType t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        CheckBox cb = new CheckBox();
        cb.setSelected("true".equals(text.get()));
        cb.selectedProperty().addListener((o, a, v) -> text.set(v ? "true" : ""));
        return cb;
    }

    public KindSettings settings(FieldType from) {
        return new KindSettings.None(kind());
    }
}
