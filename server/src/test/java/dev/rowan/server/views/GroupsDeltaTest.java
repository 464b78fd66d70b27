package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept {@code /groups} answers follow single-record writes by deltas ({@link GroupsCache} steps, {@link GroupRows}):
 * after random creates, updates (group fields, numbers, to and from no value, in and out of the view's filter,
 * onto a group's min and max) and deletes, some of them from four threads at once with reads in between, every
 * kept answer equals a fresh grouping query of the same records (the same question with a caller filter that
 * leaves nothing out, which is a new question, so it is read in full). Most answers after a write are stepped,
 * not read in full.
 */
class GroupsDeltaTest {
    private static final List<String> STATUS = List.of("Open", "Doing", "Done");
    private static final List<String> TEAMS = List.of("Red", "Blue", "Green");

    private final Random random = new Random(2026);

    @Test
    void keptAnswersFollowRandomConcurrentWritesAndEqualAFreshQuery() throws Exception {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> table = api.createTable(api.createApp("Deltas"), "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR")),
                Map.of("name", "Status", "type", "single_select", "options", STATUS),
                Map.of("name", "Team", "type", "single_select", "options", TEAMS)));
        String tableId = (String) table.get("id");
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 0; i < 200; i++) recs.add(Map.of("id", UUID.randomUUID().toString(), "fields", fields()));
        assertThat(api.post("/api/tables/" + tableId + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
        List<String> ids = Collections.synchronizedList(new ArrayList<>(recs.stream().map(r -> (String) r.get("id")).toList()));

        String all = view(api, tableId, Map.of());
        String qty = ApiClient.fieldId(table, "Qty");
        String big = view(api, tableId, Map.of("query", Map.of("filter", Map.of("field", qty, "operator", "gt", "value", 20))));
        List<String> questions = List.of(
                "/api/views/" + all + "/groups?groupBy=Status,Team",
                "/api/views/" + all + "/groups?groupBy=Team&aggregate=Price",
                "/api/views/" + big + "/groups?groupBy=Status,Team,Qty",
                "/api/views/" + all + "/groups?groupBy=");
        for (String q : questions) assertThat(api.get(q).status()).isEqualTo(200);

        long stepped = GroupsCache.STEPPED.get();
        // one writer at a time, each answer checked after every write
        for (int i = 0; i < 40; i++) {
            write(api, tableId, ids, random);
            for (String q : questions) assertFresh(api, q);
        }
        assertThat(GroupsCache.STEPPED.get() - stepped).as("answers brought up to date by steps, not read in full (of 160)")
                .isGreaterThan(80);

        // four writers at once, reading in between; then every answer checked
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    Random own = new Random(round * 10L + w);
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            write(api, tableId, ids, own);
                            assertThat(api.get(questions.get(own.nextInt(questions.size()))).status()).isEqualTo(200);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
                for (String q : questions) assertFresh(api, q);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String view(ApiClient api, String tableId, Map<String, Object> config) {
        var r = api.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", config));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    /** The kept answer equals a fresh read of the same records (a caller filter no record fails is a new question). */
    private static void assertFresh(ApiClient api, String question) {
        var kept = api.get(question);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        String nothingOut = "{\"field\":\"Title\",\"operator\":\"ne\",\"value\":\"" + UUID.randomUUID() + "\"}";
        var fresh = api.get(question + "&filter=" + ApiClient.q(nothingOut));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        assertThat(kept.map()).as(question).isEqualTo(fresh.map());
    }

    /** Values drawn so groups gain and lose members, numbers hit the edges (0 and 50) and are sometimes empty. */
    private static Map<String, Object> fields(Random r) {
        Map<String, Object> f = new HashMap<>();
        f.put("Title", "item " + r.nextInt(1000));
        f.put("Qty", r.nextInt(8) == 0 ? null : r.nextInt(51));
        f.put("Price", r.nextInt(8) == 0 ? null : r.nextInt(10_000) / 100.0);
        f.put("Status", r.nextInt(6) == 0 ? null : STATUS.get(r.nextInt(STATUS.size())));
        f.put("Team", TEAMS.get(r.nextInt(TEAMS.size())));
        return f;
    }

    private Map<String, Object> fields() {
        return fields(random);
    }

    /** One random single-record write: an update of one or two fields (most often), a create or a delete. */
    private static void write(ApiClient api, String tableId, List<String> ids, Random r) {
        int op = r.nextInt(10);
        if (op == 0) {
            String id = UUID.randomUUID().toString();
            var created = api.post("/api/tables/" + tableId + "/records", Map.of("id", id, "fields", fields(r)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(id);
        } else if (op == 1 && ids.size() > 50) {
            String id = ids.remove(r.nextInt(ids.size()));
            assertThat(api.delete("/api/tables/" + tableId + "/records/" + id).status()).isIn(200, 204);
        } else {
            String id = ids.get(r.nextInt(ids.size()));
            Map<String, Object> all = fields(r);
            Map<String, Object> some = new HashMap<>();
            List<String> names = new ArrayList<>(List.of("Qty", "Price", "Status", "Team"));
            Collections.shuffle(names, r);
            for (String n : names.subList(0, 1 + r.nextInt(2))) some.put(n, all.get(n));
            var changed = api.patch("/api/tables/" + tableId + "/records/" + id, Map.of("fields", some));
            assertThat(changed.status()).as(changed.body()).isIn(200, 404); // 404: deleted by another writer meanwhile
        }
    }
}
