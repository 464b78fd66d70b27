package dev.rowan.model.value;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.sql.SqlDialect;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The per-value hot path of every field type, in a mix like a row of a real table (so calls see many types, as
 * they do when a sync or a bulk insert goes row by row): strict API input, typed text, the text shown, the cursor
 * text, the API form and the dialect's placeholder. Prints ns per value, asserts nothing. Uses only methods that
 * existed before field kinds became descriptors, so the same file runs against either build:
 * <pre>
 * ./mvnw -B -q -pl shared-model test-compile
 * java -cp "shared-model/target/test-classes:shared-model/target/classes:$HOME/.m2/repository/com/google/re2j/re2j/1.8/re2j-1.8.jar" \
 *     dev.rowan.model.value.ValueCodecBenchmark
 * </pre>
 */
public final class ValueCodecBenchmark {
    private static final int ROWS = 200_000;
    private static final int ROUNDS = 7;

    private record Column(FieldDef field, String typed, Object api) {
    }

    public static void main(String[] args) {
        List<SelectOption> options = List.of(new SelectOption("a", "Todo", "red"), new SelectOption("b", "Doing", "blue"),
                new SelectOption("c", "Done", "green"));
        List<Column> row = List.of(
                column(new FieldType.Text(), "Quarterly report", "Quarterly report"),
                column(new FieldType.LongText(), "Line one\nline two", "Line one\nline two"),
                column(new FieldType.NumberType(2), "1,234.5", new java.math.BigDecimal("1234.5")),
                column(new FieldType.Currency("EUR", 2), "EUR 19.90", new java.math.BigDecimal("19.9")),
                column(new FieldType.Percent(0), "35 %", 35),
                column(new FieldType.DateType(false), "2026-01-31", "2026-01-31"),
                column(new FieldType.DateType(true), "2026-01-31T14:30:00Z", "2026-01-31T14:30:00Z"),
                column(new FieldType.SingleSelect(options), "Doing", "Doing"),
                column(new FieldType.MultipleSelect(options), "Todo, Done", List.of("Todo", "Done")),
                column(new FieldType.BooleanType(), "yes", true),
                column(new FieldType.Email(), "ada@example.com", "ada@example.com"),
                column(new FieldType.Url(), "https://rowan.dev/a", "https://rowan.dev/a"));
        System.out.printf("%-28s %s%n", "operation (12-field rows)", "ns per value, best of " + ROUNDS + " rounds");
        System.out.printf("%-28s %8.1f%n", "coerce (API input)", best(() -> coerce(row)));
        System.out.printf("%-28s %8.1f%n", "parseText (typed)", best(() -> parseText(row)));
        System.out.printf("%-28s %8.1f%n", "formatText (shown)", best(() -> formatText(row)));
        System.out.printf("%-28s %8.1f%n", "canonical text round trip", best(() -> canonical(row)));
        System.out.printf("%-28s %8.1f%n", "toApi", best(() -> toApi(row)));
        System.out.printf("%-28s %8.1f%n", "placeholder (both dialects)", best(() -> placeholder(row)));
    }

    private static Column column(FieldType type, String typed, Object api) {
        return new Column(FieldDef.of(UUID.randomUUID(), "F", type), typed, api);
    }

    private interface Work {
        long run();
    }

    private static double best(Work w) {
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            sink += w.run();
            long t1 = System.nanoTime();
            best = Math.min(best, (t1 - t0) / (double) (ROWS * 12L));
        }
        if (sink == 42) System.out.print("");
        return best;
    }

    private static long coerce(List<Column> row) {
        long n = 0;
        for (int i = 0; i < ROWS; i++) {
            for (Column c : row) {
                if (FieldValues.coerce(c.field(), c.api(), "v") != null) n++;
            }
        }
        return n;
    }

    private static long parseText(List<Column> row) {
        long n = 0;
        for (int i = 0; i < ROWS; i++) {
            for (Column c : row) {
                if (FieldValues.parseText(c.field(), c.typed()) != null) n++;
            }
        }
        return n;
    }

    private static List<Object> canonicalValues(List<Column> row) {
        List<Object> out = new ArrayList<>();
        for (Column c : row) out.add(FieldValues.coerce(c.field(), c.api(), "v"));
        return out;
    }

    private static long formatText(List<Column> row) {
        List<Object> values = canonicalValues(row);
        long n = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int k = 0; k < row.size(); k++) {
                n += FieldValues.formatText(row.get(k).field().type(), values.get(k)).length();
            }
        }
        return n;
    }

    private static long canonical(List<Column> row) {
        List<Object> values = canonicalValues(row);
        long n = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int k = 0; k < row.size(); k++) {
                FieldType t = row.get(k).field().type();
                if (FieldValues.fromCanonicalText(t, FieldValues.toCanonicalText(t, values.get(k))) != null) n++;
            }
        }
        return n;
    }

    private static long toApi(List<Column> row) {
        List<Object> values = canonicalValues(row);
        long n = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int k = 0; k < row.size(); k++) {
                if (FieldValues.toApi(row.get(k).field().type(), values.get(k)) != null) n++;
            }
        }
        return n;
    }

    private static long placeholder(List<Column> row) {
        long n = 0;
        for (int i = 0; i < ROWS; i++) {
            for (Column c : row) {
                n += SqlDialect.H2.placeholder(c.field().type()).length()
                        + SqlDialect.POSTGRES.placeholder(c.field().type()).length();
            }
        }
        return n;
    }
}
