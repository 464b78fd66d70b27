package dev.rowan.server.records;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14: counts that stop at a cap, alone or with the page in the same answer. */
class CappedCountTest {
    private static ApiClient api;
    private static String table;
    private static final String QTY_AT_LEAST_10 = ApiClient.q("{\"operator\":\"and\",\"conditions\":[{\"field\":\"Qty\","
            + "\"operator\":\"gte\",\"value\":10}]}");

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        String app = api.createApp("Counts");
        table = (String) api.createTable(app, "Items", List.of(Map.of("name", "Qty", "type", "number"))).get("id");
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 0; i < 30; i++) recs.add(Map.of("fields", Map.of("Qty", i)));
        assertThat(api.post("/api/tables/" + table + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
    }

    @Test
    void aCountOverTheCapSaysSoAndOneUnderItIsExact() {
        var over = api.get("/api/tables/" + table + "/records/count?cap=10");
        assertThat(over.map()).containsEntry("count", 10).containsEntry("capped", true).containsEntry("exact", false);
        var under = api.get("/api/tables/" + table + "/records/count?cap=100");
        assertThat(under.map()).containsEntry("count", 30).containsEntry("capped", false).containsEntry("exact", true);
        var atCap = api.get("/api/tables/" + table + "/records/count?cap=30");
        assertThat(atCap.map()).containsEntry("count", 30).containsEntry("capped", false);
        var filtered = api.get("/api/tables/" + table + "/records/count?cap=19&filter=" + QTY_AT_LEAST_10);
        assertThat(filtered.map()).containsEntry("count", 19).containsEntry("capped", true);
        var filteredUnder = api.get("/api/tables/" + table + "/records/count?cap=20&filter=" + QTY_AT_LEAST_10);
        assertThat(filteredUnder.map()).containsEntry("count", 20).containsEntry("capped", false);
        // without a cap: exact as before
        assertThat(api.get("/api/tables/" + table + "/records/count").map()).containsEntry("count", 30)
                .containsEntry("exact", true).doesNotContainKey("capped");
    }

    @Test
    void thePageCarriesItsCountWhenAsked() {
        var capped = api.get("/api/tables/" + table + "/records?limit=5&count=capped&cap=10&filter=" + QTY_AT_LEAST_10);
        assertThat(capped.data()).hasSize(5);
        assertThat(capped.map()).containsEntry("count", 10).containsEntry("countCapped", true);
        assertThat(capped.get("nextCursor")).isNotNull();
        var defaultCap = api.get("/api/tables/" + table + "/records?limit=5&count=capped");
        assertThat(defaultCap.map()).containsEntry("count", 30).containsEntry("countCapped", false);
        var exact = api.get("/api/tables/" + table + "/records?limit=5&count=exact&filter=" + QTY_AT_LEAST_10);
        assertThat(exact.map()).containsEntry("count", 20).containsEntry("countCapped", false);
        // the next page counts the whole filter, not what follows the cursor
        var next = api.get("/api/tables/" + table + "/records?limit=5&count=capped&cap=10&filter=" + QTY_AT_LEAST_10
                + "&cursor=" + ApiClient.q((String) capped.get("nextCursor")));
        assertThat(next.map()).containsEntry("count", 10).containsEntry("countCapped", true);
        assertThat(api.get("/api/tables/" + table + "/records?limit=5").map()).doesNotContainKey("count");
        var query = api.post("/api/tables/" + table + "/records/query", Map.of("limit", 5, "count", "capped", "cap", 7));
        assertThat(query.status()).as(query.body()).isEqualTo(200);
        assertThat(query.map()).containsEntry("count", 7).containsEntry("countCapped", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"records/count?cap=0", "records/count?cap=abc", "records/count?cap=1000001",
            "records/count?cap=5&mode=estimate", "records?count=maybe", "records?cap=10", "records?count=exact&cap=5",
            "records?count=capped&cap=-1"})
    void badCountParametersAre422AndSayWhich(String path) {
        var r = api.get("/api/tables/" + table + "/" + path);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.body()).doesNotContain("dt_").doesNotContain("SELECT");
    }

    @Test
    void badCountInAQueryBodyIs422() {
        for (Map<String, Object> body : List.of(Map.<String, Object>of("count", 3), Map.<String, Object>of("count",
                "capped", "cap", 0), Map.<String, Object>of("count", "capped", "cap", "ten"))) {
            var r = api.post("/api/tables/" + table + "/records/query", body);
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
        }
    }
}
