package dev.rowan.desktop.kinds;

import dev.rowan.model.formula.FieldResolver;
import dev.rowan.model.formula.Formula;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Button: its label and the formula of the URL it opens, written with field names (the table's save step,
 * {@code FormulaFields.resolve}, checks it and stores it by id).
 */
public final class ButtonSettings extends KindSettings {
    private final StringProperty label = new SimpleStringProperty("Open");
    private final StringProperty formula = new SimpleStringProperty("");

    ButtonSettings(FieldType from) {
        super("button");
        if (from instanceof FieldType.Button b) {
            label.set(b.label());
            formula.set(b.formula());
        }
    }

    /** Shows a stored formula ({fld:…}) with the table's current field names. */
    public void useTable(List<FieldDef> fields) {
        if (!formula.get().contains("{fld:")) return;
        try {
            formula.set(Formula.fromStored(formula.get(), FieldResolver.of(fields.stream().filter(f -> !f.hidden())
                    .toList())).source());
        } catch (RuntimeException e) {
            // a reference to a removed field: the stored text stays, saving says what is wrong
        }
    }

    public StringProperty label() {
        return label;
    }

    public StringProperty formula() {
        return formula;
    }

    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label.get() == null ? "" : label.get());
        m.put("formula", formula.get() == null ? "" : formula.get());
        return m;
    }
}
