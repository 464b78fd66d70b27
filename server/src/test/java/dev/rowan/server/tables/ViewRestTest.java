package dev.rowan.server.tables;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code PUT /api/tables/:id/views/:viewId}: a view checked with the shared rules; refusals are problem+json 422. */
class ViewRestTest {

    private static String snapshot(Object tableId) {
        return Sql.rows("SELECT id, name, kind, config::text AS c, position FROM rowan.views WHERE table_id = ? "
                + "ORDER BY id", tableId).toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aViewIsCreatedThenReplacedAndReadsBackInTheSharedForm() {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> t = api.createTable(api.createApp("Views"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Qty", "type", "number")));
        String qty = ApiClient.fieldId(t, "Qty");
        String path = "/api/tables/" + t.get("id") + "/views/" + UUID.randomUUID();
        Map<String, Object> config = Map.of("query", Map.of("sorts", List.of(Map.of("fieldId", qty, "direction", "desc")),
                "filter", Map.of("field", qty, "operator", "gt", "value", 3)), "widths", Map.of(qty, 150));
        var created = api.put(path, Map.of("name", "Big first", "type", "grid", "config", config));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.get("type")).isEqualTo("grid");
        Map<String, Object> stored = (Map<String, Object>) created.get("config");
        assertThat(stored).containsEntry("type", "grid").containsEntry("frozenColumns", 1);
        assertThat((Map<String, Object>) stored.get("query")).containsKey("filter");

        var replaced = api.put(path, Map.of("name", "Renamed", "type", "grid", "config", stored));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.get("name")).isEqualTo("Renamed");
        assertThat(replaced.get("config")).isEqualTo(stored);
        assertThat(api.get("/api/tables/" + t.get("id") + "/views").data()).extracting(v -> v.get("name"))
                .containsExactly("Grid", "Form", "Gallery", "Renamed");
    }

    @Test
    void aHostileViewConfigGets422ProblemJsonWithPathsAndChangesNothing() {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> t = api.createTable(api.createApp("Views"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Qty", "type", "number")));
        String title = ApiClient.fieldId(t, "Title");
        String gridId = (String) api.get("/api/tables/" + t.get("id") + "/views").data().getFirst().get("id");
        Map<String, Object> other = api.createTable(api.createApp("Other"), "Other", List.of(Map.of("name", "A", "type", "text")));
        String otherView = (String) api.get("/api/tables/" + other.get("id") + "/views").data().getFirst().get("id");
        String before = snapshot(t.get("id")) + snapshot(other.get("id"));
        long changes = Sql.changes(api.companyId);
        List<Map<String, Object>> hostile = List.of(
                Map.of("name", "Grid", "type", "grid", "config", Map.of("query", Map.of("sorts",
                        List.of(Map.of("fieldId", UUID.randomUUID().toString()))))),
                Map.of("name", "Grid", "type", "grid", "config", Map.of("query", Map.of("filter", Map.of("field",
                        title, "operator", "eq", "value", List.of("'); DROP TABLE rowan.views;--"))))),
                Map.of("name", "Grid", "type", "grid", "config", Map.of("hidden", "everything", "query", Map.of())),
                Map.of("name", "Grid", "type", "<script>", "config", Map.of()),
                Map.of("name", "Grid", "type", "grid", "config", Map.of("query", Map.of()), "owner", "me"));
        List<String> paths = List.of("config.query.sorts[0].fieldId", "config.query.filter.value", "config.hidden",
                "type", "owner");
        for (int i = 0; i < hostile.size(); i++) {
            var r = api.put("/api/tables/" + t.get("id") + "/views/" + gridId, hostile.get(i));
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.isProblem()).as(r.body()).isTrue();
            assertThat(r.body()).contains(paths.get(i)).doesNotContain("dt_", "rowan.views\"", "Exception", "f_");
        }
        // a view id of another table is a conflict, not a takeover
        var taken = api.put("/api/tables/" + t.get("id") + "/views/" + otherView, Map.of("name", "Mine", "type", "grid",
                "config", Map.of()));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(snapshot(t.get("id")) + snapshot(other.get("id"))).isEqualTo(before);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
    }
}
