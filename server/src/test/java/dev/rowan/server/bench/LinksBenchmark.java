package dev.rowan.server.bench;

import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.TestServer;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 12's link benchmark over REST on a real PostgreSQL (the test server: embedded PostgreSQL in this JVM):
 * 100,000 records each linked to 10 of 10,000 others (1,000,000 links). Prints the time to create the link field
 * on the two existing tables, a page of 50 with 2 lookups, 1 rollup and 1 formula (p50/p95), and a page filtered
 * and sorted by the rollup (p50/p95) read from its stored side table, and the first such page after one linked record
 * was edited (the refresh of the records linked to it). The rows and the junction are filled with SQL (the API has no bulk link
 * write); everything measured goes through HTTP. Run: see README ("Links benchmark").
 */
public final class LinksBenchmark {
    private LinksBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int main = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int others = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int per = 10;
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Links benchmark");
        Map<String, Object> big = api.createTable(app, "Orders", List.of(Map.of("name", "Name", "type", "text"),
                Map.of("name", "Qty", "type", "number", "config", Map.of("precision", 2))));
        Map<String, Object> small = api.createTable(app, "Products", List.of(Map.of("name", "Name", "type", "text"),
                Map.of("name", "Price", "type", "number", "config", Map.of("precision", 2))));
        long t0 = System.nanoTime();
        fill(big, main, "order");
        fill(small, others, "product");
        System.out.printf(Locale.ROOT, "Rowan links benchmark (%d cores): %,d records x %d links to %,d others%n",
                Runtime.getRuntime().availableProcessors(), main, per, others);
        System.out.printf(Locale.ROOT, "  (rows loaded in %.1f s)%n", ms(t0) / 1000);

        List<Double> creates = new ArrayList<>();
        String link = null;
        for (int i = 0; i < 5; i++) {
            long c0 = System.nanoTime();
            ApiClient.Response r = api.post("/api/tables/" + big.get("id") + "/fields", Map.of("name", "Items " + i,
                    "type", "link", "config", Map.of("tableId", small.get("id"), "inverseName", "Orders " + i)));
            creates.add(ms(c0));
            check(r, 201);
            if (i == 0) link = r.id();
            else check(api.delete("/api/tables/" + big.get("id") + "/fields/" + r.id()), 204, 200);
        }
        report("create a link field (junction + inverse) on existing tables, p50 of 5", p(creates, 50) + " ms",
                "<= 200 ms");

