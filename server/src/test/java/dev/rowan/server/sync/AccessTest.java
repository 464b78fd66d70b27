package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members and table access: a restricted table is invisible to members without a grant (REST and sync alike),
 * read-only under a read grant; pulls leave it out, purge it from a replica that loses access and backfill it, in
 * pages, on one that gains access. Bad access input is refused with a problem and changes nothing.
 */
class AccessTest {
    private static final String PASSWORD = "member password 1";

    private record Tenant(ApiClient owner, String appId, UUID secret, String secretField, UUID open,
                          String openField) {
    }

    private static Tenant tenant() {
        ApiClient owner = TestServer.newTenant();
        String app = owner.createApp("People");
        Map<String, Object> secret = owner.createTable(app, "Salaries", List.of(Map.of("name", "Who", "type", "text")));
        Map<String, Object> open = owner.createTable(app, "Rooms", List.of(Map.of("name", "Room", "type", "text")));
        return new Tenant(owner, app, UUID.fromString((String) secret.get("id")), ApiClient.fieldId(secret, "Who"),
                UUID.fromString((String) open.get("id")), ApiClient.fieldId(open, "Room"));
    }

    /** Adds a member through the API and returns them signed in. */
    private static ApiClient member(ApiClient owner, String name) {
        String email = name + "-" + UUID.randomUUID() + "@test.rowan";
        var r = owner.post("/api/members", Map.of("email", email, "password", PASSWORD, "displayName", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.map()).containsEntry("role", "member").containsEntry("email", email);
        ApiClient m = new ApiClient(owner.base());
        assertThat(m.login(email, PASSWORD).status()).isEqualTo(200);
        m.companyId = owner.companyId;
        return m;
    }

    private static String userId(ApiClient c) {
        return String.valueOf(c.get("/api/auth/me").get("userId"));
    }

    private static void setAccess(ApiClient owner, UUID table, boolean restricted, Map<ApiClient, String> grants) {
        List<Map<String, Object>> list = new ArrayList<>();
        grants.forEach((who, level) -> list.add(Map.of("userId", userId(who), "level", level)));
        var r = owner.put("/api/tables/" + table + "/access", Map.of("restricted", restricted, "grants", list));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static void addRecords(ApiClient api, UUID table, String field, String prefix, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(Map.of("fields", Map.of(field, prefix + i)));
        var r = api.post("/api/tables/" + table + "/records/bulk", Map.of("records", rows));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static Set<String> tableNames(ApiClient c, String app) {
        return c.get("/api/apps/" + app + "/tables").data().stream().map(t -> (String) t.get("name"))
                .collect(Collectors.toSet());
    }

    private static long recordsOf(SyncClient c, UUID table) {
        return c.records.values().stream().filter(r -> table.toString().equals(String.valueOf(r.get("tableId")))).count();
    }

    @Test
    void aRestrictedTableIsInvisibleWithoutAGrantAndReadOnlyUnderARead() {
        Tenant t = tenant();
        ApiClient reader = member(t.owner(), "reader");
        ApiClient outsider = member(t.owner(), "outsider");
        addRecords(t.owner(), t.secret(), "Who", "s", 3);
        setAccess(t.owner(), t.secret(), true, Map.of(reader, "read"));

        assertThat(t.owner().get("/api/members").data()).hasSize(3);
        assertThat(tableNames(outsider, t.appId())).containsExactly("Rooms");
        for (var r : List.of(outsider.get("/api/tables/" + t.secret()), outsider.get("/api/tables/" + t.secret() + "/records"),
                outsider.post("/api/tables/" + t.secret() + "/records", Map.of("fields", Map.of("Who", "x"))))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.isProblem()).isTrue();
        }
        assertThat(tableNames(reader, t.appId())).containsExactlyInAnyOrder("Rooms", "Salaries");
        assertThat(reader.get("/api/tables/" + t.secret() + "/records").data()).hasSize(3);
        var write = reader.post("/api/tables/" + t.secret() + "/records", Map.of("fields", Map.of("Who", "x")));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.isProblem()).isTrue();
        assertThat(reader.post("/api/tables/" + t.secret() + "/fields", Map.of("name", "Extra", "type", "text"))
                .status()).isEqualTo(403);
        assertThat(reader.delete("/api/apps/" + t.appId()).status()).isEqualTo(403);
        assertThat(reader.put("/api/tables/" + t.secret() + "/access", Map.of("restricted", false)).status())
                .isEqualTo(403);
        // the open table stays open to everyone
        assertThat(outsider.post("/api/tables/" + t.open() + "/records", Map.of("fields", Map.of("Room", "A")))
                .status()).isEqualTo(201);

        setAccess(t.owner(), t.secret(), true, Map.of(reader, "edit"));
        assertThat(reader.post("/api/tables/" + t.secret() + "/records", Map.of("fields", Map.of("Who", "x")))
                .status()).isEqualTo(201);
        Map<String, Object> shown = t.owner().get("/api/tables/" + t.secret() + "/access").map();
        assertThat(shown).containsEntry("restricted", true);
        assertThat(shown.get("grants")).isEqualTo(List.of(Map.of("userId", userId(reader), "level", "edit")));

        setAccess(t.owner(), t.secret(), false, Map.of());
        assertThat(outsider.get("/api/tables/" + t.secret() + "/records").data()).hasSize(4);
    }

    @Test
    void badAccessAndMemberInputIsRefusedAndChangesNothing() {
        Tenant t = tenant();
        ApiClient m = member(t.owner(), "m");
        setAccess(t.owner(), t.secret(), true, Map.of(m, "read"));
        long changes = Sql.changes(t.owner().companyId);
        Map<String, Object> before = t.owner().get("/api/tables/" + t.secret() + "/access").map();
        String path = "/api/tables/" + t.secret() + "/access";
        List<Object> bad = List.of(
                Map.of("restricted", "yes"),
                Map.of("grants", List.of()),
                Map.of("restricted", true, "grants", "everyone"),
                Map.of("restricted", true, "grants", List.of(Map.of("userId", UUID.randomUUID().toString()))),
                Map.of("restricted", true, "grants", List.of(Map.of("userId", "'; DROP TABLE rowan.users; --"))),
                Map.of("restricted", true, "grants", List.of(Map.of("userId", userId(m), "level", "admin"))),
                Map.of("restricted", true, "grants", List.of(Map.of("userId", userId(m)), Map.of("userId", userId(m)))),
                Map.of("restricted", true, "grants", List.of(Map.of("userId", userId(m), "role", "x"))),
                Map.of("restricted", true, "everyone", true));
        for (Object body : bad) {
            var r = t.owner().put(path, body);
            assertThat(r.status()).as(body + " -> " + r.body()).isIn(400, 422);
            assertThat(r.isProblem()).isTrue();
        }
        var malformed = t.owner().raw("PUT", path, "{\"restricted\": tru".getBytes());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.isProblem()).isTrue();
        assertThat(t.owner().put("/api/tables/" + UUID.randomUUID() + "/access", Map.of("restricted", true)).status())
                .isEqualTo(404);
        assertThat(t.owner().get("/api/tables/" + t.secret() + "/access").map()).isEqualTo(before);
        assertThat(Sql.changes(t.owner().companyId)).isEqualTo(changes);

        int members = t.owner().get("/api/members").data().size();
        var noPassword = t.owner().post("/api/members", Map.of("email", "new-" + UUID.randomUUID() + "@x.y"));
        assertThat(noPassword.status()).isEqualTo(422);
        var badRole = t.owner().post("/api/members", Map.of("email", "r@x.y", "password", PASSWORD, "role", "god"));
        assertThat(badRole.status()).isEqualTo(422);
        var again = t.owner().post("/api/members", Map.of("email", memberEmail(t.owner(), userId(m)),
                "password", PASSWORD));
        assertThat(again.status()).isEqualTo(409);
        assertThat(m.post("/api/members", Map.of("email", "z@x.y", "password", PASSWORD)).status()).isEqualTo(403);
        assertThat(t.owner().get("/api/members").data()).hasSize(members);
    }

