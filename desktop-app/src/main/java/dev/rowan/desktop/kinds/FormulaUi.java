package dev.rowan.desktop.kinds;

import dev.rowan.model.formula.FormulaType;
import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;

import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * A formula field: read-only everywhere. Cells show the computed value with the look of its result (numbers to the
 * right); typing on one opens the plain editor, whose save is refused by the shared rules with the reason (the
 * field is computed), so the cell says why. The form shows the value without an editable field; the designer
 * edits the formula ({@link FormulaSettings}).
 */
final class FormulaUi extends KindUi<FieldType.Formula> {
    FormulaUi() {
        super(FieldType.Formula.class, "Formula", new FieldType.Formula("1 + 2", FormulaType.NUMBER));
    }

    @Override
    double widthOf(FieldType.Formula t) {
        return t.resultType() == FormulaType.NUMBER ? 120 : 170;
    }

    public FilterInput filterInput() {
        return FilterInput.TEXT;
    }

    GridEditor gridEditorOf(FieldType.Formula t, EditorHost host) {
        return new TextEditor(host, null);
    }

    Node formEditorOf(FieldType.Formula t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        return readOnlyField(text, "computed");
    }

    public KindSettings settings(FieldType from) {
        return new FormulaSettings(kind(), from);
    }

    /** A new formula starts empty (the editor says what to write), not with the example's "1 + 2". */
    @Override
    public FieldType.Formula draft() {
        return new FieldType.Formula("", FormulaType.NUMBER);
    }

    @Override
    public boolean needsSettingsFirst() {
        return true;
    }
}
