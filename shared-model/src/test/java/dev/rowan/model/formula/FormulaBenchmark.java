package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Formulas over 100,000 records: evaluated in memory, and compiled and run on H2 (desktop) and PostgreSQL
 * (server) — every value computed, then a filtered, sorted page of 50. Prints medians of 5 runs; asserts nothing.
 * Run after a build:
 * <pre>
 * ./mvnw -B -q -pl shared-model test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "shared-model/target/test-classes:shared-model/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.rowan.model.formula.FormulaBenchmark
 * </pre>
 */
public final class FormulaBenchmark {
    private static final int ROWS = Integer.getInteger("rows", 100_000);
    private static final int RUNS = 5;

    private FormulaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FieldDef n = FormulaTestSupport.field("N", "number", Map.of("precision", 2));
        FieldDef t = FormulaTestSupport.field("T", "text", Map.of());
        FieldDef d = FormulaTestSupport.field("D", "date", Map.of());
        FieldDef dt = FormulaTestSupport.field("DT", "date", Map.of("includeTime", true));
        List<FieldDef> fields = List.of(n, t, d, dt);
        FieldResolver resolver = FieldResolver.of(fields);
        List<String> formulas = List.of(
                "{N} * 1.19 + 2",
                "IF({N} > 0, ROUND({N} * 1.19, 2) & \" \" & UPPER(LEFT({T}, 3)), \"none\")",
                "DATETIME_DIFF({DT}, {D}, \"days\") + WORKDAY_DIFF({D}, DATEADD({D}, 30, \"days\"))",
                "REGEX_MATCH({T}, \"^[a-z]+ [0-9]+$\")");
        try (FormulaEngines engines = new FormulaEngines("formula_bench", fields)) {
            List<FormulaEngines.Row> rows = new ArrayList<>(ROWS);
            Random r = new Random(1);
            long t0 = System.nanoTime();
            for (FormulaEngines.Engine e : engines.both()) e.conn().setAutoCommit(false);
            for (int i = 0; i < ROWS; i++) {
                Map<UUID, @Nullable Object> v = new HashMap<>();
                v.put(n.id(), r.nextInt(10) == 0 ? null : BigDecimal.valueOf(r.nextInt(2_000_000) - 1_000_000, 2));
                v.put(t.id(), "item " + r.nextInt(100_000));
                LocalDate date = LocalDate.of(2000, 1, 1).plusDays(r.nextInt(10_000));
                v.put(d.id(), date);
                v.put(dt.id(), OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(r.nextInt(
                        200_000_000)));
                FormulaEngines.Row row = new FormulaEngines.Row(new UUID(r.nextLong(), r.nextLong()),
                        OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC), v);
                rows.add(row);
                engines.insert(row);
            }
            for (FormulaEngines.Engine e : engines.both()) {
                e.conn().commit();
                e.conn().setAutoCommit(true);
            }
            FormulaEngines.execute(engines.postgres, "ANALYZE " + new RecordSql(engines.postgres.dialect())
                    .from(engines.table));
            System.out.printf("%,d records inserted on both engines in %.1f s%n", ROWS, (System.nanoTime() - t0) / 1e9);
            System.out.printf("%-82s %12s %12s %12s %12s %12s %12s%n", "formula", "compile µs", "memory ms",
                    "h2 all ms", "pg all ms", "h2 page ms", "pg page ms");
            for (String text : formulas) {
                long[] compile = new long[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long s = System.nanoTime();
                    CheckedFormula f = Formula.compile(text, resolver);
                    SqlCompiler.compile(f, engines.postgres.dialect(), ColumnResolver.table(engines.postgres.dialect(),
                            "t"));
                    compile[i] = (System.nanoTime() - s) / 1_000;
                }
                CheckedFormula f = Formula.compile(text, resolver);
                long[] memory = new long[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long s = System.nanoTime();
                    int nonBlank = 0;
                    for (FormulaEngines.Row row : rows) if (Evaluator.evaluate(f, row) != null) nonBlank++;
                    memory[i] = (System.nanoTime() - s) / 1_000_000 + (nonBlank < 0 ? 1 : 0);
                }
                System.out.printf("%-82s %12d %12d %12d %12d %12d %12d%n", text.length() > 80 ? text.substring(0, 79)
                                + "…" : text, median(compile), median(memory), all(engines, engines.h2, f),
                        all(engines, engines.postgres, f), page(engines, engines.h2, f),
                        page(engines, engines.postgres, f));
            }
        }
    }

    /**
     * Every record's value, read to the client. Each run binds a different id to exclude, so H2 cannot hand back
     * the previous result of an identical deterministic query.
     */
    private static long all(FormulaEngines engines, FormulaEngines.Engine e, CheckedFormula f) throws Exception {
        SqlFragment x = SqlCompiler.compile(f, e.dialect(), ColumnResolver.table(e.dialect(), "t"));
        String sql = "SELECT t.id, " + x.sql() + " FROM " + new RecordSql(e.dialect()).from(engines.table)
                + " t WHERE t.id <> ?";
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            try (PreparedStatement ps = e.conn().prepareStatement(sql)) {
                ps.setObject(x.bind(e.dialect(), ps, 1), UUID.randomUUID());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) FormulaEngines.read(rs, f.type());
                }
            }
            times[i] = (System.nanoTime() - s) / 1_000_000;
        }
        return median(times);
    }

    /** 50 records where the formula is not blank, sorted by it: the database computes it for every record. */
    private static long page(FormulaEngines engines, FormulaEngines.Engine e, CheckedFormula f) throws Exception {
        SqlFragment x = SqlCompiler.compile(f, e.dialect(), ColumnResolver.table(e.dialect(), "t"));
        String sql = "SELECT t.id FROM " + new RecordSql(e.dialect()).from(engines.table) + " t WHERE " + x.sql()
                + " IS NOT NULL AND t.id <> ? ORDER BY " + x.sql() + ", t.id LIMIT 50";
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            try (PreparedStatement ps = e.conn().prepareStatement(sql)) {
                int next = x.bind(e.dialect(), ps, 1);
                ps.setObject(next, UUID.randomUUID());
                x.bind(e.dialect(), ps, next + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rs.getObject(1);
                }
            }
            times[i] = (System.nanoTime() - s) / 1_000_000;
        }
        return median(times);
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
