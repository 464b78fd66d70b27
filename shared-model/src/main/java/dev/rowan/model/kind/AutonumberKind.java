package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A number the server assigns to each record of a table (issue 12): a stored whole number whose column takes its
 * default from a sequence per field on PostgreSQL ({@code sql.Ddl.autonumber}), so every insert path (REST, bulk
 * COPY, sync push) numbers a record by leaving the column out; deleted numbers are never reused (a sequence does not
 * go back). No client writes one ({@link #assignedByServer()}: refused like a computed value); a replica stores the
 * server's value. The desktop's own database has no sequence: a record made offline reads empty (shown as
 * provisional) until its pull brings the number.
 */
public final class AutonumberKind implements FieldKind<FieldType.Autonumber> {

    public String kind() {
        return "autonumber";
    }

    public List<String> aliases() {
        return List.of("auto_number");
    }

    public Class<FieldType.Autonumber> typeClass() {
        return FieldType.Autonumber.class;
    }

    public FieldType.Autonumber parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return new FieldType.Autonumber();
    }

    public FieldType.Autonumber example() {
        return new FieldType.Autonumber();
    }

    public StorageClass storage(FieldType.Autonumber type) {
        return StorageClass.decimal(0);
    }

    public List<Operator> operators(FieldType.Autonumber type) {
        return NumericKind.ORDERED;
    }

    public boolean numeric() {
        return true;
    }

    public boolean assignedByServer() {
        return true;
    }

    public String refusal(FieldDef field) {
        return field.name() + " is an autonumber: Rowan numbers each new record, and it cannot be written";
    }

    /** Only the server's own value comes through here (a replica reading a pull): writes are refused before. */
    public @Nullable Object coerce(FieldType.Autonumber type, FieldDef field, Object raw, String key) {
        BigDecimal d = switch (raw) {
            case BigDecimal b -> b;
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Double db when !db.isNaN() && !db.isInfinite() -> BigDecimal.valueOf(db);
            default -> throw ValueRules.wrong(key, field, "a whole number");
        };
        if (d.signum() <= 0 || d.stripTrailingZeros().scale() > 0) {
            throw RowanException.invalid(key, field.name() + " is a whole number from 1");
        }
        return d.setScale(0);
    }

    public Object parseInput(FieldType.Autonumber type, String text, String stripped, String key) {
        return ValueRules.parseNumber(stripped, stripped, key);
    }

    public String formatText(FieldType.Autonumber type, Object value) {
        return ((BigDecimal) value).toPlainString();
    }

    public String canonicalText(FieldType.Autonumber type, Object value) {
        return ((BigDecimal) value).toPlainString();
    }

    public Object fromCanonicalText(FieldType.Autonumber type, String text) {
        return new BigDecimal(text).setScale(0);
    }

    public String sampleText() {
        return "42";
    }

    /** A folded group of numbers is matched by its number. */
    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.Autonumber type, String text) {
        try {
            return java.util.Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
