package dev.rowan.server.faults;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send slowly or all at once cost nobody else anything: bodies are read before connections and locks
 * are taken, and a request holds at most one pooled connection.
 */
class SlowClientTest {
    /** More than the pool's 16 connections. */
    private static final int MANY = 24;

    @Test
    @Timeout(120)
    void bulkUploadsPausedHalfwayStallNoOtherWriterOfTheCompany() throws Exception {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Slow");
        String table = (String) api.createTable(app, "T", List.of(Map.of("name", "Title", "type", "text"))).get("id");
        StringBuilder body = new StringBuilder("{\"records\": [");
        for (int i = 0; i < 200; i++) body.append(i == 0 ? "" : ",").append("{\"fields\": {\"Title\": \"row ").append(i)
                .append("\"}}");
        byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);

        List<SlowRequest> slow = new ArrayList<>();
        try {
            for (int i = 0; i < MANY; i++) {
                slow.add(new SlowRequest(TestServer.get().port(), "POST", "/api/tables/" + table + "/records/bulk",
                        api.token(), bytes));
            }
            Thread.sleep(300); // every slow upload has reached its handler and is waiting for the rest of its body
            long t0 = System.nanoTime();
            ApiClient.Response single = api.post("/api/tables/" + table + "/records", Map.of("fields",
                    Map.of("Title", "quick")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(single.status()).as(single.body()).isEqualTo(201);
            // it waited for no one: behind the paused uploads it would wait out the 10 s lock timeout (and get 503)
            assertThat(ms).isLessThan(8_000);
            // a table created now needs connections too: 24 paused uploads hold none
            assertThat(api.post("/api/apps/" + app + "/tables", Map.of("name", "Other")).status()).isEqualTo(201);
            for (SlowRequest s : slow) assertThat(s.noAnswerYet()).isTrue();
            for (SlowRequest s : slow) {
                String answer = s.finish();
                assertThat(SlowRequest.status(answer)).as(answer).isEqualTo(200);
            }
        } finally {
            for (SlowRequest s : slow) s.close();
        }
        assertThat(api.get("/api/tables/" + table + "/records/count").get("count")).isEqualTo(1 + MANY * 200);
    }

    @Test
    @Timeout(180)
    void moreConcurrentTableCreatesThanPooledConnectionsAllSucceed() throws Exception {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Many tables");
        int n = 48;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<ApiClient.Response>> creates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "Table " + i;
                creates.add(() -> api.post("/api/apps/" + app + "/tables", Map.of("name", name, "fields",
                        List.of(Map.of("name", "A", "type", "text"), Map.of("name", "B", "type", "number")))));
            }
            List<Future<ApiClient.Response>> done = pool.invokeAll(creates);
            for (Future<ApiClient.Response> f : done) assertThat(f.get().status()).as(f.get().body()).isEqualTo(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.get("/api/apps/" + app + "/tables").data()).hasSize(n);
        try (Connection c = TestServer.jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                     + "(SELECT schema_name FROM rowan.companies WHERE id = '" + api.companyId + "') "
                     + "AND table_name LIKE 'dt\\_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(n);
        }
    }

    @Test
    void aSecondPooledConnectionInsideAUnitOfWorkFailsAtOnce() {
        var tx = TestServer.get().database().tx();
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.inTransaction(c -> tx.read(c2 -> 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("second pooled connection");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.inTransaction(c ->
                        TestServer.get().database().dbClient().execute().createGet("SELECT 1").execute()))
                .hasStackTraceContaining("second pooled connection");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
    }
}
