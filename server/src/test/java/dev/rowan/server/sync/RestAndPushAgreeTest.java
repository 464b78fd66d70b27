package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same operation sent over REST and pushed through sync runs through the same operation handler, so it has
 * the same outcome: the same entity when it applies, the same problem type, words and field errors when it is
 * refused. Each pair runs in two fresh companies so neither sees the other's data.
 */
class RestAndPushAgreeTest {
    /** Members the two sides may differ in: ids, times, who, and where it sits among its siblings. */
    private static final Set<String> VOLATILE = Set.of("id", "createdAt", "updatedAt", "createdBy", "updatedBy",
            "appId", "rowVersion", "version");

    private record Side(ApiClient api, SyncClient sync) {
        static Side fresh() {
            ApiClient api = TestServer.newTenant();
            ApiClient own = new ApiClient(api.base());
            own.token(api.token());
            return new Side(api, new SyncClient(own));
        }

        Map<String, Object> push(String op, String entity, UUID id, UUID parent, Map<String, Object> payload) {
            sync.enqueue(op, entity, id, parent, payload);
            List<Map<String, Object>> res = sync.push();
            assertThat(res).hasSize(1);
            return res.getFirst();
        }
    }

    private static Map<String, Object> stable(Map<String, Object> entity) {
        Map<String, Object> m = new HashMap<>(entity);
        m.keySet().removeAll(VOLATILE);
        return m;
    }

    /** A REST refusal and a push rejection say the same: problem type, words (the push keeps the words) and errors. */
    private static void sameRefusal(ApiClient.Response rest, Map<String, Object> pushed) {
        assertThat(rest.isProblem()).as(rest.body()).isTrue();
        assertThat(pushed.get("status")).as(String.valueOf(pushed)).isEqualTo("rejected");
        assertThat("https://rowan.dev/problems/" + pushed.get("type")).isEqualTo(rest.get("type"));
        assertThat(pushed.get("reason")).isEqualTo(rest.get("detail"));
        assertThat(pushed.get("errors")).isEqualTo(rest.get("errors"));
    }

    @Test
    void anAppCreatedOverRestAndByPushIsTheSameApp() {
        Side rest = Side.fresh();
        Side push = Side.fresh();
        Map<String, Object> def = Map.of("name", "Field trips", "description", "made twice", "icon", "bus",
                "color", "green");
        ApiClient.Response made = rest.api().post("/api/apps", def);
        assertThat(made.status()).isEqualTo(201);
        UUID id = UUID.randomUUID();
        assertThat(push.push("CREATE", "APP", id, null, def).get("status")).isEqualTo("applied");
        Map<String, Object> pushed = push.api().get("/api/apps/" + id).map();
        assertThat(stable(pushed)).isEqualTo(stable(made.map())).containsEntry("name", "Field trips");
    }

    @Test
    void aBadAppNameIsRefusedWithTheSameWords() {
        Side rest = Side.fresh();
        Side push = Side.fresh();
        sameRefusal(rest.api().post("/api/apps", Map.of("name", "   ")),
                push.push("CREATE", "APP", UUID.randomUUID(), null, Map.of("name", "   ")));
        String app = rest.api().createApp("A");
        UUID pushedApp = UUID.randomUUID();
        push.push("CREATE", "APP", pushedApp, null, Map.of("name", "A"));
        String tooLong = "x".repeat(31);
        sameRefusal(rest.api().patch("/api/apps/" + app, Map.of("color", tooLong)),
                push.push("UPDATE", "APP", pushedApp, null, Map.of("color", tooLong)));
    }

