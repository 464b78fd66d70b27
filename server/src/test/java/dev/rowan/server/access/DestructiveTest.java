package dev.rowan.server.access;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations that destroy data are for owners and admins, over REST and through sync push alike: dropping a table,
 * purging a field, a type change that clears values, deleting an app or folder that holds tables. A member with
 * full edit rights gets 403 (a rejected mutation) and nothing changes; what can be undone stays open to members.
 */
class DestructiveTest {

    private record Fixture(ApiClient owner, ApiClient member, ApiClient admin, String app, String folder,
                           String table, String field) {
    }

    private static Fixture fixture() {
        ApiClient owner = TestServer.newTenant();
        ApiClient member = Members.add(owner, "member", "member");
        ApiClient admin = Members.add(owner, "admin", "admin");
        String app = owner.createApp("Work");
        var folder = owner.post("/api/apps/" + app + "/folders", Map.of("name", "Inbox"));
        var t = owner.createTable(app, "Tasks", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Code", "type", "text")));
        String table = (String) t.get("id");
        owner.post("/api/folders/" + folder.id() + "/items", Map.of("type", "table", "id", table));
        for (String code : List.of("12", "not a number", "7")) {
            var r = owner.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Title", "t", "Code", code)));
            assertThat(r.status()).isEqualTo(201);
        }
        return new Fixture(owner, member, admin, app, folder.id(), table, ApiClient.fieldId(t, "Code"));
    }

    /** What must survive a refused destructive operation. */
    private static String state(Fixture f) {
        return f.owner().get("/api/tables/" + f.table() + "?includeRemoved=true").body()
                + f.owner().get("/api/tables/" + f.table() + "/records").body()
                + f.owner().get("/api/folders/" + f.folder()).body()
                + f.owner().get("/api/apps/" + f.app()).body();
    }

    /** Each destructive operation, as REST calls by a client. */
    private static final Map<String, BiFunction<ApiClient, Fixture, ApiClient.Response>> REST = Map.of(
            "drop table", (c, f) -> c.delete("/api/tables/" + f.table()),
            "purge field", (c, f) -> c.delete("/api/tables/" + f.table() + "/fields/" + f.field() + "?purge=true"),
            "type change clearing values", (c, f) -> c.patch("/api/tables/" + f.table() + "/fields/" + f.field()
                    + "?clearInvalid=true", Map.of("type", "number")),
            "type change clearing values (body flag)", (c, f) -> c.patch("/api/tables/" + f.table() + "/fields/"
                    + f.field(), Map.of("type", "number", "clearInvalid", true)),
            "delete app with tables", (c, f) -> c.delete("/api/apps/" + f.app()),
            "delete folder with tables", (c, f) -> c.delete("/api/folders/" + f.folder()));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"drop table", "purge field", "type change clearing values",
            "type change clearing values (body flag)", "delete app with tables", "delete folder with tables"})
    void aMemberIsRefusedAndNothingChangesWhileAnAdminMay(String op) {
        Fixture f = fixture();
        String before = state(f);
        long changes = Sql.changes(f.owner().companyId);

        var refused = REST.get(op).apply(f.member(), f);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat((String) refused.get("detail")).contains("Only owners and admins");
        assertThat(state(f)).isEqualTo(before);
        assertThat(Sql.changes(f.owner().companyId)).isEqualTo(changes);

        var done = REST.get(op).apply(f.admin(), f);
        assertThat(done.status()).as(done.body()).isIn(200, 204);
        assertThat(state(f)).isNotEqualTo(before);
    }

    @Test
    void whatCanBeUndoneOrLosesNothingStaysOpenToMembers() {
        Fixture f = fixture();
        ApiClient m = f.member();
        // removing a field hides it (restorable), and restoring it
        assertThat(m.delete("/api/tables/" + f.table() + "/fields/" + f.field()).status()).isEqualTo(204);
        assertThat(m.post("/api/tables/" + f.table() + "/fields/" + f.field() + "/restore", Map.of()).status())
                .isEqualTo(200);
        // a type change that some values cannot follow, without clearing: the report, as for anyone (422)
        var report = m.patch("/api/tables/" + f.table() + "/fields/" + f.field(), Map.of("type", "number"));
        assertThat(report.status()).isEqualTo(422);
        // the preview of a clearing change changes nothing, so it is open too
        var preview = m.patch("/api/tables/" + f.table() + "/fields/" + f.field() + "?clearInvalid=true&dryRun=true",
                Map.of("type", "number"));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        // a clearing change where every value converts clears nothing: allowed
        var title = ApiClient.fieldId(f.owner().get("/api/tables/" + f.table()).map(), "Title");
        assertThat(m.patch("/api/tables/" + f.table() + "/fields/" + title + "?clearInvalid=true",
                Map.of("type", "long_text")).status()).isEqualTo(200);
        // empty folders and apps
        String app = m.createApp("Scratch");
        var folder = m.post("/api/apps/" + app + "/folders", Map.of("name", "Empty"));
        assertThat(m.delete("/api/folders/" + folder.id()).status()).isEqualTo(204);
        assertThat(m.delete("/api/apps/" + app).status()).isEqualTo(204);
        // a refused clearing change told the member how many values it would clear
        var refused = m.patch("/api/tables/" + f.table() + "/fields/" + f.field() + "?clearInvalid=true",
                Map.of("type", "number"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.map()).containsKey("conversion");
    }

    @Test
    void throughSyncPushTheSameOperationsAreRejectedForMembersAndAppliedForAdmins() {
        Fixture f = fixture();
        String before = state(f);
        List<Map<String, Object>> ops = List.of(
                Members.mutation("DELETE", "TABLE", f.table(), f.app(), Map.of()),
                Members.mutation("UPDATE", "FIELD", f.field(), f.table(), Map.of("type", "number",
                        "clearInvalid", true)),
                Members.mutation("DELETE", "FOLDER", f.folder(), f.app(), Map.of()),
                Members.mutation("DELETE", "APP", f.app(), null, Map.of()));
        List<Map<String, Object>> results = Members.push(f.member(), UUID.randomUUID(), ops);
        assertThat(results).hasSize(4).allSatisfy(r -> {
            assertThat(r).containsEntry("status", "rejected").containsEntry("type", "forbidden");
            assertThat((String) r.get("reason")).contains("Only owners and admins");
        });
        assertThat(state(f)).isEqualTo(before);

        List<Map<String, Object>> byAdmin = Members.push(f.admin(), UUID.randomUUID(), List.of(
                Members.mutation("UPDATE", "FIELD", f.field(), f.table(), Map.of("type", "number",
                        "clearInvalid", true)),
                Members.mutation("DELETE", "TABLE", f.table(), f.app(), Map.of())));
        assertThat(byAdmin).allSatisfy(r -> assertThat(r).as(String.valueOf(r)).containsEntry("status", "applied"));
        assertThat(f.owner().get("/api/tables/" + f.table()).status()).isEqualTo(404);
    }
}
