package dev.rowan.desktop.views.form;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.view.FormConfig;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.jspecify.annotations.Nullable;

/**
 * One question of a form being filled: the field, how the form words it (its label or the field's name, help, a
 * section heading above it), whether it must be answered (the form's override or the field's own rule), the text
 * typed and the message shown beside it when it is refused.
 */
public final class FormInput {
    private final FieldDef field;
    private final FormConfig.Entry entry;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");

    FormInput(FieldDef field, FormConfig.Entry entry) {
        this.field = field;
        this.entry = entry;
    }

    public FieldDef field() {
        return field;
    }

    public String label() {
        return entry.label() != null ? entry.label() : field.name();
    }

    public @Nullable String help() {
        return entry.help();
    }

    public @Nullable String section() {
        return entry.section();
    }

    /** The form requires an answer: by its own override, or because the field itself is required. */
    public boolean required() {
        return entry.required() || field.required();
    }

    public StringProperty text() {
        return text;
    }

    public StringProperty error() {
        return error;
    }
}