    @Test
    void aFolderUnderAFolderOfAnotherAppIsRefusedTheSameWay() {
        Side rest = Side.fresh();
        Side push = Side.fresh();
        String a = rest.api().createApp("A");
        String b = rest.api().createApp("B");
        String otherFolder = rest.api().post("/api/apps/" + b + "/folders", Map.of("name", "F")).id();
        UUID pa = UUID.randomUUID();
        UUID pb = UUID.randomUUID();
        UUID pf = UUID.randomUUID();
        push.push("CREATE", "APP", pa, null, Map.of("name", "A"));
        push.push("CREATE", "APP", pb, null, Map.of("name", "B"));
        assertThat(push.push("CREATE", "FOLDER", pf, pb, Map.of("name", "F")).get("status")).isEqualTo("applied");
        ApiClient.Response r = rest.api().post("/api/apps/" + a + "/folders",
                Map.of("name", "Sub", "parentId", otherFolder));
        Map<String, Object> p = push.push("CREATE", "FOLDER", UUID.randomUUID(), pa,
                Map.of("name", "Sub", "parentFolderId", pf.toString()));
        // the folder ids differ between the two companies: compare the problem without them
        assertThat(r.status()).isEqualTo(422);
        assertThat(p.get("status")).isEqualTo("rejected");
        assertThat(p.get("type")).isEqualTo("validation");
        assertThat(p.get("reason")).isEqualTo(r.get("detail")).isEqualTo("The parent folder belongs to another app");
    }

    @Test
    void aFieldOfAnUnknownTypeAndARecordWithABadValueAreRefusedTheSameWay() {
        Side rest = Side.fresh();
        Side push = Side.fresh();
        List<Map<String, Object>> fields = List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"));
        Map<String, Object> rt = rest.api().createTable(rest.api().createApp("A"), "T", fields);
        Map<String, Object> pt = push.api().createTable(push.api().createApp("A"), "T", fields);
        UUID restTable = UUID.fromString((String) rt.get("id"));
        UUID pushTable = UUID.fromString((String) pt.get("id"));

        Map<String, Object> badField = Map.of("name", "When", "type", "sundial");
        sameRefusal(rest.api().post("/api/tables/" + restTable + "/fields", badField),
                push.push("CREATE", "FIELD", UUID.randomUUID(), pushTable, badField));

        ApiClient.Response r = rest.api().post("/api/tables/" + restTable + "/records",
                Map.of("fields", Map.of("Qty", "many")));
        Map<String, Object> p = push.push("CREATE", "RECORD", UUID.randomUUID(), pushTable,
                Map.of("fields", Map.of("Qty", "many")));
        sameRefusal(r, p);
        assertThat((String) p.get("reason")).contains("Qty");
    }

    @Test
    void aFieldAddedOverRestAndByPushIsTheSameField() {
        Side rest = Side.fresh();
        Side push = Side.fresh();
        List<Map<String, Object>> fields = List.of(Map.of("name", "Title", "type", "text"));
        Map<String, Object> rt = rest.api().createTable(rest.api().createApp("A"), "T", fields);
        Map<String, Object> pt = push.api().createTable(push.api().createApp("A"), "T", fields);
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("name", "Stage");
        def.put("type", "single_select");
        def.put("config", Map.of("options", List.of(Map.of("label", "Open"), Map.of("label", "Won"))));
        def.put("required", false);
        ApiClient.Response made = rest.api().post("/api/tables/" + rt.get("id") + "/fields", def);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        UUID fid = UUID.randomUUID();
        Map<String, Object> res = push.push("CREATE", "FIELD", fid, UUID.fromString((String) pt.get("id")), def);
        assertThat(res.get("status")).as(String.valueOf(res)).isEqualTo("applied");
        @SuppressWarnings("unchecked")
        Map<String, Object> pushed = ((List<Map<String, Object>>) push.api().get("/api/tables/" + pt.get("id"))
                .map().get("fields")).stream().filter(f -> fid.toString().equals(f.get("id"))).findFirst()
                .orElseThrow();
        Map<String, Object> restField = made.map();
        assertThat(stable(pushed).get("type")).isEqualTo("single_select");
        assertThat(pushed.get("name")).isEqualTo(restField.get("name"));
        assertThat(pushed.get("type")).isEqualTo(restField.get("type"));
        assertThat(pushed.get("position")).isEqualTo(restField.get("position"));
        assertThat(labels(pushed)).isEqualTo(labels(restField)).containsExactly("Open", "Won");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> labels(Map<String, Object> field) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) field.get("config")).get("options")).stream()
                .map(o -> o.get("label")).toList();
    }
}
