package dev.rowan.model.kind;

import dev.rowan.model.schema.FieldType;

/**
 * The one rule deciding what a change of a field's type does to its stored values, used by the server and the
 * desktop alike: {@link #plan} says whether the column stays as it is or every value is converted into a new
 * column (expand, convert, swap: {@code dev.rowan.model.sql.ColumnConversion}).
 */
public final class TypeChange {
    private TypeChange() {
    }

    /** What a change from one type to another does to stored values. */
    public enum Plan {
        /** Nothing about storage changes (same type, or settings values do not depend on). */
        METADATA_ONLY,
        /** Every value is converted with the shared rules; some may fail or round. */
        CONVERT;

        public boolean converts() {
            return this == CONVERT;
        }
    }

    /**
     * Metadata only when the kind stays and the kind says its stored values are unchanged under the new settings
     * (select options, currency code, more decimal places); otherwise the values are converted: another kind,
     * date with/without time, fewer decimal places (so the stored value is the rounded value everybody sees).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Plan plan(FieldType from, FieldType to) {
        if (from.equals(to)) return Plan.METADATA_ONLY;
        FieldKind kind = FieldKinds.of(from);
        if (kind != FieldKinds.of(to)) return Plan.CONVERT;
        return kind.keepsValues(from, to) ? Plan.METADATA_ONLY : Plan.CONVERT;
    }

    /** True when every value of {@code from} converts to {@code to} without looking at data. */
    public static boolean alwaysConverts(FieldType from, FieldType to) {
        if (plan(from, to) == Plan.METADATA_ONLY) return true;
        if (FieldKinds.of(from) == FieldKinds.of(to)) return false;
        return FieldKinds.of(to).acceptsEveryValueOf(from);
    }
}
