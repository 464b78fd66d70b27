package dev.rowan.model.query;

import java.util.Optional;

/** Filter operators, named as the API spells them. */
public enum Operator {
    EQ("eq"), NE("ne"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), IN("in"), NOT_IN("notIn"),
    CONTAINS("contains"), NOT_CONTAINS("notContains"), STARTS_WITH("startsWith"), ENDS_WITH("endsWith"),
    IS_NULL("isNull"), IS_NOT_NULL("isNotNull"), BETWEEN("between"),
    /** Links: linked to at least one of the listed record ids. */
    HAS_ANY_OF("hasAnyOf"),
    /** Links: linked to none of the listed record ids. */
    HAS_NONE_OF("hasNoneOf");

    private final String api;

    Operator(String api) {
        this.api = api;
    }

    public String api() {
        return api;
    }

    public static Optional<Operator> fromApi(String s) {
        for (Operator o : values()) {
            if (o.api.equals(s)) return Optional.of(o);
        }
        return Optional.empty();
    }

    public boolean takesValue() {
        return this != IS_NULL && this != IS_NOT_NULL;
    }

    public boolean takesList() {
        return this == IN || this == NOT_IN || this == BETWEEN || this == HAS_ANY_OF || this == HAS_NONE_OF;
    }
}
