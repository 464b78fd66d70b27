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
 * The records' system columns as read-only fields: created time / last modified time ({@code created_at} /
 * {@code updated_at}, shown as date-time fields) and created by / last modified by ({@code created_by} /
 * {@code updated_by}, user ids shown as the member's name). Every record has these columns on both engines; the
 * server's values replace the desktop's on sync.
 *
 * <p>Computed kinds without an expression of their own: {@code RecordSql.source} selects the column under the field's
 * column name — for the member kinds the name read from the member directory ({@code RecordSql.MEMBERS}: a view over
 * the company's memberships on the server, the members the desktop pulls on sync) — so filters, sorts, groups and
 * cursors treat them as fields of the plain kind they show as ({@code shown}). Writes are refused.
 *
 * @param <T> the field type
 * @param <P> the plain type the values have (a date-time, or text for a member's name)
 */
final class SystemColumnKind<T extends FieldType, P extends FieldType> implements FieldKind<T> {
    private final String kind;
    private final Class<T> typeClass;
    private final Supplier<T> make;
    private final String column;
    private final String setWhen;
    private final FieldKind<P> shown;
    private final P plain;
    private final boolean memberName;
    private final String sample;

    private SystemColumnKind(String kind, Class<T> typeClass, Supplier<T> make, String column, String setWhen,
                             FieldKind<P> shown, P plain, boolean memberName, String sample) {
        this.kind = kind;
        this.typeClass = typeClass;
        this.make = make;
        this.column = column;
        this.setWhen = setWhen;
        this.shown = shown;
        this.plain = plain;
        this.memberName = memberName;
        this.sample = sample;
    }

    private static <T extends FieldType> SystemColumnKind<T, FieldType.DateType> time(
            String kind, Class<T> typeClass, Supplier<T> make, String column, String setWhen) {
        return new SystemColumnKind<>(kind, typeClass, make, column, setWhen, FieldKinds.DATE,
                new FieldType.DateType(true), false, "2026-01-31T14:30:05Z");
    }

    private static <T extends FieldType> SystemColumnKind<T, FieldType.Text> member(
            String kind, Class<T> typeClass, Supplier<T> make, String column, String setWhen) {
        return new SystemColumnKind<>(kind, typeClass, make, column, setWhen, FieldKinds.TEXT, new FieldType.Text(),
                true, "Ada Lovelace");
    }

    static FieldKind<FieldType.CreatedTime> createdTime() {
        return time("created_time", FieldType.CreatedTime.class, FieldType.CreatedTime::new, "created_at",
                "when a record is created");
    }

    static FieldKind<FieldType.LastModifiedTime> lastModifiedTime() {
        return time("last_modified_time", FieldType.LastModifiedTime.class, FieldType.LastModifiedTime::new,
                "updated_at", "whenever a record changes");
    }

    static FieldKind<FieldType.CreatedBy> createdBy() {
        return member("created_by", FieldType.CreatedBy.class, FieldType.CreatedBy::new, "created_by",
                "to the member who created a record");
    }

    static FieldKind<FieldType.LastModifiedBy> lastModifiedBy() {
        return member("last_modified_by", FieldType.LastModifiedBy.class, FieldType.LastModifiedBy::new, "updated_by",
                "to the member who last changed a record");
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
        return new StorageClass.Computed(shown.storage(plain));
    }

    public List<Operator> operators(T type) {
        return shown.operators(plain);
    }

    public boolean textual() {
        return shown.textual();
    }

    public boolean computed() {
        return true;
    }

    /** The time columns have their own indexes (created_at, id); a name is looked up per row: no automatic index. */
    public boolean indexable() {
        return false;
    }

    public FieldType valueType(T type) {
        return plain;
    }

    public Optional<String> systemColumn() {
        return Optional.of(column);
    }

    public boolean showsMemberName() {
        return memberName;
    }

    public String refusal(FieldDef field) {
        return field.name() + " is computed: Rowan sets it " + setWhen + ", and it cannot be written";
    }

    public @Nullable Object coerce(T type, FieldDef field, Object raw, String key) {
        throw RowanException.invalid(key, refusal(field));
    }

    public @Nullable Object toApi(T type, Object value) {
        return shown.toApi(plain, value);
    }

    public String formatText(T type, Object value) {
        return shown.formatText(plain, value);
    }

    public @Nullable Object parseInput(T type, String text, String stripped, String key) {
        throw RowanException.invalid(key, "A " + kind.replace('_', ' ') + " field is computed and cannot be written");
    }

    public String canonicalText(T type, Object value) {
        return shown.canonicalText(plain, value);
    }

    public Object fromCanonicalText(T type, String text) {
        return shown.fromCanonicalText(plain, text);
    }

    public String sampleText() {
        return sample;
    }

    /** As the plain kind it shows as: a member's name by its text; a date-time not. */
    @Override
    public Optional<Object> groupKeyValue(T type, String text) {
        return shown.groupKeyValue(plain, text);
    }
}
