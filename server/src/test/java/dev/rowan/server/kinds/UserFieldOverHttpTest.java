package dev.rowan.server.kinds;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user and autonumber fields over HTTP on the real PostgreSQL: members read as {@code {id, name}}, filters
 * (is me included) and sorts by name run in the database, every write path refuses anyone who is not a current member
 * and changes nothing, a removed member's name stays on the records; autonumbers come from the server, in created
 * order, never reused and never written by a client.
 */
class UserFieldOverHttpTest {
    private static ApiClient owner;
    private static ApiClient grace;
    private static ApiClient stranger;
    private static String ownerId;
    private static String graceId;
    private static String strangerId;
    private Map<String, Object> table;
    private String path;

    @BeforeAll
    static void fixture() {
        owner = TestServer.newTenant(); // display name "Tester"
        grace = member("Grace Hopper");
        stranger = TestServer.newTenant(); // a member of another company
        ownerId = me(owner);
        graceId = me(grace);
        strangerId = me(stranger);
    }

    @org.junit.jupiter.api.BeforeEach
    void tableOfItsOwn() {
        table = owner.createTable(owner.createApp("People"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Owner", "type", "user"),
                Map.of("name", "Team", "type", "user", "config", Map.of("multiple", true)),
                Map.of("name", "No", "type", "autonumber")));
        path = "/api/tables/" + table.get("id") + "/records";
    }

