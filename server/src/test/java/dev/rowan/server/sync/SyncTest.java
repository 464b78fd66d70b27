package dev.rowan.server.sync;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync protocol end to end: real server, real PostgreSQL, test-side replicas with their own cursors. */
class SyncTest {

    record Fixture(ApiClient api, UUID appId, UUID tableId, Map<String, UUID> fields) {
    }

    private static Fixture table(ApiClient api, String... textFields) {
        String app = api.createApp("Sync " + UUID.randomUUID());
        List<Map<String, Object>> specs = new ArrayList<>();
        for (String f : textFields) specs.add(Map.of("name", f, "type", "text"));
        Map<String, Object> t = api.createTable(app, "Things", specs);
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (String f : textFields) ids.put(f, UUID.fromString(ApiClient.fieldId(t, f)));
        return new Fixture(api, UUID.fromString(app), UUID.fromString((String) t.get("id")), ids);
    }

    private static UUID createRecord(Fixture fx, Map<String, Object> values) {
        var r = fx.api().post("/api/tables/" + fx.tableId() + "/records", Map.of("fields", values));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.id());
    }

    private static SyncClient client(ApiClient api) {
        ApiClient own = new ApiClient(api.base());
        own.token(api.token());
        return new SyncClient(own);
    }

    @Test
    void concurrentWritersNeverMakeACursorSkipAChange() throws Exception {
        Fixture fx = table(TestServer.newTenant(), "Title");
        SyncClient reader = client(fx.api());
        reader.limit = 7;
        reader.pull();
        int writers = 4;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean done = new AtomicBoolean();
        Set<UUID> written = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int wi = w;
            fs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    UUID id = createRecord(fx, Map.of("Title", "w" + wi + "-" + i));
                    written.add(id);
                    if (i % 3 == 0) {
                        fx.api().patch("/api/tables/" + fx.tableId() + "/records/" + id,
                                Map.of("fields", Map.of("Title", "w" + wi + "-" + i + "-edited")));
                    }
                }
                return null;
            }));
        }
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        Future<?> puller = pool.submit(() -> {
            start.await();
            while (!done.get()) {
                reader.pull();
                seen.addAll(reader.records.keySet());
            }
            return null;
        });
        start.countDown();
        for (Future<?> f : fs) f.get();
        done.set(true);
        puller.get();
        pool.shutdown();
        reader.pull();
        // every record the writers made is in the replica with its latest value, and the replica was paged in
        // small steps concurrently with the writes
        assertThat(reader.records.keySet()).containsExactlyInAnyOrderElementsOf(written);
        for (UUID id : written) {
            var server = fx.api().get("/api/tables/" + fx.tableId() + "/records/" + id);
            @SuppressWarnings("unchecked")
            Object title = ((Map<String, Object>) server.get("fields")).get("Title");
            assertThat(reader.fields(id).get(fx.fields().get("Title").toString())).isEqualTo(title);
        }
        assertThat(reader.pages).isGreaterThan(writers * each / 7);
    }

    @Test
    void offlineEditsOfDifferentFieldsMergeAndSameFieldEditsAreConflicts() {
        Fixture fx = table(TestServer.newTenant(), "A", "B", "C");
        String a = fx.fields().get("A").toString();
        String b = fx.fields().get("B").toString();
        String c = fx.fields().get("C").toString();
        UUID r1 = createRecord(fx, Map.of("A", "a0", "B", "b0", "C", "c0"));
        UUID r2 = createRecord(fx, Map.of("A", "x0"));
        UUID r3 = createRecord(fx, Map.of("A", "gone"));
        SyncClient one = client(fx.api());
        SyncClient two = client(fx.api());
        one.pull();
        two.pull();
        // both offline
        one.edit(fx.tableId(), r1, Map.of(a, "a1", b, "b-one"));
        two.edit(fx.tableId(), r1, Map.of(b, "b-two", c, "c2"));
        one.edit(fx.tableId(), r2, Map.of(a, "same"));
        two.edit(fx.tableId(), r2, Map.of(a, "same"));
        one.delete(fx.tableId(), r3);
        two.edit(fx.tableId(), r3, Map.of(a, "edited offline"));
        UUID created = UUID.randomUUID();
        two.create(fx.tableId(), created, Map.of(a, "new from two"));

        List<Map<String, Object>> first = one.push();
        assertThat(first).extracting(r -> r.get("status")).containsExactly("applied", "applied", "applied");
        List<Map<String, Object>> second = two.push();
        assertThat(second).extracting(r -> r.get("status"))
                .containsExactly("conflict", "applied", "conflict", "applied");
        Map<String, Object> fieldConflict = second.get(0);
        assertThat(fieldConflict.get("appliedFields")).isEqualTo(List.of(c));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conflicts = (List<Map<String, Object>>) fieldConflict.get("conflicts");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.getFirst()).containsEntry("fieldId", b).containsEntry("mine", "b-two")
                .containsEntry("theirs", "b-one").containsEntry("base", "b0");
        assertThat(second.get(2)).containsEntry("kind", "deleted");

        one.pull();
        two.pull();
        // converged: same records, same values; the contested field holds the first writer's value
        assertThat(two.records.keySet()).isEqualTo(one.records.keySet()).contains(created).doesNotContain(r3);
        for (UUID id : one.records.keySet()) assertThat(two.fields(id)).isEqualTo(one.fields(id));
        assertThat(one.fields(r1)).containsEntry(a, "a1").containsEntry(b, "b-one").containsEntry(c, "c2");
        // the conflicts came back through pull as well, for a client that lost the push answer
        assertThat(two.pulledResults).extracting(r -> r.get("status")).containsExactly("conflict", "conflict");
        assertThat(one.pulledResults).isEmpty();

        // resolving "keep mine": an edit based on the version now seen applies
        two.edit(fx.tableId(), r1, Map.of(b, "b-two"));
        assertThat(two.push()).extracting(r -> r.get("status")).containsExactly("applied");
        one.pull();
        assertThat(one.fields(r1)).containsEntry(b, "b-two");
    }

    @Test
    void offlineSchemaDesignOnBothSidesResolvesClashes() {
        Fixture fx = table(TestServer.newTenant(), "Title", "Notes", "Code");
        UUID r1 = createRecord(fx, Map.of("Title", "t", "Code", "12"));
        createRecord(fx, Map.of("Title", "u", "Code", "not a number"));
        SyncClient one = client(fx.api());
        SyncClient two = client(fx.api());
        one.pull();
        two.pull();
        UUID p1 = UUID.randomUUID();
        UUID p2 = UUID.randomUUID();
        UUID newTable = UUID.randomUUID();
        UUID newTableField = UUID.randomUUID();
        // one: adds Priority, removes Notes, creates a table, and fills Priority on a record
        one.enqueue("CREATE", "FIELD", p1, fx.tableId(), Map.of("name", "Priority", "type", "text"));
        one.enqueue("DELETE", "FIELD", fx.fields().get("Notes"), fx.tableId(), Map.of());
        one.enqueue("CREATE", "TABLE", newTable, fx.appId(), Map.of("name", "Offline table",
                "fields", List.of(Map.of("id", newTableField.toString(), "name", "Name", "type", "text"))));
        one.enqueue("CREATE", "RECORD", UUID.randomUUID(), newTable, Map.of("fields",
                Map.of(newTableField.toString(), "row in an offline table")));
        // two: adds its own Priority, renames Notes, retypes Code to number, and writes into its Priority
        two.enqueue("CREATE", "FIELD", p2, fx.tableId(), Map.of("name", "Priority", "type", "text"));
        two.enqueue("UPDATE", "FIELD", fx.fields().get("Notes"), fx.tableId(),
                Map.of("name", "Comments", "base", Map.of("name", "Notes")));
        two.enqueue("UPDATE", "FIELD", fx.fields().get("Code"), fx.tableId(), Map.of("type", "number"));
        two.edit(fx.tableId(), r1, Map.of(p2.toString(), "high"));
        two.enqueue("CREATE", "VIEW", UUID.randomUUID(), fx.tableId(), Map.of("name", "Board", "type", "kanban",
                "config", Map.of()));

        assertThat(one.push()).extracting(r -> r.get("status")).containsOnly("applied");
        List<Map<String, Object>> res = two.push();
        assertThat(res).extracting(r -> r.get("status"))
                .containsExactly("applied", "conflict", "rejected", "applied", "applied");
        assertThat(res.get(0)).containsEntry("renamedTo", "Priority (2)");
        assertThat(res.get(1)).containsEntry("kind", "removed");
        assertThat((String) res.get(1).get("reason")).contains("removed on the server");
        assertThat(res.get(2)).containsEntry("type", "conversion-failed");
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) res.get(2).get("conversion");
        assertThat(report).containsEntry("failed", 1).containsEntry("converted", 1);

        one.pull();
        two.pull();
        assertThat(one.tables).isEqualTo(two.tables);
        assertThat(one.tables).containsKey(newTable);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) one.tables.get(fx.tableId()).get("fields");
        assertThat(fields).filteredOn(f -> !Boolean.TRUE.equals(f.get("removed"))).extracting(f -> f.get("name"))
                .containsExactly("Title", "Code", "Priority", "Priority (2)");
        assertThat(fields).filteredOn(f -> f.get("name").equals("Code")).extracting(f -> f.get("type"))
                .containsExactly("text");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> views = (List<Map<String, Object>>) one.tables.get(fx.tableId()).get("views");
        assertThat(views).extracting(v -> v.get("name")).contains("Board");
        assertThat(one.fields(r1)).containsEntry(p2.toString(), "high");
        assertThat(one.records.values()).anySatisfy(r ->
                assertThat((Map<String, Object>) r.get("fields")).containsEntry(newTableField.toString(), "row in an offline table"));
    }

    @Test
    void aClientKilledBeforeTheAnswerReplaysWithoutDuplicates() throws Exception {
        Fixture fx = table(TestServer.newTenant(), "Title");
        String title = fx.fields().get("Title").toString();
        SyncClient c = client(fx.api());
        c.pull();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            c.create(fx.tableId(), id, Map.of(title, "n" + i));
        }
        c.edit(fx.tableId(), ids.getFirst(), Map.of(title, "edited"));
        Map<String, Object> body = Map.of("clientId", c.clientId.toString(), "mutations", List.copyOf(c.outbox));
        // the first attempt reaches the server, but the client dies before reading the answer
        var lost = c.api.post("/api/sync/push", body);
        assertThat(lost.status()).isEqualTo(200);
        long logBefore = changeLogRows(fx);
        // after a restart, the client sends the same outbox again, twice at once for good measure
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<ApiClient.Response> r1 = pool.submit(() -> c.api.post("/api/sync/push", body));
        Future<ApiClient.Response> r2 = pool.submit(() -> c.api.post("/api/sync/push", body));
        for (var r : List.of(r1.get(), r2.get())) {
            assertThat(r.status()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
            assertThat(results).hasSize(151).allSatisfy(x -> assertThat(x).containsEntry("status", "applied")
                    .containsEntry("replayed", true));
        }
        pool.shutdown();
        assertThat(changeLogRows(fx)).isEqualTo(logBefore).isEqualTo(151);
        var count = fx.api().get("/api/tables/" + fx.tableId() + "/records/count");
        assertThat(((Number) count.get("count")).intValue()).isEqualTo(150);
        var first = fx.api().get("/api/tables/" + fx.tableId() + "/records/" + ids.getFirst());
        assertThat(first.body()).contains("edited");
    }

    private static long changeLogRows(Fixture fx) throws Exception {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM rowan.change_log WHERE company_id = ? AND entity = 'record'")) {
            ps.setObject(1, fx.api().companyId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aMalformedPushIsRefusedWholeAndABadMutationDoesNotBlockTheQueue() {
        Fixture fx = table(TestServer.newTenant(), "Title");
        String title = fx.fields().get("Title").toString();
        SyncClient c = client(fx.api());
        c.pull();
        UUID good = UUID.randomUUID();
        c.create(fx.tableId(), good, Map.of(title, "ok"));
        var bad = c.api.post("/api/sync/push", Map.of("clientId", c.clientId.toString(), "mutations",
                List.of(c.outbox.getFirst(), Map.of("op", "SMASH", "entity", "RECORD"))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.isProblem()).isTrue();
        assertThat(bad.body()).contains("mutations[1].op", "mutations[1].mutationId");
        assertThat(c.api.get("/api/tables/" + fx.tableId() + "/records/" + good).status()).isEqualTo(404);

        UUID unknownField = UUID.randomUUID();
        c.create(fx.tableId(), UUID.randomUUID(), Map.of(unknownField.toString(), "x"));
        c.enqueue("UPDATE", "RECORD", UUID.randomUUID(), fx.tableId(), Map.of("fields", Map.of(title, "x")));
        UUID after = UUID.randomUUID();
        c.create(fx.tableId(), after, Map.of(title, "behind the bad ones"));
        List<Map<String, Object>> res = c.push();
        assertThat(res).extracting(r -> r.get("status")).containsExactly("applied", "rejected", "rejected", "applied");
        assertThat((String) res.get(1).get("reason")).isNotBlank();
        assertThat(c.api.get("/api/tables/" + fx.tableId() + "/records/" + after).status()).isEqualTo(200);
        assertThat(c.api.post("/api/sync/pull", Map.of("cursor", "s:x")).status()).isEqualTo(422);
    }

    @Test
    void aPullContinuesOnAnotherServerAfterARestart() {
        Fixture fx = table(TestServer.newTenant(), "Title");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) rows.add(Map.of("fields", Map.of("Title", "r" + i)));
        assertThat(fx.api().post("/api/tables/" + fx.tableId() + "/records/bulk", Map.of("records", rows)).status())
                .isEqualTo(200);
        Set<UUID> seen = new HashSet<>();
        String cursor;
        RowanServer a = RowanServer.start(TestServer.settings(Map.of()));
        try {
            ApiClient onA = new ApiClient("http://127.0.0.1:" + a.port());
            onA.token(fx.api().token());
            SyncClient c = new SyncClient(onA);
            var page = onA.post("/api/sync/pull", Map.of("limit", 1000));
            c.apply(page.map());
            seen.addAll(c.records.keySet());
            cursor = c.cursor;
        } finally {
            a.close();
        }
        assertThat(cursor).startsWith("s:");
        // changes made while the client was between servers arrive after the snapshot
        UUID late = createRecord(fx, Map.of("Title", "late"));
        RowanServer b = RowanServer.start(TestServer.settings(Map.of()));
        try {
            ApiClient onB = new ApiClient("http://127.0.0.1:" + b.port());
            onB.token(fx.api().token());
            SyncClient c = new SyncClient(onB);
            c.cursor = cursor;
            c.limit = 1000;
            c.pull();
            seen.addAll(c.records.keySet());
            assertThat(c.records).containsKey(late);
            assertThat(c.records.size() + 1000).isEqualTo(3001);
        } finally {
            b.close();
        }
        assertThat(seen).hasSize(3001);
    }

    @Test
    void firstSyncOf100000RowsStreamsTheSnapshotThenFollowsTheLog() {
        Fixture fx = table(TestServer.newTenant(), "Title", "Note");
        List<Map<String, Object>> rows = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) rows.add(Map.of("fields", Map.of("Title", "r" + i, "Note", "n")));
        var load = fx.api().post("/api/tables/" + fx.tableId() + "/records/bulk", Map.of("records", rows));
        assertThat(load.status()).as(load.body()).isEqualTo(200);
        SyncClient c = client(fx.api());
        c.limit = 5000;
        long t0 = System.nanoTime();
        int received = c.pull();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(c.records).hasSize(100_000);
        assertThat(received).isEqualTo(100_000); // the snapshot, not the 100,000 inserts replayed on top
        assertThat(c.cursor).doesNotStartWith("s:");
        org.slf4j.LoggerFactory.getLogger(SyncTest.class).info("first sync of 100,000 rows: {} ms, {} pages", ms,
                c.pages);
        UUID any = c.records.keySet().iterator().next();
        fx.api().patch("/api/tables/" + fx.tableId() + "/records/" + any, Map.of("fields", Map.of("Title", "changed")));
        assertThat(c.pull()).isEqualTo(1);
        assertThat(c.fields(any)).containsEntry(fx.fields().get("Title").toString(), "changed");
    }

    @Test
    void aFirstSyncPagesAcrossTablesWhoseIdsStartHighOrLow() {
        // PostgreSQL orders uuids by unsigned bytes, Java's UUID.compareTo by signed halves: a snapshot cursor inside
        // a table whose id starts with 8-f once sent the snapshot back to its first table, for ever
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Order");
        List<UUID> ids = List.of(UUID.fromString("0f000000-0000-4000-8000-000000000001"),
                UUID.fromString("7f000000-0000-4000-8000-000000000002"),
                UUID.fromString("80000000-0000-4000-8000-000000000003"),
                UUID.fromString("ff000000-0000-4000-8000-000000000004"));
        for (UUID id : ids) {
            var t = api.post("/api/apps/" + app + "/tables", Map.of("id", id.toString(), "name", "T" + id.toString().charAt(0)
                    + id.toString().charAt(1), "fields", List.of(Map.of("name", "Title", "type", "text"))));
            assertThat(t.status()).as(t.body()).isEqualTo(201);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 7; i++) rows.add(Map.of("fields", Map.of("Title", "r" + i)));
            assertThat(api.post("/api/tables/" + id + "/records/bulk", Map.of("records", rows)).status()).isEqualTo(200);
        }
        SyncClient c = client(api);
        c.limit = 3;
        assertThat(c.pull()).isEqualTo(28);
        assertThat(c.pages).isLessThan(15);
        assertThat(c.tables).containsKeys(ids.toArray(UUID[]::new));
        assertThat(dev.rowan.model.Ids.compareUnsigned(ids.get(1), ids.get(2))).isNegative();
        assertThat(ids.get(1).compareTo(ids.get(2))).isPositive(); // what the old code used
    }
}
