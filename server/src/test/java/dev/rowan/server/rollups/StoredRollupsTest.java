package dev.rowan.server.rollups;

import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import dev.rowan.server.tables.TableRepository;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored rollups over HTTP on the real PostgreSQL: after every write path that changes a rollup's inputs — single
 * writes on either side of the link, bulk create and delete, a sync push, a public form, deletes with and without
 * the inverse field, a type change of the rolled-up field, the rollup re-saved — a page filtered and sorted by the
 * rollup (read from its side table, walked by cursor) equals an independent computation in Java from the records'
 * computed values, and so does the count. A hidden linked table still reads empty and never reaches the side table;
 * refused writes change nothing; the page's plan walks the side table's index.
 */
class StoredRollupsTest {
    private ApiClient api;
    private String projects;
    private String tasks;
    private String hoursRollup;
    private final List<String> p = new ArrayList<>();
    private final List<String> t = new ArrayList<>();

    private static String records(String table) {
        return "/api/tables/" + table + "/records";
    }

    private static String record(String table, String id) {
        return records(table) + "/" + id;
    }

    private static String fields(String table) {
        return "/api/tables/" + table + "/fields";
    }

    private static String created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    private static void ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 204);
    }

    private String fieldId(String table, String name) {
        return ApiClient.fieldId(api.get("/api/tables/" + table).map(), name);
    }

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    /** Projects (Name) linked to Tasks (Title, Hours, Done), with rollups Hours (sum), Done hours, Count. */
    private void fixture(String label) {
        api = TestServer.newTenant();
        String app = api.createApp("Stored rollups " + label);
        projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        tasks = (String) api.createTable(app, "Tasks", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Hours", "type", "number", "config", Map.of("precision", 2)),
                Map.of("name", "Done", "type", "checkbox"))).get("id");
        String link = created(api.post(fields(projects), Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project"))));
        hoursRollup = created(api.post(fields(projects), Map.of("name", "Hours", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", fieldId(tasks, "Hours"), "function", "sum"))));
        created(api.post(fields(projects), Map.of("name", "Done hours", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", fieldId(tasks, "Hours"), "function", "sum",
                        "filter", Map.of("field", fieldId(tasks, "Done"), "operator", "eq", "value", true)))));
        created(api.post(fields(projects), Map.of("name", "Count", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", fieldId(tasks, "Title"),
                        "function", "count"))));
        for (int i = 0; i < 8; i++) {
            p.add(created(api.post(records(projects), Map.of("fields", Map.of("Name", "p" + i)))));
        }
        for (int i = 0; i < 14; i++) {
            t.add(created(api.post(records(tasks), Map.of("fields", Map.of("Title", "t" + i,
                    "Hours", (i * 37 % 23) / 4.0, "Done", i % 3 == 0)))));
        }
        for (int i = 0; i < 6; i++) {
            ok(api.patch(record(projects, p.get(i)), Map.of("fields", Map.of("Tasks",
                    List.of(t.get(i), t.get(i + 3), t.get((i * 5) % 14))))));
        }
    }

    /** Every project's rollup values, read without filtering or sorting by them (computed for each record). */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> computed(ApiClient as) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ApiClient.Response r = as.get(records(projects) + "?limit=1000");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (Map<String, Object> row : r.data()) {
            out.put((String) row.get("id"), (Map<String, Object>) row.get("fields"));
        }
        return out;
    }

    private static @Nullable BigDecimal num(@Nullable Object v) {
        return v == null ? null : new BigDecimal(String.valueOf(v));
    }

    /** The ids of a listing walked page by page through its cursors. */
    private List<String> walk(ApiClient as, String filter, String sort, int pageSize) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 200; guard++) {
            ApiClient.Response r = as.get(records(projects) + "?limit=" + pageSize + "&filter=" + q(filter)
                    + "&sort=" + q(sort) + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (Map<String, Object> row : r.data()) out.add((String) row.get("id"));
            cursor = (String) r.get("nextCursor");
            if (cursor == null) return out;
        }
        throw new AssertionError("pages never end");
    }

    /** PostgreSQL's order of uuids (bytes) is their text's order, not {@link UUID#compareTo}. */
    private static final Comparator<String> BY_ID = Comparator.naturalOrder();

    private static Comparator<Map.Entry<String, Map<String, Object>>> by(String field, boolean desc) {
        // ASC NULLS LAST / DESC NULLS FIRST, then the id
        Comparator<BigDecimal> values = Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder());
        if (desc) values = Comparator.nullsFirst(Comparator.<BigDecimal>reverseOrder());
        Comparator<BigDecimal> v = values;
        return Comparator.<Map.Entry<String, Map<String, Object>>, BigDecimal>comparing(
                e -> num(e.getValue().get(field)), v).thenComparing(Map.Entry::getKey, BY_ID);
    }

    /**
     * Pages filtered and sorted by the rollups (from their side tables) equal the Java computation over the
     * computed values, their counts too, and the side tables were read fresh (stamped at the company's sequence).
     */
    private void assertPagesAgree(String after) {
        Map<String, Map<String, Object>> all = computed(api);
        assertThat(all).as(after).isNotEmpty();
        List<String> expected = all.entrySet().stream().filter(e -> num(e.getValue().get("Hours")) != null
                        && num(e.getValue().get("Hours")).compareTo(new BigDecimal("3")) > 0)
                .sorted(by("Hours", true)).map(Map.Entry::getKey).toList();
        String gt3 = "{\"field\":\"Hours\",\"operator\":\"gt\",\"value\":3}";
        assertThat(walk(api, gt3, "[{\"field\":\"Hours\",\"direction\":\"desc\"}]", 2)).as(after).isEqualTo(expected);
        ApiClient.Response count = api.get(records(projects) + "/count?filter=" + q(gt3));
        assertThat(((Number) count.get("count")).longValue()).as(after + " count").isEqualTo(expected.size());
        // every record, by the filtered sum ascending (nulls last), filtered by the count of titles
        List<String> expected2 = all.entrySet().stream().filter(e -> num(e.getValue().get("Count")) != null
                        && num(e.getValue().get("Count")).compareTo(new BigDecimal("2")) <= 0)
                .sorted(by("Done hours", false)).map(Map.Entry::getKey).toList();
        assertThat(walk(api, "{\"field\":\"Count\",\"operator\":\"lte\",\"value\":2}",
                "[{\"field\":\"Done hours\",\"direction\":\"asc\"}]", 3)).as(after).isEqualTo(expected2);
        long seq = Sql.count("SELECT change_seq FROM rowan.companies WHERE id = ?", api.companyId);
        assertThat(Sql.rows("SELECT seq FROM rowan.stored_rollups WHERE company_id = ?", api.companyId))
                .as(after + ": the pages read fresh side tables").hasSize(3)
                .allSatisfy(r -> assertThat(r.get("seq")).isEqualTo(seq));
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterEveryWritePathAPageFilteredAndSortedByTheRollupEqualsTheComputedOne() throws Exception {
        fixture("paths");
        assertPagesAgree("the first read (fills the side tables)");

        ok(api.patch(record(tasks, t.get(3)), Map.of("fields", Map.of("Hours", 9.5))));
        assertPagesAgree("a linked record edited");
        Map<String, Object> cleared = new java.util.HashMap<>();
        cleared.put("Done", false);
        cleared.put("Title", null);
        ok(api.patch(record(tasks, t.get(0)), Map.of("fields", cleared)));
        assertPagesAgree("a linked record's filter field and title edited");

        ok(api.patch(record(projects, p.get(6)), Map.of("fields", Map.of("Tasks", List.of(t.get(9), t.get(10))))));
        assertPagesAgree("links written on the rollup's side");
        ok(api.patch(record(tasks, t.get(11)), Map.of("fields", Map.of("Project", List.of(p.get(7), p.get(0))))));
        assertPagesAgree("links written on the linked side");
        ok(api.patch(record(tasks, t.get(11)), Map.of("fields", Map.of("Project", List.of(p.get(7))))));
        assertPagesAgree("a link removed on the linked side");

        ok(api.delete(record(tasks, t.get(4))));
        assertPagesAgree("a linked record deleted");
        ok(api.delete(record(projects, p.get(5))));
        assertPagesAgree("a record deleted");
        p.add(created(api.post(records(projects), Map.of("fields", Map.of("Name", "new", "Tasks",
                List.of(t.get(12), t.get(13)))))));
        assertPagesAgree("a record created with links");

        String b1 = UUID.randomUUID().toString();
        String b2 = UUID.randomUUID().toString();
        ok(api.post(records(tasks) + "/bulk", Map.of("records", List.of(
                Map.of("id", b1, "fields", Map.of("Title", "bulk 1", "Hours", 7, "Done", true,
                        "Project", List.of(p.get(1), p.get(2)))),
                Map.of("id", b2, "fields", Map.of("Title", "bulk 2", "Hours", 1.5, "Project", List.of(p.get(2))))))));
        assertPagesAgree("linked records bulk-created with links");
        String b3 = UUID.randomUUID().toString();
        ok(api.post(records(projects) + "/bulk", Map.of("records", List.of(
                Map.of("id", b3, "fields", Map.of("Name", "bulk p", "Tasks", List.of(b1, t.get(1))))))));
        p.add(b3);
        assertPagesAgree("records bulk-created with links");
        ok(api.post(records(tasks) + "/bulk-delete", Map.of("ids", List.of(b1, t.get(5)))));
        assertPagesAgree("linked records bulk-deleted");

        // a sync push: an edit of a linked record and a record created with links
        String pushed = UUID.randomUUID().toString();
        ApiClient.Response push = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(),
                "mutations", List.of(
                        Map.of("mutationId", UUID.randomUUID().toString(), "op", "UPDATE", "entity", "RECORD",
                                "entityId", t.get(6), "parentId", tasks, "payload", Map.of("fields",
                                        Map.of(fieldId(tasks, "Hours"), 5.25))),
                        Map.of("mutationId", UUID.randomUUID().toString(), "op", "CREATE", "entity", "RECORD",
                                "entityId", pushed, "parentId", projects, "payload", Map.of("fields",
                                        Map.of("Name", "pushed", "Tasks", List.of(t.get(6), t.get(7))))))));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        assertThat(String.valueOf(push.get("results"))).doesNotContain("rejected", "conflict");
        p.add(pushed);
        assertPagesAgree("a sync push");

        // a public form answer: a new record with no links (its counts are 0, its sums empty)
        String view = UUID.randomUUID().toString();
        ok(api.put("/api/tables/" + projects + "/views/" + view, Map.of("name", "Join", "type", "form",
                "config", Map.of("fields", List.of(Map.of("fieldId", fieldId(projects, "Name"), "required", true)),
                        "layout", "single-column"))));
        ApiClient.Response link = api.post("/api/views/" + view + "/form-link", null);
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        TestServer.baseUrl() + "/forms/" + link.get("token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("f-" + fieldId(projects, "Name") + "=form")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertPagesAgree("a public form answer");

        // the rolled-up field's type changes: values that do not convert are cleared without a record's change row
        ok(api.patch(fields(tasks) + "/" + fieldId(tasks, "Title") + "?clearInvalid=true",
                Map.of("type", "number", "config", Map.of("precision", 0))));
        assertPagesAgree("the rolled-up field's type changed");

        // the rollup re-saved with another function, then back
        ok(api.patch(fields(projects) + "/" + hoursRollup, Map.of("config", Map.of("function", "max"))));
        assertPagesAgree("the rollup re-saved as max");
        ok(api.patch(fields(projects) + "/" + hoursRollup, Map.of("config", Map.of("function", "sum"))));
        assertPagesAgree("the rollup re-saved as sum");

        // a member who cannot see the records linked to a task deletes it: their links go all the same
        ApiClient member = Members.add(api, "stored-rollups-deleter", "member");
        Members.setAccess(api, projects, true, Map.of());
        ok(member.delete(record(tasks, t.get(9))));
        Members.setAccess(api, projects, false, Map.of());
        assertPagesAgree("a linked record deleted by a member who cannot see the records linked to it");

        // without the inverse field a delete on the linked side journals nothing for the records linked to it
        String inverse = fieldId(tasks, "Project");
        ok(api.delete(fields(tasks) + "/" + inverse));
        assertPagesAgree("the inverse field removed");
        ok(api.delete(record(tasks, t.get(2))));
        ok(api.delete(record(tasks, t.get(8))));
        assertPagesAgree("linked records deleted without their inverse field");
        ok(api.post(fields(tasks) + "/" + inverse + "/restore", null));
        assertPagesAgree("the inverse field restored");
    }

    @Test
    void concurrentReadersAndWritersLeaveTheSideTablesRight() throws Exception {
        fixture("concurrent");
        String gt3 = q("{\"field\":\"Hours\",\"operator\":\"gt\",\"value\":3}");
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (writing.get()) {
                    ApiClient.Response page = api.get(records(projects) + "?limit=3&filter=" + gt3 + "&sort=-Hours");
                    if (page.status() != 200) failures.add(page.status() + " " + page.body());
                }
            }));
        }
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 40; i++) {
            String task = t.get(random.nextInt(t.size()));
            if (i % 4 == 3) {
                ok(api.patch(record(tasks, task), Map.of("fields", Map.of("Project",
                        List.of(p.get(random.nextInt(p.size())))))));
            } else {
                ok(api.patch(record(tasks, task), Map.of("fields", Map.of("Hours", random.nextInt(900) / 100.0))));
            }
        }
        writing.set(false);
        for (Thread r : readers) r.join();
        assertThat(failures).isEmpty();
        assertPagesAgree("concurrent reads and writes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHiddenLinkedTableStillReadsEmptyAndRefusedWritesChangeNothing() {
        fixture("hidden");
        assertPagesAgree("before");
        ApiClient member = Members.add(api, "stored-rollups-member", "member");
        Members.setAccess(api, tasks, true, Map.of());
        Map<String, Map<String, Object>> seen = computed(member);
        assertThat(seen.values()).allSatisfy(v -> {
            assertThat(v.get("Hours")).isNull();
            assertThat(v.get("Count")).isNull();
        });
        // the member's filter and sort by the unavailable rollup read its typed NULL, never the side table
        assertThat(walk(member, "{\"field\":\"Hours\",\"operator\":\"gt\",\"value\":0}",
                "[{\"field\":\"Hours\",\"direction\":\"desc\"}]", 50)).isEmpty();
        assertThat(walk(member, "{\"field\":\"Hours\",\"operator\":\"isNull\"}",
                "[{\"field\":\"Hours\",\"direction\":\"desc\"}]", 50)).hasSize(seen.size());
        ApiClient.Response r = member.get(records(projects) + "?filter=" + q("{\"field\":\"Hours\",\"operator\":"
                + "\"isNotNull\"}") + "&sort=-Hours");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("t1").doesNotContain("sr_");

        // unknown and foreign ids are refused with problem+json, and the stored pages still agree
        ApiClient other = TestServer.newTenant();
        String otherApp = other.createApp("Other");
        String otherTable = (String) other.createTable(otherApp, "X", List.of(Map.of("name", "N", "type", "text")))
                .get("id");
        String foreign = created(other.post(records(otherTable), Map.of("fields", Map.of("N", "x"))));
        for (String bad : List.of(foreign, UUID.randomUUID().toString())) {
            ApiClient.Response refused = api.patch(record(projects, p.get(0)), Map.of("fields", Map.of("Tasks",
                    List.of(t.get(13), bad))));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.body()).doesNotContain("sr_", "lk_", "SQL", "Exception");
        }
        assertPagesAgree("refused link writes");
        ApiClient.Response badFilter = api.get(records(projects) + "?filter=" + q("{\"field\":\"Hours\","
                + "\"operator\":\"gt\",\"value\":\"lots\"}") + "&sort=-Hours");
        assertThat(badFilter.status()).as(badFilter.body()).isEqualTo(422);
        assertThat(badFilter.isProblem()).isTrue();
        assertThat(badFilter.body()).doesNotContain("sr_", "SQL");
    }

    @Test
    void thePagePlanWalksTheSideTablesIndex() throws Exception {
        api = TestServer.newTenant();
        String app = api.createApp("Stored rollups plan");
        Map<String, Object> big = api.createTable(app, "Orders", List.of(Map.of("name", "Name", "type", "text")));
        Map<String, Object> small = api.createTable(app, "Items", List.of(Map.of("name", "Name", "type", "text"),
                Map.of("name", "Price", "type", "number", "config", Map.of("precision", 2))));
        String schema = Physical.schema(big);
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"" + schema + "\".\"" + Physical.table(big) + "\" (id, created_at, updated_at, "
                    + "row_version, \"" + Physical.column(field(big, "Name")) + "\") SELECT gen_random_uuid(), now(), "
                    + "now(), 1, 'o' || g FROM generate_series(1, 20000) g");
            s.execute("INSERT INTO \"" + schema + "\".\"" + Physical.table(small) + "\" (id, created_at, updated_at, "
                    + "row_version, \"" + Physical.column(field(small, "Price")) + "\") SELECT gen_random_uuid(), "
                    + "now(), now(), 1, (g % 100) / 4.0 FROM generate_series(1, 500) g");
        }
        String bigId = (String) big.get("id");
        String link = created(api.post(fields(bigId), Map.of("name", "Items", "type", "link",
                "config", Map.of("tableId", small.get("id")))));
        String rollup = created(api.post(fields(bigId), Map.of("name", "Total", "type", "rollup",
                "config", Map.of("linkFieldId", link, "targetFieldId", ApiClient.fieldId(small, "Price"),
                        "function", "sum"))));
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement()) {
            String j = "\"" + schema + "\".\"" + PhysicalNames.junction(UUID.fromString(link)) + "\"";
            s.execute("INSERT INTO " + j + " (src, dst, pos) SELECT m.id, o.id, 0 FROM \"" + schema + "\".\""
                    + Physical.table(big) + "\" m JOIN LATERAL (SELECT id FROM \"" + schema + "\".\""
                    + Physical.table(small) + "\" x ORDER BY md5(m.id::text || x.id::text) LIMIT 3) o ON TRUE");
        }
        String filter = "{\"field\":\"Total\",\"operator\":\"gt\",\"value\":70}";
        String sort = "[{\"field\":\"Total\",\"direction\":\"desc\"}]";
        ApiClient.Response first = api.get(records(bigId) + "?limit=50&filter=" + q(filter) + "&sort=" + q(sort));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.data()).isNotEmpty();
        String side = "\"" + schema + "\".\"" + PhysicalNames.storedRollup(UUID.fromString(rollup)) + "\"";
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement()) {
            s.execute("ANALYZE " + side);
            s.execute("ANALYZE \"" + schema + "\".\"" + Physical.table(big) + "\"");
            TableDef def = new TableRepository(TestServer.get().database().dbClient(), true)
                    .load(c, api.companyId, schema, UUID.fromString(bigId)).orElseThrow();
            TableDef items = new TableRepository(TestServer.get().database().dbClient(), true)
                    .load(c, api.companyId, schema, UUID.fromString((String) small.get("id"))).orElseThrow();
            def = def.withLinked(Map.of(items.id(), items));
            SqlFragment q = new RecordSql(SqlDialect.POSTGRES).withStoredRollups(Set.of(UUID.fromString(rollup)))
                    .page(def, QueryParser.parseFilter(filter), QueryParser.parseSort(sort), null, 50);
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + q.sql())) {
                q.bind(SqlDialect.POSTGRES, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
            }
            // the side table's ascending or descending index (ix_/ixd_), never a scan of the user table
            assertThat(plan.toString()).containsPattern("ixd?_sr_" + PhysicalNames.hex(UUID.fromString(rollup)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> table, String name) {
        return ((List<Map<String, Object>>) table.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow();
    }
}
