package dev.rowan.server.faults;

import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the server process while bulk inserts, sync pushes and type changes run: after a restart every table
 * is before or after each operation, the change log and the data agree, and clients resync (pull on, push their
 * outbox again) without duplicates. The server runs as a child process on the embedded PostgreSQL, durable as in
 * production; the second crash takes PostgreSQL down with it.
 */
class CrashConsistencyTest {
    private static final String PASSWORD = "crash passphrase 123";
    private static final int BULK = 1_000;
    private static final int PUSH = 20;
    /** Records whose Qty goes through every type change (new records leave Qty empty, so no write races one). */
    private static final int SEEDED = 500;

    /** What clients sent, and what the server acknowledged, across crashes. */
    private static final class Sent {
        final Map<String, List<String>> bulks = new ConcurrentHashMap<>();      // bulk key -> its record ids
        final Set<String> ackedBulks = ConcurrentHashMap.newKeySet();
        final List<List<Map<String, Object>>> pushes = new CopyOnWriteArrayList<>();
        final Set<Integer> ackedPushes = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
    }

    @Test
    @Timeout(300)
    @SuppressWarnings("unchecked")
    void killedMidWriteTheServerRestartsConsistent(@TempDir Path dataDir) throws Exception {
        Sent sent = new Sent();
        UUID clientId = UUID.randomUUID();
        String tableId;
        String qtyField;
        Map<String, Object> replica = new HashMap<>();
        Object cursor;
        Child server = Child.start(dataDir);
        try {
            ApiClient api = server.login();
            Map<String, Object> t = api.createTable(api.createApp("Crash"), "T", List.of(
                    Map.of("name", "Title", "type", "text"), Map.of("name", "Qty", "type", "text")));
            tableId = (String) t.get("id");
            qtyField = ApiClient.fieldId(t, "Qty");
            List<Map<String, Object>> seed = new ArrayList<>();
            for (int i = 1; i <= SEEDED; i++) seed.add(Map.of("fields", Map.of("Title", "s" + i, "Qty", "" + i)));
            assertThat(api.post("/api/tables/" + tableId + "/records/bulk", Map.of("records", seed)).status())
                    .isEqualTo(200);
            cursor = pull(api, "0", replica);
            load(api, tableId, qtyField, clientId, sent, 2_500);
            server.kill(false); // the JVM only: its embedded PostgreSQL is orphaned and must be dealt with
            server = Child.start(dataDir);
            api = server.login();
            verify(server.pgPort(), tableId, qtyField, sent);
            load(api, tableId, qtyField, clientId, sent, 2_500);
            server.kill(true); // the JVM and PostgreSQL: recovery from the WAL
            server = Child.start(dataDir);
            api = server.login();
            verify(server.pgPort(), tableId, qtyField, sent);

            // the client pushes its whole outbox again (it never saw some answers): nothing is applied twice
            for (List<Map<String, Object>> push : sent.pushes) {
                var r = api.post("/api/sync/push", Map.of("clientId", clientId.toString(), "mutations", push));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            Set<String> ids = verify(server.pgPort(), tableId, qtyField, sent);
            for (List<Map<String, Object>> push : sent.pushes) {
                for (Map<String, Object> m : push) assertThat(ids).contains((String) m.get("entityId"));
            }
            // a client that synced before the crashes pulls on from its cursor and ends equal to the server
            pull(api, cursor, replica);
            Map<String, Object> fresh = new HashMap<>();
            pull(api, "0", fresh);
            assertThat(replica.keySet()).isEqualTo(ids).isEqualTo(fresh.keySet());
            // record values as sent (a type change reaches clients as a schema change they convert by themselves)
            String title = ApiClient.fieldId(api.get("/api/tables/" + tableId).map(), "Title");
            for (String id : ids) {
                assertThat(((Map<String, Object>) replica.get(id)).get(title)).as(id)
                        .isEqualTo(((Map<String, Object>) fresh.get(id)).get(title));
            }
        } finally {
            server.kill(true);
        }
        assertThat(sent.unexpected).isEmpty();
    }

    /** Bulk inserts, pushes and type changes from three threads for about {@code ms}, until the kill. */
    private static void load(ApiClient api, String table, String qtyField, UUID clientId, Sent sent, long ms)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().start(() -> {
            for (int n = 0; n < 1_000 && running.get(); n++) {
                List<String> ids = new ArrayList<>();
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < BULK; i++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    rows.add(Map.of("id", id, "fields", Map.of("Title", "b" + i)));
                }
                String key = UUID.randomUUID().toString();
                sent.bulks.put(key, ids);
                if (call(() -> api.post("/api/tables/" + table + "/records/bulk", Map.of("records", rows)), sent) == 200) {
                    sent.ackedBulks.add(key);
                }
            }
        }));
        threads.add(Thread.ofPlatform().start(() -> {
            for (int n = 0; n < 10_000 && running.get(); n++) {
                List<Map<String, Object>> push = new ArrayList<>();
                for (int i = 0; i < PUSH; i++) {
                    push.add(Map.of("mutationId", UUID.randomUUID().toString(), "op", "CREATE", "entity", "RECORD",
                            "entityId", UUID.randomUUID().toString(), "parentId", table,
                            "payload", Map.of("fields", Map.of("Title", "p" + i))));
                }
                sent.pushes.add(push);
                int index = sent.pushes.size() - 1;
                if (call(() -> api.post("/api/sync/push", Map.of("clientId", clientId.toString(), "mutations", push)),
                        sent) == 200) {
                    sent.ackedPushes.add(index);
                }
            }
        }));
        threads.add(Thread.ofPlatform().start(() -> {
            for (int n = 0; n < 10_000 && running.get(); n++) {
                String type = n % 2 == 0 ? "number" : "text";
                call(() -> api.patch("/api/tables/" + table + "/fields/" + qtyField, Map.of("type", type)), sent);
            }
        }));
        Thread.sleep(ms);
        running.set(false); // the caller kills the server now, in the middle of whatever runs
    }

    private static int call(java.util.function.Supplier<ApiClient.Response> request, Sent sent) {
        try {
            ApiClient.Response r = request.get();
            if (r.status() >= 500 && r.status() != 503) sent.unexpected.add(r.status() + " " + r.body());
            return r.status();
        } catch (RuntimeException e) {
            return -1; // the server died under this request: no answer, so not acknowledged
        }
    }

    /** The database after a restart; returns the record ids in the table. */
    private static Set<String> verify(int pgPort, String table, String qtyField, Sent sent) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "postgres", "postgres")) {
            String physical;
            String schema;
            try (PreparedStatement ps = c.prepareStatement("SELECT t.physical_name, co.schema_name FROM rowan.tables t "
                    + "JOIN rowan.companies co ON co.id = t.company_id WHERE t.id = ?::uuid")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    physical = schema(rs.getString(2)) + "." + rs.getString(1);
                    schema = rs.getString(2);
                }
            }
            // the field's type in the metadata is the column's type, and no value was lost to a half-done change
            String metaType = one(c, "SELECT type FROM rowan.fields WHERE id = '" + qtyField + "'");
            String column = PhysicalNames.column(UUID.fromString(qtyField));
            String columnType = one(c, "SELECT data_type FROM information_schema.columns WHERE table_schema = '"
                    + schema + "' AND table_name = '" + physical.substring(physical.indexOf('.') + 1)
                    + "' AND column_name = '" + column + "'");
            assertThat(columnType).isEqualTo(metaType.equals("number") ? "numeric" : "text");
            assertThat(one(c, "SELECT count(*) FROM " + physical + " WHERE " + column + " IS NOT NULL"))
                    .isEqualTo(String.valueOf(SEEDED));

            Set<String> ids = new HashSet<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM " + physical)) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            // the change log and the data agree: one insert per record there, none for a record that is not
            Map<String, Integer> inserts = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT entity_id, count(*) FROM " + dev.rowan.server.support.Sql.RECORD_LOG + " l "
                    + "WHERE table_id = ?::uuid AND entity = 'record' AND op = 'insert' GROUP BY entity_id")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) inserts.put(rs.getString(1), rs.getInt(2));
                }
            }
            assertThat(inserts.keySet()).isEqualTo(ids);
            assertThat(inserts.values()).allMatch(n -> n == 1);
            // every bulk and every push unit is all there or not at all; acknowledged ones are there
            for (Map.Entry<String, List<String>> b : sent.bulks.entrySet()) {
                long present = b.getValue().stream().filter(ids::contains).count();
                assertThat(present).as("bulk rows present").isIn(0L, (long) BULK);
                if (sent.ackedBulks.contains(b.getKey())) assertThat(present).isEqualTo(BULK);
            }
            for (int i = 0; i < sent.pushes.size(); i++) {
                long present = sent.pushes.get(i).stream().filter(m -> ids.contains((String) m.get("entityId"))).count();
                assertThat(present).as("push rows present").isIn(0L, (long) PUSH);
                if (sent.ackedPushes.contains(i)) assertThat(present).isEqualTo(PUSH);
            }
            // pushed results were stored with what they applied: a stored 'applied' result means the row is there
            try (PreparedStatement ps = c.prepareStatement("SELECT entity_id FROM rowan.sync_mutations WHERE "
                    + "entity = 'record' AND op = 'create' AND status = 'applied'")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) assertThat(ids).contains(rs.getString(1));
                }
            }
            long committedUnanswered = sent.bulks.keySet().stream().filter(k -> !sent.ackedBulks.contains(k)
                    && ids.contains(sent.bulks.get(k).getFirst())).count();
            System.getLogger(CrashConsistencyTest.class.getName()).log(System.Logger.Level.INFO, "after restart: {0} "
                    + "records; bulks sent {1}, acknowledged {2}, committed without an answer {3}; pushes sent {4}, "
                    + "acknowledged {5}; Qty is {6}", ids.size(), sent.bulks.size(), sent.ackedBulks.size(),
                    committedUnanswered, sent.pushes.size(), sent.ackedPushes.size(), metaType);
            return ids;
        }
    }

    private static String schema(String s) {
        return s;
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    /** Pulls to the end into {@code replica} (record id -> fields); returns the last cursor. */
    @SuppressWarnings("unchecked")
    private static Object pull(ApiClient api, Object cursor, Map<String, Object> replica) {
        for (int guard = 0; guard < 10_000; guard++) {
            var page = api.post("/api/sync/pull", Map.of("cursor", cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (Map<String, Object> r : (List<Map<String, Object>>) page.get("records")) {
                if ("delete".equals(r.get("op"))) replica.remove((String) r.get("id"));
                else replica.put((String) r.get("id"), ((Map<String, Object>) r.get("record")).get("fields"));
            }
            cursor = page.get("cursor");
            if (!Boolean.TRUE.equals(page.get("hasMore"))) return cursor;
        }
        throw new AssertionError("pull did not finish");
    }

    /** The server as a child process (this JVM's classpath), on an embedded PostgreSQL in {@code dataDir}. */
    private record Child(Process process, int port, Path dataDir) {
        static Child start(Path dataDir) throws Exception {
            int port = ServerProcess.freePort();
            // any free embedded PostgreSQL port, as by default: a new PostgreSQL cannot take over the old one's
            // port, so the server must stop the one its killed predecessor left running
            Process p = ServerProcess.start(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.rowan.server.Main"), port, dataDir, PASSWORD,
                    Map.of("ROWAN_EMBEDDED_DB_PORT", "0", "ROWAN_ADMIN_EMAIL", "owner@crash.test"));
            Child child = new Child(p, port, dataDir);
            ApiClient api = new ApiClient("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!child.process.isAlive()) {
                    throw new AssertionError("server exited: " + Files.readString(dataDir.resolve("server.log")));
                }
                try {
                    if (api.get("/health").status() == 200) return child;
                } catch (RuntimeException e) {
                    // not up yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("server did not start: " + Files.readString(dataDir.resolve("server.log")));
        }

        /** The port of the running embedded PostgreSQL, from its pid file. */
        int pgPort() throws Exception {
            return Integer.parseInt(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).get(3).strip());
        }

        ApiClient login() {
            ApiClient api = new ApiClient("http://127.0.0.1:" + port);
            assertThat(api.login("owner@crash.test", PASSWORD).status()).isEqualTo(200);
            return api;
        }

        /** kill -9 of the server; with {@code database}, of its PostgreSQL too. */
        void kill(boolean database) throws Exception {
            long pgPid = -1;
            Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
            if (database && Files.exists(pidFile)) pgPid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            if (pgPid > 0) {
                ProcessHandle.of(pgPid).ifPresent(ProcessHandle::destroyForcibly);
                ProcessHandle.of(pgPid).ifPresent(h -> h.onExit().join());
            }
        }
    }
}
