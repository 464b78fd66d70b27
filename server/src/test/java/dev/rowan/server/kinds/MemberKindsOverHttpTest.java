package dev.rowan.server.kinds;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Created by and last modified by over HTTP on the real PostgreSQL: the members' names read from the company's member
 * directory (migration V18's view), filters and sorts on the names run in the database, and any value written is
 * refused with problem+json that changes nothing.
 */
class MemberKindsOverHttpTest {
    private static ApiClient owner;
    private static ApiClient grace;
    private static String path;

    @BeforeAll
    static void fixture() {
        owner = TestServer.newTenant(); // display name "Tester"
        String email = "grace-" + UUID.randomUUID() + "@test.rowan";
        ApiClient.Response added = owner.post("/api/members", Map.of("email", email, "password", "correct horse 7",
                "displayName", "Grace Hopper", "role", "member"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        grace = new ApiClient(owner.base());
        assertThat(grace.login(email, "correct horse 7").status()).isEqualTo(200);
        grace.companyId = owner.companyId;
        Map<String, Object> t = owner.createTable(owner.createApp("Who"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Author", "type", "created_by"),
                Map.of("name", "Editor", "type", "last_modified_by")));
        path = "/api/tables/" + t.get("id") + "/records";
    }

    private static String create(ApiClient as, String title) {
        ApiClient.Response r = as.post(path, Map.of("fields", Map.of("Title", title)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(String id) {
        ApiClient.Response r = owner.get(path + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.get("fields");
    }

    @SuppressWarnings("unchecked")
    private static List<String> titles(Map<String, Object> body) {
        ApiClient.Response r = owner.post(path + "/query", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().stream().map(m -> (String) ((Map<String, Object>) m.get("fields")).get("Title")).toList();
    }

    private static Map<String, Object> where(String field, String op, Object value) {
        return Map.of("field", field, "operator", op, "value", value);
    }

    @Test
    void namesOfWhoCreatedAndLastChangedARecordFilterAndSortInTheDatabase() {
        String one = create(owner, "one");
        String two = create(grace, "two");
        assertThat(fields(one)).containsEntry("Author", "Tester").containsEntry("Editor", "Tester");
        assertThat(fields(two)).containsEntry("Author", "Grace Hopper").containsEntry("Editor", "Grace Hopper");

        // Grace changes the owner's record: the editor moves, the author stays
        ApiClient.Response patched = grace.patch(path + "/" + one, Map.of("fields", Map.of("Title", "one!")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(fields(one)).containsEntry("Author", "Tester").containsEntry("Editor", "Grace Hopper");

        Map<String, Object> body = new HashMap<>();
        body.put("filter", where("Author", "eq", "Grace Hopper"));
        assertThat(titles(body)).containsExactly("two");
        body.put("filter", where("Editor", "contains", "grace"));
        body.put("sort", List.of(Map.of("field", "Author", "direction", "desc")));
        assertThat(titles(body)).containsExactly("one!", "two");
        body.put("sort", List.of(Map.of("field", "Author", "direction", "asc")));
        assertThat(titles(body)).containsExactly("two", "one!");
    }

    @Test
    void valuesWrittenToThemAreRefusedAndChangeNothing() throws Exception {
        String id = create(owner, "kept");
        long changes = Sql.changes(owner.companyId);
        Map<String, Object> empty = new HashMap<>();
        empty.put("Editor", null);
        assertProblem(owner.post(path, Map.of("fields", Map.of("Author", "Grace Hopper"))));
        assertProblem(owner.patch(path + "/" + id, Map.of("fields", empty)));
        assertProblem(grace.patch(path + "/" + id, Map.of("fields", Map.of("Title", "x", "Author", "Grace Hopper"))));
        assertThat(Sql.changes(owner.companyId)).isEqualTo(changes);
        assertThat(fields(id)).containsEntry("Title", "kept").containsEntry("Editor", "Tester");
    }

    @Test
    @SuppressWarnings("unchecked")
    void typeChangesKeepTheNamesAsTextAndGoBackWithThePreview() {
        Map<String, Object> t = owner.createTable(owner.createApp("Retype"), "Notes", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Author", "type", "created_by")));
        String records = "/api/tables/" + t.get("id") + "/records";
        String id = owner.post(records, Map.of("fields", Map.of("Title", "a"))).id();
        String field = "/api/tables/" + t.get("id") + "/fields/" + ApiClient.fieldId(t, "Author");

        // to text: the name each record shows becomes its stored text
        ApiClient.Response toText = owner.patch(field, Map.of("type", "text"));
        assertThat(toText.status()).as(toText.body()).isEqualTo(200);
        assertThat((Map<String, Object>) owner.get(records + "/" + id).get("fields")).containsEntry("Author", "Tester");

        // back: the preview says the text goes (Rowan sets the value), and only a confirmed change applies
        ApiClient.Response back = owner.patch(field, Map.of("type", "created_by"));
        assertThat(back.status()).as(back.body()).isEqualTo(422);
        assertThat((Map<String, Object>) back.get("conversion")).containsEntry("failed", 1);
        assertThat(owner.patch(field + "?clearInvalid=true", Map.of("type", "created_by")).status()).isEqualTo(200);
        assertThat((Map<String, Object>) owner.get(records + "/" + id).get("fields")).containsEntry("Author", "Tester");
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupsByWhoCreatedCountInTheDatabase() {
        Map<String, Object> t = owner.createTable(owner.createApp("Groups"), "Log", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Author", "type", "created_by")));
        String records = "/api/tables/" + t.get("id") + "/records";
        for (ApiClient as : List.of(owner, grace, grace)) {
            assertThat(as.post(records, Map.of("fields", Map.of("Title", "x"))).status()).isEqualTo(201);
        }
        ApiClient.Response v = owner.post("/api/tables/" + t.get("id") + "/views",
                Map.of("name", "By author", "type", "grid", "config", Map.of()));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        ApiClient.Response g = owner.get("/api/views/" + v.id() + "/groups?groupBy=Author");
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        List<Map<String, Object>> groups = (List<Map<String, Object>>) g.get("groups");
        assertThat(groups).extracting(m -> m.get("value")).containsExactly("Grace Hopper", "Tester");
        assertThat(groups).extracting(m -> ((Number) m.get("count")).intValue()).containsExactly(2, 1);
    }

    private static void assertProblem(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("Rowan sets it").doesNotContain("members").doesNotContain("dt_");
    }
}
