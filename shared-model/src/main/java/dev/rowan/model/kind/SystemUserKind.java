package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Created by and last modified by: the records' system columns {@code created_by} / {@code updated_by} (user ids,
 * every record has them on both engines) shown as the member's name. Computed kinds like {@link SystemTimeKind}, but
 * {@code RecordSql.source} reads the name from the member directory ({@code RecordSql.MEMBERS}, a relation beside the
 * user tables: a view over the company's memberships on the server, the members the desktop pulls on sync), so the
 * value is text and filters, sorts, groups and cursors work on the name inside the database. Writes are refused.
 */
final class SystemUserKind<T extends FieldType> implements FieldKind<T> {
    private static final FieldType.Text TEXT = new FieldType.Text();

    private final String kind;
    private final Class<T> typeClass;
    private final Supplier<T> make;
    private final String column;
    private final String setWhen;

    private SystemUserKind(String kind, Class<T> typeClass, Supplier<T> make, String column, String setWhen) {
        this.kind = kind;
        this.typeClass = typeClass;
        this.make = make;
        this.column = column;
        this.setWhen = setWhen;
    }

    static SystemUserKind<FieldType.CreatedBy> created() {
        return new SystemUserKind<>("created_by", FieldType.CreatedBy.class, FieldType.CreatedBy::new,
                "created_by", "to the member who created a record");
    }

    static SystemUserKind<FieldType.LastModifiedBy> lastModified() {
        return new SystemUserKind<>("last_modified_by", FieldType.LastModifiedBy.class,
                FieldType.LastModifiedBy::new, "updated_by", "to the member who last changed a record");
    }

    public String kind() {
        return kind;
    }

    public Class<T> typeClass() {
        return typeClass;
    }

    public T parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return make.get();
    }

    public T example() {
        return make.get();
    }

    public StorageClass storage(T type) {
        return new StorageClass.Computed(StorageClass.TEXT);
    }

    public List<Operator> operators(T type) {
        return FieldKinds.TEXT.operators(TEXT);
    }

    public boolean textual() {
        return true;
    }

    public boolean computed() {
        return true;
    }

    /** A name looked up per row: no automatic index on the derived column. */
    public boolean indexable() {
        return false;
    }

    public FieldType valueType(T type) {
        return TEXT;
    }

    public Optional<String> systemColumn() {
        return Optional.of(column);
    }

    public boolean showsMemberName() {
        return true;
    }

    public String refusal(FieldDef field) {
        return field.name() + " is computed: Rowan sets it " + setWhen + ", and it cannot be written";
    }

    public @Nullable Object coerce(T type, FieldDef field, Object raw, String key) {
        throw RowanException.invalid(key, refusal(field));
    }

    public @Nullable Object toApi(T type, Object value) {
        return FieldKinds.TEXT.toApi(TEXT, value);
    }

    public String formatText(T type, Object value) {
        return FieldKinds.TEXT.formatText(TEXT, value);
    }

    public @Nullable Object parseInput(T type, String text, String stripped, String key) {
        throw RowanException.invalid(key, "A " + kind.replace('_', ' ') + " field is computed and cannot be written");
    }

    public String canonicalText(T type, Object value) {
        return FieldKinds.TEXT.canonicalText(TEXT, value);
    }

    public Object fromCanonicalText(T type, String text) {
        return FieldKinds.TEXT.fromCanonicalText(TEXT, text);
    }

    public String sampleText() {
        return "Ada Lovelace";
    }
}
