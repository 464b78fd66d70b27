package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the offline desktop sends its bulk creates through the sync push, and they refresh the planner's
 * statistics as a REST bulk load does ({@code PlannerStatsTest}): a table that was empty when it was last planned
 * must not be scanned as if it still were.
 */
class PushStatisticsTest {

    @Test
    void aPushedBulkCreateIsAnalyzedOnceItCommits() throws Exception {
        ApiClient api = TestServer.newTenant();
        var t = api.createTable(api.createApp("Pushed"), "Loaded", List.of(Map.of("name", "Qty", "type", "number")));
        String schema = Physical.schema(t);
        String physical = Physical.table(t);
        String analyzes = "SELECT analyze_count FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?";
        assertThat(Sql.count(analyzes, schema, physical)).isZero();
        ApiClient own = new ApiClient(api.base());
        own.token(api.token());
        SyncClient client = new SyncClient(own);
        String qty = ApiClient.fieldId(t, "Qty");
        UUID table = UUID.fromString((String) t.get("id"));
        List<Map<String, Object>> rows = new ArrayList<>();
        UUID first = UUID.randomUUID();
        for (int i = 0; i < 2000; i++) {
            rows.add(Map.of("id", (i == 0 ? first : UUID.randomUUID()).toString(), "fields", Map.of(qty, i)));
        }
        client.enqueue("CREATE", "RECORD", first, table, Map.of("records", rows));
        assertThat(client.push().getFirst()).containsEntry("status", "applied");
        long deadline = System.currentTimeMillis() + 30_000;
        while (Sql.count(analyzes, schema, physical) < 1 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(Sql.count(analyzes, schema, physical)).as("ANALYZE after the pushed bulk").isEqualTo(1);
        assertThat(Sql.count("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)",
                schema + "." + physical)).as("the planner knows the rows").isEqualTo(2000L);
    }
}
