package dev.rowan.model.query;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.schema.FieldType;

import java.util.List;

/**
 * The operators a filter offers for each field type (its kind's {@code operators}), in the order a person reads
 * them. Every one of them compiles for its type in {@code RecordSql} (a test runs each on real H2 and PostgreSQL), so a filter built from these
 * lists never meets "operator does not apply". The API may accept a few more (ordering text), which no builder offers.
 */
public final class Operators {
    private Operators() {
    }

    public static List<Operator> forType(FieldType type) {
        return FieldKinds.of(type).operators(type);
    }
}
