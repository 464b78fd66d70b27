package dev.rowan.desktop.kinds;

import dev.rowan.model.formula.ErrorValue;
import dev.rowan.model.formula.FieldResolver;
import dev.rowan.model.formula.Formula;
import dev.rowan.model.formula.FormulaException;
import dev.rowan.model.formula.FormulaFields;
import dev.rowan.model.formula.FunctionInfo;
import dev.rowan.model.formula.Functions;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FieldValues;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The designer's ViewModel of a formula field: the formula text, checked as it is typed against the table's fields
 * (the error with its line and column, or the result type) and previewed on the table's first records with the
 * in-memory evaluator; suggestions of functions and field names for the word being typed. No scene graph.
 */
public final class FormulaSettings extends KindSettings {
    private final StringProperty formula = new SimpleStringProperty(this, "formula", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final IntegerProperty errorLine = new SimpleIntegerProperty(this, "errorLine", 0);
    private final IntegerProperty errorColumn = new SimpleIntegerProperty(this, "errorColumn", 0);
    private final IntegerProperty errorOffset = new SimpleIntegerProperty(this, "errorOffset", -1);
    private final StringProperty resultType = new SimpleStringProperty(this, "resultType", "");
    private final ObservableList<String> preview = FXCollections.observableArrayList();
    private List<FieldDef> fields = List.of();
    private @Nullable UUID self;
    private List<Map<UUID, @Nullable Object>> samples = List.of();

    FormulaSettings(String kind, FieldType from) {
        super(kind);
        if (from instanceof FieldType.Formula f) {
            formula.set(f.formula());
            resultType.set(f.resultType().label());
        }
        formula.addListener((o, a, b) -> check());
    }

    /**
     * The table the formula is written for: its fields (the one being edited, {@code self}, may be among them, and
     * a stored formula is shown with their names) and the first records' canonical values for the preview.
     */
    public void useTable(List<FieldDef> tableFields, @Nullable UUID self, List<Map<UUID, @Nullable Object>> firstRecords) {
        this.fields = tableFields.stream().filter(f -> !f.hidden()).toList();
        this.self = self;
        this.samples = List.copyOf(firstRecords);
        String text = formula.get();
        if (text.contains("{fld:")) {
            try {
                formula.set(Formula.fromStored(text, FieldResolver.of(fields)).source());
            } catch (RuntimeException e) {
                // a reference to a removed field: keep the stored text, the check says what is wrong
            }
        }
        check();
    }

    public StringProperty formula() {
        return formula;
    }

    /** The error a person reads ("" when the formula checks). */
    public StringProperty error() {
        return error;
    }

    public IntegerProperty errorLine() {
        return errorLine;
    }

    public IntegerProperty errorColumn() {
        return errorColumn;
    }

    /** Where the error is in the text (0-based), -1 when there is none: what the pane marks. */
    public IntegerProperty errorOffset() {
        return errorOffset;
    }

    /** The result's type once the formula checks ("number", "text"...). */
    public StringProperty resultType() {
        return resultType;
    }

    /** The formula's value for each of the first records, as the grid would show it. */
    public ObservableList<String> preview() {
        return preview;
    }

    private List<FieldDef> others() {
        return fields.stream().filter(f -> !f.id().equals(self)).toList();
    }

    /** Checks the text against the table and refreshes the error, the result type and the preview. */
    void check() {
        preview.clear();
        String text = formula.get();
        if (text == null || text.isBlank()) {
            setError("Write a formula, e.g. {Qty} * {Price}", -1, 0, 0);
            return;
        }
        try {
            FieldDef probe = FieldDef.of(self != null ? self : UUID.randomUUID(), "this formula",
                    new FieldType.Formula(text, dev.rowan.model.formula.FormulaType.BLANK));
            List<FieldDef> all = new ArrayList<>(others());
            FieldDef resolved = FormulaFields.resolve(all, probe);
            all.add(resolved);
            FieldType.Formula type = (FieldType.Formula) resolved.type();
            resultType.set(type.resultType().label());
            setError("", -1, 0, 0);
            for (Map<UUID, @Nullable Object> record : samples) {
                Object v = FormulaFields.evaluate(all, resolved, record, null, null, null, Clock.systemUTC());
                preview.add(v instanceof ErrorValue e ? "#ERROR " + e.reason() : FieldValues.formatText(type, v));
            }
        } catch (RuntimeException e) {
            resultType.set("");
            FormulaException at = positioned(text);
            if (at != null) setError(at.getMessage(), at.offset(), at.line(), at.column());
            else setError(e.getMessage() == null ? "The formula does not check" : e.getMessage(), -1, 0, 0);
        }
    }

    /** The parse/check error with its position, when the text has one. */
    private @Nullable FormulaException positioned(String text) {
        try {
            Formula.compile(text, FieldResolver.of(others()));
            return null;
        } catch (FormulaException e) {
            return e;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void setError(String message, int offset, int line, int column) {
        // the position first: whoever listens to the message reads the position that belongs to it
        errorOffset.set(offset);
        errorLine.set(line);
        errorColumn.set(column);
        error.set(message);
    }

    /**
     * What may complete the word before {@code caret}: functions (with their signature) for a bare word, field names
     * after an open brace.
     */
    public List<String> suggestions(int caret) {
        String text = formula.get();
        int at = Math.max(0, Math.min(caret, text.length()));
        int start = at;
        while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_'
                || (text.charAt(start - 1) == ' ' && text.lastIndexOf('{', start - 1) > text.lastIndexOf('}', start - 1)))) {
            start--;
        }
        String word = text.substring(start, at).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        if (start > 0 && text.charAt(start - 1) == '{') {
            for (FieldDef f : others()) {
                if (f.name().toLowerCase(Locale.ROOT).startsWith(word.strip())) out.add("{" + f.name() + "}");
            }
            return out;
        }
        if (word.isEmpty()) return out;
        for (FunctionInfo fn : Functions.all()) {
            if (fn.name().toLowerCase(Locale.ROOT).startsWith(word)) out.add(fn.signature());
        }
        for (FieldDef f : others()) {
            if (f.name().toLowerCase(Locale.ROOT).startsWith(word)) out.add("{" + f.name() + "}");
        }
        return out;
    }

    public Map<String, Object> config() {
        String type = resultType.get();
        // the result type is a hint until the table's check (FormulaFields.resolve) sets it when the field is saved
        return type == null || type.isEmpty() ? Map.of("formula", formula.get() == null ? "" : formula.get())
                : Map.of("formula", formula.get() == null ? "" : formula.get(), "resultType", type);
    }
}
