package dev.rowan.server.sync;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a bulk load writes one change-log row per block of records (journal.ChangeLogCopy), and a second client
 * still pulls every record exactly, page by page with cursors inside the blocks, and conflicts are still found per
 * record.
 */
class BulkPullTest {
    private static final int ROWS = 10_000;

    @Test
    @SuppressWarnings("unchecked")
    void aSecondClientPullsEveryBulkCreatedRecordExactlyAndConflictsStayPerRecord() {
        ApiClient api = TestServer.newTenant();
        String app = api.createApp("Bulk pull");
        Map<String, Object> t = api.createTable(app, "Rows", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number")));
        UUID table = UUID.fromString((String) t.get("id"));
        String title = ApiClient.fieldId(t, "Title");
        String qty = ApiClient.fieldId(t, "Qty");
        SyncClient two = client(api);
        two.pull();
        long rowsBefore = Sql.changes(api.companyId);

        List<Map<String, Object>> rows = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(Map.of("id", id.toString(), "fields", Map.of("Title", "row " + i, "Qty", i)));
        }
        var bulk = api.post("/api/tables/" + table + "/records/bulk", Map.of("records", rows));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.map()).containsEntry("created", ROWS);
        // stored as one row per block of 5,000
        assertThat(Sql.changes(api.companyId) - rowsBefore).isEqualTo(2);

        // after the load: edits of records in either block and at the edges, and deletes
        Map<UUID, String> edited = new HashMap<>();
        for (int i : new int[]{0, 4_999, 5_000, 7_777}) {
            var r = api.patch("/api/tables/" + table + "/records/" + ids.get(i),
                    Map.of("fields", Map.of("Title", "edited " + i)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            edited.put(ids.get(i), "edited " + i);
        }
        List<UUID> deleted = List.of(ids.get(1), ids.get(9_999));
        for (UUID id : deleted) assertThat(api.delete("/api/tables/" + table + "/records/" + id).status()).isEqualTo(204);

        // the second client pulls in pages of 1,500 changes: cursors fall inside both blocks
        Map<UUID, Integer> upserts = new HashMap<>();
        Map<UUID, Integer> deletes = new HashMap<>();
        int pages = 0;
        while (true) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cursor", two.cursor);
            body.put("limit", 1_500);
            var r = two.api.post("/api/sync/pull", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<Map<String, Object>> recs = (List<Map<String, Object>>) r.get("records");
            assertThat(recs.size()).isLessThanOrEqualTo(1_500);
            long previous = -1;
            for (Map<String, Object> e : recs) {
                UUID id = UUID.fromString((String) e.get("id"));
                long seq = ((Number) e.get("seq")).longValue();
                assertThat(seq).as("records of a page come in log order").isGreaterThan(previous);
                previous = seq;
                if ("delete".equals(e.get("op"))) deletes.merge(id, 1, Integer::sum);
                else upserts.merge(id, 1, Integer::sum);
            }
            two.apply(r.map());
            pages++;
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        assertThat(pages).isGreaterThanOrEqualTo(7);
        // every record once (an edited one may come again with its edit, never more), deleted ones only as deletes
        assertThat(deletes.keySet()).containsExactlyInAnyOrderElementsOf(deleted);
        for (UUID id : ids) {
            if (deleted.contains(id)) {
                assertThat(upserts.getOrDefault(id, 0)).isLessThanOrEqualTo(1);
                continue;
            }
            assertThat(upserts.get(id)).as("record " + id).isBetween(1, edited.containsKey(id) ? 2 : 1);
        }
        assertThat(two.records.keySet()).containsExactlyInAnyOrderElementsOf(ids.stream()
                .filter(id -> !deleted.contains(id)).toList());
        for (int i = 0; i < ROWS; i++) {
            UUID id = ids.get(i);
            if (deleted.contains(id)) continue;
            assertThat(two.fields(id)).as("record " + i).containsEntry(title, edited.getOrDefault(id, "row " + i));
            assertThat(((Number) two.fields(id).get(qty)).intValue()).isEqualTo(i);
        }
        // versions as the server has them: the insert's own sequence inside its block, or the edit's
        Map<String, Object> server = api.get("/api/tables/" + table + "/records/" + ids.get(2)).map();
        assertThat(two.records.get(ids.get(2))).containsEntry("rowVersion",
                ((Number) server.get("rowVersion")).longValue());
        assertThat(((Number) server.get("rowVersion")).longValue())
                .isEqualTo(((Number) two.records.get(ids.get(3)).get("rowVersion")).longValue() - 1);

        // conflicts per record: the second client edits two records offline from what it pulled; someone changes one
        // of them on the server meanwhile: that one conflicts, the other applies
        two.edit(table, ids.get(2), Map.of(title, "two's 2"));
        two.edit(table, ids.get(3), Map.of(title, "two's 3"));
        assertThat(api.patch("/api/tables/" + table + "/records/" + ids.get(2),
                Map.of("fields", Map.of("Title", "server's 2"))).status()).isEqualTo(200);
        List<Map<String, Object>> res = two.push();
        assertThat(res.get(0)).containsEntry("status", "conflict");
        assertThat(res.get(1)).containsEntry("status", "applied");
        assertThat(api.get("/api/tables/" + table + "/records/" + ids.get(2)).body()).contains("server's 2");
        assertThat(api.get("/api/tables/" + table + "/records/" + ids.get(3)).body()).contains("two's 3");

        // a client that never saw a bulk-created record edits it from version 0: the insert inside the block is a
        // change since its version, as a row of its own would have been
        SyncClient three = client(api);
        three.enqueue("UPDATE", "RECORD", ids.get(6_000), table, Map.of("fields", Map.of(title, "three's"),
                "baseVersion", 0));
        assertThat(three.push().getFirst()).containsEntry("status", "conflict");
        // and from the version it would have pulled, the same edit applies
        long version = ((Number) api.get("/api/tables/" + table + "/records/" + ids.get(6_001)).get("rowVersion"))
                .longValue();
        three.enqueue("UPDATE", "RECORD", ids.get(6_001), table, Map.of("fields", Map.of(title, "three's"),
                "baseVersion", version));
        assertThat(three.push().getFirst()).containsEntry("status", "applied");

        // a first sync of a third replica (snapshot, then the log) holds the same records
        SyncClient four = client(api);
        four.limit = 2_000;
        four.pull();
        assertThat(four.records.keySet()).containsExactlyInAnyOrderElementsOf(two.records.keySet());
    }

    private static SyncClient client(ApiClient api) {
        ApiClient own = new ApiClient(api.base());
        own.token(api.token());
        return new SyncClient(own);
    }
}
