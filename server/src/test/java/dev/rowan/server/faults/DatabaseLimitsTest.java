package dev.rowan.server.faults;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Statement, lock and idle-in-transaction timeouts bound how long any request can hold the database. */
class DatabaseLimitsTest {

    @Test
    @Timeout(120)
    void aWriterBlockedPastTheLockTimeoutGets503WithRetryAfterAndChangesNothing() throws Exception {
        String email = "limits-" + UUID.randomUUID() + "@test.rowan";
        UUID company = TestServer.createTenant(email, "limits passphrase 1");
        try (RowanServer server = RowanServer.start(TestServer.settings(Map.of("ROWAN_DB_LOCK_TIMEOUT_MS", "300",
                "ROWAN_DB_STATEMENT_TIMEOUT_MS", "4000", "ROWAN_DB_IDLE_IN_TX_TIMEOUT_MS", "5000",
                "ROWAN_RETRY_AFTER_SECONDS", "7")))) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
            assertThat(api.login(email, "limits passphrase 1").status()).isEqualTo(200);
            String table = (String) api.createTable(api.createApp("L"), "T",
                    List.of(Map.of("name", "Title", "type", "text"))).get("id");

            // every pooled session carries the limits
            try (Connection c = server.database().dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(show(s, "statement_timeout")).isEqualTo("4s");
                assertThat(show(s, "lock_timeout")).isEqualTo("300ms");
                assertThat(show(s, "idle_in_transaction_session_timeout")).isEqualTo("5s");
            }

            // someone holds the company's change-log lock (as a stuck writer would)
            try (Connection holder = TestServer.jdbc()) {
                holder.setAutoCommit(false);
                try (PreparedStatement ps = holder.prepareStatement("SELECT change_seq FROM rowan.companies WHERE id = ? "
                        + "FOR UPDATE")) {
                    ps.setObject(1, company);
                    ps.executeQuery().close();
                }
                long t0 = System.nanoTime();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base()
                                + "/api/tables/" + table + "/records")).header("Authorization", "Bearer " + api.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"fields\":{\"Title\":\"blocked\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(r.headers().firstValue("Retry-After")).contains("7");
                assertThat(r.body()).contains("busy").doesNotContain("lock_timeout", "SQL", "Exception");
                assertThat(ms).isLessThan(3_000);
                holder.rollback();
            }
            assertThat(api.get("/api/tables/" + table + "/records/count").get("count")).isEqualTo(0);
            assertThat(api.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Title", "free")))
                    .status()).isEqualTo(201);
        }
    }

    private static String show(Statement s, String setting) throws Exception {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @Timeout(60)
    void bulkWorkGetsItsLongerStatementTimeoutAndOrdinaryWorkDoesNot() {
        try (RowanServer server = RowanServer.start(TestServer.settings(Map.of("ROWAN_DB_STATEMENT_TIMEOUT_MS", "300",
                "ROWAN_DB_BULK_STATEMENT_TIMEOUT_MS", "5000")))) {
            var tx = server.database().tx();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.inTransaction(c -> sleep(c, 0.6)))
                    .isInstanceOf(dev.rowan.model.error.RowanException.class).hasMessageContaining("busy")
                    .satisfies(e -> assertThat(((dev.rowan.model.error.RowanException) e).status()).isEqualTo(503));
            boolean slept = tx.inLongTransaction(c -> sleep(c, 0.6));
            assertThat(slept).isTrue();
            // the longer limit ends with its transaction: the pooled session is back to the ordinary one
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.inTransaction(c -> sleep(c, 0.6)))
                    .hasMessageContaining("busy");
        }
    }

    private static boolean sleep(Connection c, double seconds) throws java.sql.SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_sleep(" + seconds + ")");
            return true;
        }
    }
}
