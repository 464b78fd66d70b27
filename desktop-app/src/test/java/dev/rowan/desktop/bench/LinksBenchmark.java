package dev.rowan.desktop.bench;

import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 12's link target on H2 (numbers printed, never asserted): 100,000 records each linked to 10 of 10,000 others
 * in a workspace; a page of 50 with 2 lookups, 1 rollup and 1 formula read through {@code RecordStore} (target
 * ≤ 40 ms p50), and a page filtered and sorted by the rollup. Rows go in through {@code RecordStore.insertAll}, the
 * junction with one SQL statement. Run (from the worktree root):
 * {@code ./mvnw -B -q -pl desktop-app -am -Pbenchmark test-compile exec:exec -Drowan.bench.main=dev.rowan.desktop.bench.LinksBenchmark}
 */
public final class LinksBenchmark {
    public static void main(String[] args) throws Exception {
        int main = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int others = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("rowan-links-bench");
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            UUID app = schema.createApp("Bench").id();
            TableDef products = schema.createTable(app, null, "Products", List.of(
                    FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Price", new FieldType.NumberType(2))));
            TableDef orders = schema.createTable(app, null, "Orders", List.of(
                    FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2))));
            long t0 = System.nanoTime();
            load(records, products, others, "product");
            load(records, orders, main, "order");
            System.out.printf(Locale.ROOT, "Rowan links benchmark on H2: %,d records x 10 links to %,d others%n",
                    main, others);
            System.out.printf(Locale.ROOT, "  (rows loaded in %.1f s)%n", ms(t0) / 1000);
            UUID linkId = UUID.randomUUID();
            schema.addField(orders.id(), FieldDef.of(linkId, "Items", new FieldType.Link(products.id(), null, false,
                    linkId, true)));
            long l0 = System.nanoTime();
            String j = SqlDialect.H2.quote(PhysicalNames.junction(linkId));
            String from = new RecordSql(SqlDialect.H2).from(orders);
            String to = new RecordSql(SqlDialect.H2).from(products);
            ws.write(c -> {
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO " + j + " (src, dst, pos) SELECT m.id, o.id, k.x FROM (SELECT id, "
                            + "ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM " + from + ") m CROSS JOIN "
                            + "(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS k(x) JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM "
                            + to + ") o ON o.rn = MOD(m.rn * 7 + k.x * " + Math.max(1, others / 10) + ", " + others + ")");
                    s.execute("ANALYZE");
                }
                return null;
            });
            System.out.printf(Locale.ROOT, "  (%,d links loaded in %.1f s)%n", (long) main * 10, ms(l0) / 1000);
            TableDef p = schema.table(products.id());
            schema.addField(orders.id(), FieldDef.of(UUID.randomUUID(), "Item names",
                    new FieldType.Lookup(linkId, p.fields().get(0).id(), new FieldType.Text())));
            schema.addField(orders.id(), FieldDef.of(UUID.randomUUID(), "Item prices",
                    new FieldType.Lookup(linkId, p.fields().get(1).id(), new FieldType.Text())));
            schema.addField(orders.id(), FieldDef.of(UUID.randomUUID(), "Total",
                    new FieldType.Rollup(linkId, p.fields().get(1).id(), RollupFunction.SUM, null,
                            new FieldType.NumberType(0))));
            schema.addField(orders.id(), FieldDef.of(UUID.randomUUID(), "Double",
                    FieldTypes.parse("formula", Map.of("formula", "{Qty} * 2"), null)));
            TableDef t = schema.table(orders.id());
            List<Double> pages = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                long p0 = System.nanoTime();
                int n = records.page(t, null, List.of(), null, 50).rows().size();
                double m = ms(p0);
                if (n != 50) throw new IllegalStateException("page of " + n);
                if (i >= 5) pages.add(m);
            }
            report("page of 50 with 2 lookups, 1 rollup, 1 formula (H2), p50 / p95",
                    p(pages, 50) + " / " + p(pages, 95) + " ms", "<= 40 ms p50");
            List<Double> sorted = new ArrayList<>();
            Filter f = Filter.where("Total", Operator.GT, 4000);
            for (int i = 0; i < 3; i++) {
                long p0 = System.nanoTime();
                records.page(t, f, List.of(new Sort("Total", true)), null, 50);
                double m = ms(p0);
                sorted.add(m);
            }
            report("page of 50 filtered and sorted by the rollup (H2), p50 of 3", p(sorted, 50) + " ms",
                    "<= 150 ms p50");
        }
    }

    private static void load(RecordStore records, TableDef t, int rows, String prefix) {
        for (int done = 0; done < rows; done += 50_000) {
            List<Map<UUID, @Nullable Object>> batch = new ArrayList<>();
            for (int i = done; i < Math.min(rows, done + 50_000); i++) {
                Map<UUID, @Nullable Object> v = new HashMap<>();
                v.put(t.fields().get(0).id(), prefix + " " + i);
                v.put(t.fields().get(1).id(), BigDecimal.valueOf(i % 1000, 2));
                batch.add(v);
            }
            records.insertAll(t, batch, () -> false);
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void report(String what, String measured, String target) {
        System.out.printf(Locale.ROOT, "  %-72s %-18s %s%n", what, measured, target);
    }

    private static String p(List<Double> values, int percentile) {
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        double v = s.get(Math.min(s.size() - 1, (int) Math.ceil(percentile / 100.0 * s.size()) - 1));
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
