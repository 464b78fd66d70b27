package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved views over HTTP on the real PostgreSQL: create, list, read, change, duplicate, reorder and delete through
 * REST and the sync push (one handler), every change journalled; bad input is problem+json and changes nothing;
 * personal views are seen only by their creator (also through pull), locked views changed only by owners/admins.
 */
class ViewsCrudTest {

    private record Fixture(ApiClient api, String tableId, String qty, String title) {
    }

    private static Fixture fixture() {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> t = api.createTable(api.createApp("Views"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Qty", "type", "number")));
        return new Fixture(api, (String) t.get("id"), ApiClient.fieldId(t, "Qty"), ApiClient.fieldId(t, "Title"));
    }

    private static String snapshot(Object tableId) {
        return Sql.rows("SELECT id, name, kind, config::text AS c, position, owner_id, personal, locked FROM rowan.views "
                + "WHERE table_id = ? ORDER BY id", tableId).toString();
    }

    private static List<Object> names(ApiClient api, String tableId) {
        return api.get("/api/tables/" + tableId + "/views").data().stream().map(v -> v.get("name")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createListReadChangeDuplicateReorderAndDeleteAreJournalled() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        String views = "/api/tables/" + fx.tableId() + "/views";
        long changes = Sql.changes(api.companyId);
        Map<String, Object> config = Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", fx.qty(), "direction", "desc"))));
        var created = api.post(views, Map.of("name", "Big first", "type", "grid", "config", config));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.id();
        assertThat(created.get("personal")).isEqualTo(false);
        assertThat(created.get("locked")).isEqualTo(false);
        assertThat(created.get("ownerId")).isEqualTo(Members.userId(api));
        assertThat(((Map<String, Object>) created.get("config")).get("query")).isEqualTo(Map.of("sorts",
                List.of(Map.of("fieldId", fx.qty(), "direction", "desc"))));
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 1);
        assertThat(names(api, fx.tableId())).containsExactly("Grid", "Form", "Gallery", "Big first");
        assertThat(api.get("/api/views/" + id).get("name")).isEqualTo("Big first");

        var renamed = api.patch("/api/views/" + id, Map.of("name", "Largest"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.get("config")).isEqualTo(created.get("config"));
        var kanban = api.patch("/api/views/" + id, Map.of("type", "kanban"));
        assertThat(kanban.status()).as(kanban.body()).isEqualTo(200);
        assertThat(kanban.get("type")).isEqualTo("kanban");

        var copy = api.post("/api/views/" + id + "/duplicate", Map.of());
        assertThat(copy.status()).as(copy.body()).isEqualTo(201);
        assertThat(copy.get("name")).isEqualTo("Largest copy");
        assertThat(copy.id()).isNotEqualTo(id);
        assertThat(copy.get("config")).isEqualTo(kanban.get("config"));

        List<String> ids = new ArrayList<>(api.get(views).data().stream().map(v -> (String) v.get("id")).toList());
        var reordered = api.post(views + "/reorder", Map.of("ids", List.of(copy.id(), id)));
        assertThat(reordered.status()).as(reordered.body()).isEqualTo(200);
        assertThat(reordered.data()).extracting(v -> v.get("name"))
                .containsExactly("Largest copy", "Largest", "Grid", "Form", "Gallery");
        assertThat(names(api, fx.tableId())).containsExactly("Largest copy", "Largest", "Grid", "Form", "Gallery");
        long beforeDelete = Sql.changes(api.companyId);
        assertThat(api.delete("/api/views/" + copy.id()).status()).isEqualTo(204);
        assertThat(Sql.changes(api.companyId)).isEqualTo(beforeDelete + 1);
        assertThat(api.get("/api/views/" + copy.id()).status()).isEqualTo(404);
        assertThat(ids).hasSize(5);
        // every change is in the change log as a view change of this table
        assertThat(Sql.count("SELECT count(*) FROM rowan.change_log WHERE company_id = ? AND entity = 'view' AND "
                + "entity_id = ?", api.companyId, UUID.fromString(id))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void badInputIsProblemJsonAndChangesNothing() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        String views = "/api/tables/" + fx.tableId() + "/views";
        String gridId = (String) api.get(views).data().getFirst().get("id");
        ApiClient stranger = TestServer.newTenant();
        Map<String, Object> other = stranger.createTable(stranger.createApp("Other"), "Other",
                List.of(Map.of("name", "A", "type", "text")));
        String strangersView = (String) stranger.get("/api/tables/" + other.get("id") + "/views").data().getFirst().get("id");
        String before = snapshot(fx.tableId()) + snapshot(other.get("id"));
        long changes = Sql.changes(api.companyId);

        record Bad(String method, String path, String body, int status, String mentions) {
        }
        String huge = "{\"name\":\"" + "x".repeat(3_000_000) + "\",\"type\":\"grid\"}";
        List<Bad> bad = List.of(
                new Bad("POST", views, "{\"name\": \"A\", \"type\": ", 400, ""),
                new Bad("POST", views, "[1,2]", 400, ""),
                new Bad("POST", views, "{\"name\":\"A\",\"type\":\"grid\",\"config\":{\"query\":{\"sorts\":[{\"fieldId\":\""
                        + UUID.randomUUID() + "\"}]}}}", 422, "config.query.sorts[0].fieldId"),
                new Bad("POST", views, "{\"name\":\"A\",\"type\":\"grid\",\"config\":{\"query\":{\"filter\":{\"field\":\""
                        + fx.title() + "\",\"operator\":\"eq\",\"value\":[\"'); DROP TABLE rowan.views;--\"]}}}}", 422,
                        "config.query.filter.value"),
                new Bad("POST", views, "{\"name\":\"A\",\"type\":\"<script>\"}", 422, "type"),
                new Bad("POST", views, "{\"name\":\"A\",\"type\":\"grid\",\"owner\":\"me\"}", 422, "owner"),
                new Bad("POST", views, "{\"name\":\"A\",\"type\":\"grid\",\"personal\":\"yes\"}", 422, "personal"),
                new Bad("POST", views, "{\"name\":\"A\",\"type\":\"grid\",\"personal\":true,\"locked\":true}", 422, "locked"),
                new Bad("POST", views, "{\"name\":\"\",\"type\":\"grid\"}", 422, "name"),
                new Bad("POST", views, huge, 413, ""),
                new Bad("POST", "/api/tables/" + UUID.randomUUID() + "/views", "{\"name\":\"A\",\"type\":\"grid\"}", 404, ""),
                new Bad("POST", "/api/tables/" + other.get("id") + "/views", "{\"name\":\"A\",\"type\":\"grid\"}", 404, ""),
                new Bad("PATCH", "/api/views/" + strangersView, "{\"name\":\"Mine\"}", 404, ""),
                new Bad("DELETE", "/api/views/" + strangersView, null, 404, ""),
                new Bad("GET", "/api/views/" + strangersView, null, 404, ""),
                new Bad("GET", "/api/views/" + strangersView + "/records", null, 404, ""),
                new Bad("GET", "/api/views/" + strangersView + "/groups", null, 404, ""),
                new Bad("POST", "/api/views/" + strangersView + "/duplicate", "{}", 404, ""),
                new Bad("DELETE", "/api/views/" + UUID.randomUUID(), null, 404, ""),
                new Bad("GET", "/api/views/not-a-uuid", null, 404, ""),
                new Bad("PATCH", "/api/views/" + gridId, "{\"config\":{\"hidden\":\"everything\"}}", 422, "config.hidden"),
                new Bad("PATCH", "/api/views/" + gridId, "{\"name\": 7}", 422, "name"),
                new Bad("POST", "/api/views/" + gridId + "/duplicate", "{\"name\": {}}", 422, "name"),
                new Bad("POST", views + "/reorder", "{\"ids\":[\"" + gridId + "\",\"" + gridId + "\"]}", 422, "ids[1]"),
                new Bad("POST", views + "/reorder", "{\"ids\":[\"" + strangersView + "\"]}", 422, "ids[0]"),
                new Bad("POST", views + "/reorder", "{\"ids\":[\"nope\"]}", 422, "ids[0]"),
                new Bad("POST", views + "/reorder", "{\"ids\":\"all\"}", 422, "ids"),
                new Bad("PUT", views + "/" + strangersView, "{\"name\":\"Mine\",\"type\":\"grid\"}", 409, ""),
                new Bad("GET", "/api/views/" + gridId + "/records?filter=" + ApiClient.q("{\"field\":\"Nope\",\"operator\":\"eq\",\"value\":1}"), null, 422, ""),
                new Bad("GET", "/api/views/" + gridId + "/records?search=" + "x".repeat(300), null, 422, "search"),
                new Bad("GET", "/api/views/" + gridId + "/groups?groupBy=Nope", null, 422, "groupBy"),
                new Bad("GET", "/api/views/" + gridId + "/groups?groupBy=Title,Qty,Title", null, 422, "groupBy"),
                new Bad("GET", "/api/views/" + gridId + "/groups?groupBy=a,b,c,d", null, 422, "groupBy"),
                new Bad("GET", "/api/views/" + gridId + "/groups?aggregate=Title", null, 422, "aggregate"),
                new Bad("GET", "/api/views/" + gridId + "/groups?aggregate=Qty,Qty", null, 422, "aggregate"));
        for (Bad b : bad) {
            var r = b.body() == null ? api.send(b.method(), b.path(), null)
                    : api.raw(b.method(), b.path(), b.body().getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(b.method() + " " + b.path().substring(0, Math.min(b.path().length(), 120)) + ": "
                    + r.body()).isEqualTo(b.status());
            assertThat(r.isProblem()).as(r.body()).isTrue();
            assertThat(r.body()).contains(b.mentions()).doesNotContain("dt_", "Exception", "f_", "SQL");
        }
        assertThat(snapshot(fx.tableId()) + snapshot(other.get("id"))).isEqualTo(before);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPersonalViewIsSeenOnlyByItsCreatorAlsoThroughPull() {
        Fixture fx = fixture();
        ApiClient owner = fx.api();
        ApiClient alice = Members.add(owner, "alice", "member");
        ApiClient bob = Members.add(owner, "bob", "member");
        String views = "/api/tables/" + fx.tableId() + "/views";
        var mine = alice.post(views, Map.of("name", "Alice only", "type", "grid", "personal", true));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(mine.get("personal")).isEqualTo(true);
        String id = mine.id();

        assertThat(names(alice, fx.tableId())).contains("Alice only");
        for (ApiClient other : List.of(bob, owner)) {
            assertThat(names(other, fx.tableId())).doesNotContain("Alice only");
            assertThat(other.get("/api/views/" + id).status()).isEqualTo(404);
            assertThat(other.get("/api/views/" + id + "/records").status()).isEqualTo(404);
            assertThat(other.patch("/api/views/" + id, Map.of("name", "Taken")).status()).isEqualTo(404);
            assertThat(other.delete("/api/views/" + id).status()).isEqualTo(404);
            assertThat(other.put(views + "/" + id, Map.of("name", "Taken", "type", "grid")).status()).isEqualTo(404);
            assertThat(other.get("/api/tables/" + fx.tableId()).body()).doesNotContain(id);
            assertThat(pullAll(other)).doesNotContain(id).contains(fx.tableId());
            // nor through a push
            var pushed = Members.push(other, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", id,
                    fx.tableId(), Map.of("name", "Taken", "type", "grid", "config", Map.of()))));
            assertThat(pushed.getFirst().get("status")).as(pushed.toString()).isEqualTo("rejected");
        }
        assertThat(pullAll(alice)).contains(id);
        assertThat(alice.get("/api/views/" + id).get("name")).isEqualTo("Alice only");
        // only its creator makes it shared; then everybody sees it
        var shared = alice.patch("/api/views/" + id, Map.of("personal", false));
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(names(bob, fx.tableId())).contains("Alice only");
        var back = bob.patch("/api/views/" + id, Map.of("personal", true));
        assertThat(back.status()).as(back.body()).isEqualTo(403);
        assertThat(names(bob, fx.tableId())).contains("Alice only");
    }

    @Test
    void aLockedViewIsChangedOnlyByOwnersAndAdmins() {
        Fixture fx = fixture();
        ApiClient owner = fx.api();
        ApiClient member = Members.add(owner, "member", "member");
        ApiClient admin = Members.add(owner, "admin", "admin");
        String views = "/api/tables/" + fx.tableId() + "/views";
        var refused = member.post(views, Map.of("name", "Locked by me", "type", "grid", "locked", true));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        var locked = owner.post(views, Map.of("name", "Team", "type", "grid", "locked", true));
        assertThat(locked.status()).as(locked.body()).isEqualTo(201);
        String id = locked.id();
        String before = snapshot(fx.tableId());
        long changes = Sql.changes(owner.companyId);

        assertThat(member.patch("/api/views/" + id, Map.of("name", "Mine")).status()).isEqualTo(403);
        assertThat(member.patch("/api/views/" + id, Map.of("locked", false)).status()).isEqualTo(403);
        assertThat(member.put(views + "/" + id, Map.of("name", "Mine", "type", "grid")).status()).isEqualTo(403);
        assertThat(member.delete("/api/views/" + id).status()).isEqualTo(403);
        List<Object> order = new ArrayList<>(member.get(views).data().stream().map(v -> v.get("id")).toList());
        java.util.Collections.reverse(order);
        assertThat(member.post(views + "/reorder", Map.of("ids", order)).status()).isEqualTo(403);
        var pushed = Members.push(member, UUID.randomUUID(), List.of(
                Members.mutation("UPDATE", "view", id, fx.tableId(), Map.of("name", "Mine", "type", "grid", "config", Map.of())),
                Members.mutation("DELETE", "view", id, fx.tableId(), Map.of())));
        assertThat(pushed).extracting(r -> r.get("status")).containsOnly("rejected");
        assertThat(snapshot(fx.tableId())).isEqualTo(before);
        assertThat(Sql.changes(owner.companyId)).isEqualTo(changes);
        // a member still reads it and may copy it (the copy is theirs, unlocked)
        assertThat(member.get("/api/views/" + id + "/records").status()).isEqualTo(200);
        var copy = member.post("/api/views/" + id + "/duplicate", Map.of("name", "My copy"));
        assertThat(copy.status()).as(copy.body()).isEqualTo(201);
        assertThat(copy.get("locked")).isEqualTo(false);

        var byAdmin = admin.patch("/api/views/" + id, Map.of("name", "Team (admin)"));
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(owner.patch("/api/views/" + id, Map.of("locked", false)).status()).isEqualTo(200);
        assertThat(member.patch("/api/views/" + id, Map.of("name", "Now mine")).status()).isEqualTo(200);
    }

    @Test
    void theSyncPushAndRestGoThroughTheSameHandler() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        UUID viewId = UUID.randomUUID();
        long changes = Sql.changes(api.companyId);
        var res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("CREATE", "view", viewId, fx.tableId(),
                Map.of("name", "Pushed", "type", "grid", "config", Map.of()))));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 1);
        var read = api.get("/api/views/" + viewId);
        assertThat(read.get("name")).isEqualTo("Pushed");
        assertThat(read.get("ownerId")).isEqualTo(Members.userId(api));
        // the push keeps flags it does not name (a lock set over REST stays through a desktop's rename)
        assertThat(api.patch("/api/views/" + viewId, Map.of("locked", true)).get("locked")).isEqualTo(true);
        res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", viewId, fx.tableId(),
                Map.of("name", "Renamed", "type", "grid", "config", Map.of()))));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        assertThat(api.get("/api/views/" + viewId).get("locked")).isEqualTo(true);
        assertThat(api.get("/api/views/" + viewId).get("name")).isEqualTo("Renamed");
        // a delete of what is gone is applied with a note; over REST it is 404
        assertThat(api.delete("/api/views/" + viewId).status()).isEqualTo(204);
        res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("DELETE", "view", viewId, fx.tableId(), Map.of())));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        assertThat(api.delete("/api/views/" + viewId).status()).isEqualTo(404);
    }

    /** The desktop's view bar pushes a view whole with its place in the list: it is applied and the list follows. */
    @Test
    void aPushedViewWithItsPositionMovesInTheList() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        List<UUID> ids = new java.util.ArrayList<>();
        for (String n : List.of("First", "Second", "Third")) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            var res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("CREATE", "view", id, fx.tableId(),
                    Map.of("name", n, "type", "grid", "config", Map.of()))));
            assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        }
        var res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", ids.get(2),
                fx.tableId(), Map.of("name", "Third", "type", "grid", "config", Map.of(), "position", 0))));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        List<Map<String, Object>> list = api.get("/api/tables/" + fx.tableId() + "/views").data();
        List<String> names = list.stream().map(v -> (String) v.get("name"))
                .filter(n -> List.of("First", "Second", "Third").contains(n)).toList();
        assertThat(names).containsExactly("Third", "First", "Second");
        res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", ids.get(0),
                fx.tableId(), Map.of("name", "First", "type", "grid", "config", Map.of(), "position", -1))));
        assertThat(res.getFirst().get("status")).as("a negative place is refused").isEqualTo("rejected");
    }

    /** Everything a fresh client pulls, as text. */
    static String pullAll(ApiClient api) {
        StringBuilder all = new StringBuilder();
        Object cursor = null;
        for (int page = 0; page < 100; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            body.put("limit", 1000);
            var r = api.post("/api/sync/pull", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            all.append(r.body());
            cursor = r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        return all.toString();
    }
}
