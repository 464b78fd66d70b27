package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.formula.FormulaType;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A formula field: computed, never stored. Its values are those of its result type, so reading, comparing,
 * formatting and filtering delegate to a plain type of that result ({@link #valueType}); the formula text is
 * resolved against the table (names to ids, type check, cycles) by {@code formula.FormulaFields.resolve}, which
 * the places that save a field call because this descriptor sees no table.
 */
final class FormulaKind implements FieldKind<FieldType.Formula> {
    /** As {@code formula.Parser}'s limit: longer text is refused before it is parsed. */
    static final int MAX_FORMULA = 10_000;
    private static final FieldType NUMBER = new FieldType.NumberType(10);
    private static final FieldType TEXT = new FieldType.Text();
    private static final FieldType BOOL = new FieldType.BooleanType();
    private static final FieldType DATE = new FieldType.DateType(false);
    private static final FieldType DATETIME = new FieldType.DateType(true);
    private static final FieldType LIST = new FieldType.MultipleSelect(List.of());

    public String kind() {
        return "formula";
    }

    public Class<FieldType.Formula> typeClass() {
        return FieldType.Formula.class;
    }

    @Override
    public FieldType valueType(FieldType.Formula type) {
        return valueType(type.resultType());
    }

    /** The plain type whose values, storage and operators a formula of this result has. */
    static FieldType valueType(FormulaType result) {
        return switch (result) {
            case NUMBER, DURATION -> NUMBER;
            case TEXT, BLANK -> TEXT;
            case BOOLEAN -> BOOL;
            case DATE -> DATE;
            case DATETIME -> DATETIME;
            case LIST -> LIST;
        };
    }

    public FieldType.Formula parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        Object raw = config.get("formula");
        if (raw == null && previous instanceof FieldType.Formula p) return p;
        if (!(raw instanceof String text) || text.isBlank()) {
            throw RowanException.invalid("config.formula", "A formula field needs its formula, e.g. {Qty} * {Price}");
        }
        if (text.length() > MAX_FORMULA) {
            throw RowanException.invalid("config.formula", "A formula has at most " + MAX_FORMULA + " characters");
        }
        FormulaType result = FormulaType.BLANK;
        if (config.get("resultType") instanceof String r) {
            for (FormulaType t : FormulaType.values()) {
                if (t.label().equals(r.toLowerCase(Locale.ROOT))) result = t;
            }
        }
        return new FieldType.Formula(text, result);
    }

    public Map<String, Object> config(FieldType.Formula type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formula", type.formula());
        m.put("resultType", type.resultType().label());
        return m;
    }

    public FieldType.Formula example() {
        return new FieldType.Formula("1 + 2", FormulaType.NUMBER);
    }

    public StorageClass storage(FieldType.Formula type) {
        return new StorageClass.Computed(FieldKinds.storage(valueType(type.resultType())));
    }

    public List<Operator> operators(FieldType.Formula type) {
        if (type.resultType() == FormulaType.LIST) return List.of(Operator.IS_NULL, Operator.IS_NOT_NULL);
        FieldType v = valueType(type.resultType());
        return FieldKinds.of(v).operators(v);
    }

    public boolean computed() {
        return true;
    }

    public boolean indexable() {
        return false;
    }

    public @Nullable Object coerce(FieldType.Formula type, FieldDef field, Object raw, String key) {
        throw refused(field, key);
    }

    /** A value written to a formula field: refused with the field's path, whatever the value. */
    static RowanException refused(FieldDef field, String key) {
        return RowanException.invalid(key, field.name() + " is computed by its formula and cannot be written");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public @Nullable Object toApi(FieldType.Formula type, Object value) {
        if (value instanceof BigDecimal d) return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        if (type.resultType() == FormulaType.LIST) return value;
        FieldType v = valueType(type.resultType());
        return ((FieldKind) FieldKinds.of(v)).toApi(v, value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public String formatText(FieldType.Formula type, Object value) {
        if (value instanceof BigDecimal d) return (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros())
                .toPlainString();
        if (value instanceof List<?> l) return String.join(", ", l.stream().map(String::valueOf).toList());
        FieldType v = valueType(type.resultType());
        return ((FieldKind) FieldKinds.of(v)).formatText(v, value);
    }

    public @Nullable Object parseInput(FieldType.Formula type, String text, String stripped, String key) {
        throw RowanException.invalid(key, "A formula field is computed and cannot be written");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public String canonicalText(FieldType.Formula type, Object value) {
        FieldType v = valueType(type.resultType());
        return ((FieldKind) FieldKinds.of(v)).canonicalText(v, value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object fromCanonicalText(FieldType.Formula type, String text) {
        FieldType v = valueType(type.resultType());
        return ((FieldKind) FieldKinds.of(v)).fromCanonicalText(v, text);
    }

    public String sampleText() {
        return "3";
    }

    /** The formula may change freely: nothing is stored, so a change never converts values. */
    public boolean keepsValues(FieldType.Formula from, FieldType.Formula to) {
        return true;
    }
}
