package dev.rowan.model.link;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.Optional;
import java.util.UUID;

/**
 * Whether a link, lookup or rollup field of a table can be read, and saving one. A table knows the tables its links
 * reach only as far as the reader may see them ({@link TableDef#linked}): a missing one is deleted or hidden, and
 * every field reading it is {@link Unavailable} — it reads as empty and says why, and nothing of that table leaks.
 *
 * <p>Cycles: a lookup or rollup reads a plain field or a formula of the linked table that itself reads no link,
 * lookup or rollup, so no chain of fields can come back to where it started.
 */
public final class LinkFields {
    private LinkFields() {
    }

    /** Whether a field reads another table (link, lookup, rollup). */
    public static boolean readsLinks(FieldType type) {
        return type instanceof FieldType.Link || type instanceof FieldType.Lookup || type instanceof FieldType.Rollup;
    }

    public sealed interface State permits Ok, Unavailable {
    }

    /**
     * Readable. {@code link} is the link field (the field itself for a link), {@code target} the linked table,
     * {@code targetField} the field a lookup or rollup reads (null for a link).
     */
    public record Ok(FieldDef link, FieldType.Link linkType, TableDef target, @Nullable FieldDef targetField)
            implements State {
    }

    public record Unavailable(String reason) implements State {
    }

    static final String GONE = "The linked table was deleted or is hidden from you";

    /** The state of a link, lookup or rollup field of {@code table}. */
    public static State state(TableDef table, FieldDef field) {
        return switch (field.type()) {
            case FieldType.Link l -> linkState(table, field, l);
            case FieldType.Lookup l -> readerState(table, l.linkField(), l.targetField(), field.type());
            case FieldType.Rollup r -> readerState(table, r.linkField(), r.targetField(), field.type());
            default -> throw new IllegalArgumentException("not a link, lookup or rollup: " + field.type().kind());
        };
    }

    /** Why a field reads as empty, or empty when it reads (or is no link, lookup or rollup). */
    public static Optional<String> unavailableReason(TableDef table, FieldDef field) {
        if (!readsLinks(field.type())) return Optional.empty();
        return state(table, field) instanceof Unavailable u ? Optional.of(u.reason()) : Optional.empty();
    }

    private static State linkState(TableDef table, FieldDef field, FieldType.Link l) {
        if (l.junction() == null) return new Unavailable("The link field is not saved yet");
        Optional<TableDef> target = table.linkedTable(l.targetTable());
        return target.<State>map(t -> new Ok(field, l, t, null)).orElseGet(() -> new Unavailable(GONE));
    }

    private static State readerState(TableDef table, UUID linkFieldId, UUID targetFieldId, FieldType type) {
        FieldDef link = table.fieldById(linkFieldId).filter(f -> !f.hidden()).orElse(null);
        if (link == null || !(link.type() instanceof FieldType.Link lt)) {
            return new Unavailable("The link field it reads was removed; restore it or choose another");
        }
        if (!(linkState(table, link, lt) instanceof Ok ok)) return new Unavailable(GONE);
        FieldDef target = ok.target().fieldById(targetFieldId).filter(f -> !f.hidden()).orElse(null);
        if (target == null) {
            return new Unavailable("The field it reads in " + ok.target().name() + " was removed; restore it or "
                    + "choose another");
        }
        String refusal = refusal(ok.target(), target, type);
        if (refusal != null) return new Unavailable(refusal);
        FieldType saved = type instanceof FieldType.Lookup l ? l.valueType() : null;
        if (saved != null && !FieldKinds.valueType(target.type()).equals(saved)) {
            return new Unavailable(target.name() + " changed type; save this field again");
        }
        if (type instanceof FieldType.Rollup r && !resultType(r.function(), FieldKinds.valueType(target.type()))
                .equals(r.resultType())) {
            return new Unavailable(target.name() + " changed type; save this field again");
        }
        return new Ok(link, lt, ok.target(), target);
    }