    private static ApiClient member(String name) {
        String email = name.toLowerCase().replace(' ', '-') + "-" + UUID.randomUUID() + "@test.rowan";
        ApiClient.Response added = owner.post("/api/members", Map.of("email", email, "password", "correct horse 7",
                "displayName", name, "role", "member"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        ApiClient api = new ApiClient(owner.base());
        assertThat(api.login(email, "correct horse 7").status()).isEqualTo(200);
        api.companyId = owner.companyId;
        return api;
    }

    private static String me(ApiClient api) {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    private String create(ApiClient as, Map<String, Object> fields) {
        ApiClient.Response r = as.post(path, Map.of("fields", fields));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(String records, String id) {
        ApiClient.Response r = owner.get(records + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.get("fields");
    }

    @SuppressWarnings("unchecked")
    private List<String> titles(ApiClient as, Map<String, Object> body) {
        ApiClient.Response r = as.post(path + "/query", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().stream().map(m -> (String) ((Map<String, Object>) m.get("fields")).get("Title")).toList();
    }

    private static Map<String, Object> where(String field, String op, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("field", field);
        m.put("operator", op);
        m.put("value", value);
        return m;
    }

    private static Map<String, Object> member(String id, String name) {
        return Map.of("id", id, "name", name);
    }

    @Test
    void membersReadWithTheirNamesAndFilterAndSortByThemInTheDatabase() {
        String a = create(owner, Map.of("Title", "a", "Owner", graceId, "Team", List.of(ownerId, graceId)));
        String b = create(owner, Map.of("Title", "b", "Owner", Map.of("id", ownerId), "Team", List.of(graceId)));
        create(owner, Map.of("Title", "c"));
        assertThat(fields(path, a)).containsEntry("Owner", member(graceId, "Grace Hopper"))
                .containsEntry("Team", List.of(member(ownerId, "Tester"), member(graceId, "Grace Hopper")));
        assertThat(fields(path, b)).containsEntry("Owner", member(ownerId, "Tester"));
        // a value read can be sent back as it is
        ApiClient.Response same = owner.patch(path + "/" + b, Map.of("fields", Map.of("Team", fields(path, b).get("Team"))));
        assertThat(same.status()).as(same.body()).isEqualTo(200);

        Map<String, Object> body = new HashMap<>();
        body.put("filter", Map.of("operator", "and", "conditions", List.of(where("Title", "ne", "zzz"),
                where("Owner", "eq", "@me"))));
        assertThat(titles(grace, body)).containsExactly("a");
        assertThat(titles(owner, body)).containsExactly("b");
        body.put("filter", where("Team", "in", List.of("@me")));
        assertThat(titles(owner, body)).containsExactly("a");
        body.put("filter", where("Team", "ne", graceId));
        assertThat(titles(owner, body)).containsExactly("c");
        body.put("filter", where("Owner", "isNull", null));
        assertThat(titles(owner, body)).containsExactly("c");
        // by name: Grace Hopper before Tester, no one last
        body.remove("filter");
        body.put("sort", List.of(Map.of("field", "Owner", "direction", "asc")));
        assertThat(titles(owner, body)).startsWith("a", "b").contains("c");
        body.put("limit", 1);
        ApiClient.Response first = owner.post(path + "/query", body);
        body.put("cursor", first.get("nextCursor"));
        assertThat(titles(owner, body)).containsExactly("b");
    }

    @Test
    void anyoneButACurrentMemberIsRefusedOnEveryWritePathAndNothingChanges() {
        String id = create(owner, Map.of("Title", "kept", "Owner", graceId));
        long changes = Sql.changes(owner.companyId);
        List<Object> bad = new ArrayList<>(List.of(strangerId, UUID.randomUUID().toString(), "not-an-id", 5,
                List.of(ownerId, graceId), Map.of("name", "Tester")));
        for (Object v : bad) {
            assertProblem(owner.post(path, Map.of("fields", Map.of("Title", "x", "Owner", v))), "fields.Owner");
            assertProblem(owner.patch(path + "/" + id, Map.of("fields", Map.of("Owner", v))), "fields.Owner");
        }
        assertProblem(owner.patch(path + "/" + id, Map.of("fields", Map.of("Team", List.of(graceId, strangerId)))),
                "fields.Team[1]");
        // the autonumber is the server's
        assertProblem(owner.post(path, Map.of("fields", Map.of("Title", "x", "No", 99))), "fields.No");
        assertProblem(owner.patch(path + "/" + id, Map.of("fields", Map.of("No", 1))), "fields.No");
        // bulk: the row naming a stranger is rejected, the other goes in
        ApiClient.Response bulk = owner.post(path + "/bulk", Map.of("records", List.of(
                Map.of("id", UUID.randomUUID().toString(), "fields", Map.of("Title", "bulk-bad", "Owner", strangerId)),
                Map.of("id", UUID.randomUUID().toString(), "fields", Map.of("Title", "bulk-ok", "Owner", graceId)))));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.body()).contains("not a member").doesNotContain("dt_");
        assertThat(Sql.changes(owner.companyId)).isEqualTo(changes + 1);
        // the sync push: refused, not stored
        ApiClient.Response push = owner.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(),
                "mutations", List.of(Map.of("mutationId", UUID.randomUUID().toString(), "op", "UPDATE",
                        "entity", "RECORD", "entityId", id, "parentId", table.get("id"),
                        "payload", Map.of("fields", Map.of(ApiClient.fieldId(table, "Owner"), List.of(strangerId)))))));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        assertThat(push.body()).doesNotContain("\"APPLIED\"").contains("not a member");
        assertThat(Sql.changes(owner.companyId)).isEqualTo(changes + 1);
        assertThat(fields(path, id)).containsEntry("Owner", member(graceId, "Grace Hopper"));
    }

    @Test
    void aRemovedMembersValuesKeepTheirNameButTheyCannotBeSetAgain() {
        ApiClient linus = member("Linus Pauling");
        String linusId = me(linus);
        String id = create(owner, Map.of("Title", "his", "Owner", linusId));
        ApiClient.Response removed = owner.delete("/api/company/members/" + linusId);
        assertThat(removed.status()).as(removed.body()).isIn(200, 204);
        assertThat(fields(path, id)).containsEntry("Owner", member(linusId, "Linus Pauling"));
        assertProblem(owner.post(path, Map.of("fields", Map.of("Title", "again", "Owner", linusId))), "fields.Owner");
        // and the record itself can still be edited without touching him
        assertThat(owner.patch(path + "/" + id, Map.of("fields", Map.of("Title", "his!"))).status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void autonumbersFollowCreationAreNeverReusedAndNumberExistingRecordsWhenAddedOrChangedTo() {
        Map<String, Object> t = owner.createTable(owner.createApp("Numbers"), "Tickets", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Ref", "type", "text")));
        String records = "/api/tables/" + t.get("id") + "/records";
        List<String> ids = new ArrayList<>();
        for (String title : List.of("one", "two", "three")) {
            ApiClient.Response r = owner.post(records, Map.of("fields", Map.of("Title", title, "Ref", "r-" + title)));
            ids.add(r.id());
        }
        // added to a table with records: numbered in created order
        ApiClient.Response added = owner.post("/api/tables/" + t.get("id") + "/fields",
                Map.of("name", "No", "type", "autonumber"));
        assertThat(added.status()).as(added.body()).isIn(200, 201);
        assertThat(owner.get(records + "/" + ids.get(0)).body()).as(added.body()).contains("\"No\":1");
        for (int i = 0; i < 3; i++) assertThat(number(fields(records, ids.get(i)).get("No"))).isEqualTo(i + 1);
        // the answer to a create carries the number; a deleted number is never given again
        assertThat(owner.delete(records + "/" + ids.get(2)).status()).isIn(200, 204);
        ApiClient.Response four = owner.post(records, Map.of("fields", Map.of("Title", "four")));
        assertThat(number(((Map<String, Object>) four.get("fields")).get("No"))).as(four.body()).isEqualTo(4);
        // bulk rows are numbered by the same sequence
        ApiClient.Response bulk = owner.post(records + "/bulk", Map.of("records", List.of(
                Map.of("id", UUID.randomUUID().toString(), "fields", Map.of("Title", "five")))));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        Map<String, Object> sorted = new HashMap<>();
        sorted.put("sort", List.of(Map.of("field", "No", "direction", "desc")));
        sorted.put("filter", where("No", "gt", 3));
        ApiClient.Response top = owner.post(records + "/query", sorted);
        assertThat(top.data()).extracting(m -> ((Map<String, Object>) m.get("fields")).get("Title"))
                .containsExactly("five", "four");
        // a text field changed to an autonumber: the existing records get numbers in created order
        String ref = "/api/tables/" + t.get("id") + "/fields/" + ApiClient.fieldId(t, "Ref");
        ApiClient.Response retyped = owner.patch(ref, Map.of("type", "autonumber"));
        assertThat(retyped.status()).as(retyped.body()).isEqualTo(200);
        assertThat(number(fields(records, ids.get(0)).get("Ref"))).isEqualTo(1);
        assertThat(number(fields(records, ids.get(1)).get("Ref"))).isEqualTo(2);
        assertThat(number(((Map<String, Object>) owner.post(records, Map.of("fields", Map.of("Title", "six")))
                .get("fields")).get("Ref"))).isEqualTo(5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupsByAMemberShowTheirName() {
        create(owner, Map.of("Title", "g1", "Owner", graceId));
        create(owner, Map.of("Title", "g2", "Owner", graceId));
        create(owner, Map.of("Title", "t1", "Owner", ownerId));
        ApiClient.Response v = owner.post("/api/tables/" + table.get("id") + "/views",
                Map.of("name", "By owner", "type", "grid", "config", Map.of()));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        ApiClient.Response g = owner.get("/api/views/" + v.id() + "/groups?groupBy=Owner");
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        Map<Object, Object> counts = new HashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) g.get("groups")) {
            counts.put(group.get("value"), group.get("count"));
        }
        assertThat(counts).containsEntry(member(graceId, "Grace Hopper"), 2).containsEntry(member(ownerId, "Tester"), 1);
    }

    private static int number(Object v) {
        if (v == null) throw new AssertionError("no number");
        return new BigDecimal(String.valueOf(v)).intValueExact();
    }

    private static void assertProblem(ApiClient.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains(field).doesNotContain("dt_").doesNotContain("f_").doesNotContain("memberships");
    }
}
