package dev.rowan.model.kind;

import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * Everything about one field type that does not depend on the GUI: its API name, config, value codec, storage
 * class, filter operators and type-change rules. One instance per {@link FieldType} record, listed in
 * {@link FieldKinds}. Methods taking a value get a non-null canonical value (null means empty and is handled by the
 * callers once).
 *
 * @param <T> the field type this kind describes
 */
public interface FieldKind<T extends FieldType> {

    /** The API's name of the kind ({@code "number"}). */
    String kind();

    /** Other names the API accepts for it ({@code "single_line_text"}, {@code "checkbox"}). */
    default List<String> aliases() {
        return List.of();
    }

    Class<T> typeClass();

    // ---------------------------------------------------------------- config

    /**
     * Builds the type from its API config, validating it. {@code previous} is the type before a change, so settings
     * not given (precision, options with their ids) carry over.
     */
    T parse(Map<String, @Nullable Object> config, @Nullable FieldType previous);

    /** The API config of a type; {@code parse(config(t), null)} gives {@code t} back. */
    default Map<String, Object> config(T type) {
        return Map.of();
    }

    /** A representative type of this kind (tests walk these; a designer's first choice). */
    T example();

    // ---------------------------------------------------------------- storage and queries

    StorageClass storage(T type);

    /** The filter operators offered, in the order a person reads them; each compiles in RecordSql. */
    List<Operator> operators(T type);

    /** Values are text that contains/startsWith apply to and length/pattern rules check. */
    default boolean textual() {
        return false;
    }

    default boolean numeric() {
        return false;
    }

    /** Whether values have an order that gt/lt/between compare by (text, numbers, dates). */
    default boolean ordered() {
        return true;
    }

    /** Whether text of only whitespace is a value (short and long text) rather than empty. */
    default boolean whitespaceIsValue() {
        return false;
    }

    /**
     * Whether values are computed rather than stored (no column; writes of a value are refused). The storage class
     * of a computed kind is a {@link StorageClass.Computed}.
     */
    default boolean computed() {
        return false;
    }

    /**
     * The plain type whose codec, operators and JDBC reading the values have: the type itself, or for a computed
     * kind the type of what it computes.
     */
    default FieldType valueType(T type) {
        return type;
    }

    /**
     * The type whose format and look the values show with: {@link #valueType} unless the kind compares by something
     * else than it shows (a lookup compares as text but shows the looked-up field's values).
     */
    default FieldType shownType(T type) {
        return valueType(type);
    }

    /**
     * For a computed kind that reads one of the records' system columns (created_at, updated_at): that column, which
     * {@code RecordSql.source} selects under the field's column name. Empty for every other kind.
     */
    default java.util.Optional<String> systemColumn() {
        return java.util.Optional.empty();
    }

    /**
     * Whether {@link #systemColumn()} holds a user id shown as the member's name (created by, last modified by):
     * {@code RecordSql.source} then reads the name from the member directory instead of the bare column.
     */
    default boolean showsMemberName() {
        return false;
    }

    /**
     * Whether the server assigns the stored value (autonumber): clients' writes are refused like a computed field's,
     * insert paths leave the column to its default, and a replica stores the server's value.
     */
    default boolean assignedByServer() {
        return false;
    }

    /** Why a value given for a computed field is refused (any value, even empty). */
    default String refusal(FieldDef field) {
        return field.name() + " is computed by its formula and cannot be written";
    }

    /** Whether records sort by this field. */
    default boolean sortable() {
        return true;
    }

    /** Whether a field of this kind may be unique (and gets a plain btree index when indexed). */
    default boolean indexable() {
        return true;
    }

    // ---------------------------------------------------------------- values

    /** Strict conversion of a non-null API JSON value to the canonical value (null when it means empty). */
    @Nullable Object coerce(T type, FieldDef field, Object raw, String key);

    /** The API (JSON) form of a canonical value. */
    default @Nullable Object toApi(T type, Object value) {
        return value;
    }

    /** The text a person sees and copies. */
    default String formatText(T type, Object value) {
        return String.valueOf(toApi(type, value));
    }

    /**
     * Typed or pasted text (not blank; {@code stripped} is it without surrounding whitespace) as the raw API value
     * that {@link #coerce} then checks.
     */
    default @Nullable Object parseInput(T type, String text, String stripped, String key) {
        return stripped;
    }

    /** A stable text form of a canonical value (cursors); {@link #fromCanonicalText} reverses it. */
    default String canonicalText(T type, Object value) {
        return value.toString();
    }

    /** Reverses {@link #canonicalText}; IllegalArgumentException for text no stored value could have. */
    default Object fromCanonicalText(T type, String text) {
        return text;
    }

    /** A text a person could type that is a valid value of {@link #example()} (round-trip tests). */
    String sampleText();

    // ---------------------------------------------------------------- type changes

    /**
     * Within this kind: whether every stored value of {@code from} is, unchanged, the same value under {@code to},
     * so a change is metadata only. When false the values are converted (and may round or fail).
     */
    default boolean keepsValues(T from, T to) {
        return true;
    }

    /** Whether every value of the other kind {@code from} converts to this kind without looking at data. */
    default boolean acceptsEveryValueOf(FieldType from) {
        return false;
    }

    // ---------------------------------------------------------------- grouping

    /**
     * A group key's text (a grouped grid stores each level's value as text: numbers plain, select options by id) as
     * the value the filter's {@code eq}/{@code ne} compares this field with, so the records of a folded group can be
     * left out of the grid's list by a filter. Empty when its records cannot be matched that way (not grouped by, or
     * the text says nothing a filter can match): nothing is left out then. {@code text} is never empty of meaning;
     * text no value could have gives empty, never an exception.
     */
    default java.util.Optional<Object> groupKeyValue(T type, String text) {
        return java.util.Optional.empty();
    }

    /**
     * Whether grouping by a field of this type groups by each of its values (a record holding A and B is counted
     * under A and under B; none is "no value") rather than by the whole set. The group queries of the desktop and
     * the server ask this one rule ({@code sql.EachValue}); a group's key is then a set of one value.
     */
    default boolean groupsByEachValue(T type) {
        return false;
    }

    /**
     * Whether the field's sort order is its groups' order, so a grid grouped by it can page through its sorted query.
     * False when it sorts by something else than it groups by: a user field sorts by a member's name but groups by
     * member id, a link by its first linked title but groups by its whole list. Such groupings list their records in
     * group order instead (desktop {@code GroupSummaries.listed}).
     */
    default boolean sortsInGroupOrder(T type) {
        return true;
    }
}
