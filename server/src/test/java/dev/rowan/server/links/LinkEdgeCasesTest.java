package dev.rowan.server.links;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link edge cases over HTTP on the real PostgreSQL: "limit to one" turned on over records that hold several links
 * is refused with 422 saying how many (and nothing changes); a link written on one side gives the records on the
 * other side change-log rows of their own (their inverse field changed), so a pull from an earlier cursor brings
 * both sides — for links added, removed, a deleted record and a bulk delete.
 */
class LinkEdgeCasesTest {

    private record Fixture(ApiClient api, String projects, String tasks, String link, String inverse,
                           Map<String, String> ids) {
    }

    private static Fixture fixture() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Edges");
        String projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        String tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text")))
                .get("id");
        Map<String, String> ids = new LinkedHashMap<>();
        for (String n : List.of("P1", "P2", "P3")) ids.put(n, created(api.post(records(projects), Map.of("fields",
                Map.of("Name", n)))));
        for (String n : List.of("t1", "t2", "t3", "t4", "t5")) ids.put(n, created(api.post(records(tasks),
                Map.of("fields", Map.of("Title", n)))));
        ApiClient.Response link = api.post(fields(projects), Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project")));
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        String inverse = fieldId(api, tasks, "Project");
        return new Fixture(api, projects, tasks, link.id(), inverse, ids);
    }

