package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view update carrying its {@code base} is merged setting by setting on the real PostgreSQL (issue 11): settings
 * the other side did not change are kept, the same setting changed by both takes the last writer's value and names
 * the one that lost ({@code contested} over REST, a {@code settings} conflict in a push); locked views still refuse
 * members; a merge that meets a removed field keeps the view readable; a bad base is problem+json.
 */
class ViewMergeTest {

    private record Fixture(ApiClient api, String tableId, String viewId, String title, String qty,
                           Map<String, Object> base) {
        String url() {
            return "/api/tables/" + tableId + "/views/" + viewId;
        }
    }

    @SuppressWarnings("unchecked")
    private static Fixture fixture() {
        ApiClient api = TestServer.newTenant();
        Map<String, Object> t = api.createTable(api.createApp("Merge"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"), Map.of("name", "Qty", "type", "number")));
        String tableId = (String) t.get("id");
        var created = api.post("/api/tables/" + tableId + "/views", Map.of("name", "Shared", "type", "grid"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Fixture(api, tableId, created.id(), ApiClient.fieldId(t, "Title"), ApiClient.fieldId(t, "Qty"),
                (Map<String, Object>) created.get("config"));
    }

    /** {@code base} with some settings replaced: "query.sorts" style keys go into the query. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> settings) {
        Map<String, Object> c = new LinkedHashMap<>(base);
        Map<String, Object> q = new LinkedHashMap<>((Map<String, Object>) base.getOrDefault("query", Map.of()));
        settings.forEach((k, v) -> {
            if (k.startsWith("query.")) q.put(k.substring(6), v);
            else c.put(k, v);
        });
        c.put("query", q);
        return c;
    }

    private static Map<String, Object> body(Map<String, Object> base, Map<String, Object> config) {
        return Map.of("name", "Shared", "type", "grid", "base", base, "config", config);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> query(ApiClient api, String viewId) {
        return (Map<String, Object>) ((Map<String, Object>) api.get("/api/views/" + viewId).get("config")).get("query");
    }

    @Test
    @SuppressWarnings("unchecked")
    void differentSettingsBothStayAndTheSameSettingIsLastWriterWinsWithTheLoserNamed() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        List<Object> byQty = List.of(Map.of("fieldId", fx.qty(), "direction", "desc"));
        Map<String, Object> filter = Map.of("operator", "and", "conditions",
                List.of(Map.of("field", fx.title(), "operator", "contains", "value", "x")));

        // A sorts, B (from the same base, not knowing A's change) filters: both stay
        var a = api.put(fx.url(), body(fx.base(), with(fx.base(), Map.of("query.sorts", byQty))));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.get("contested")).isNull();
        var b = api.put(fx.url(), body(fx.base(), with(fx.base(), Map.of("query.filter", filter))));
        assertThat(b.status()).as(b.body()).isEqualTo(200);
        assertThat(b.get("contested")).as("B changed only the filter").isNull();
        Map<String, Object> q = query(api, fx.viewId());
        assertThat(q.get("sorts")).isEqualTo(byQty);
        assertThat(q.get("filter")).isEqualTo(filter);

        // B, still from the old base, sorts by title: B's sort wins, A's is named as the value that lost
        List<Object> byTitle = List.of(Map.of("fieldId", fx.title(), "direction", "asc"));
        var c = api.put(fx.url(), body(fx.base(), with(fx.base(), Map.of("query.sorts", byTitle))));
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) c.get("contested")).singleElement().satisfies(k -> {
            assertThat(k.get("setting")).isEqualTo("query.sorts");
            assertThat(k.get("mine")).isEqualTo(byTitle);
            assertThat(k.get("theirs")).isEqualTo(byQty);
        });
        q = query(api, fx.viewId());
        assertThat(q.get("sorts")).isEqualTo(byTitle);
        assertThat(q.get("filter")).as("the filter nobody changed in this update stays").isEqualTo(filter);

        // without a base the view is replaced whole, as before (a client that does not merge)
        var whole = api.put(fx.url(), Map.of("name", "Shared", "type", "grid", "config", fx.base()));
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(query(api, fx.viewId()).get("filter")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPushedUpdateFromAStaleBaseIsAppliedAndAnsweredWithTheSettingsThatLost() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        var first = api.put(fx.url(), body(fx.base(), with(fx.base(), Map.of("hidden", List.of(fx.qty()),
                "widths", Map.of(fx.title(), 300)))));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        long changes = Sql.changes(api.companyId);
        var res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", fx.viewId(),
                fx.tableId(), body(fx.base(), with(fx.base(), Map.of("hidden", List.of(fx.title()), "frozenColumns", 1))))));
        Map<String, Object> r = res.getFirst();
        assertThat(r.get("status")).as(res.toString()).isEqualTo("conflict");
        assertThat(r.get("kind")).isEqualTo("settings");
        assertThat(r.get("seq")).as("the update was applied").isNotNull();
        assertThat((Map<String, Object>) r.get("theirs")).containsOnlyKeys("hidden").containsEntry("hidden", List.of(fx.qty()));
        assertThat((Map<String, Object>) r.get("mine")).containsEntry("hidden", List.of(fx.title()));
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes + 1);
        Map<String, Object> config = (Map<String, Object>) api.get("/api/views/" + fx.viewId()).get("config");
        assertThat(config.get("hidden")).isEqualTo(List.of(fx.title()));
        assertThat(config.get("frozenColumns")).isEqualTo(1);
        assertThat(config.get("widths")).as("the other side's widths stay").isEqualTo(Map.of(fx.title(), 300));

        // a rename from the desktop (base = config: no setting changed) keeps every setting
        res = Members.push(api, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", fx.viewId(),
                fx.tableId(), Map.of("name", "Renamed", "type", "grid", "base", fx.base(), "config", fx.base()))));
        assertThat(res.getFirst().get("status")).as(res.toString()).isEqualTo("applied");
        var read = api.get("/api/views/" + fx.viewId());
        assertThat(read.get("name")).isEqualTo("Renamed");
        assertThat(((Map<String, Object>) read.get("config")).get("hidden")).isEqualTo(List.of(fx.title()));
    }

    @Test
    void lockedViewsStillRefuseMembersAndABadBaseChangesNothing() {
        Fixture fx = fixture();
        ApiClient owner = fx.api();
        ApiClient member = Members.add(owner, "member", "member");
        assertThat(owner.patch("/api/views/" + fx.viewId(), Map.of("locked", true)).status()).isEqualTo(200);
        String before = Sql.rows("SELECT name, config::text FROM rowan.views WHERE id = ?", fx.viewId()).toString();
        long changes = Sql.changes(owner.companyId);
        var refused = member.put(fx.url(), body(fx.base(), with(fx.base(), Map.of("frozenColumns", 2))));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        var pushed = Members.push(member, UUID.randomUUID(), List.of(Members.mutation("UPDATE", "view", fx.viewId(),
                fx.tableId(), body(fx.base(), with(fx.base(), Map.of("frozenColumns", 2))))));
        assertThat(pushed.getFirst().get("status")).isEqualTo("rejected");

        Map<String, Object> bad = new LinkedHashMap<>(body(fx.base(), fx.base()));
        bad.put("base", "not an object");
        var invalid = owner.put(fx.url(), bad);
        assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
        assertThat(invalid.isProblem()).isTrue();
        assertThat(invalid.body()).doesNotContain("rowan.views", "SQL", "Exception");
        assertThat(Sql.rows("SELECT name, config::text FROM rowan.views WHERE id = ?", fx.viewId()).toString())
                .isEqualTo(before);
        assertThat(Sql.changes(owner.companyId)).isEqualTo(changes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMergeMeetingARemovedFieldKeepsTheViewReadable() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        // one side sorts by Qty and hides Title; then Qty is removed from the table
        var a = api.put(fx.url(), body(fx.base(), with(fx.base(), Map.of(
                "query.sorts", List.of(Map.of("fieldId", fx.qty(), "direction", "desc")), "hidden", List.of(fx.title())))));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(api.delete("/api/tables/" + fx.tableId() + "/fields/" + fx.qty()).status()).isEqualTo(204);
        // the other side, offline from the old base, widened Qty and sorted by Title (a field hidden meanwhile)
        var b = api.put(fx.url(), body(fx.base(), with(fx.base(), Map.of(
                "widths", Map.of(fx.qty(), 250, fx.title(), 180),
                "query.sorts", List.of(Map.of("fieldId", fx.title(), "direction", "asc"))))));
        assertThat(b.status()).as(b.body()).isEqualTo(200);
        Map<String, Object> config = (Map<String, Object>) api.get("/api/views/" + fx.viewId()).get("config");
        assertThat(config.get("widths")).as("the removed field's width is dropped").isEqualTo(Map.of(fx.title(), 180));
        assertThat(((Map<String, Object>) config.get("query")).get("sorts"))
                .isEqualTo(List.of(Map.of("fieldId", fx.title(), "direction", "asc")));
        assertThat(config.get("hidden")).isEqualTo(List.of(fx.title()));
        var records = api.get("/api/views/" + fx.viewId() + "/records");
        assertThat(records.status()).as(records.body()).isEqualTo(200);
    }
}
