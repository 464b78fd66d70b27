package dev.rowan.server.indexes;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14: bulk inserts of any batch size refresh planner statistics, throttled per table. */
class PlannerStatsTest {

    @Test
    void batchesOfAThousandGetFreshStatisticsWithoutOneAnalyzePerBatch() throws Exception {
        ApiClient api = TestServer.newTenant();
        var t = api.createTable(api.createApp("Stats"), "Loaded", List.of(Map.of("name", "Qty", "type", "number")));
        String schema = Physical.schema(t);
        String physical = Physical.table(t);
        String analyzes = "SELECT analyze_count FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?";
        assertThat(Sql.count(analyzes, schema, physical)).isZero();
        int batches = 10;
        for (int b = 0; b < batches; b++) {
            List<Map<String, Object>> recs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) recs.add(Map.of("fields", Map.of("Qty", b * 1000 + i)));
            var r = api.post("/api/tables/" + t.get("id") + "/records/bulk", Map.of("records", recs));
            assertThat(r.status()).isEqualTo(200);
        }
        long every = TestServer.get().autoIndexes().settings().analyzeEvery().toMillis();
        // the first batch is analyzed at once, the rest by one trailing run after the throttle interval
        long deadline = System.currentTimeMillis() + every + 30_000;
        while (Sql.count(analyzes, schema, physical) < 2 && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertThat(Sql.count(analyzes, schema, physical)).isGreaterThanOrEqualTo(2);
        Thread.sleep(1000);
        assertThat(Sql.count(analyzes, schema, physical)).as("throttled, not once per batch").isLessThanOrEqualTo(3);
        // the planner knows the table's size from the trailing run
        assertThat(Sql.count("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)",
                schema + "." + physical)).isEqualTo(batches * 1000L);
    }
}
