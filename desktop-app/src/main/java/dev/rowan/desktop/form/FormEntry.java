package dev.rowan.desktop.form;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One field of the form: the text being edited and the validation message shown next to it. */
public final class FormEntry {
    private final FieldDef field;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    /** The text as loaded or last saved: the entry has unsaved edits when its text means something else. */
    private String saved = "";

    FormEntry(FieldDef field) {
        this.field = field;
    }

    public FieldDef field() {
        return field;
    }

    public StringProperty text() {
        return text;
    }

    public StringProperty error() {
        return error;
    }

    /**
     * For a formula that failed for this record: the error value (its marker is the entry's text, the view marks it
     * and shows the reason); null otherwise.
     */
    private dev.rowan.model.formula.@org.jspecify.annotations.Nullable ErrorValue cellError;

    public java.util.Optional<dev.rowan.model.formula.ErrorValue> cellError() {
        return java.util.Optional.ofNullable(cellError);
    }

    void cellError(dev.rowan.model.formula.ErrorValue e) {
        cellError = e;
        text.set(dev.rowan.model.formula.CellErrors.marker(e));
    }

    void markSaved() {
        saved = text.get() == null ? "" : text.get();
    }

    /** Whether the text means another value than the saved one ("" and "false" are the same unticked checkbox). */
    boolean edited() {
        String now = text.get() == null ? "" : text.get();
        if (now.equals(saved)) return false;
        try {
            return !java.util.Objects.equals(FieldValues.parseText(field, now), FieldValues.parseText(field, saved));
        } catch (RuntimeException e) {
            return true;
        }
    }
}
