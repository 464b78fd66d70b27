package dev.rowan.server.links;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link, lookup and rollup fields over HTTP on the real PostgreSQL: a link field made with its inverse and junction
 * in one step, links written by id (set, add/remove) and read as {@code [{id, title}]} from both sides, lookups and
 * rollups (one with a filter) computed, filtered and sorted in the database; unknown, other-company and hidden
 * ids refused with problem+json and nothing changed; limits of one; records and fields removed; a hidden linked
 * table leaks nothing through a link, lookup or rollup.
 */
class LinkFieldsTest {
    private static ApiClient api;
    private static String app;
    private static String projects;
    private static String tasks;
    private static final Map<String, String> T = new LinkedHashMap<>();
    private static final Map<String, String> P = new LinkedHashMap<>();
    private static String inverseId;

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        app = api.createApp("Links");
        projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        tasks = (String) api.createTable(app, "Tasks", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Hours", "type", "number", "config", Map.of("precision", 2)),
                Map.of("name", "Done", "type", "checkbox"))).get("id");
        for (String name : List.of("Zeta", "alpha", "empty")) {
            P.put(name, created(api.post(records(projects), Map.of("fields", Map.of("Name", name)))));
        }
        Object[][] data = {{"write", 2.5, true}, {"test", 1.25, false}, {"ship", 2.5, true}, {"Review", 4, true}};
        for (Object[] d : data) {
            T.put((String) d[0], created(api.post(records(tasks), Map.of("fields", Map.of("Title", d[0],
                    "Hours", d[1], "Done", d[2])))));
        }
        ApiClient.Response link = api.post(fields(projects), Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project")));
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        String linkId = link.id();
        inverseId = fieldId(tasks, "Project");
        ok(api.post(fields(projects), Map.of("name", "Titles", "type", "lookup",
                "config", Map.of("linkFieldId", linkId, "targetFieldId", fieldId(tasks, "Title")))));
        ok(api.post(fields(projects), Map.of("name", "Hours", "type", "rollup",
                "config", Map.of("linkFieldId", linkId, "targetFieldId", fieldId(tasks, "Hours"), "function", "sum"))));
        ok(api.post(fields(projects), Map.of("name", "Done hours", "type", "rollup",
                "config", Map.of("linkFieldId", linkId, "targetFieldId", fieldId(tasks, "Hours"), "function", "sum",
                        "filter", Map.of("field", fieldId(tasks, "Done"), "operator", "eq", "value", true)))));
        ok(api.post(fields(projects), Map.of("name", "Count", "type", "rollup",
                "config", Map.of("linkFieldId", linkId, "targetFieldId", fieldId(tasks, "Title"),
                        "function", "countAll"))));
        ok(api.post(fields(projects), Map.of("name", "Summary", "type", "formula",
                "config", Map.of("formula", "ARRAYJOIN({Titles}, \"+\") & \" \" & {Hours}"))));
        ok(api.patch(record(projects, P.get("Zeta")), Map.of("fields", Map.of("Tasks",
                List.of(T.get("write"), T.get("test"), T.get("ship"))))));
        ok(api.patch(record(projects, P.get("alpha")), Map.of("fields", Map.of("Tasks", List.of(T.get("Review"))))));
    }

    private static String created(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    private static void ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private static String records(String table) {
        return "/api/tables/" + table + "/records";
    }

    private static String record(String table, String id) {
        return records(table) + "/" + id;
    }

    private static String fields(String table) {
        return "/api/tables/" + table + "/fields";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(String table, String name) {
        ApiClient.Response t = api.get("/api/tables/" + table);
        return ((List<Map<String, Object>>) t.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no field " + name + " in " + t.body()));
    }

    private static String fieldId(String table, String name) {
        return (String) field(table, name).get("id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(ApiClient c, String table, String id) {
        ApiClient.Response r = c.get(record(table, id));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.map().get("fields");
    }

    private static List<Map<String, Object>> linked(String... titles) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String t : titles) out.add(Map.of("id", T.getOrDefault(t, P.get(t)), "title", t));
        return out;
    }

    private static void assertProblem(ApiClient.Response r, int status, String mention) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.isProblem()).as(r.contentType()).isTrue();
        assertThat(r.body()).containsIgnoringCase(mention);
        assertThat(r.body()).doesNotContain("org.", "java.", "SQL", "Exception", "lk_")
                .doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLinkFieldComesWithItsInverseAndBothSidesRead() {
        Map<String, Object> link = field(projects, "Tasks");
        Map<String, Object> config = (Map<String, Object>) link.get("config");
        assertThat(config).containsEntry("tableId", tasks).containsEntry("forward", true);
        Map<String, Object> inverse = field(tasks, "Project");
        assertThat(((Map<String, Object>) inverse.get("config"))).containsEntry("tableId", projects)
                .containsEntry("inverseFieldId", link.get("id")).containsEntry("forward", false);
        assertThat(config).containsEntry("inverseFieldId", inverse.get("id"));
        Map<String, Object> zeta = values(api, projects, P.get("Zeta"));
        assertThat(zeta.get("Tasks")).isEqualTo(linked("write", "test", "ship"));
        assertThat(zeta.get("Titles")).isEqualTo(List.of("write", "test", "ship"));
        assertThat(new BigDecimal(zeta.get("Hours").toString())).isEqualByComparingTo("6.25");
        assertThat(new BigDecimal(zeta.get("Done hours").toString())).isEqualByComparingTo("5");
        assertThat(new BigDecimal(zeta.get("Count").toString())).isEqualByComparingTo("3");
        assertThat(zeta.get("Summary")).isEqualTo("write+test+ship 6.25");
        assertThat(values(api, tasks, T.get("ship")).get("Project")).isEqualTo(linked("Zeta"));
        assertThat(values(api, projects, P.get("empty")).get("Tasks")).isNull();
    }

    private static List<String> names(ApiClient.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : page.data()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) r.get("fields");
            out.add((String) f.get("Name"));
        }
        return out;
    }

    private static String q(Object filter) {
        try {
            return ApiClient.q(ApiClient.JSON.writeValueAsString(filter));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void linksFilterAndSortInTheDatabase() {
        String base = records(projects) + "?filter=";
        assertThat(names(api.get(base + q(Map.of("field", "Tasks", "operator", "hasAnyOf",
                "value", List.of(T.get("Review"), T.get("ship"))))))).containsExactlyInAnyOrder("Zeta", "alpha");
        assertThat(names(api.get(base + q(Map.of("field", "Tasks", "operator", "isNull"))))).containsExactly("empty");
        assertThat(names(api.get(base + q(Map.of("field", "Tasks", "operator", "contains", "value", "REV")))))
                .containsExactly("alpha");
        assertThat(names(api.get(base + q(Map.of("field", "Hours", "operator", "gt", "value", 5)))))
                .containsExactly("Zeta");
        assertThat(names(api.get(records(projects) + "?sort=" + q(List.of(Map.of("field", "Hours",
                "direction", "desc"))) + "&limit=1"))).containsExactly("empty");
        assertThat(names(api.get(records(projects) + "?sort=" + q(List.of(Map.of("field", "Tasks",
                "direction", "asc")))))).containsExactly("alpha", "Zeta", "empty");
        assertProblem(api.get(base + q(Map.of("field", "Tasks", "operator", "hasAnyOf", "value", List.of("x")))),
                422, "record ids");
    }

    @Test
    void unknownAndForeignIdsAreRefusedAndNothingChanges() {
        String zeta = record(projects, P.get("Zeta"));
        ApiClient other = TestServer.newTenant();
        String otherApp = other.createApp("Other");
        String otherTable = (String) other.createTable(otherApp, "Theirs", List.of(Map.of("name", "N", "type", "text")))
                .get("id");
        String foreign = other.post(records(otherTable), Map.of("fields", Map.of("N", "x"))).id();
        Object before = values(api, projects, P.get("Zeta")).get("Tasks");
        for (Object bad : List.of(List.of(T.get("write"), foreign), List.of(UUID.randomUUID().toString()),
                List.of(P.get("alpha")), Map.of("add", List.of(foreign)))) {
            assertProblem(api.patch(zeta, Map.of("fields", Map.of("Tasks", bad, "Name", "Renamed"))), 422, "No record");
        }
        for (Object hostile : List.of("x", 12, List.of(12), Map.of("put", List.of()), List.of("' OR 1=1 --"),
                Map.of("add", "x"))) {
            assertProblem(api.patch(zeta, Map.of("fields", Map.of("Tasks", hostile))), 422, "Tasks");
        }
        Map<String, Object> after = values(api, projects, P.get("Zeta"));
        assertThat(after.get("Tasks")).isEqualTo(before);
        assertThat(after.get("Name")).isEqualTo("Zeta");
        // a link to another company's table cannot even be made
        assertProblem(api.post(fields(projects), Map.of("name", "Theirs", "type", "link",
                "config", Map.of("tableId", otherTable))), 422, "No table");
        // computed fields refuse values
        assertProblem(api.patch(zeta, Map.of("fields", Map.of("Titles", List.of("x")))), 422, "computed");
    }

    @Test
    void addRemoveLimitOneSelfLinksAndDeletes() {
        String a = created(api.post(records(tasks), Map.of("fields", Map.of("Title", "a"))));
        String b = created(api.post(records(tasks), Map.of("fields", Map.of("Title", "b"))));
        String c = created(api.post(records(tasks), Map.of("fields", Map.of("Title", "c"))));
        ApiClient.Response self = api.post(fields(tasks), Map.of("name", "Parent", "type", "link",
                "config", Map.of("tableId", tasks, "limitOne", true, "inverseName", "Children")));
        assertThat(self.status()).as(self.body()).isEqualTo(201);
        ok(api.patch(record(tasks, b), Map.of("fields", Map.of("Parent", List.of(a)))));
        ok(api.patch(record(tasks, c), Map.of("fields", Map.of("Parent", List.of(a)))));
        assertProblem(api.patch(record(tasks, c), Map.of("fields", Map.of("Parent", List.of(a, b)))), 422,
                "at most one");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> children = (List<Map<String, Object>>) values(api, tasks, a).get("Children");
        assertThat(children).extracting(m -> m.get("id")).containsExactlyInAnyOrder(b, c);
        // add and remove from the inverse side
        ok(api.patch(record(tasks, a), Map.of("fields", Map.of("Children", Map.of("remove", List.of(b))))));
        assertThat(values(api, tasks, b).get("Parent")).isNull();
        // deleting a record removes its links
        assertThat(api.delete(record(tasks, c)).status()).isIn(200, 204);
        assertThat(values(api, tasks, a).get("Children")).isNull();
        // the inverse is renameable and removable without losing links
        ok(api.patch(record(projects, P.get("empty")), Map.of("fields", Map.of("Tasks", List.of(a)))));
        String inverse = fieldId(tasks, "Project");
        ok(api.patch(fields(tasks) + "/" + inverse, Map.of("name", "In project")));
        assertThat(values(api, tasks, a).get("In project")).isEqualTo(List.of(Map.of("id", P.get("empty"),
                "title", "empty")));
        assertThat(api.delete(fields(tasks) + "/" + inverse).status()).isIn(200, 204);
        assertThat(values(api, projects, P.get("empty")).get("Tasks")).isEqualTo(List.of(Map.of("id", a,
                "title", "a")));
        ok(api.patch(record(projects, P.get("empty")), Map.of("fields", Map.of("Tasks", List.of()))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHiddenLinkedTableLeaksNothing() {
        ApiClient member = Members.add(api, "links-member", "member");
        String secret = (String) api.createTable(app, "Secret", List.of(Map.of("name", "Code", "type", "text")))
                .get("id");
        String s1 = created(api.post(records(secret), Map.of("fields", Map.of("Code", "top secret"))));
        String open = (String) api.createTable(app, "Open", List.of(Map.of("name", "N", "type", "text"))).get("id");
        String o1 = created(api.post(records(open), Map.of("fields", Map.of("N", "visible"))));
        String linkId = api.post(fields(open), Map.of("name", "Secrets", "type", "link",
                "config", Map.of("tableId", secret))).id();
        ok(api.post(fields(open), Map.of("name", "Codes", "type", "lookup",
                "config", Map.of("linkFieldId", linkId, "targetFieldId", fieldId(secret, "Code")))));
        ok(api.post(fields(open), Map.of("name", "N secrets", "type", "rollup",
                "config", Map.of("linkFieldId", linkId, "targetFieldId", fieldId(secret, "Code"),
                        "function", "count"))));
        ok(api.patch(record(open, o1), Map.of("fields", Map.of("Secrets", List.of(s1)))));
        assertThat(values(member, open, o1).get("Codes")).isEqualTo(List.of("top secret"));
        Members.setAccess(api, secret, true, Map.of());
        ApiClient.Response r = member.get(record(open, o1));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("top secret").doesNotContain(s1);
        Map<String, Object> v = (Map<String, Object>) r.map().get("fields");
        assertThat(v.get("Secrets")).isNull();
        assertThat(v.get("Codes")).isNull();
        assertThat(v.get("N secrets")).isNull();
        ApiClient.Response table = member.get("/api/tables/" + open);
        assertThat(table.body()).contains("unavailable").doesNotContain("Secret\"");
        assertProblem(member.get(records(open) + "?filter=" + q(Map.of("field", "Secrets", "operator", "isNotNull"))),
                422, "cannot be filtered");
        assertProblem(member.patch(record(open, o1), Map.of("fields", Map.of("Secrets", List.of(s1)))), 422,
                "cannot be written");
        assertProblem(member.get(record(open, o1) + "/links/Secrets"), 404, "hidden");
        // the owner still sees it all
        assertThat(values(api, open, o1).get("Codes")).isEqualTo(List.of("top secret"));
        // deleting the linked table leaves the other readable
        assertThat(api.delete("/api/tables/" + secret).status()).as("delete table").isIn(200, 204);
        Map<String, Object> after = values(api, open, o1);
        assertThat(after.get("N")).isEqualTo("visible");
        assertThat(after.get("Secrets")).isNull();
        assertThat(api.get("/api/tables/" + open).body()).contains("unavailable");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLongLinkListShowsTwentyInAPageWithItsTotalAndIsReadAPageAtATime() {
        String big = created(api.post(records(projects), Map.of("fields", Map.of("Name", "big"))));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(created(api.post(records(tasks), Map.of("fields", Map.of("Title", "many " + i)))));
        }
        ok(api.patch(record(projects, big), Map.of("fields", Map.of("Tasks", ids))));
        try {
            // a page of records: the first 20 in link order and the total
            ApiClient.Response page = api.get(records(projects) + "?limit=10&filter="
                    + q(Map.of("field", "Name", "operator", "eq", "value", "big")));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            Map<String, Object> row = page.data().getFirst();
            List<Map<String, Object>> cell = (List<Map<String, Object>>) ((Map<String, Object>) row.get("fields"))
                    .get("Tasks");
            assertThat(cell).extracting(m -> m.get("id")).containsExactlyElementsOf(ids.subList(0, 20));
            assertThat(((Map<String, Object>) row.get("linkTotals")).get("Tasks").toString()).isEqualTo("25");
            // lookups and rollups still read every linked record
            assertThat(new BigDecimal(((Map<String, Object>) row.get("fields")).get("Count").toString()))
                    .isEqualByComparingTo("25");
            // a record read by id lists them all
            assertThat((List<Object>) values(api, projects, big).get("Tasks")).hasSize(25);
            // the link pages: 10, 10, 5 in link order
            List<Object> read = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                ApiClient.Response r = api.get(record(projects, big) + "/links/Tasks?limit=10"
                        + (after == null ? "" : "&after=" + ApiClient.q(after)));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                List<Map<String, Object>> data = (List<Map<String, Object>>) r.map().get("data");
                assertThat(data.size()).isLessThanOrEqualTo(10);
                for (Map<String, Object> m : data) read.add(m.get("id"));
                if (pages == 0) assertThat(data.getFirst().get("title")).isEqualTo("many 0");
                after = (String) r.map().get("nextCursor");
                pages++;
            } while (after != null);
            assertThat(pages).isEqualTo(3);
            assertThat(read).containsExactlyElementsOf(ids);
            // by field id too (the inverse side pages by id: LinkFieldsOnEnginesTest)
            String linkId = fieldId(projects, "Tasks");
            assertThat(api.get(record(projects, big) + "/links/" + linkId + "?limit=500").map().get("data"))
                    .asList().hasSize(25);
            // a record without links: an empty page
            assertThat(api.get(record(projects, P.get("empty")) + "/links/Tasks").map().get("data")).asList()
                    .isEmpty();
            // bad requests are problems
            assertProblem(api.get(record(projects, big) + "/links/Tasks?after=nonsense"), 422, "after");
            assertProblem(api.get(record(projects, big) + "/links/Tasks?limit=0"), 422, "limit");
            assertProblem(api.get(record(projects, big) + "/links/Name"), 422, "not a link field");
            assertProblem(api.get(record(projects, big) + "/links/Nope"), 404, "No link field");
            assertProblem(api.get(record(projects, UUID.randomUUID().toString()) + "/links/Tasks"), 404,
                    "No record");
        } finally {
            ok(api.patch(record(projects, big), Map.of("fields", Map.of("Tasks", List.of()))));
            assertThat(api.delete(record(projects, big)).status()).isIn(200, 204);
            for (String id : ids) assertThat(api.delete(record(tasks, id)).status()).isIn(200, 204);
        }
    }

    @Test
    void hostileOrWrongFieldDefinitionsAreRefusedWithProblems() {
        String link = fieldId(projects, "Tasks");
        String title = fieldId(tasks, "Title");
        List<Map<String, Object>> bad = List.of(
                Map.of("name", "L1", "type", "link", "config", Map.of("tableId", "x'; DROP TABLE x; --")),
                Map.of("name", "L2", "type", "link", "config", Map.of()),
                Map.of("name", "L3", "type", "link", "config", Map.of("tableId", tasks, "limitOne", "yes")),
                Map.of("name", "L4", "type", "link", "required", true, "config", Map.of("tableId", tasks)),
                Map.of("name", "L5", "type", "link", "config", Map.of("tableId", tasks, "inverseName", "x".repeat(5000))),
                Map.of("name", "K1", "type", "lookup", "config", Map.of("linkFieldId", fieldId(projects, "Name"),
                        "targetFieldId", title)),
                Map.of("name", "K2", "type", "lookup", "config", Map.of("linkFieldId", link,
                        "targetFieldId", UUID.randomUUID().toString())),
                Map.of("name", "K3", "type", "lookup", "config", Map.of("linkFieldId", link,
                        "targetFieldId", inverseId)),
                Map.of("name", "R1", "type", "rollup", "config", Map.of("linkFieldId", link, "targetFieldId", title,
                        "function", "sum")),
                Map.of("name", "R2", "type", "rollup", "config", Map.of("linkFieldId", link, "targetFieldId", title,
                        "function", "median")),
                Map.of("name", "R3", "type", "rollup", "config", Map.of("linkFieldId", link, "targetFieldId", title,
                        "function", "count", "filter", Map.of("field", "Nope", "operator", "eq", "value", 1))),
                Map.of("name", "R4", "type", "rollup", "config", Map.of("linkFieldId", link, "targetFieldId", title,
                        "function", "count", "filter", "{{{")));
        for (Map<String, Object> body : bad) {
            ApiClient.Response r = api.post(fields(projects), body);
            assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.body()).doesNotContain("java.", "SQL", "Exception", "lk_")
                    .doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
        }
        // nothing was made on either side
        assertThat(api.get("/api/tables/" + projects).body()).doesNotContain("\"L1\"", "\"K1\"", "\"R1\"");
        assertThat(api.get("/api/tables/" + tasks).body()).doesNotContain("\"Projects (2)\"");
        // a link keeps its kind; another kind cannot become a link
        assertProblem(api.patch(fields(projects) + "/" + link, Map.of("type", "text")), 422, "cannot change");
        assertProblem(api.patch(fields(projects) + "/" + fieldId(projects, "Name"), Map.of("type", "link",
                "config", Map.of("tableId", tasks))), 422, "cannot change");
    }
}
