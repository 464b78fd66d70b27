package dev.rowan.server.views;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.server.support.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The server's grouping by each value on PostgreSQL (not a unit test, numbers are printed; in this package to reach
 * {@code ViewGroupsRepository.rows}): a table of 1,000,000 records (8 members, each in a record's team with
 * probability 1/4; 8 regions; a number) filled by SQL, then each grouping read by the join to positions (before
 * slice h-eachcold: a scan for the widest set, the expanded {@code GROUP BY}, one more per upper level) and by the
 * sets folded ({@code EachValueSets}), alternately, 3 times each: by member with count/sum/min/max of the number,
 * and member → region. Run (from the worktree root, after a reactor test-compile and
 * {@code ./mvnw -B -q -pl server dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * -Dmdep.includeScope=test}): {@code java -cp server/target/test-classes:server/target/classes:
 * shared-model/target/classes:$(cat server/target/test-classpath.txt) dev.rowan.server.views.EachValueGroupsBenchmark}
 * ({@code -Drowan.bench.rows=100000} for another size). Uses {@code ROWAN_TEST_DB_URL} if set, else an embedded
 * PostgreSQL.
 */
public final class EachValueGroupsBenchmark {
    private static final int RUNS = 3;

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("rowan.bench.rows", 1_000_000);
        SqlDialect pg = SqlDialect.POSTGRES;
        String schema = "bench_each_" + Long.toHexString(System.nanoTime());
        FieldDef region = FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text());
        FieldDef team = FieldDef.of(UUID.randomUUID(), "Team", new FieldType.User(true));
        FieldDef qty = FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2));
        TableDef t = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Tasks", schema, "dt_bench",
                List.of(region, team, qty));
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())) {
            Ddl ddl = new Ddl(pg);
            try (Statement s = c.createStatement()) {
                s.execute(ddl.createSchema(schema));
                s.execute(ddl.createMembers(schema));
                for (String sql : ddl.createTable(t)) s.execute(sql);
                long t0 = System.nanoTime();
                // members m0..m7, each in a team with probability 1/4; no member: NULL
                StringBuilder teamExpr = new StringBuilder("NULLIF(ARRAY_REMOVE(ARRAY[");
                for (int m = 0; m < 8; m++) {
                    teamExpr.append(m == 0 ? "" : ", ").append("CASE WHEN random() < 0.25 THEN '")
                            .append(new UUID(0, m)).append("' END");
                }
                teamExpr.append("]::text[], NULL), '{}')");
                s.execute("INSERT INTO " + pg.quote(schema) + "." + pg.quote("dt_bench") + " (id, created_at, updated_at, "
                        + pg.quote(region.columnName()) + ", " + pg.quote(team.columnName()) + ", "
                        + pg.quote(qty.columnName()) + ") SELECT gen_random_uuid(), now(), now(), 'Region ' || (g % 8), "
                        + teamExpr + ", round((random() * 1000)::numeric, 2) FROM generate_series(1, " + rows + ") g");
                s.execute("ANALYZE " + pg.quote(schema) + "." + pg.quote("dt_bench"));
                System.out.printf(Locale.ROOT, "%,d rows loaded in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            }
            ViewGroupsRepository repo = new ViewGroupsRepository();
            for (List<FieldDef> by : List.of(List.of(team), List.of(team, region))) {
                long[][] ms = new long[2][RUNS];
                int[] groups = new int[2];
                for (int i = 0; i < RUNS; i++) {
                    for (int fold = 0; fold < 2; fold++) {
                        long t0 = System.nanoTime();
                        GroupRows r = repo.rows(c, t, null, by, List.of(qty), null, fold == 1);
                        ms[fold][i] = (System.nanoTime() - t0) / 1_000_000;
                        groups[fold] = r.size();
                    }
                }
                if (groups[0] != groups[1]) throw new IllegalStateException("different groups: " + groups[0] + " / " + groups[1]);
                System.out.printf(Locale.ROOT, "%,d rows, by %s with count/sum/min/max (%d groups): join to positions"
                                + " %s ms, sets folded %s ms%n", rows, by.stream().map(FieldDef::name).toList(),
                        groups[1], java.util.Arrays.toString(ms[0]), java.util.Arrays.toString(ms[1]));
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + pg.quote(schema) + " CASCADE");
            }
        }
    }
}
