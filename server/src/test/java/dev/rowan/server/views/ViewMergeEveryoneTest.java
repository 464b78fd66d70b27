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
 * Issue 11, slice h-viewmerge, over HTTP against the real PostgreSQL: the desktop whose view setting lost a contest
 * is told through its next pull (once, and not for ordinary later edits); a view's name merges like a setting; REST
 * {@code PATCH /api/views/:id} takes a {@code base} and merges the same way.
 */
class ViewMergeEveryoneTest {

    private record Fixture(ApiClient api, String tableId, String viewId, String title, String qty,
                           Map<String, Object> config) {
        String url() {
            return "/api/tables/" + tableId + "/views/" + viewId;
        }

        String patchUrl() {
            return "/api/views/" + viewId;
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Map<String, Object> config, String fieldId, String direction) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        Map<String, Object> q = new LinkedHashMap<>((Map<String, Object>) config.getOrDefault("query", Map.of()));
        q.put("sorts", List.of(Map.of("fieldId", fieldId, "direction", direction)));
        c.put("query", q);
        return c;
    }

    private static Map<String, Object> with(Map<String, Object> config, String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        c.put(key, value);
        return c;
    }

    /** A desktop's view update: its name and config, from the view as it read it ({@code base}). */
    private static Map<String, Object> update(Fixture fx, String name, Map<String, Object> config, String baseName,
                                              Map<String, Object> baseConfig) {
        return Members.mutation("UPDATE", "view", fx.viewId(), fx.tableId(), Map.of("name", name, "type", "grid",
                "config", config, "base", Map.of("name", baseName, "config", baseConfig)));
    }

    /** The {@code overruled} notices a client's pull brings after {@code resultsCursor}, and the cursor after them. */
    @SuppressWarnings("unchecked")
    private static Notices pull(ApiClient api, UUID clientId, long resultsCursor) {
        var r = api.post("/api/sync/pull", Map.of("limit", 500, "clientId", clientId.toString(),
                "resultsCursor", resultsCursor));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
        return new Notices(results.stream().filter(x -> "overruled".equals(x.get("kind"))).toList(),
                ((Number) r.get("resultsCursor")).longValue());
    }

    private record Notices(List<Map<String, Object>> overruled, long cursor) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDesktopWhoseSettingLostIsToldOnceAndNotForOrdinaryLaterEdits() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        Map<String, Object> byQty = sorted(fx.config(), fx.qty(), "desc");
        Map<String, Object> byTitle = sorted(fx.config(), fx.title(), "asc");

        // A syncs first: its sort is taken, nothing contested
        var ra = Members.push(api, a, List.of(update(fx, "Shared", byQty, "Shared", fx.config())));
        assertThat(ra.getFirst().get("status")).as(ra.toString()).isEqualTo("applied");
        // B, offline from the same base, sorts by title and syncs last: B wins and is told
        var rb = Members.push(api, b, List.of(update(fx, "Shared", byTitle, "Shared", fx.config())));
        assertThat(rb.getFirst().get("kind")).as(rb.toString()).isEqualTo("settings");

        // A's next pull tells A, once, that its sort lost: mine = A's value, theirs = B's
        Notices n = pull(api, a, 0);
        assertThat(n.overruled()).singleElement().satisfies(x -> {
            assertThat(x.get("entity")).isEqualTo("VIEW");
            assertThat(x.get("entityId")).isEqualTo(fx.viewId());
            assertThat((Map<String, Object>) x.get("mine")).containsOnlyKeys("query.sorts")
                    .containsEntry("query.sorts", ((Map<String, Object>) byQty.get("query")).get("sorts"));
            assertThat((Map<String, Object>) x.get("theirs"))
                    .containsEntry("query.sorts", ((Map<String, Object>) byTitle.get("query")).get("sorts"));
            assertThat(x.get("seq")).isNotNull();
        });
        assertThat(pull(api, a, n.cursor()).overruled()).as("told once").isEmpty();
        assertThat(pull(api, b, 0).overruled()).as("the winner got its answer in the push").isEmpty();

        // C, having seen B's sort, changes it: an ordinary edit, nobody is told
        var rc = Members.push(api, c, List.of(update(fx, "Shared", byQty, "Shared", byTitle)));
        assertThat(rc.getFirst().get("status")).as(rc.toString()).isEqualTo("applied");
        assertThat(pull(api, b, 0).overruled()).isEmpty();
        assertThat(pull(api, a, n.cursor()).overruled()).isEmpty();

