package dev.rowan.server.access;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folder routes respect table access: a member cannot see, move, reorder or take out a restricted table they have
 * no grant for (it answers exactly as an unknown id), and a read grant makes moving it 403.
 */
class FolderAccessTest {

    private static String folderOf(ApiClient owner, String table) {
        return String.valueOf(owner.get("/api/tables/" + table).get("folderId"));
    }

    @Test
    void aRestrictedTableCannotBeSeenOrMovedThroughFolders() {
        ApiClient owner = TestServer.newTenant();
        ApiClient outsider = Members.add(owner, "outsider", "member");
        ApiClient reader = Members.add(owner, "reader", "member");
        String app = owner.createApp("Folders");
        String inbox = owner.post("/api/apps/" + app + "/folders", Map.of("name", "Inbox")).id();
        String other = owner.post("/api/apps/" + app + "/folders", Map.of("name", "Other")).id();
        String secret = (String) owner.createTable(app, "Secret", List.of(Map.of("name", "X", "type", "text"))).get("id");
        String open = (String) owner.createTable(app, "Open", List.of(Map.of("name", "X", "type", "text"))).get("id");
        assertThat(owner.post("/api/folders/" + inbox + "/items", Map.of("type", "table", "id", secret)).status())
                .isEqualTo(201);
        Members.setAccess(owner, secret, true, Map.of(reader, "read"));
        String unknown = UUID.randomUUID().toString();

        // not listed
        assertThat(outsider.get("/api/folders/" + inbox).body()).doesNotContain(secret);
        assertThat(outsider.get("/api/folders/" + inbox + "/items").body()).doesNotContain(secret);
        assertThat(reader.get("/api/folders/" + inbox + "/items").body()).contains(secret);

        // every way of moving it is refused exactly as for an id that does not exist
        java.util.function.Function<String, List<ApiClient.Response>> moves = id -> List.of(
                outsider.post("/api/folders/" + other + "/items", Map.of("type", "table", "id", id)),
                outsider.post("/api/folders/" + other + "/items", Map.of("type", "table", "id", id, "position", 0)),
                outsider.put("/api/folders/" + other + "/items", Map.of("items", List.of(Map.of("type", "table", "id", id)))),
                outsider.put("/api/folders/" + inbox + "/items", Map.of("items", List.of(Map.of("type", "table", "id", open),
                        Map.of("type", "table", "id", id)))),
                outsider.delete("/api/folders/" + inbox + "/items/" + id),
                outsider.patch("/api/tables/" + id, Map.of("folderId", other)),
                outsider.put("/api/tables/" + id, Map.of("folderId", other)));
        List<ApiClient.Response> forSecret = moves.apply(secret);
        List<ApiClient.Response> forUnknown = moves.apply(unknown);
        for (int i = 0; i < forSecret.size(); i++) {
            ApiClient.Response r = forSecret.get(i);
            assertThat(r.status()).as(r.body()).isIn(404, 422);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.body().replace(secret, "ID")).isEqualTo(forUnknown.get(i).body().replace(unknown, "ID"));
        }
        assertThat(folderOf(owner, secret)).isEqualTo(inbox);
        // a read grant sees it but may not move it
        for (ApiClient.Response r : List.of(
                reader.post("/api/folders/" + other + "/items", Map.of("type", "table", "id", secret)),
                reader.put("/api/folders/" + other + "/items", Map.of("items", List.of(Map.of("type", "table", "id", secret)))),
                reader.delete("/api/folders/" + inbox + "/items/" + secret))) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
        }
        // nor take it along by deleting its folder
        assertThat(outsider.delete("/api/folders/" + inbox).status()).isEqualTo(403);
        assertThat(folderOf(owner, secret)).isEqualTo(inbox);
        // through sync push neither
        var pushed = Members.push(outsider, UUID.randomUUID(), List.of(
                Members.mutation("UPDATE", "TABLE", secret, app, Map.of("folderId", other))));
        assertThat(pushed.getFirst()).containsEntry("status", "rejected");
        assertThat(folderOf(owner, secret)).isEqualTo(inbox);
        // open tables still move for members
        assertThat(outsider.post("/api/folders/" + other + "/items", Map.of("type", "table", "id", open)).status())
                .isEqualTo(201);
        assertThat(folderOf(owner, open)).isEqualTo(other);
    }
}
