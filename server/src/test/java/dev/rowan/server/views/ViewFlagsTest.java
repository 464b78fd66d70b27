package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view's personal and locked flags and its creator travel in the table JSON and in pull (what the desktop's view
 * bar shows and checks), for every view the caller sees.
 */
class ViewFlagsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byName(Object views) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object o : (List<Object>) views) {
            Map<String, Object> v = (Map<String, Object>) o;
            out.put((String) v.get("name"), v);
        }
        return out;
    }

    /** The views of a table as a fresh client pulls them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> pulled(ApiClient api, String tableId) {
        Object cursor = null;
        for (int page = 0; page < 50; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            var r = api.post("/api/sync/pull", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (Object o : (List<Object>) r.get("schema")) {
                Map<String, Object> e = (Map<String, Object>) o;
                if ("table".equals(e.get("entity")) && tableId.equals(e.get("id"))) {
                    return byName(((Map<String, Object>) e.get("data")).get("views"));
                }
            }
            cursor = r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        throw new AssertionError("table not pulled");
    }

    @Test
    void personalLockedAndTheCreatorAreInTheTableJsonAndInPull() {
        ApiClient owner = TestServer.newTenant();
        ApiClient member = Members.add(owner, "member", "member");
        Map<String, Object> t = owner.createTable(owner.createApp("Flags"), "Tasks",
                List.of(Map.of("name", "Title", "type", "text")));
        String tableId = (String) t.get("id");
        String views = "/api/tables/" + tableId + "/views";
        assertThat(owner.post(views, Map.of("name", "Team", "type", "grid", "locked", true)).status()).isEqualTo(201);
        assertThat(member.post(views, Map.of("name", "Mine", "type", "grid", "personal", true)).status()).isEqualTo(201);
        String ownerId = Members.userId(owner);
        String memberId = Members.userId(member);

        for (Map<String, Map<String, Object>> seen : List.of(byName(member.get("/api/tables/" + tableId).get("views")),
                pulled(member, tableId))) {
            assertThat(seen.get("Team")).containsEntry("locked", true).containsEntry("personal", false)
                    .containsEntry("ownerId", ownerId);
            assertThat(seen.get("Mine")).containsEntry("personal", true).containsEntry("locked", false)
                    .containsEntry("ownerId", memberId);
            assertThat(seen.get("Grid")).containsEntry("locked", false).containsEntry("personal", false);
        }
        for (Map<String, Map<String, Object>> seen : List.of(byName(owner.get("/api/tables/" + tableId).get("views")),
                pulled(owner, tableId))) {
            assertThat(seen).containsKey("Team").doesNotContainKey("Mine");
        }
    }
}
