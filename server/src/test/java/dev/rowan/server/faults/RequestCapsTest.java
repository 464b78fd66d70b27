package dev.rowan.server.faults;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push and bulk delete are parsed token by token under caps on bytes, elements and bytes per mutation: a body over
 * any cap gets a clear 413 problem+json, whether or not it announced its length, and nothing is applied.
 */
class RequestCapsTest {
    private static final long BULK_BYTES = 200_000;
    private static final int BULK_ROWS = 50;
    private static final long MUTATION_BYTES = 20_000;
    private static final long PAGE_BYTES = 20_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RowanServer server;

    @BeforeAll
    static void start() {
        server = RowanServer.start(TestServer.settings(Map.of("ROWAN_MAX_BULK_BYTES", String.valueOf(BULK_BYTES),
                "ROWAN_MAX_BULK_ROWS", String.valueOf(BULK_ROWS), "ROWAN_MAX_MUTATION_BYTES",
                String.valueOf(MUTATION_BYTES), "ROWAN_PULL_PAGE_BYTES", String.valueOf(PAGE_BYTES))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Fixture(ApiClient api, String table, UUID company) {
    }

    private static Fixture fixture() {
        String email = "caps-" + UUID.randomUUID() + "@test.rowan";
        UUID company = TestServer.createTenant(email, "caps passphrase 123");
        ApiClient api = new ApiClient("http://127.0.0.1:" + server.port());
        assertThat(api.login(email, "caps passphrase 123").status()).isEqualTo(200);
        String table = (String) api.createTable(api.createApp("Caps"), "T",
                List.of(Map.of("name", "Title", "type", "text"))).get("id");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("Title", "r" + i)))
                    .status()).isEqualTo(201);
        }
        return new Fixture(api, table, company);
    }

    private static long changeSeq(UUID company) throws Exception {
        try (Connection c = TestServer.jdbc();
             PreparedStatement ps = c.prepareStatement("SELECT change_seq FROM rowan.companies WHERE id = ?")) {
            ps.setObject(1, company);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Object> create(String table, String title) {
        return Map.of("mutationId", UUID.randomUUID().toString(), "op", "CREATE", "entity", "RECORD",
                "entityId", UUID.randomUUID().toString(), "parentId", table,
                "payload", Map.of("fields", Map.of("Title", title)));
    }

    /** Sends the body chunked (no Content-Length), so the server can only find out by reading. */
    private static HttpResponse<String> chunked(Fixture fx, String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(fx.api().base() + path))
                .header("Authorization", "Bearer " + fx.api().token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(int status, String contentType, String body, int expected, long seqBefore,
                                      Fixture fx) throws Exception {
        assertThat(status).as(body).isEqualTo(expected);
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(body).doesNotContain("Exception", "jackson", "dev.rowan");
        assertThat(changeSeq(fx.company())).isEqualTo(seqBefore);
        assertThat(fx.api().get("/api/tables/" + fx.table() + "/records/count").get("count")).isEqualTo(5);
    }

    @Test
    void aMutationOverItsByteCapRefusesTheWholePushEvenIfItComesLast() throws Exception {
        Fixture fx = fixture();
        long seq = changeSeq(fx.company());
        List<Object> mutations = new ArrayList<>();
        for (int i = 0; i < 10; i++) mutations.add(create(fx.table(), "fine " + i));
        mutations.add(create(fx.table(), "x".repeat((int) MUTATION_BYTES + 10)));
        var r = fx.api().post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations", mutations));
        assertRefused(r.status(), r.contentType(), r.body(), 413, seq, fx);
        assertThat(r.body()).contains("A mutation is larger than " + MUTATION_BYTES + " bytes");
    }

    @Test
    void aPushOverTheBodyCapIsRefusedAsItArrives() throws Exception {
        Fixture fx = fixture();
        long seq = changeSeq(fx.company());
        StringBuilder b = new StringBuilder("{\"clientId\":\"" + UUID.randomUUID() + "\",\"mutations\":[");
        for (int i = 0; b.length() <= BULK_BYTES; i++) {
            b.append(i == 0 ? "" : ",").append(ApiClient.JSON.writeValueAsString(create(fx.table(), "m" + i)));
        }
        var announced = fx.api().post("/api/sync/push", b + "]}");
        assertRefused(announced.status(), announced.contentType(), announced.body(), 413, seq, fx);
        var streamed = chunked(fx, "/api/sync/push", b + "]}");
        assertRefused(streamed.statusCode(), streamed.headers().firstValue("Content-Type").orElse(""), streamed.body(),
                413, seq, fx);
    }

    @Test
    void tooManyMutationsAreRefusedWithNothingApplied() throws Exception {
        ApiClient api = TestServer.newTenant(); // the ordinary 64 MiB body cap: the count cap is what refuses
        String table = (String) api.createTable(api.createApp("Many"), "T",
                List.of(Map.of("name", "Title", "type", "text"))).get("id");
        long seq = changeSeq(api.companyId);
        List<Object> mutations = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) mutations.add(create(table, "m"));
        var r = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(), "mutations", mutations));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.body()).contains("At most 10000 mutations per push");
        assertThat(changeSeq(api.companyId)).isEqualTo(seq);
        assertThat(api.get("/api/tables/" + table + "/records/count").get("count")).isEqualTo(0);
    }

    @Test
    void bulkDeleteOverItsCapsDeletesNothing() throws Exception {
        Fixture fx = fixture();
        long seq = changeSeq(fx.company());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= BULK_ROWS; i++) ids.add(UUID.randomUUID().toString());
        for (Map<String, Object> rec : fx.api().get("/api/tables/" + fx.table() + "/records").data()) {
            ids.set(0, (String) rec.get("id")); // a real one first: it must survive
        }
        var rows = fx.api().post("/api/tables/" + fx.table() + "/records/bulk-delete", Map.of("ids", ids));
        assertRefused(rows.status(), rows.contentType(), rows.body(), 413, seq, fx);
        assertThat(rows.body()).contains("At most " + BULK_ROWS + " ids");

        String huge = "{\"ids\": [\"" + ids.getFirst() + "\"" + " ".repeat((int) BULK_BYTES) + "]}";
        var bytes = chunked(fx, "/api/tables/" + fx.table() + "/records/bulk-delete", huge);
        assertRefused(bytes.statusCode(), bytes.headers().firstValue("Content-Type").orElse(""), bytes.body(), 413,
                seq, fx);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pullPagesAreSizedInBytesAndStillDeliverEveryRecordOnce() throws Exception {
        Fixture fx = fixture();
        String wide = "w".repeat(2_000);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 45; i++) rows.add(Map.of("fields", Map.of("Title", i + wide)));
        assertThat(fx.api().post("/api/tables/" + fx.table() + "/records/bulk", Map.of("records", rows)).status())
                .isEqualTo(200);
        // first sync (snapshot phase), then edits of every record (log phase)
        Map<String, String> seen = new java.util.HashMap<>();
        Object cursor = pullAll(fx, "0", seen);
        assertThat(seen).hasSize(50);
        for (Map<String, Object> r : fx.api().get("/api/tables/" + fx.table() + "/records?limit=100").data()) {
            assertThat(fx.api().patch("/api/tables/" + fx.table() + "/records/" + r.get("id"),
                    Map.of("fields", Map.of("Title", "edited" + wide))).status()).isEqualTo(200);
        }
        seen.clear();
        pullAll(fx, cursor, seen);
        assertThat(seen).hasSize(50).allSatisfy((id, title) -> assertThat(title).startsWith("edited"));
    }

    /** Pulls until done; every page stays within the byte budget (plus one record); returns the last cursor. */
    @SuppressWarnings("unchecked")
    private static Object pullAll(Fixture fx, Object cursor, Map<String, String> seen) throws Exception {
        int pages = 0;
        for (int guard = 0; guard < 100; guard++) {
            var page = fx.api().post("/api/sync/pull", Map.of("cursor", cursor));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            List<Map<String, Object>> recs = (List<Map<String, Object>>) page.get("records");
            long bytes = ApiClient.JSON.writeValueAsBytes(recs).length;
            assertThat(bytes).isLessThan(PAGE_BYTES + 3_000);
            for (Map<String, Object> r : recs) {
                Map<String, Object> rec = (Map<String, Object>) r.get("record");
                Map<String, Object> fields = (Map<String, Object>) rec.get("fields");
                seen.put((String) r.get("id"), String.valueOf(fields.values().iterator().next()));
            }
            if (!recs.isEmpty()) pages++;
            cursor = page.get("cursor");
            if (!Boolean.TRUE.equals(page.get("hasMore"))) {
                assertThat(pages).as("the records came in several pages").isGreaterThanOrEqualTo(4);
                return cursor;
            }
        }
        throw new AssertionError("the pull did not finish");
    }
}
