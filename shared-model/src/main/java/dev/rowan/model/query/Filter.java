package dev.rowan.model.query;

import org.jspecify.annotations.Nullable;

import java.util.List;

/** A filter expression: nested AND/OR groups of conditions on fields. Values are raw API values. */
public sealed interface Filter {

    enum Logic { AND, OR }

    record Group(Logic logic, List<Filter> conditions) implements Filter {
        public Group {
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code field} is a field name or id; {@code value} is a JSON value (list for in/notIn/between). */
    record Condition(String field, Operator operator, @Nullable Object value) implements Filter {
    }

    static Group and(Filter... f) {
        return new Group(Logic.AND, List.of(f));
    }

    static Group or(Filter... f) {
        return new Group(Logic.OR, List.of(f));
    }

    static Condition where(String field, Operator op, @Nullable Object value) {
        return new Condition(field, op, value);
    }
}
