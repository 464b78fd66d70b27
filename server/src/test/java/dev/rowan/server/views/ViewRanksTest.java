package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record's place in a view's manual order over HTTP on the real PostgreSQL: pushed as VIEW_RANK (last writer wins,
 * null puts it back among the unranked), journalled, and pulled with the record as {@code ranks} by everybody who
 * sees the view (not by others for a personal view); bad ranks, unknown or foreign views, locked views pushed by a
 * member are rejected and change nothing; a deleted view takes its ranks with it.
 */
class ViewRanksTest {

    private record Fixture(ApiClient api, String tableId, String viewId, List<String> records) {
    }

    private static Fixture fixture() {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> t = api.createTable(api.createApp("Ranks"), "Tasks",
                List.of(Map.of("name", "Title", "type", "text")));
        String tableId = (String) t.get("id");
        var view = api.post("/api/tables/" + tableId + "/views", Map.of("name", "Board", "type", "kanban",
                "config", Map.of("query", Map.of(), "manualOrder", true)));
        assertThat(view.status()).as(view.body()).isEqualTo(201);
        assertThat(((Map<?, ?>) view.get("config")).get("manualOrder")).isEqualTo(true);
        List<String> records = new ArrayList<>();
        for (String title : List.of("A", "B", "C")) {
            var r = api.post("/api/tables/" + tableId + "/records", Map.of("fields", Map.of("Title", title)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            records.add(r.id());
        }
        return new Fixture(api, tableId, view.id(), records);
    }

    private static Map<String, Object> rank(String recordId, String viewId, Object rank) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("rank", rank);
        return Members.mutation("UPDATE", "view_rank", recordId, viewId, payload);
    }

    private static String ranks(String viewId) {
        return Sql.rows("SELECT record_id, rank FROM rowan.view_ranks WHERE view_id = ? ORDER BY rank",
                UUID.fromString(viewId)).toString();
    }

    /** The ranks each record carries in a full pull, by record id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> pulledRanks(ApiClient api, Object cursor) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int page = 0; page < 50; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            var r = api.post("/api/sync/pull", body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (Object o : (List<Object>) r.get("records")) {
                Map<String, Object> e = (Map<String, Object>) o;
                out.put((String) e.get("id"), (Map<String, Object>) e.getOrDefault("ranks", Map.of()));
            }
            cursor = r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) break;
        }
        return out;
    }

    private static Object cursorNow(ApiClient api) {
        Object cursor = null;
        for (int page = 0; page < 50; page++) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (cursor != null) body.put("cursor", cursor);
            var r = api.post("/api/sync/pull", body);
            cursor = r.get("cursor");
            if (!Boolean.TRUE.equals(r.get("hasMore"))) return cursor;
        }
        throw new AssertionError("pull did not end");
    }

    @Test
    void aPushedRankIsStoredJournalledAndPulledWithItsRecordLastWriterWins() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        ApiClient member = Members.add(api, "member", "member");
        Object since = cursorNow(member);
        long changes = Sql.changes(api.companyId);
        var res = Members.push(api, UUID.randomUUID(), List.of(rank(fx.records().get(0), fx.viewId(), "V"),
                rank(fx.records().get(2), fx.viewId(), "G")));
        assertThat(res).extracting(r -> r.get("status")).as(res.toString()).containsOnly("applied");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 2);
        assertThat(Sql.count("SELECT count(*) FROM rowan.change_log WHERE company_id = ? AND entity = 'view_rank'",
                api.companyId)).isEqualTo(2);

        // another user pulls the log since: both records come again, each with its rank in the view
        Map<String, Map<String, Object>> pulled = pulledRanks(member, since);
        assertThat(pulled).containsOnlyKeys(fx.records().get(0), fx.records().get(2));
        assertThat(pulled.get(fx.records().get(0))).isEqualTo(Map.of(fx.viewId(), "V"));
        assertThat(pulled.get(fx.records().get(2))).isEqualTo(Map.of(fx.viewId(), "G"));
        // and a fresh client's snapshot carries them too
        Map<String, Map<String, Object>> fresh = pulledRanks(member, null);
        assertThat(fresh.get(fx.records().get(0))).isEqualTo(Map.of(fx.viewId(), "V"));
        assertThat(fresh.get(fx.records().get(1))).isEmpty();

        // the member moves A before C: last writer wins, no conflict
        Object later = cursorNow(api);
        res = Members.push(member, UUID.randomUUID(), List.of(rank(fx.records().get(0), fx.viewId(), "D")));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        assertThat(ranks(fx.viewId())).contains("rank=D").doesNotContain("rank=V");
        assertThat(pulledRanks(api, later).get(fx.records().get(0))).isEqualTo(Map.of(fx.viewId(), "D"));
        // null puts the record back among the unranked; its pull carries no rank
        Object afterMove = cursorNow(api);
        res = Members.push(member, UUID.randomUUID(), List.of(rank(fx.records().get(0), fx.viewId(), null)));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        assertThat(ranks(fx.viewId())).doesNotContain(fx.records().get(0));
        assertThat(pulledRanks(api, afterMove).get(fx.records().get(0))).isEmpty();
    }

    @Test
    void badRanksUnknownViewsAndLockedViewsAreRejectedAndChangeNothing() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        ApiClient member = Members.add(api, "member", "member");
        ApiClient stranger = TestServer.newTenant();
        Map<String, Object> other = stranger.createTable(stranger.createApp("Other"), "Other",
                List.of(Map.of("name", "A", "type", "text")));
        String strangersView = (String) stranger.get("/api/tables/" + other.get("id") + "/views").data().getFirst().get("id");
        var locked = api.post("/api/tables/" + fx.tableId() + "/views", Map.of("name", "Team board", "type", "kanban",
                "locked", true, "config", Map.of("query", Map.of(), "manualOrder", true)));
        assertThat(locked.status()).as(locked.body()).isEqualTo(201);
        var personal = api.post("/api/tables/" + fx.tableId() + "/views", Map.of("name", "Mine", "type", "kanban",
                "personal", true, "config", Map.of("query", Map.of(), "manualOrder", true)));
        long changes = Sql.changes(api.companyId);
        String a = fx.records().getFirst();
        String all = Sql.rows("SELECT * FROM rowan.view_ranks ORDER BY view_id, record_id").toString();

        record Bad(ApiClient who, Map<String, Object> mutation, String mentions) {
        }
        Map<String, Object> create = rank(a, fx.viewId(), "V");
        create.put("op", "CREATE");
        Map<String, Object> extra = rank(a, fx.viewId(), "V");
        ((Map<String, Object>) extra.get("payload")).put("fields", Map.of("Title", "x"));
        Map<String, Object> noView = rank(a, fx.viewId(), "V");
        noView.remove("parentId");
        List<Bad> bad = List.of(
                new Bad(api, rank(a, fx.viewId(), "V0"), "rank"),
                new Bad(api, rank(a, fx.viewId(), "'; DROP TABLE rowan.view_ranks;--"), "rank"),
                new Bad(api, rank(a, fx.viewId(), "x".repeat(65)), "rank"),
                new Bad(api, rank(a, fx.viewId(), 42), "rank"),
                new Bad(api, create, "updated"),
                new Bad(api, extra, "fields"),
                new Bad(api, noView, "parentId"),
                new Bad(api, rank(a, UUID.randomUUID().toString(), "V"), "No view"),
                new Bad(api, rank(a, strangersView, "V"), "No view"),
                new Bad(member, rank(a, personal.id(), "V"), "No view"),
                new Bad(member, rank(a, locked.id(), "V"), "locked"));
        for (Bad b : bad) {
            var res = Members.push(b.who(), UUID.randomUUID(), List.of(b.mutation()));
            assertThat(res.getFirst().get("status")).as(b.mutation() + " -> " + res).isEqualTo("rejected");
            assertThat(res.toString()).as(b.mutation().toString()).contains(b.mentions())
                    .doesNotContain("dt_").doesNotContain("SQL").doesNotContain("Exception");
        }
        assertThat(Sql.rows("SELECT * FROM rowan.view_ranks ORDER BY view_id, record_id").toString()).isEqualTo(all);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        // a record that is not there: applied with a note, nothing stored (the record was deleted meanwhile)
        var gone = Members.push(api, UUID.randomUUID(), List.of(rank(UUID.randomUUID().toString(), fx.viewId(), "V")));
        assertThat(gone.getFirst().get("status")).isEqualTo("applied");
        assertThat(gone.toString()).contains("deleted");
        assertThat(ranks(fx.viewId())).isEqualTo("[]");
        // owners and admins reorder a locked view
        var byOwner = Members.push(api, UUID.randomUUID(), List.of(rank(a, locked.id(), "V")));
        assertThat(byOwner.getFirst().get("status")).as(byOwner.toString()).isEqualTo("applied");
    }

    @Test
    void aPersonalViewsRanksGoOnlyToItsCreatorAndADeletedViewTakesItsRanks() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        ApiClient bob = Members.add(api, "bob", "member");
        var personal = api.post("/api/tables/" + fx.tableId() + "/views", Map.of("name", "Mine", "type", "kanban",
                "personal", true, "config", Map.of("query", Map.of(), "manualOrder", true)));
        String a = fx.records().getFirst();
        var res = Members.push(api, UUID.randomUUID(), List.of(rank(a, personal.id(), "k"), rank(a, fx.viewId(), "V")));
        assertThat(res).extracting(r -> r.get("status")).containsOnly("applied");
        assertThat(pulledRanks(api, null).get(a)).isEqualTo(Map.of(personal.id(), "k", fx.viewId(), "V"));
        assertThat(pulledRanks(bob, null).get(a)).isEqualTo(Map.of(fx.viewId(), "V"));

        assertThat(api.delete("/api/views/" + fx.viewId()).status()).isEqualTo(204);
        assertThat(ranks(fx.viewId())).isEqualTo("[]");
        assertThat(ranks(personal.id())).contains("rank=k");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBoardInManualOrderReadsItsRecordsInRankOrderPageByPage() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        // C first, then A; B never ranked follows in created order
        var res = Members.push(api, UUID.randomUUID(), List.of(rank(fx.records().get(2), fx.viewId(), "G"),
                rank(fx.records().get(0), fx.viewId(), "V")));
        assertThat(res).extracting(r -> r.get("status")).containsOnly("applied");
        List<Object> ids = new ArrayList<>();
        List<Object> ranks = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            var r = api.get("/api/views/" + fx.viewId() + "/records?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (Map<String, Object> row : r.data()) {
                ids.add(row.get("id"));
                ranks.add(row.get("rank"));
            }
            cursor = (String) r.get("nextCursor");
            if (cursor == null) break;
        }
        assertThat(ids).containsExactly(fx.records().get(2), fx.records().get(0), fx.records().get(1));
        assertThat(ranks).containsExactly("G", "V", null);
        // a cursor of this order does not page another view
        var grid = api.get("/api/tables/" + fx.tableId() + "/views").data().getFirst();
        var first = api.get("/api/views/" + fx.viewId() + "/records?limit=1");
        var wrong = api.get("/api/views/" + grid.get("id") + "/records?cursor=" + first.get("nextCursor"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.isProblem()).isTrue();
    }
}
