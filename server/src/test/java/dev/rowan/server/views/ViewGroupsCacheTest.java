package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/views/:id/groups} answers are kept while the company's data is unchanged ({@link GroupsCache}):
 * the same question again is a kept answer equal to the first, and every kind of record write (create, change of
 * the group field, delete, bulk) is seen by the next answer, compared with counts kept alongside in the test.
 */
class ViewGroupsCacheTest {
    private static final List<String> STATUS = List.of("Open", "Done");

    @Test
    @SuppressWarnings("unchecked")
    void keptAnswersAreServedUntilARecordChanges() {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> table = api.createTable(api.createApp("Cache"), "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Status", "type", "single_select", "options", STATUS)));
        String tableId = (String) table.get("id");
        List<Map<String, Object>> recs = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>(Map.of("Open", 0, "Done", 0));
        for (int i = 0; i < 40; i++) {
            String s = STATUS.get(i % 3 == 0 ? 1 : 0);
            counts.merge(s, 1, Integer::sum);
            recs.add(Map.of("fields", Map.of("Title", "item " + i, "Qty", i, "Status", s)));
        }
        assertThat(api.post("/api/tables/" + tableId + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
        var v = api.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        String path = "/api/views/" + v.id() + "/groups?groupBy=Status";

        var first = api.get(path);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertCounts(first, counts);
        long hits = GroupsCache.HITS.get();
        var again = api.get(path);
        assertThat(GroupsCache.HITS.get()).as("the same question again is a kept answer").isGreaterThan(hits);
        assertThat(again.map()).isEqualTo(first.map());

        // a new record
        var created = api.post("/api/tables/" + tableId + "/records", Map.of("fields", Map.of("Title", "new", "Status", "Done")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        counts.merge("Done", 1, Integer::sum);
        assertCounts(api.get(path), counts);
        // its group field changed
        var changed = api.patch("/api/tables/" + tableId + "/records/" + created.id(), Map.of("fields", Map.of("Status", "Open")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        counts.merge("Done", -1, Integer::sum);
        counts.merge("Open", 1, Integer::sum);
        assertCounts(api.get(path), counts);
        // deleted
        assertThat(api.delete("/api/tables/" + tableId + "/records/" + created.id()).status()).isIn(200, 204);
        counts.merge("Open", -1, Integer::sum);
        assertCounts(api.get(path), counts);
        // a bulk write
        assertThat(api.post("/api/tables/" + tableId + "/records/bulk", Map.of("records",
                List.of(Map.of("fields", Map.of("Status", "Done")), Map.of("fields", Map.of("Status", "Done"))))).status())
                .isEqualTo(200);
        counts.merge("Done", 2, Integer::sum);
        assertCounts(api.get(path), counts);
        // another question (an extra filter) is its own answer
        var filtered = api.get(path + "&filter=" + ApiClient.q("{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"Done\"}"));
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        assertThat(((Number) filtered.get("count")).intValue()).isEqualTo(counts.get("Done"));
        assertThat((List<Map<String, Object>>) filtered.get("groups")).extracting(g -> g.get("value")).containsExactly("Done");
    }

    @SuppressWarnings("unchecked")
    private static void assertCounts(ApiClient.Response r, Map<String, Integer> counts) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(((Number) r.get("count")).intValue()).isEqualTo(counts.values().stream().mapToInt(Integer::intValue).sum());
        Map<Object, Integer> got = new HashMap<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) r.get("groups")) {
            got.put(g.get("value"), ((Number) g.get("count")).intValue());
        }
        Map<Object, Integer> want = new HashMap<>();
        counts.forEach((k, n) -> {
            if (n > 0) want.put(k, n);
        });
        assertThat(got).isEqualTo(want);
    }
}
