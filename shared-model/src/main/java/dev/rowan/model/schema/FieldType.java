package dev.rowan.model.schema;

import dev.rowan.model.kind.FieldKinds;

import dev.rowan.model.query.Filter;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The type of a field with its type-specific settings: plain data. What a type means (API name, config, values,
 * storage, operators, type changes) lives in its descriptor, {@link FieldKinds#of}.
 */
public sealed interface FieldType {

    /** The string the API uses. */
    default String kind() {
        return FieldKinds.of(this).kind();
    }

    /** What the API shows as the field's {@code config}. */
    default Map<String, Object> config() {
        return FieldKinds.of(this).config(this);
    }

    /** Whether values are text that {@code contains}/{@code startsWith} apply to. */
    default boolean textual() {
        return FieldKinds.of(this).textual();
    }

    default boolean numeric() {
        return FieldKinds.of(this).numeric();
    }

    record Text() implements FieldType {
    }

    record LongText() implements FieldType {
    }

    record Url() implements FieldType {
    }

    record Email() implements FieldType {
    }

    record Phone() implements FieldType {
    }

    /** A number shown and stored with {@code precision} decimal places (0..10). */
    /**
     * A number with its decimal places; {@code thousandsSeparator} off shows 2020 rather than 2,020 (years, codes).
     */
    record NumberType(int precision, boolean thousandsSeparator) implements FieldType {
        public NumberType(int precision) {
            this(precision, true);
        }
    }

    record Currency(String currencyCode, int precision) implements FieldType {
    }

    /** A percentage stored as the number shown (50 means 50 %). */
    record Percent(int precision) implements FieldType {
    }

    record DateType(boolean includeTime) implements FieldType {
    }

    record BooleanType() implements FieldType {
    }

    record Json() implements FieldType {
    }

    /**
     * A computed field: {@code formula} is the stored form (field references as {@code {fld:<uuid>}}, see
     * {@code formula.Formula}), {@code resultType} what it computed when it was last saved. It has no column: reads
     * select the compiled expression ({@code formula.FormulaFields}).
     */
    record Formula(String formula, dev.rowan.model.formula.FormulaType resultType) implements FieldType {
    }

    /**
     * Files on a record (issue 12): the value is a list of file references {@code {id, name, size, mime, width?,
     * height?}} ({@code value.FileRef}); the bytes live on the server, content-addressed per company.
     */
    record Attachment() implements FieldType {
    }

    /** 1 to {@code max} icons (max 1..10); stored as a whole number, 0 or none means not rated. */
    record Rating(int max) implements FieldType {
    }

    /** A length of time shown as h:mm or h:mm:ss, stored as whole seconds. */
    record Duration() implements FieldType {
    }

    /** A time of day without a date, stored as its ISO text ("14:30", "09:05:10"), which sorts as time does. */
    record TimeOfDay() implements FieldType {
    }

    /** Markdown text, rendered on the desktop. */
    record RichText() implements FieldType {
    }

    /** Text a barcode encodes, checked against its {@code format} ({@code kind.BarcodeKind#FORMATS}). */
    record Barcode(String format) implements FieldType {
    }

    /** When the record was created: the records' system column, shown as a read-only date-time field. */
    record CreatedTime() implements FieldType {
    }

    /** When the record was last changed: the records' system column, shown as a read-only date-time field. */
    record LastModifiedTime() implements FieldType {
    }

    /**
     * One member of the company, or several when {@code multiple} (issue 12): stored as their user ids; reads show
     * {@code {id, name}} from the member directory; writes take ids of current members only.
     */
    record User(boolean multiple) implements FieldType {
    }

    /**
     * A number the server gives each record of the table in creation order (a sequence per field, never reused);
     * read-only everywhere. A record made offline has none until its push is answered.
     */
    record Autonumber() implements FieldType {
    }

    /** Who created the record: the records' system column, shown as the member's name, read-only. */
    record CreatedBy() implements FieldType {
    }

    /** Who last changed the record: the records' system column, shown as the member's name, read-only. */
    record LastModifiedBy() implements FieldType {
    }

    /**
     * A button with a {@code label} that opens the URL its {@code formula} builds (stored form, field references by
     * id, as a formula's). Computed like a formula with a text result; never stored.
     */
    record Button(String label, String formula) implements FieldType {
    }

    /**
     * A link to records of {@code targetTable} (of the same company; may be this table). The links live in the
     * junction table named from {@code junction} (the id of the link field that created the pair; null until the
     * field is saved), whose {@code src} column holds records of the forward side's table and {@code dst} those of
     * the other; {@code inverseField} is the field of the pair in the target table (null when removed or never
     * made). {@code limitOne}: at most one linked record.
     */
    record Link(UUID targetTable, @Nullable UUID inverseField, boolean limitOne, @Nullable UUID junction,
                boolean forward) implements FieldType {
    }

    /**
     * The values of {@code targetField} of the records linked through {@code linkField} (a link field of this
     * table). {@code valueType} is the target field's type when the lookup was saved; values show in its format.
     */
    record Lookup(UUID linkField, UUID targetField, FieldType valueType) implements FieldType {
    }

    /**
     * An aggregate ({@code function}) of {@code targetField} over the records linked through {@code linkField},
     * those matching {@code filter} (field references by id of the target table) when one is given;
     * {@code resultType} is the type of the result when it was saved.
     */
    record Rollup(UUID linkField, UUID targetField, RollupFunction function, @Nullable Filter filter,
                  FieldType resultType) implements FieldType {
    }

    /** Both select kinds: values travel by label, storage keeps the option id. */
    sealed interface Select extends FieldType permits SingleSelect, MultipleSelect {
        List<SelectOption> options();

        default Optional<SelectOption> byLabel(String label) {
            for (SelectOption o : options()) {
                if (o.label().equals(label)) return Optional.of(o);
            }
            for (SelectOption o : options()) {
                if (o.label().equalsIgnoreCase(label)) return Optional.of(o);
            }
            return Optional.empty();
        }

        default Optional<SelectOption> byId(String id) {
            for (SelectOption o : options()) {
                if (o.id().equals(id)) return Optional.of(o);
            }
            return Optional.empty();
        }
    }

    record SingleSelect(List<SelectOption> options) implements Select {
        public SingleSelect {
            options = List.copyOf(options);
        }
    }

    record MultipleSelect(List<SelectOption> options) implements Select {
        public MultipleSelect {
            options = List.copyOf(options);
        }
    }
}
