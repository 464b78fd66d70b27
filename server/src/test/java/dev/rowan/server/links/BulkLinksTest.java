package dev.rowan.server.links;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's gap, closed in issue 14: bulk create (REST and pushed) takes link field values (ids) on either side of a
 * link, in order, checked like a single create: unknown and other-company ids, more than one id where one is the
 * limit, a record already linked where the other side allows one, and malformed values are refused for that row,
 * which is not stored and leaves no link, while the other rows go in.
 */
class BulkLinksTest {
    private static ApiClient api;
    private static String projects;
    private static String tasks;
    private static final List<String> T = new ArrayList<>();

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        String app = api.createApp("Bulk links");
        projects = (String) api.createTable(app, "Projects", List.of(Map.of("name", "Name", "type", "text")))
                .get("id");
        tasks = (String) api.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text"))).get("id");
        for (int i = 0; i < 6; i++) {
            T.add(created(api.post(records(tasks), Map.of("fields", Map.of("Title", "t" + i)))));
        }
        ok(api.post(fields(projects), Map.of("name", "Tasks", "type", "link",
                "config", Map.of("tableId", tasks, "inverseName", "Project"))));
        // a self-link with a limit of one on its forward side: a task has at most one parent
        ok(api.post(fields(tasks), Map.of("name", "Parent", "type", "link",
                "config", Map.of("tableId", tasks, "limitOne", true, "inverseName", "Children"))));
    }

    @Test
    void bulkCreateWritesLinksInOrderOnBothSides() {
        String p1 = UUID.randomUUID().toString();
        String p2 = UUID.randomUUID().toString();
        var r = api.post(records(projects) + "/bulk", Map.of("records", List.of(
                Map.of("id", p1, "fields", Map.of("Name", "one", "Tasks", List.of(T.get(2), T.get(0), T.get(1)))),
                Map.of("id", p2, "fields", Map.of("Name", "two", "Tasks", Map.of("add", List.of(T.get(3))))),
                Map.of("fields", Map.of("Name", "none")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.map()).containsEntry("created", 3).containsEntry("failed", 0);
        assertThat(ids(values(projects, p1).get("Tasks"))).containsExactly(T.get(2), T.get(0), T.get(1));
        assertThat(ids(values(projects, p2).get("Tasks"))).containsExactly(T.get(3));
        assertThat(ids(values(tasks, T.get(0)).get("Project"))).containsExactly(p1);

        // from the inverse side: new tasks go after the links the project already has
        String n1 = UUID.randomUUID().toString();
        String n2 = UUID.randomUUID().toString();
        var inverse = api.post(records(tasks) + "/bulk", Map.of("records", List.of(
                Map.of("id", n1, "fields", Map.of("Title", "n1", "Project", List.of(p1))),
                Map.of("id", n2, "fields", Map.of("Title", "n2", "Project", List.of(p1, p2))))));
        assertThat(inverse.map()).as(inverse.body()).containsEntry("created", 2);
        assertThat(ids(values(projects, p1).get("Tasks"))).containsExactly(T.get(2), T.get(0), T.get(1), n1, n2);
        assertThat(ids(values(projects, p2).get("Tasks"))).containsExactly(T.get(3), n2);
        assertThat(ids(values(tasks, n2).get("Project"))).containsExactlyInAnyOrder(p1, p2);
    }

    @Test
    void refusedLinksRefuseTheirRowAndChangeNothingOfIt() {
        ApiClient other = TestServer.newTenant();
        String otherTable = (String) other.createTable(other.createApp("Other"), "Theirs",
                List.of(Map.of("name", "N", "type", "text"))).get("id");
        String foreign = created(other.post(records(otherTable), Map.of("fields", Map.of("N", "x"))));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) tooMany.add(UUID.randomUUID().toString());
        String good = UUID.randomUUID().toString();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 5; i++) bad.add(UUID.randomUUID().toString());
        var r = api.post(records(projects) + "/bulk", Map.of("records", List.of(
                Map.of("id", good, "fields", Map.of("Name", "good", "Tasks", List.of(T.get(4)))),
                Map.of("id", bad.get(0), "fields", Map.of("Name", "unknown", "Tasks",
                        List.of(T.get(5), UUID.randomUUID().toString()))),
                Map.of("id", bad.get(1), "fields", Map.of("Name", "foreign", "Tasks", List.of(foreign))),
                Map.of("id", bad.get(2), "fields", Map.of("Name", "a project", "Tasks", List.of(T.get(5)))),
                Map.of("id", bad.get(3), "fields", Map.of("Name", "too many", "Tasks", tooMany)),
                Map.of("id", bad.get(4), "fields", Map.of("Name", "hostile", "Tasks", List.of("' OR 1=1 --"))))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.map()).containsEntry("created", 2).containsEntry("failed", 4);
        List<Map<String, Object>> results = results(r);
        assertThat(results).extracting(m -> m.get("status")).containsExactly("created", "failed", "failed",
                "created", "failed", "failed");
        assertThat(errorText(results.get(1))).contains("records[1].fields.Tasks", "No record");
        assertThat(errorText(results.get(2))).contains("records[2].fields.Tasks", "No record");
        assertThat(errorText(results.get(4))).contains("records[4].fields.Tasks", "At most 10000");
        assertThat(errorText(results.get(5))).contains("records[5].fields.Tasks");
        assertThat(r.body()).doesNotContain("org.", "java.", "SQL", "Exception", "lk_", "src", "dst");
        for (int i : new int[]{0, 1, 3, 4}) {
            assertThat(api.get(record(projects, bad.get(i))).status()).as("row " + i).isEqualTo(404);
        }
        // the refused rows left no link: the task of the unknown-id row is linked only by the row that went in
        assertThat(ids(values(tasks, T.get(5)).get("Project"))).containsExactly(bad.get(2));
        assertThat(ids(values(projects, good).get("Tasks"))).containsExactly(T.get(4));
        assertThat(ids(values(tasks, T.get(4)).get("Project"))).containsExactly(good);
    }

    @Test
    void limitsOfOneHoldOnBothSides() {
        String parent = created(api.post(records(tasks), Map.of("fields", Map.of("Title", "parent"))));
        String child = created(api.post(records(tasks), Map.of("fields", Map.of("Title", "child"))));
        ok(api.patch(record(tasks, child), Map.of("fields", Map.of("Parent", List.of(parent)))));
        String free = created(api.post(records(tasks), Map.of("fields", Map.of("Title", "free"))));
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String d = UUID.randomUUID().toString();
        var r = api.post(records(tasks) + "/bulk", Map.of("records", List.of(
                // two parents where one is the limit
                Map.of("id", a, "fields", Map.of("Title", "a", "Parent", List.of(parent, free))),
                // adopting a child that has a parent already (the child's side allows one)
                Map.of("id", b, "fields", Map.of("Title", "b", "Children", List.of(child))),
                // two new tasks adopting the same free task: the first gets it
                Map.of("id", c, "fields", Map.of("Title", "c", "Children", List.of(free))),
                Map.of("id", d, "fields", Map.of("Title", "d", "Children", List.of(free))))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Map<String, Object>> results = results(r);
        assertThat(results).extracting(m -> m.get("status")).containsExactly("failed", "failed", "created",
                "failed");
        assertThat(errorText(results.get(0))).contains("records[0].fields.Parent", "at most one");
        assertThat(errorText(results.get(1))).contains("records[1].fields.Children", "already linked");
        assertThat(errorText(results.get(3))).contains("records[3].fields.Children", "already linked");
        assertThat(ids(values(tasks, child).get("Parent"))).containsExactly(parent);
        assertThat(ids(values(tasks, free).get("Parent"))).containsExactly(c);
        assertThat(api.get(record(tasks, b)).status()).isEqualTo(404);
    }

    @Test
    void aLinkToATableHiddenFromTheCallerIsRefusedAndLeaksNothing() {
        ApiClient member = dev.rowan.server.support.Members.add(api, "bulk-links-member", "member");
        String app = api.createApp("Hidden");
        String secret = (String) api.createTable(app, "Secret", List.of(Map.of("name", "Code", "type", "text")))
                .get("id");
        String s1 = created(api.post(records(secret), Map.of("fields", Map.of("Code", "top secret"))));
        String open = (String) api.createTable(app, "Open", List.of(Map.of("name", "N", "type", "text"))).get("id");
        ok(api.post(fields(open), Map.of("name", "Secrets", "type", "link", "config", Map.of("tableId", secret))));
        dev.rowan.server.support.Members.setAccess(api, secret, true, Map.of());
        String refused = UUID.randomUUID().toString();
        String plain = UUID.randomUUID().toString();
        var r = member.post(records(open) + "/bulk", Map.of("records", List.of(
                Map.of("id", refused, "fields", Map.of("N", "linked", "Secrets", List.of(s1))),
                Map.of("id", plain, "fields", Map.of("N", "plain")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Map<String, Object>> results = results(r);
        assertThat(results).extracting(m -> m.get("status")).containsExactly("failed", "created");
        assertThat(errorText(results.get(0))).contains("records[0].fields.Secrets", "cannot be written");
        assertThat(r.body()).doesNotContain("top secret", "Secret\"", "org.", "SQL");
        assertThat(api.get(record(open, refused)).status()).isEqualTo(404);
        assertThat(values(open, plain).get("Secrets")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPushedBulkCreateCarriesLinks() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        var push = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations", List.of(
                Map.of("mutationId", UUID.randomUUID().toString(), "op", "CREATE", "entity", "RECORD",
                        "entityId", first, "parentId", projects, "payload", Map.of("records", List.of(
                                Map.of("id", first, "fields", Map.of("Tasks", List.of(T.get(1), T.get(3)))),
                                Map.of("id", second, "fields", Map.of("Tasks", List.of(UUID.randomUUID()
                                        .toString())))))))));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        Map<String, Object> result = ((List<Map<String, Object>>) push.get("results")).getFirst();
        assertThat(result).as(push.body()).containsEntry("status", "applied").containsEntry("created", 1);
        assertThat(String.valueOf(result.get("rejectedRecords"))).contains("No record");
        assertThat(ids(values(projects, first).get("Tasks"))).containsExactly(T.get(1), T.get(3));
        assertThat(api.get(record(projects, second)).status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(ApiClient.Response r) {
        return (List<Map<String, Object>>) r.get("results");
    }

    private static String errorText(Map<String, Object> result) {
        return String.valueOf(result.get("errors"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Object links) {
        if (links == null) return List.of();
        return ((List<Map<String, Object>>) links).stream().map(m -> (String) m.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(String table, String id) {
        ApiClient.Response r = api.get(record(table, id));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.map().get("fields");
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
}