    private static String created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    private static void ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201, 204);
    }

    private static String records(String table) {
        return "/api/tables/" + table + "/records";
    }

    private static String fields(String table) {
        return "/api/tables/" + table + "/fields";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(ApiClient api, String table, String name) {
        ApiClient.Response t = api.get("/api/tables/" + table);
        return ((List<Map<String, Object>>) t.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no field " + name + " in " + t.body()));
    }

    private static String fieldId(ApiClient api, String table, String name) {
        return (String) field(api, table, name).get("id");
    }

    @SuppressWarnings("unchecked")
    private static boolean limitOne(ApiClient api, String table, String name) {
        return Boolean.TRUE.equals(((Map<String, Object>) field(api, table, name).get("config")).get("limitOne"));
    }

    private static Object cursorNow(ApiClient api) {
        Object cursor = null;
        for (int page = 0; page < 50; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            var r = api.post("/api/sync/pull", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            cursor = r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) return cursor;
        }
        throw new AssertionError("pull did not end");
    }

    /** Record ids a pull from {@code cursor} brings, with the fields by id it brings for each (null for a delete). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> pulled(ApiClient api, Object cursor) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int page = 0; page < 50; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cursor", cursor);
            var r = api.post("/api/sync/pull", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (Object o : (List<Object>) r.get("records")) {
                Map<String, Object> e = (Map<String, Object>) o;
                Object rec = e.get("record");
                out.put((String) e.get("id"), rec instanceof Map<?, ?> m ? m.get("fields") : null);
            }
            cursor = r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        return out;
    }

    private static void assertProblem(ApiClient.Response r, String mention) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.isProblem()).as(r.contentType()).isTrue();
        assertThat(r.body()).contains(mention);
        assertThat(r.body()).doesNotContain("org.", "java.", "SQL", "Exception", "lk_")
                .doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
    }

    @Test
    void limitToOneOverRecordsWithSeveralLinksIsRefusedSayingHowManyAndNothingChanges() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        var id = fx.ids();
        ok(api.patch(records(fx.projects()) + "/" + id.get("P1"), Map.of("fields", Map.of("Tasks",
                List.of(id.get("t1"), id.get("t2"), id.get("t3"))))));
        ok(api.patch(records(fx.projects()) + "/" + id.get("P2"), Map.of("fields", Map.of("Tasks",
                List.of(id.get("t4"), id.get("t5"))))));
        ok(api.patch(records(fx.projects()) + "/" + id.get("P3"), Map.of("fields", Map.of("Tasks", List.of()))));
        long changes = Sql.changes(api.companyId);
        String path = fields(fx.projects()) + "/" + fx.link();

        assertProblem(api.patch(path, Map.of("config", Map.of("limitOne", true))), "2 records have more than one");
        assertThat(limitOne(api, fx.projects(), "Tasks")).isFalse();
        assertThat(Sql.changes(api.companyId)).as("nothing journalled").isEqualTo(changes);
        // the links are all still there
        @SuppressWarnings("unchecked")
        List<Object> p1 = (List<Object>) values(api, fx.projects(), id.get("P1")).get("Tasks");
        assertThat(p1).hasSize(3);

        // one record left over the limit: the count follows
        ok(api.patch(records(fx.projects()) + "/" + id.get("P2"), Map.of("fields", Map.of("Tasks",
                List.of(id.get("t4"))))));
        assertProblem(api.patch(path, Map.of("config", Map.of("limitOne", true))), "1 record has more than one");

        // the inverse side counts its own records: every task has one project, so it may be limited
        ok(api.patch(fields(fx.tasks()) + "/" + fx.inverse(), Map.of("config", Map.of("limitOne", true))));
        assertThat(limitOne(api, fx.tasks(), "Project")).isTrue();

        ok(api.patch(records(fx.projects()) + "/" + id.get("P1"), Map.of("fields", Map.of("Tasks",
                List.of(id.get("t1"))))));
        ok(api.patch(path, Map.of("config", Map.of("limitOne", true))));
        assertThat(limitOne(api, fx.projects(), "Tasks")).isTrue();
        // turning it off again is always allowed
        ok(api.patch(path, Map.of("config", Map.of("limitOne", false))));
        assertThat(limitOne(api, fx.projects(), "Tasks")).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(ApiClient api, String table, String id) {
        ApiClient.Response r = api.get(records(table) + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.map().get("fields");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLinkChangeJournalsTheRecordsOnTheOtherSideSoAPullBringsBothSides() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        var id = fx.ids();
        ok(api.patch(records(fx.projects()) + "/" + id.get("P1"), Map.of("fields", Map.of("Tasks",
                List.of(id.get("t1"), id.get("t2"))))));

        Object cursor = cursorNow(api);
        // P1: t2 removed, t3 added; t1 unchanged
        ok(api.patch(records(fx.projects()) + "/" + id.get("P1"), Map.of("fields", Map.of("Tasks",
                List.of(id.get("t1"), id.get("t3"))))));
        Map<String, Object> got = pulled(api, cursor);
        assertThat(got.keySet()).containsExactlyInAnyOrder(id.get("P1"), id.get("t2"), id.get("t3"));
        assertThat(((Map<String, Object>) got.get(id.get("t3"))).get(fx.inverse()))
                .isEqualTo(List.of(Map.of("id", id.get("P1"), "title", "P1")));
        assertThat(((Map<String, Object>) got.get(id.get("t2"))).get(fx.inverse())).isNull();
        // the other side's rows name the inverse field (what field-level conflict checks read)
        List<Map<String, Object>> rows = Sql.rows("SELECT data::text AS d FROM rowan.change_log WHERE company_id = ? "
                + "AND entity_id = ? ORDER BY seq DESC LIMIT 1", api.companyId, UUID.fromString(id.get("t3")));
        assertThat(rows.getFirst().get("d").toString()).contains(fx.inverse());

        // written from the inverse side: the project gets its row
        cursor = cursorNow(api);
        ok(api.patch(records(fx.tasks()) + "/" + id.get("t4"), Map.of("fields", Map.of("Project",
                List.of(id.get("P2"))))));
        assertThat(pulled(api, cursor).keySet()).containsExactlyInAnyOrder(id.get("t4"), id.get("P2"));

        // a deleted record's links go with it: the records it was linked to come again, without it
        cursor = cursorNow(api);
        assertThat(api.delete(records(fx.projects()) + "/" + id.get("P1")).status()).isIn(200, 204);
        got = pulled(api, cursor);
        Set<String> expected = new LinkedHashSet<>(List.of(id.get("P1"), id.get("t1"), id.get("t3")));
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(((Map<String, Object>) got.get(id.get("t1"))).get(fx.inverse())).isNull();

        // a bulk delete too: t4 (linked to P2) comes again without its project
        cursor = cursorNow(api);
        ApiClient.Response bulk = api.post(records(fx.projects()) + "/bulk-delete", Map.of("ids", List.of(id.get("P2"))));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        got = pulled(api, cursor);
        assertThat(got.keySet()).containsExactlyInAnyOrder(id.get("P2"), id.get("t4"));
        assertThat(((Map<String, Object>) got.get(id.get("t4"))).get(fx.inverse())).isNull();
        ok(api.patch(records(fx.tasks()) + "/" + id.get("t4"), Map.of("fields", Map.of("Project",
                List.of(id.get("P3"))))));

        // an unchanged write journals nobody on the other side
        cursor = cursorNow(api);
        ok(api.patch(records(fx.tasks()) + "/" + id.get("t4"), Map.of("fields", Map.of("Project",
                List.of(id.get("P3"))))));
        assertThat(pulled(api, cursor).keySet()).containsExactly(id.get("t4"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBulkCreateWithLinksJournalsTheRecordsOnTheOtherSide() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        var id = fx.ids();
        // the chunk goes in whole: the tasks it links come in the pull with the new projects
        Object cursor = cursorNow(api);
        String n1 = UUID.randomUUID().toString();
        String n2 = UUID.randomUUID().toString();
        var bulk = api.post(records(fx.projects()) + "/bulk", Map.of("records", List.of(
                Map.of("id", n1, "fields", Map.of("Name", "N1", "Tasks", List.of(id.get("t1"), id.get("t2")))),
                Map.of("id", n2, "fields", Map.of("Name", "N2", "Tasks", List.of(id.get("t3")))))));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        Map<String, Object> got = pulled(api, cursor);
        assertThat(got.keySet()).containsExactlyInAnyOrder(n1, n2, id.get("t1"), id.get("t2"), id.get("t3"));
        assertThat(((Map<String, Object>) got.get(id.get("t3"))).get(fx.inverse()))
                .isEqualTo(List.of(Map.of("id", n2, "title", "N2")));

        // a row with an unknown id sends the chunk row by row: the good row's task is journalled, the refused
        // row's is not
        cursor = cursorNow(api);
        String n3 = UUID.randomUUID().toString();
        var mixed = api.post(records(fx.projects()) + "/bulk", Map.of("records", List.of(
                Map.of("id", n3, "fields", Map.of("Name", "N3", "Tasks", List.of(id.get("t4")))),
                Map.of("fields", Map.of("Name", "bad", "Tasks", List.of(id.get("t5"), UUID.randomUUID().toString()))))));
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(200);
        assertThat(mixed.map()).containsEntry("created", 1).containsEntry("failed", 1);
        got = pulled(api, cursor);
        assertThat(got.keySet()).containsExactlyInAnyOrder(n3, id.get("t4"));
    }
}
