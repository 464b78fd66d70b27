package dev.rowan.model.formula;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Formula fields in a table: the one place that saves one (names to ids, type check, cycles), says whether one is
 * broken and why, and turns one into SQL or an in-memory value. Every reader (server pages and pulls, the
 * desktop's grid, type changes away from a formula) goes through here, so a broken formula reads as empty
 * everywhere and never fails a query.
 */
public final class FormulaFields {
    /** How deep formulas may read other formulas before the chain is called broken (cycles are refused anyway). */
    static final int MAX_CHAIN = 32;

    private FormulaFields() {
    }

    /** Whether a field is a formula. */
    public static boolean isFormula(FieldDef f) {
        return f.type() instanceof FieldType.Formula;
    }

    /**
     * A formula field as it is saved in a table with {@code fields} (its other active fields; the field itself may
     * be among them): the formula parsed with the table's names (or ids), type checked, refused when it would read
     * itself (the cycle named), stored by id with its result type. Other fields come back unchanged.
     */
    public static FieldDef resolve(List<FieldDef> fields, FieldDef field) {
        if (field.type() instanceof FieldType.Button b) return resolveButton(fields, field, b);
        if (!(field.type() instanceof FieldType.Formula ft)) return field;
        // rules for input mean nothing for a value nobody writes
        if (field.required()) throw RowanException.invalid("required", "A formula field cannot be required");
        if (field.unique()) throw RowanException.invalid("unique", "A formula field cannot be unique");
        if (field.defaultValue() != null) {
            throw RowanException.invalid("defaultValue", "A formula field has no default value");
        }
        List<FieldDef> others = new java.util.ArrayList<>(fields.stream()
                .filter(f -> !f.hidden() && !f.id().equals(field.id())).toList());
        others.add(field);
        FieldResolver resolver = FieldResolver.of(others);
        Formula parsed;
        try {
            parsed = Formula.parse(ft.formula(), resolver);
        } catch (FormulaException e) {
            throw RowanException.invalid("config.formula", e.getMessage());
        }
        // cycles first: a formula reading itself has no type to check against
        Map<UUID, FieldDef> byId = new HashMap<>();
        for (FieldDef f : others) byId.put(f.id(), f);
        Map<UUID, String> names = new HashMap<>();
        for (FieldDef f : others) names.put(f.id(), f.name());
        try {
            Dependencies.refuseCycle(field.id(), parsed.fieldIds(), id -> reads(byId.get(id), others), names);
        } catch (RowanException e) {
            throw RowanException.invalid("config.formula", e.getMessage());
        }
        CheckedFormula checked;
        try {
            checked = parsed.check(resolver);
        } catch (FormulaException e) {
            throw RowanException.invalid("config.formula", e.getMessage());
        }
        return field.withType(new FieldType.Formula(checked.formula().stored(), checked.type()));
    }

    /** A button's URL formula: resolved and checked like a formula field's, and it must give text. */
    private static FieldDef resolveButton(List<FieldDef> fields, FieldDef field, FieldType.Button b) {
        FieldDef probe = resolve(fields, field.withType(new FieldType.Formula(b.formula(), FormulaType.BLANK)));
        FieldType.Formula f = (FieldType.Formula) probe.type();
        if (f.resultType() != FormulaType.TEXT && f.resultType() != FormulaType.BLANK) {
            throw RowanException.invalid("config.formula", "A button's formula must give its URL as text; this one"
                    + " gives a " + f.resultType().label());
        }
        return field.withType(new FieldType.Button(b.label(), f.formula()));
    }

    /** The formula field a button computes its URL like. */
    private static FieldDef asFormula(FieldDef field) {
        return field.type() instanceof FieldType.Button b
                ? field.withType(new FieldType.Formula(b.formula(), FormulaType.TEXT)) : field;
    }

    private static Set<UUID> reads(@Nullable FieldDef f, List<FieldDef> fields) {
        if (f == null || !(f.type() instanceof FieldType.Formula ft)) return Set.of();
        try {
            return Formula.fromStored(ft.formula(), FieldResolver.of(fields)).fieldIds();
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    /** The checked formula of a field in a table with these active fields, or why it is broken. */
    public sealed interface State permits Ok, Broken {
    }

    public record Ok(CheckedFormula formula) implements State {
    }

    public record Broken(String reason) implements State {
    }

    /**
     * Whether the formula still works with the table's current fields: a referenced field removed (hidden) or
     * retyped so the formula no longer checks makes it broken with the checker's reason; restoring the field makes
     * it work again (the stored ids never changed).
     */
    public static State state(List<FieldDef> fields, FieldDef field) {
        return state(fields, field, 0);
    }

    private static State state(List<FieldDef> fields, FieldDef field, int depth) {
        if (depth > MAX_CHAIN) return new Broken("The formula reads a chain of formulas that is too long");
        if (!(field.type() instanceof FieldType.Formula ft)) throw new IllegalArgumentException("not a formula");
        List<FieldDef> active = fields.stream().filter(f -> !f.hidden()).toList();
        FieldResolver resolver = FieldResolver.of(active);
        try {
            Formula formula = Formula.fromStored(ft.formula(), resolver);
            for (UUID id : formula.fieldIds()) {
                if (resolver.byId(id).isEmpty()) {
                    return new Broken("A field this formula reads was removed; restore it or edit the formula");
                }
            }
            CheckedFormula checked = formula.check(resolver);
            FormulaType want = ft.resultType();
            if (want != FormulaType.BLANK && checked.type() != want && checked.type() != FormulaType.BLANK) {
                return new Broken("The formula now gives a " + checked.type().label() + " instead of a "
                        + want.label() + "; a field it reads changed type: edit the formula or save it again");
            }
            for (UUID id : checked.fieldIds()) {
                FieldDef read = active.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                if (isFormula(read) && !read.id().equals(field.id())
                        && state(fields, read, depth + 1) instanceof Broken b) {
                    return new Broken("It reads " + read.name() + ", which is broken: " + b.reason());
                }
            }
            return new Ok(checked);
        } catch (FormulaException e) {
            String msg = e.getMessage();
            if (msg != null && msg.contains("fld:")) {
                return new Broken("A field this formula reads was removed; restore it or edit the formula");
            }
            return new Broken(msg == null ? "The formula no longer checks" : msg);
        }
    }

    /** The reason a formula field (or a button's URL formula) is broken, or empty when it works (or is neither). */
    public static Optional<String> brokenReason(List<FieldDef> fields, FieldDef field) {
        field = asFormula(field);
        if (!isFormula(field)) return Optional.empty();
        return state(fields, field) instanceof Broken b ? Optional.of(b.reason()) : Optional.empty();
    }

    /**
     * The SQL of a formula field's value in a query over the user table aliased {@code alias}: the compiled
     * expression, with formulas it reads inlined; a typed NULL when broken.
     */
    public static SqlFragment sql(SqlDialect dialect, List<FieldDef> fields, FieldDef field, String alias) {
        return sql(dialect, fields, asFormula(field), alias, 0);
    }

    private static SqlFragment sql(SqlDialect dialect, List<FieldDef> fields, FieldDef field, String alias,
                                   int depth) {
        FieldType.Formula ft = (FieldType.Formula) field.type();
        String nullOf = "CAST(NULL AS " + nullType(dialect, ft.resultType()) + ")";
        if (depth > MAX_CHAIN || !(state(fields, field) instanceof Ok ok)) return new SqlFragment(nullOf, List.of());
        ColumnResolver table = ColumnResolver.table(dialect, alias);
        Map<UUID, FieldDef> byId = new HashMap<>();
        for (FieldDef f : fields) byId.put(f.id(), f);
        ColumnResolver columns = new ColumnResolver() {
            public SqlFragment field(UUID fieldId) {
                FieldDef f = byId.get(fieldId);
                if (f != null && isFormula(f)) {
                    SqlFragment inner = sql(dialect, fields, f, alias, depth + 1);
                    return new SqlFragment("(" + inner.sql() + ")", inner.params());
                }
                return table.field(fieldId);
            }

            public SqlFragment system(SystemColumn column) {
                return table.system(column);
            }
        };
        SqlFragment expr = SqlCompiler.compile(ok.formula(), dialect, columns);
        return new SqlFragment("(" + expr.sql() + ")", expr.params());
    }

    private static String nullType(SqlDialect dialect, FormulaType t) {
        boolean pg = dialect == SqlDialect.POSTGRES;
        return switch (t) {
            case NUMBER, DURATION -> pg ? "numeric" : "NUMERIC(40, 10)";
            case TEXT, BLANK -> pg ? "text" : "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case DATETIME -> pg ? "timestamptz" : "TIMESTAMP WITH TIME ZONE";
            case LIST -> pg ? "text[]" : "VARCHAR ARRAY";
        };
    }

    /**
     * A formula field's value for one record in memory (previews): the canonical values of the record's stored
     * fields by id; formulas it reads are computed first. An {@link ErrorValue} for a cell error or a broken
     * formula.
     */
    public static @Nullable Object evaluate(List<FieldDef> fields, FieldDef field, Map<UUID, ?> values,
                                            @Nullable UUID recordId, @Nullable OffsetDateTime createdAt,
                                            @Nullable OffsetDateTime updatedAt, Clock clock) {
        return evaluate(fields, field, values, recordId, createdAt, updatedAt, clock, new HashSet<>());
    }

    private static @Nullable Object evaluate(List<FieldDef> fields, FieldDef field, Map<UUID, ?> values,
                                             @Nullable UUID recordId, @Nullable OffsetDateTime createdAt,
                                             @Nullable OffsetDateTime updatedAt, Clock clock, Set<UUID> seen) {
        State s = state(fields, field);
        if (s instanceof Broken b) return new ErrorValue(b.reason());
        if (!seen.add(field.id()) || seen.size() > MAX_CHAIN) return new ErrorValue("The formula reads itself");
        Map<UUID, Object> all = new HashMap<>();
        for (Map.Entry<UUID, ?> e : values.entrySet()) if (e.getValue() != null) all.put(e.getKey(), e.getValue());
        CheckedFormula checked = ((Ok) s).formula();
        for (UUID id : checked.fieldIds()) {
            FieldDef f = fields.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (f != null && isFormula(f)) {
                Object v = evaluate(fields, f, values, recordId, createdAt, updatedAt, clock, seen);
                if (v instanceof ErrorValue) all.remove(id);
                else if (v != null) all.put(id, v);
            }
        }
        seen.remove(field.id());
        return Evaluator.evaluate(checked, EvalContext.of(all, recordId, createdAt, updatedAt, clock));
    }
}
