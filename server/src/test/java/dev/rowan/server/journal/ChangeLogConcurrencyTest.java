package dev.rowan.server.journal;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sync pulls the change log by sequence number. If a change with a smaller sequence could commit after a reader
 * has seen a larger one, a cursor would skip it forever. Writers of one company must therefore commit in sequence
 * order; this test hammers the server with concurrent writers and watches the log from outside.
 */
class ChangeLogConcurrencyTest {
    private static final int WRITERS = 8;
    private static final int WRITES_PER_WRITER = 40;

    @Test
    @Timeout(180)
    void aReaderNeverSeesASequenceNumberAppearBelowOneItHasAlreadySeen() throws Exception {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Concurrency");
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tables.add((String) api.createTable(app, "T" + i, List.of(Map.of("name", "N", "type", "number"))).get("id"));
        }
        long before = Sql.changes(api.companyId);

        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            Future<?> poller = pool.submit(() -> {
                long highestSeen = 0;
                java.util.Set<Long> seen = new java.util.HashSet<>();
                try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                        "SELECT seq FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? ORDER BY seq")) {
                    ps.setObject(1, api.companyId);
                    start.await();
                    boolean last = false;
                    while (!last) {
                        last = !writing.get();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                long seq = rs.getLong(1);
                                if (seen.add(seq) && seq < highestSeen) {
                                    violations.add("seq " + seq + " appeared after " + highestSeen + " was seen");
                                }
                            }
                        }
                        for (long s : seen) highestSeen = Math.max(highestSeen, s);
                        polls.incrementAndGet();
                    }
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    ApiClient client = new ApiClient(TestServer.baseUrl());
                    client.token(api.token());
                    start.await();
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        String table = tables.get((writer + i) % tables.size());
                        String path = "/api/tables/" + table + "/records";
                        ApiClient.Response r = i % 10 == 9
                                ? client.post(path + "/bulk", Map.of("records", List.of(
                                        Map.of("fields", Map.of("N", i)), Map.of("fields", Map.of("N", -i)))))
                                : client.post(path, Map.of("fields", Map.of("N", writer * 1000 + i)));
                        assertThat(r.status()).as(r.body()).isIn(200, 201);
                        if (i % 4 == 3) {
                            assertThat(client.patch(path + "/" + r.id(), Map.of("fields", Map.of("N", 1)))
                                    .status()).isIn(200, 404);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writers) f.get();
            writing.set(false);
            poller.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(polls.get()).isGreaterThan(5);
        // as a pull reads the log: a bulk request's block row counts one change per record
        List<Map<String, Object>> seqs = Sql.rows("SELECT seq FROM " + Sql.RECORD_LOG + " l WHERE company_id = ? "
                + "ORDER BY seq", api.companyId);
        // 4 bulk requests of 2 rows and 36 single creates per writer, and a patch of every 4th single create
        long singles = WRITES_PER_WRITER - WRITES_PER_WRITER / 10;
        long patches = 0;
        for (int i = 0; i < WRITES_PER_WRITER; i++) if (i % 4 == 3 && i % 10 != 9) patches++;
        long expected = WRITERS * (singles + 2L * (WRITES_PER_WRITER / 10) + patches);
        assertThat(seqs).hasSize((int) (before + expected));
        assertThat(seqs.stream().map(m -> m.get("seq")).distinct().count()).isEqualTo(seqs.size());
        assertThat(Sql.count("SELECT change_seq FROM rowan.companies WHERE id = ?", api.companyId))
                .isGreaterThanOrEqualTo((Long) seqs.getLast().get("seq"));
    }

    @Test
    void sequencesArePerCompanyAndUnique() {
        ApiClient a = TestServer.newTenant();
        ApiClient b = TestServer.newTenant();
        a.createApp("A1");
        b.createApp("B1");
        a.createApp("A2");
        assertThat(Sql.rows("SELECT seq FROM rowan.change_log WHERE company_id = ? ORDER BY seq", a.companyId))
                .extracting(m -> m.get("seq")).containsExactly(1L, 2L);
        assertThat(Sql.rows("SELECT seq FROM rowan.change_log WHERE company_id = ? ORDER BY seq", b.companyId))
                .extracting(m -> m.get("seq")).containsExactly(1L);
        assertThat(Sql.count("SELECT count(*) FROM (SELECT company_id, seq FROM rowan.change_log "
                + "GROUP BY company_id, seq HAVING count(*) > 1) d")).isZero();
    }
}
