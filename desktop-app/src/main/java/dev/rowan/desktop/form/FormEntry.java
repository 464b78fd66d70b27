package dev.rowan.desktop.form;

import dev.rowan.model.schema.FieldDef;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One field of the form: the text being edited and the validation message shown next to it. */
public final class FormEntry {
    private final FieldDef field;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

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
}