        // two renames offline are a contest like any setting: the first renamer is told too
        var r1 = Members.push(api, a, List.of(update(fx, "Mine", byQty, "Shared", byQty)));
        assertThat(r1.getFirst().get("status")).as(r1.toString()).isEqualTo("applied");
        var r2 = Members.push(api, b, List.of(update(fx, "Theirs", byQty, "Shared", byQty)));
        assertThat(r2.getFirst().get("kind")).as(r2.toString()).isEqualTo("settings");
        assertThat((Map<String, Object>) r2.getFirst().get("theirs")).containsEntry("name", "Mine");
        assertThat(api.get(fx.patchUrl()).get("name")).isEqualTo("Theirs");
        assertThat(pull(api, a, n.cursor()).overruled()).singleElement().satisfies(x -> {
            assertThat((Map<String, Object>) x.get("mine")).containsOnlyKeys("name").containsEntry("name", "Mine");
            assertThat((Map<String, Object>) x.get("theirs")).containsEntry("name", "Theirs");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRenameAndASettingsChangeMadeOfflineBothSurvive() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        Map<String, Object> byQty = sorted(fx.config(), fx.qty(), "desc");
        var sort = Members.push(api, UUID.randomUUID(), List.of(update(fx, "Shared", byQty, "Shared", fx.config())));
        assertThat(sort.getFirst().get("status")).isEqualTo("applied");
        // the other desktop renamed from the old view; its config is the old one
        var rename = Members.push(api, UUID.randomUUID(), List.of(update(fx, "Open work", fx.config(), "Shared",
                fx.config())));
        assertThat(rename.getFirst().get("status")).as(rename.toString()).isEqualTo("applied");
        var read = api.get(fx.patchUrl());
        assertThat(read.get("name")).isEqualTo("Open work");
        assertThat(((Map<String, Object>) ((Map<String, Object>) read.get("config")).get("query")).get("sorts"))
                .isEqualTo(((Map<String, Object>) byQty.get("query")).get("sorts"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void patchWithABaseMergesDifferentSettingsAndAnswersAContest() {
        Fixture fx = fixture();
        ApiClient api = fx.api();
        Map<String, Object> read = Map.of("name", "Shared", "config", fx.config());
        // someone widened a column and renamed; I (from what I read) freeze a column
        var theirs = api.patch(fx.patchUrl(), Map.of("name", "Renamed", "config",
                with(fx.config(), "widths", Map.of(fx.title(), 300)), "base", read));
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
        var mine = api.patch(fx.patchUrl(), Map.of("config", with(fx.config(), "frozenColumns", 2), "base", read));
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.get("contested")).isNull();
        Map<String, Object> config = (Map<String, Object>) mine.get("config");
        assertThat(config.get("frozenColumns")).isEqualTo(2);
        assertThat(config.get("widths")).as("their width stays").isEqualTo(Map.of(fx.title(), 300));
        assertThat(mine.get("name")).as("their rename stays").isEqualTo("Renamed");

        // the same setting: mine wins, theirs is named
        var contest = api.patch(fx.patchUrl(), Map.of("config", with(fx.config(), "widths", Map.of(fx.title(), 120)),
                "name", "Mine", "base", read));
        assertThat(contest.status()).as(contest.body()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) contest.get("contested")).extracting(k -> k.get("setting"))
                .containsExactlyInAnyOrder("widths", "name");
        assertThat((List<Map<String, Object>>) contest.get("contested")).filteredOn(k -> k.get("setting").equals("name"))
                .singleElement().satisfies(k -> {
                    assertThat(k.get("mine")).isEqualTo("Mine");
                    assertThat(k.get("theirs")).isEqualTo("Renamed");
                    assertThat(k.get("base")).isEqualTo("Shared");
                });
        var now = api.get(fx.patchUrl());
        assertThat(now.get("name")).isEqualTo("Mine");
        assertThat(((Map<String, Object>) now.get("config")).get("frozenColumns")).isEqualTo(2);

        // without a base PATCH replaces what it names, as before
        var plain = api.patch(fx.patchUrl(), Map.of("config", fx.config()));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(((Map<String, Object>) plain.get("config")).get("frozenColumns"))
                .as("replaced whole: the new view's default again").isEqualTo(fx.config().get("frozenColumns"));
    }

    @Test
    void patchWithABadBaseALockedViewOrAnUnknownIdIsAProblemAndChangesNothing() {
        Fixture fx = fixture();
        ApiClient owner = fx.api();
        String before = Sql.rows("SELECT name, config::text, locked FROM rowan.views WHERE id = ?", fx.viewId()).toString();
        long changes = Sql.changes(owner.companyId);
        for (Object bad : List.of("text", Map.of(), Map.of("name", 5), Map.of("config", "x"),
                Map.of("name", "Shared", "colour", "red"), Map.of("name", "Shared", "locked", "yes"))) {
            var r = owner.patch(fx.patchUrl(), Map.of("name", "X", "base", bad));
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.body()).contains("base").doesNotContain("rowan.views", "SQL", "Exception", "dt_");
        }
        assertThat(Sql.rows("SELECT name, config::text, locked FROM rowan.views WHERE id = ?", fx.viewId()).toString())
                .isEqualTo(before);
        assertThat(Sql.changes(owner.companyId)).isEqualTo(changes);

        var unknown = owner.patch("/api/views/" + UUID.randomUUID(), Map.of("name", "X",
                "base", Map.of("name", "Shared")));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();

        ApiClient member = Members.add(owner, "member", "member");
        assertThat(owner.patch(fx.patchUrl(), Map.of("locked", true)).status()).isEqualTo(200);
        String locked = Sql.rows("SELECT name, config::text FROM rowan.views WHERE id = ?", fx.viewId()).toString();
        var refused = member.patch(fx.patchUrl(), Map.of("name", "Member's", "base",
                Map.of("name", "Shared", "config", fx.config())));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(Sql.rows("SELECT name, config::text FROM rowan.views WHERE id = ?", fx.viewId()).toString())
                .isEqualTo(locked);
        // a member's rename from a base that did not touch the lock does not unlock it for an admin either
        var adminRename = owner.patch(fx.patchUrl(), Map.of("name", "Admin's", "locked", false,
                "base", Map.of("name", "Shared", "locked", false)));
        assertThat(adminRename.status()).as(adminRename.body()).isEqualTo(200);
        assertThat(adminRename.get("locked")).as("unchanged from its base: the lock made meanwhile stays").isEqualTo(true);
    }
}
