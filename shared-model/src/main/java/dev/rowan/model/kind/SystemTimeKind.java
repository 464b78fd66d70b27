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
 * Created time and last modified time: the records' system columns {@code created_at} / {@code updated_at} (every
 * record has them on both engines; the server's values replace the desktop's on sync) shown as read-only date-time
 * fields. Computed kinds without an expression of their own: {@code RecordSql.source} selects the column under the
 * field's column name, so filters, sorts, groups and cursors treat them as date-time fields. Writes are refused.
 */
final class SystemTimeKind<T extends FieldType> implements FieldKind<T> {
    private static final FieldType.DateType DATETIME = new FieldType.DateType(true);

    private final String kind;
    private final Class<T> typeClass;
    private final Supplier<T> make;
    private final String column;
    private final String setWhen;

    private SystemTimeKind(String kind, Class<T> typeClass, Supplier<T> make, String column, String setWhen) {
        this.kind = kind;
        this.typeClass = typeClass;
        this.make = make;
        this.column = column;
        this.setWhen = setWhen;
    }

    static SystemTimeKind<FieldType.CreatedTime> created() {
        return new SystemTimeKind<>("created_time", FieldType.CreatedTime.class, FieldType.CreatedTime::new,
                "created_at", "when a record is created");
    }

    static SystemTimeKind<FieldType.LastModifiedTime> lastModified() {
        return new SystemTimeKind<>("last_modified_time", FieldType.LastModifiedTime.class,
                FieldType.LastModifiedTime::new, "updated_at", "whenever a record changes");
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
        return new StorageClass.Computed(StorageClass.TIMESTAMP);
    }

    public List<Operator> operators(T type) {
        return FieldKinds.DATE.operators(DATETIME);
    }

    public boolean computed() {
        return true;
    }

    /** The system column has its own index (created_at, id); no automatic one on the derived column. */
    public boolean indexable() {
        return false;
    }

    public FieldType valueType(T type) {
        return DATETIME;
    }

    public Optional<String> systemColumn() {
        return Optional.of(column);
    }

    public String refusal(FieldDef field) {
        return field.name() + " is computed: Rowan sets it " + setWhen + ", and it cannot be written";
    }

    public @Nullable Object coerce(T type, FieldDef field, Object raw, String key) {
        throw RowanException.invalid(key, refusal(field));
    }

    public @Nullable Object toApi(T type, Object value) {
        return FieldKinds.DATE.toApi(DATETIME, value);
    }

    public String formatText(T type, Object value) {
        return FieldKinds.DATE.formatText(DATETIME, value);
    }

    public @Nullable Object parseInput(T type, String text, String stripped, String key) {
        throw RowanException.invalid(key, "A " + kind.replace('_', ' ') + " field is computed and cannot be written");
    }

    public String canonicalText(T type, Object value) {
        return FieldKinds.DATE.canonicalText(DATETIME, value);
    }

    public Object fromCanonicalText(T type, String text) {
        return FieldKinds.DATE.fromCanonicalText(DATETIME, text);
    }

    public String sampleText() {
        return "2026-01-31T14:30:05Z";
    }
}