    /** Why a lookup or rollup cannot read {@code target}, or null when it can. */
    private static @Nullable String refusal(TableDef table, FieldDef target, FieldType type) {
        if (readsLinks(target.type())) {
            return "It cannot read " + target.name() + ", which reads linked records itself (that could loop)";
        }
        if (target.type() instanceof FieldType.Formula f && readsLinkedValues(table, f, 0)) {
            return "It cannot read " + target.name() + ", a formula over linked records (that could loop)";
        }
        FieldType v = FieldKinds.valueType(target.type());
        if (v instanceof FieldType.MultipleSelect || v instanceof FieldType.Json) {
            return "It cannot read " + target.name() + " (" + target.type().kind() + ")";
        }
        if (type instanceof FieldType.Rollup r) {
            RollupFunction fn = r.function();
            boolean ok = switch (fn) {
                case COUNT, COUNT_ALL, COUNT_EMPTY, UNIQUE_COUNT, CONCAT -> true;
                case SUM, AVG -> v.numeric();
                case MIN, MAX -> v.numeric() || v instanceof FieldType.DateType;
                case EARLIEST, LATEST -> v instanceof FieldType.DateType;
                case AND, OR -> v instanceof FieldType.BooleanType;
            };
            if (!ok) return "A rollup's " + fn.label() + " does not apply to " + target.name() + " ("
                    + target.type().kind() + ")";
        }
        return null;
    }

    /** Whether a formula reads (through other formulas too) a field that reads linked records. */
    private static boolean readsLinkedValues(TableDef table, FieldType.Formula f, int depth) {
        if (depth > 32) return true;
        for (FieldDef other : table.fields()) {
            if (!f.formula().contains("{fld:" + other.id() + "}")) continue;
            if (readsLinks(other.type())) return true;
            if (other.type() instanceof FieldType.Formula inner && readsLinkedValues(table, inner, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** The type of a rollup's result from its function and the type of the values it reads. */
    public static FieldType resultType(RollupFunction fn, FieldType values) {
        return switch (fn) {
            case COUNT, COUNT_ALL, COUNT_EMPTY, UNIQUE_COUNT -> new FieldType.NumberType(0);
            case AVG -> new FieldType.NumberType(4);
            case SUM, MIN, MAX, EARLIEST, LATEST -> values;
            case CONCAT -> new FieldType.Text();
            case AND, OR -> new FieldType.BooleanType();
        };
    }

    /**
     * A lookup or rollup as it is saved in {@code table} (its linked tables attached): refused with a reason at
     * {@code config} when it cannot read what it names; its value or result type taken from the field it reads.
     * Input rules are refused (nobody writes these). Other fields come back unchanged.
     */
    public static FieldDef resolve(TableDef table, FieldDef field) {
        if (!readsLinks(field.type())) return field;
        if (field.required()) throw RowanException.invalid("required", "A " + field.type().kind()
                + " field cannot be required");
        if (field.unique()) throw RowanException.invalid("unique", "A " + field.type().kind()
                + " field cannot be unique");
        if (field.defaultValue() != null) {
            throw RowanException.invalid("defaultValue", "A " + field.type().kind() + " field has no default value");
        }
        if (field.type() instanceof FieldType.Link) return field;
        UUID linkId = field.type() instanceof FieldType.Lookup l ? l.linkField()
                : ((FieldType.Rollup) field.type()).linkField();
        UUID targetId = field.type() instanceof FieldType.Lookup l ? l.targetField()
                : ((FieldType.Rollup) field.type()).targetField();
        FieldDef link = table.fieldById(linkId).filter(f -> !f.hidden()).orElseThrow(() ->
                RowanException.invalid("config.linkFieldId", "No link field " + linkId + " in " + table.name()));
        if (!(link.type() instanceof FieldType.Link lt)) {
            throw RowanException.invalid("config.linkFieldId", link.name() + " is not a link field");
        }
        TableDef target = table.linkedTable(lt.targetTable()).orElseThrow(() ->
                RowanException.invalid("config.linkFieldId", GONE));
        FieldDef read = target.fieldById(targetId).filter(f -> !f.hidden()).orElseThrow(() ->
                RowanException.invalid("config.targetFieldId", "No field " + targetId + " in " + target.name()));
        String refusal = refusal(target, read, field.type());
        if (refusal != null) throw RowanException.invalid("config.targetFieldId", refusal);
        FieldType values = FieldKinds.valueType(read.type());
        return switch (field.type()) {
            case FieldType.Lookup l -> field.withType(new FieldType.Lookup(l.linkField(), l.targetField(), values));
            case FieldType.Rollup r -> {
                if (r.filter() != null) {
                    try {
                        new dev.rowan.model.sql.RecordSql(dev.rowan.model.sql.SqlDialect.H2).where(target, r.filter());
                    } catch (RowanException e) {
                        throw RowanException.invalid("config.filter", e.getMessage());
                    }
                }
                yield field.withType(new FieldType.Rollup(r.linkField(), r.targetField(), r.function(),
                        r.filter() == null ? null : dev.rowan.model.view.RecordQuery.byId(target, r.filter()),
                        resultType(r.function(), values)));
            }
            default -> field;
        };
    }
}
