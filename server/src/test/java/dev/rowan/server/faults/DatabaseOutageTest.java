package dev.rowan.server.faults;

import dev.rowan.server.RowanServer;
import dev.rowan.server.config.Settings;
import dev.rowan.server.db.Database;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL going away under load: every request is answered 201 or 503 problem+json with Retry-After (never 500),
 * nothing acknowledged is lost, and the server serves again by itself once the database is back.
 */
class DatabaseOutageTest {
    private static final String PASSWORD = "outage passphrase 123";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Writers that create records until stopped, keeping the ids the server acknowledged and every answer. */
    private static final class Load implements AutoCloseable {
        final Set<String> acked = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        Load(String base, String token, String table, int writers) {
            for (int w = 0; w < writers; w++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100_000 && running.get(); i++) {
                        String id = UUID.randomUUID().toString();
                        try {
                            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/tables/"
                                            + table + "/records")).timeout(Duration.ofSeconds(30))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id
                                            + "\",\"fields\":{\"T\":\"x\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                            statuses.add(r.statusCode());
                            if (r.statusCode() == 201) {
                                acked.add(id);
                            } else if (r.statusCode() != 503
                                    || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                                    || r.headers().firstValue("Retry-After").isEmpty()
                                    || r.body().contains("Exception") || r.body().contains("SQL")) {
                                unexpected.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
                            } else {
                                Thread.sleep(100);
                            }
                        } catch (Exception e) {
                            unexpected.add(e.toString());
                        }
                    }
                }));
            }
        }

        int count(int status) {
            return (int) statuses.stream().filter(s -> s == status).count();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(60_000);
        }
    }

    private static ApiClient owner(RowanServer server, String email) {
        ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        return api;
    }

    private static void awaitWrites(ApiClient api, String table, Load load) throws InterruptedException {
        int before = load.count(201);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (load.count(201) < before + 20 && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(load.count(201)).as("writes succeed again").isGreaterThanOrEqualTo(before + 20);
    }

    private static Set<String> storedIds(String url, String table) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT physical_name, schema_name FROM rowan.tables t JOIN rowan.companies co "
                     + "ON co.id = t.company_id WHERE t.id = '" + table + "'")) {
            rs.next();
            try (Statement s2 = c.createStatement(); ResultSet r2 = s2.executeQuery("SELECT id FROM "
                    + rs.getString(2) + "." + rs.getString(1))) {
                while (r2.next()) ids.add(r2.getString(1));
            }
        }
        return ids;
    }

    @Test
    @Timeout(240)
    void anOutageIsAnswered503AndTheServerRecoversWhenPostgresIsBack(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = Database.startEmbedded(dir.resolve("pg"), port, true);
        String url = pg.getJdbcUrl("postgres", "postgres");
        Settings settings = TestServer.settings(Map.of("ROWAN_DB_URL", url, "ROWAN_DB_USER", "postgres",
                "ROWAN_DB_PASSWORD", "postgres", "ROWAN_ADMIN_EMAIL", "owner@outage.test",
                "ROWAN_ADMIN_PASSWORD", PASSWORD, "ROWAN_DB_POOL_WAIT_MS", "1000"));
        try (RowanServer server = RowanServer.start(settings)) {
            ApiClient api = owner(server, "owner@outage.test");
            String table = (String) api.createTable(api.createApp("A"), "T", List.of(Map.of("name", "T",
                    "type", "text"))).get("id");
            Load load = new Load(api.base(), api.token(), table, 4);
            try (load) {
                awaitWrites(api, table, load);
                pg.close(); // PostgreSQL stops (fast shutdown: sessions are ended)
                long t0 = System.nanoTime();
                while (load.count(503) < 10 && System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos()) {
                    Thread.sleep(100);
                }
                assertThat(load.count(503)).as("answers while the database is down").isGreaterThanOrEqualTo(10);
                assertThat(api.get("/health").status()).isEqualTo(503);
                pg = Database.startEmbedded(dir.resolve("pg"), port, true);
                awaitWrites(api, table, load);
            }
            assertThat(load.unexpected).isEmpty();
            assertThat(api.get("/health").status()).isEqualTo(200);
            assertThat(storedIds(url, table)).containsAll(load.acked);
        } finally {
            pg.close();
        }
    }

    @Test
    @Timeout(240)
    void theWatchdogStartsAKilledEmbeddedPostgresAgain(@TempDir Path dataDir) throws Exception {
        Settings settings = TestServer.settings(Map.of("ROWAN_DB_URL", "", "ROWAN_DB_USER", "", "ROWAN_DB_PASSWORD", "",
                "ROWAN_DATA_DIR", dataDir.toString(), "ROWAN_ADMIN_EMAIL", "owner@watchdog.test",
                "ROWAN_ADMIN_PASSWORD", PASSWORD, "ROWAN_DB_POOL_WAIT_MS", "1000", "ROWAN_DB_WATCHDOG_MS", "500"));
        try (RowanServer server = RowanServer.start(settings)) {
            ApiClient api = owner(server, "owner@watchdog.test");
            String table = (String) api.createTable(api.createApp("A"), "T", List.of(Map.of("name", "T",
                    "type", "text"))).get("id");
            var watchdog = server.database().watchdog().orElseThrow();
            Load load = new Load(api.base(), api.token(), table, 4);
            try (load) {
                awaitWrites(api, table, load);
                long pid = watchdog.postmasterPid().orElseThrow();
                assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue(); // kill -9
                awaitWrites(api, table, load);
            }
            assertThat(watchdog.restarts()).isGreaterThanOrEqualTo(1);
            assertThat(watchdog.postmasterPid().orElseThrow()).isNotEqualTo(-1);
            assertThat(load.unexpected).isEmpty();
            String url = "jdbc:postgresql://localhost:" + portOf(server) + "/postgres";
            assertThat(storedIds(url, table)).containsAll(load.acked);
        }
    }

    private static int portOf(RowanServer server) throws Exception {
        try (Connection c = server.database().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW port")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
