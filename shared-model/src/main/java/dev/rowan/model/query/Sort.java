package dev.rowan.model.query;

/** One sort key; {@code field} is a field name or id, or a system column such as {@code createdAt}. */
public record Sort(String field, boolean descending) {
    public static Sort asc(String field) {
        return new Sort(field, false);
    }

    public static Sort desc(String field) {
        return new Sort(field, true);
    }
}
