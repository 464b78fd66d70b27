package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small table and one record for unit tests of the parser, checker and evaluator. */
final class FormulaTestSupport {
    static final UUID RECORD = UUID.fromString("3f2b8c1e-0000-4000-8000-00000000beef");
    static final OffsetDateTime CREATED = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    static FieldDef field(String name, String kind, Map<String, @Nullable Object> config) {
        return FieldDef.of(UUID.nameUUIDFromBytes(("unit " + name).getBytes(StandardCharsets.UTF_8)), name,
                FieldTypes.parse(kind, config, null));
    }

    static final FieldDef QTY = field("Qty", "number", Map.of("precision", 2));
    static final FieldDef NAME = field("Name", "text", Map.of());
    static final FieldDef EMPTY = field("Empty", "text", Map.of());
    static final FieldDef DUE = field("Due", "date", Map.of());
    static final FieldDef AT = field("At", "date", Map.of("includeTime", true));
    static final FieldDef PAID = field("Paid", "boolean", Map.of());
    static final FieldDef STATUS = field("Status", "single_select", Map.of("options", List.of("Open", "Done")));
    static final FieldDef TAGS = field("Tags", "multiple_select", Map.of("options", List.of("red", "green")));
    static final FieldDef DATA = field("Data", "json", Map.of());
    static final FieldDef ODD = field("Odd {name}", "number", Map.of("precision", 0));
    static final List<FieldDef> FIELDS = List.of(QTY, NAME, EMPTY, DUE, AT, PAID, STATUS, TAGS, DATA, ODD);
    static final FieldResolver RESOLVER = FieldResolver.of(FIELDS);

    static final EvalContext ROW = new EvalContext() {
        private final Map<UUID, Object> values = values();

        public @Nullable Object value(UUID fieldId) {
            return values.get(fieldId);
        }

        public UUID recordId() {
            return RECORD;
        }

        public OffsetDateTime createdAt() {
            return CREATED;
        }

        public OffsetDateTime updatedAt() {
            return CREATED.plusDays(1);
        }

        public java.time.Clock clock() {
            return java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
        }
    };

    private static Map<UUID, Object> values() {
        Map<UUID, Object> v = new HashMap<>();
        v.put(QTY.id(), new BigDecimal("12.50"));
        v.put(NAME.id(), "Rowan Tree");
        v.put(DUE.id(), LocalDate.of(2026, 2, 28));
        v.put(AT.id(), OffsetDateTime.of(2026, 11, 28, 14, 30, 15, 0, ZoneOffset.UTC));
        v.put(PAID.id(), true);
        FieldType.SingleSelect s = (FieldType.SingleSelect) STATUS.type();
        v.put(STATUS.id(), s.byLabel("Open").orElseThrow().id());
        FieldType.MultipleSelect m = (FieldType.MultipleSelect) TAGS.type();
        String red = m.byLabel("red").orElseThrow().id();
        v.put(TAGS.id(), List.of(red, m.byLabel("green").orElseThrow().id(), red));
        v.put(ODD.id(), new BigDecimal("7"));
        return v;
    }

    private FormulaTestSupport() {
    }

    static @Nullable Object eval(String formula) {
        return Evaluator.evaluate(Formula.compile(formula, RESOLVER), ROW);
    }

    /** A result as the tables in the tests write it: BLANK, ERROR, or the value as text. */
    static String show(@Nullable Object v) {
        if (v == null) return "BLANK";
        if (v instanceof ErrorValue) return "ERROR";
        return Values.toText(v);
    }
}
