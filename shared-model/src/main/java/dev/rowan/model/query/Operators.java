package dev.rowan.model.query;

import dev.rowan.model.schema.FieldType;

import java.util.List;

import static dev.rowan.model.query.Operator.BETWEEN;
import static dev.rowan.model.query.Operator.CONTAINS;
import static dev.rowan.model.query.Operator.ENDS_WITH;
import static dev.rowan.model.query.Operator.EQ;
import static dev.rowan.model.query.Operator.GT;
import static dev.rowan.model.query.Operator.GTE;
import static dev.rowan.model.query.Operator.IN;
import static dev.rowan.model.query.Operator.IS_NOT_NULL;
import static dev.rowan.model.query.Operator.IS_NULL;
import static dev.rowan.model.query.Operator.LT;
import static dev.rowan.model.query.Operator.LTE;
import static dev.rowan.model.query.Operator.NE;
import static dev.rowan.model.query.Operator.NOT_CONTAINS;
import static dev.rowan.model.query.Operator.NOT_IN;
import static dev.rowan.model.query.Operator.STARTS_WITH;

/**
 * The operators a filter offers for each field type, in the order a person reads them. Every one of them compiles
 * for its type in {@code RecordSql} (a test runs each on real H2 and PostgreSQL), so a filter built from these
 * lists never meets "operator does not apply". The API may accept a few more (ordering text), which no builder offers.
 */
public final class Operators {
    private static final List<Operator> TEXT = List.of(EQ, NE, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH,
            IS_NULL, IS_NOT_NULL);
    private static final List<Operator> ORDERED = List.of(EQ, NE, GT, GTE, LT, LTE, BETWEEN, IS_NULL, IS_NOT_NULL);

    private Operators() {
    }

    public static List<Operator> forType(FieldType type) {
        return switch (type) {
            case FieldType.Text t -> TEXT;
            case FieldType.LongText t -> TEXT;
            case FieldType.Url t -> TEXT;
            case FieldType.Email t -> TEXT;
            case FieldType.Phone t -> TEXT;
            case FieldType.NumberType n -> ORDERED;
            case FieldType.Currency c -> ORDERED;
            case FieldType.Percent p -> ORDERED;
            case FieldType.DateType d -> ORDERED;
            case FieldType.BooleanType b -> List.of(EQ);
            case FieldType.SingleSelect s -> List.of(EQ, NE, IN, NOT_IN, IS_NULL, IS_NOT_NULL);
            case FieldType.MultipleSelect m -> List.of(CONTAINS, NOT_CONTAINS, IN, NOT_IN, IS_NULL, IS_NOT_NULL);
            case FieldType.Json j -> List.of(CONTAINS, NOT_CONTAINS, IS_NULL, IS_NOT_NULL);
        };
    }
}