        long l0 = System.nanoTime();
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement()) {
            String schema = Physical.schema(big);
            String j = "\"" + schema + "\".\"" + PhysicalNames.junction(UUID.fromString(link)) + "\"";
            s.execute("INSERT INTO " + j + " (src, dst, pos) SELECT m.id, o.id, k FROM (SELECT id, row_number() "
                    + "OVER (ORDER BY id) - 1 AS rn FROM \"" + schema + "\".\"" + Physical.table(big) + "\") m "
                    + "CROSS JOIN generate_series(0, " + (per - 1) + ") k JOIN (SELECT id, row_number() OVER (ORDER BY "
                    + "id) - 1 AS rn FROM \"" + schema + "\".\"" + Physical.table(small) + "\") o ON o.rn = (m.rn * 7 "
                    + "+ k * " + Math.max(1, others / per) + ") % " + others);
            s.execute("ANALYZE " + j);
        }
        System.out.printf(Locale.ROOT, "  (%,d links loaded in %.1f s)%n", (long) main * per, ms(l0) / 1000);
        String base = "/api/tables/" + big.get("id");
        String pid = ApiClient.fieldId(small, "Price");
        String nid = ApiClient.fieldId(small, "Name");
        check(api.post(base + "/fields", Map.of("name", "Item names", "type", "lookup",
                "config", Map.of("linkFieldId", link, "targetFieldId", nid))), 201);
        check(api.post(base + "/fields", Map.of("name", "Item prices", "type", "lookup",
                "config", Map.of("linkFieldId", link, "targetFieldId", pid))), 201);
        check(api.post(base + "/fields", Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", pid, "function", "sum"))), 201);
        check(api.post(base + "/fields", Map.of("name", "Double", "type", "formula",
                "config", Map.of("formula", "{Qty} * 2"))), 201);

        List<Double> pages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long p0 = System.nanoTime();
            ApiClient.Response r = api.get(base + "/records?limit=50");
            double m = ms(p0);
            check(r, 200);
            if (r.data().size() != 50) throw new IllegalStateException("page of " + r.data().size());
            if (i >= 5) pages.add(m);
        }
        report("page of 50 with 2 lookups, 1 rollup, 1 formula (REST), p50 / p95",
                p(pages, 50) + " / " + p(pages, 95) + " ms", "<= 20 ms p50");

        List<Double> sorted = new ArrayList<>();
        String q = base + "/records?limit=50&filter=" + ApiClient.q("{\"field\":\"Total\",\"operator\":\"gt\","
                + "\"value\":4000}") + "&sort=" + ApiClient.q("[{\"field\":\"Total\",\"direction\":\"desc\"}]");
        // the first read by the rollup fills its side table (stored rollups, issue 12): timed on its own
        long f0 = System.nanoTime();
        check(api.get(q), 200);
        report("first read filtered/sorted by the rollup (fills its side table)", String.format(Locale.ROOT,
                "%.1f ms", ms(f0)), "once per rollup");
        for (int i = 0; i < 7; i++) {
            long p0 = System.nanoTime();
            ApiClient.Response r = api.get(q);
            double m = ms(p0);
            check(r, 200);
            if (i >= 2) sorted.add(m);
        }
        report("page of 50 filtered and sorted by the rollup (REST), p50 / p95",
                p(sorted, 50) + " / " + p(sorted, 95) + " ms", "<= 150 ms p50");

        // a filter that matches (a third of the records) and a descending sort: the side table's index walked
        String some = base + "/records?limit=50&filter=" + ApiClient.q("{\"field\":\"Total\",\"operator\":"
                + "\"gt\",\"value\":1000}") + "&sort=" + ApiClient.q("[{\"field\":\"Total\",\"direction\":"
                + "\"desc\"}]");
        List<Double> matched = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long p0 = System.nanoTime();
            ApiClient.Response r = api.get(some);
            double m = ms(p0);
            check(r, 200);
            if (r.data().size() != 50) throw new IllegalStateException("page of " + r.data().size());
            if (i >= 5) matched.add(m);
        }
        report("page of 50 filtered (Total > 1000) and sorted by the rollup, p50 / p95",
                p(matched, 50) + " / " + p(matched, 95) + " ms", "<= 150 ms p50");
        // one linked record edited, then the first read by the rollup refreshes the records linked to it
        List<Double> afterEdit = new ArrayList<>();
        List<Map<String, Object>> products = api.get("/api/tables/" + small.get("id") + "/records?limit=20").data();
        for (int i = 0; i < products.size(); i++) {
            check(api.patch("/api/tables/" + small.get("id") + "/records/" + products.get(i).get("id"),
                    Map.of("fields", Map.of("Price", 100 + i))), 200);
            long p0 = System.nanoTime();
            ApiClient.Response r = api.get(some);
            double m = ms(p0);
            check(r, 200);
            if (i >= 5) afterEdit.add(m);
        }
        report("first page by the rollup after one linked record edited (refresh), p50 / p95",
                p(afterEdit, 50) + " / " + p(afterEdit, 95) + " ms", "");
        if (System.getProperty("explain") != null) explain(api, (String) big.get("id"), (String) small.get("id"));
        System.exit(0);
    }

    /** Prints PostgreSQL's plan of the page query (-Dexplain): where the time of a page goes. */
    @SuppressWarnings("unchecked")
    private static void explain(ApiClient api, String bigId, String smallId) throws Exception {
        java.util.function.Function<String, dev.rowan.model.schema.TableDef> def = id -> {
            Map<String, Object> t = api.get("/api/tables/" + id).map();
            List<dev.rowan.model.schema.FieldDef> fields = new ArrayList<>();
            for (Map<String, Object> f : (List<Map<String, Object>>) t.get("fields")) {
                fields.add(dev.rowan.model.schema.FieldDef.of(UUID.fromString((String) f.get("id")),
                        (String) f.get("name"), dev.rowan.model.schema.FieldTypes.parse((String) f.get("type"),
                                new java.util.HashMap<>((Map<String, Object>) f.get("config")), null)));
            }
            return new dev.rowan.model.schema.TableDef(UUID.fromString(id), UUID.randomUUID(), (String) t.get("name"),
                    Physical.schema(t), Physical.table(t), fields);
        };
        dev.rowan.model.schema.TableDef big = def.apply(bigId);
        dev.rowan.model.schema.TableDef small = def.apply(smallId);
        big = big.withLinked(Map.of(small.id(), small));
        var q = new dev.rowan.model.sql.RecordSql(dev.rowan.model.sql.SqlDialect.POSTGRES)
                .page(big, null, List.of(), null, 50);
        try (Connection c = TestServer.jdbc();
             var ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + q.sql())) {
            q.bind(dev.rowan.model.sql.SqlDialect.POSTGRES, ps, 1);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) System.out.println("    " + rs.getString(1));
            }
        }
    }

    private static void fill(Map<String, Object> table, int rows, String prefix) throws Exception {
        String name = Physical.column(field(table, "Name"));
        String num = Physical.column(field(table, table.get("name").equals("Orders") ? "Qty" : "Price"));
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"" + Physical.schema(table) + "\".\"" + Physical.table(table) + "\" (id, "
                    + "created_at, updated_at, row_version, \"" + name + "\", \"" + num + "\") SELECT "
                    + "gen_random_uuid(), now(), now(), 1, '" + prefix + " ' || g, (g % 1000) / 4.0 FROM "
                    + "generate_series(1, " + rows + ") g");
            s.execute("ANALYZE \"" + Physical.schema(table) + "\".\"" + Physical.table(table) + "\"");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> table, String name) {
        return ((List<Map<String, Object>>) table.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow();
    }

    private static void check(ApiClient.Response r, int... status) {
        for (int s : status) if (r.status() == s) return;
        throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
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
