package dev.rowan.model.kind;

import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.List;

import static dev.rowan.model.query.Operator.BETWEEN;
import static dev.rowan.model.query.Operator.EQ;
import static dev.rowan.model.query.Operator.GT;
import static dev.rowan.model.query.Operator.GTE;
import static dev.rowan.model.query.Operator.IS_NOT_NULL;
import static dev.rowan.model.query.Operator.IS_NULL;
import static dev.rowan.model.query.Operator.LT;
import static dev.rowan.model.query.Operator.LTE;
import static dev.rowan.model.query.Operator.NE;

/**
 * Kinds whose values are exact decimals with a number of decimal places (0..10): stored as a decimal, compared and
 * ordered as numbers, written in plain notation.
 */
public abstract class NumericKind<T extends FieldType> implements FieldKind<T> {
    static final List<Operator> ORDERED = List.of(EQ, NE, GT, GTE, LT, LTE, BETWEEN, IS_NULL, IS_NOT_NULL);

    /** The decimal places a value of this type keeps. */
    public abstract int precision(T type);

    /** {@link #precision} of a type known to be of this kind. */
    public final int precisionOf(FieldType type) {
        return precision(typeClass().cast(type));
    }

    /** The number part of typed text: a currency's code or symbol, a percent sign are not part of it. */
    public String numberText(T type, String stripped) {
        return stripped;
    }

    /** Said after "has more decimal places than it keeps" when the kind's numbers are easily misread. */
    public String typingHint(T type) {
        return "";
    }

    public final StorageClass storage(T type) {
        return StorageClass.decimal(precision(type));
    }

    public final List<Operator> operators(T type) {
        return ORDERED;
    }

    public final boolean numeric() {
        return true;
    }

    public final @Nullable Object coerce(T type, FieldDef field, Object raw, String key) {
        return ValueRules.number(raw, key, precision(type), field);
    }

    public final String formatText(T type, Object value) {
        return ((BigDecimal) value).toPlainString();
    }

    public final Object parseInput(T type, String text, String stripped, String key) {
        return ValueRules.parseNumber(numberText(type, stripped), stripped, key);
    }

    public final String canonicalText(T type, Object value) {
        return ((BigDecimal) value).toPlainString();
    }

    public final Object fromCanonicalText(T type, String text) {
        return ValueRules.canonicalNumber(text);
    }

    /**
     * More decimal places keep every value as it is (1.25 is 1.250); fewer round them, so the stored value is
     * converted: otherwise the database would keep 1.25 while the field shows 1, filters would match what is not
     * shown, and a later precision increase would bring back digits the client had already rounded away.
     */
    public final boolean keepsValues(T from, T to) {
        return precision(to) >= precision(from);
    }

    @Override
    public java.util.Optional<Object> groupKeyValue(T type, String text) {
        try {
            return java.util.Optional.of(new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
