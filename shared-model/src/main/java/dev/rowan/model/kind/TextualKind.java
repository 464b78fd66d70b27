package dev.rowan.model.kind;

import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

import static dev.rowan.model.query.Operator.CONTAINS;
import static dev.rowan.model.query.Operator.ENDS_WITH;
import static dev.rowan.model.query.Operator.EQ;
import static dev.rowan.model.query.Operator.IS_NOT_NULL;
import static dev.rowan.model.query.Operator.IS_NULL;
import static dev.rowan.model.query.Operator.NE;
import static dev.rowan.model.query.Operator.NOT_CONTAINS;
import static dev.rowan.model.query.Operator.STARTS_WITH;

/** Kinds whose values are text: stored as text, searched with contains/startsWith, checked for length. */
abstract class TextualKind<T extends FieldType> implements FieldKind<T> {
    static final List<Operator> OPERATORS = List.of(EQ, NE, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH,
            IS_NULL, IS_NOT_NULL);

    private final String kind;
    private final Class<T> typeClass;
    private final T example;
    private final int maxLength;

    TextualKind(String kind, Class<T> typeClass, T example, int maxLength) {
        this.kind = kind;
        this.typeClass = typeClass;
        this.example = example;
        this.maxLength = maxLength;
    }

    public final String kind() {
        return kind;
    }

    public final Class<T> typeClass() {
        return typeClass;
    }

    public final T example() {
        return example;
    }

    public T parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return example;
    }

    public final StorageClass storage(T type) {
        return StorageClass.TEXT;
    }

    public final List<Operator> operators(T type) {
        return OPERATORS;
    }

    public final boolean textual() {
        return true;
    }

    public final @Nullable Object coerce(T type, FieldDef field, Object raw, String key) {
        String s = ValueRules.text(raw, key, maxLength, field);
        return s == null ? null : check(type, s, key);
    }

    /** The check of non-empty text for kinds whose settings decide what is valid (a barcode's format). */
    String check(T type, String s, String key) {
        return check(s, key);
    }

    /** The kind's own check of non-empty text (URL, email, phone); returns the value to store. */
    String check(String s, String key) {
        return s;
    }

    @Override
    public java.util.Optional<Object> groupKeyValue(T type, String text) {
        return java.util.Optional.of(text);
    }
}