    private static String memberEmail(ApiClient owner, String userId) {
        return owner.get("/api/members").data().stream().filter(x -> userId.equals(x.get("id")))
                .map(x -> (String) x.get("email")).findFirst().orElseThrow();
    }

    @Test
    void pullsLeaveHiddenTablesOutPurgeThemOnRevokeAndBackfillThemInPagesOnGrant() {
        Tenant t = tenant();
        ApiClient insider = member(t.owner(), "insider");
        ApiClient late = member(t.owner(), "late");
        addRecords(t.owner(), t.secret(), "Who", "s", 25);
        addRecords(t.owner(), t.open(), "Room", "r", 3);
        setAccess(t.owner(), t.secret(), true, Map.of(insider, "read"));

        SyncClient in = sync(insider);
        SyncClient out = sync(late);
        in.limit = 10;
        out.limit = 10;
        in.pull();
        out.pull();
        assertThat(in.tables).containsKeys(t.secret(), t.open());
        assertThat(recordsOf(in, t.secret())).isEqualTo(25);
        assertThat(out.tables).containsKey(t.open()).doesNotContainKey(t.secret());
        assertThat(recordsOf(out, t.secret())).isZero();
        assertThat(recordsOf(out, t.open())).isEqualTo(3);

        // changes to the hidden table never reach the outsider's pulls
        addRecords(t.owner(), t.secret(), "Who", "later", 5);
        addRecords(t.owner(), t.open(), "Room", "more", 1);
        assertThat(out.pull()).isEqualTo(1);
        assertThat(out.tables).doesNotContainKey(t.secret());

        // gaining access backfills every current row, in pages, then the log goes on
        setAccess(t.owner(), t.secret(), true, Map.of(insider, "read", late, "read"));
        addRecords(t.owner(), t.secret(), "Who", "after", 2);
        int pagesBefore = out.pages;
        out.pull();
        assertThat(out.pages - pagesBefore).isGreaterThanOrEqualTo(4); // 32 rows at 10 a page, then the log
        assertThat(out.tables).containsKey(t.secret());
        assertThat(recordsOf(out, t.secret())).isEqualTo(32);
        in.pull();
        assertThat(recordsOf(in, t.secret())).isEqualTo(32);
        assertThat(out.records.keySet()).isEqualTo(in.records.keySet());

        // losing access purges the table and its rows from the replica; the insider keeps it
        setAccess(t.owner(), t.secret(), true, Map.of(insider, "read"));
        out.pull();
        in.pull();
        assertThat(out.tables).doesNotContainKey(t.secret());
        assertThat(recordsOf(out, t.secret())).isZero();
        assertThat(recordsOf(out, t.open())).isEqualTo(4);
        assertThat(in.tables).containsKey(t.secret());
        assertThat(recordsOf(in, t.secret())).isEqualTo(32);

        // a push into a table one cannot see or only read is rejected, and the queue behind it goes on
        UUID room = UUID.randomUUID();
        out.create(t.secret(), UUID.randomUUID(), Map.of(t.secretField(), "sneaky"));
        out.create(t.open(), room, Map.of(t.openField(), "fine"));
        List<Map<String, Object>> res = out.push();
        assertThat(res.get(0)).containsEntry("status", "rejected");
        assertThat(res.get(1)).containsEntry("status", "applied");
        in.create(t.secret(), UUID.randomUUID(), Map.of(t.secretField(), "read only"));
        assertThat(in.push().getFirst()).containsEntry("status", "rejected");
        in.pull();
        assertThat(in.pulledResults).anySatisfy(r -> assertThat(String.valueOf(r.get("reason"))).contains("not change"));
        assertThat(t.owner().get("/api/tables/" + t.secret() + "/records?limit=100").data()).hasSize(32);

        // an owner sees everything from the first sync on
        SyncClient boss = sync(t.owner());
        boss.pull();
        assertThat(recordsOf(boss, t.secret())).isEqualTo(32);
    }

    /** A sync client on its own HTTP client, signed in as the given user. */
    private static SyncClient sync(ApiClient as) {
        ApiClient own = new ApiClient(as.base());
        own.token(as.token());
        own.companyId = as.companyId;
        return new SyncClient(own);
    }
}
