package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Why a formula cell is empty when it is empty because of an error (division by zero, a bad date, a value of the
 * wrong type), so readers show an error marker instead of a blank. Inside the databases an error is NULL (see the
 * package note); a NULL formula value is therefore computed again in memory by the evaluator, which
 * {@code FormulaPropertyTest} holds equal to both engines, and an {@link ErrorValue} there is the cell's error.
 * The server's record reads and the desktop's grid and form both ask here, so both show the same marker.
 * <p>Only formulas whose inputs are all at hand are computed: every field they read (through other formulas too)
 * must be among the row's values, else the answer is "no error known" and the cell stays blank as before. Lookups
 * and rollups count as read values like any other: the row carries what the database computed for them (a lookup
 * as the text list formulas read, a rollup as its result), so the formula is evaluated over the same inputs the
 * query used (slice h-fieldgaps; before, formulas over links always read blank).
 */
public final class CellErrors {
    /** The marker of a division by zero (as spreadsheets write it). */
    public static final String DIV0 = "#DIV/0!";
    /** The marker of every other error value. */
    public static final String ERROR = "#ERROR";

    private CellErrors() {
    }

    /** An error value as the record JSON carries it in place of a value: {@code {"error": marker, "reason": why}}. */
    public static Map<String, Object> json(ErrorValue e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", marker(e));
        m.put("reason", e.reason());
        return m;
    }

    /** The short marker a cell shows: {@link #DIV0} for a division by zero, {@link #ERROR} otherwise. */
    public static String marker(ErrorValue e) {
        return e.reason().startsWith("division by zero") ? DIV0 : ERROR;
    }

    /**
     * The error of {@code field}'s value in a record whose database value was NULL, or empty when the value is
     * blank (or not a formula, or its inputs are not all in {@code values}). {@code values}: canonical values by field
     * id of the fields read with the row (a key with a null value is an empty field, a missing key an unread one).
     */
    public static Optional<ErrorValue> of(List<FieldDef> fields, FieldDef field, Map<UUID, ?> values,
                                          @Nullable UUID recordId, @Nullable OffsetDateTime createdAt,
                                          @Nullable OffsetDateTime updatedAt, Clock clock) {
        if (!FormulaFields.isFormula(field) || !complete(fields, field, values, new HashSet<>())) {
            return Optional.empty();
        }
        return FormulaFields.evaluate(fields, field, values, recordId, createdAt, updatedAt, clock)
                instanceof ErrorValue e ? Optional.of(e) : Optional.empty();
    }

    /** Whether every field the formula reads, through other formulas too, is a read value (lookups and rollups too). */
    private static boolean complete(List<FieldDef> fields, FieldDef field, Map<UUID, ?> values, Set<UUID> seen) {
        if (!seen.add(field.id())) return false;
        if (!(FormulaFields.state(fields, field) instanceof FormulaFields.Ok ok)) return false;
        for (UUID id : ok.formula().fieldIds()) {
            FieldDef f = fields.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (f == null || f.type() instanceof FieldType.Link) return false; // formulas read links only via lookups
            if (FormulaFields.isFormula(f)) {
                if (!complete(fields, f, values, seen)) return false;
            } else if (!values.containsKey(id)) {
                return false;
            }
        }
        seen.remove(field.id());
        return true;
    }
}
