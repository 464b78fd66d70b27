package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/views/:id/groups} by a user field with several members and by a multiple select on the real
 * PostgreSQL: a record is counted under each of its members/options (none: "no value"), the groups above such a level
 * and the total count each record once — every answer compared with a computation in Java over all records.
 */
class GroupsByEachValueTest {
    private static final List<String> TAGS = List.of("Red", "Blue", "Green");
    private static final List<String> STATUS = List.of("Open", "Done");
    private static ApiClient owner;
    private static List<String> people;

    @BeforeAll
    static void fixture() {
        owner = TestServer.newTenant();
        String email = "each-" + UUID.randomUUID() + "@test.rowan";
        assertThat(owner.post("/api/members", Map.of("email", email, "password", "correct horse 7",
                "displayName", "Grace Hopper", "role", "member")).status()).isEqualTo(201);
        ApiClient grace = new ApiClient(owner.base());
        assertThat(grace.login(email, "correct horse 7").status()).isEqualTo(200);
        people = List.of(me(owner), me(grace));
    }

    private static String me(ApiClient api) {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    /** One record as the test wrote it. */
    private record Rec(String status, List<String> tags, List<String> team, int qty) {
        /** The values of one level: each member/option of a multi-value field (null: none), else the one value. */
        List<Object> level(String field) {
            List<String> many = switch (field) {
                case "Tags" -> tags;
                case "Team" -> team;
                default -> null;
            };
            if (many == null) return Arrays.asList((Object) status);
            return many.isEmpty() ? Arrays.asList((Object) null) : new ArrayList<>(new HashSet<>(many));
        }
    }

    @Test
    void aRecordIsCountedUnderEachOfItsValuesAndOnceAbove() {
        Map<String, Object> table = owner.createTable(owner.createApp("Each"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Status", "type", "single_select", "options", STATUS),
                Map.of("name", "Tags", "type", "multiple_select", "options", TAGS),
                Map.of("name", "Team", "type", "user", "config", Map.of("multiple", true))));
        String tableId = (String) table.get("id");
        Random r = new Random(11);
        List<Rec> recs = new ArrayList<>();
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            List<String> tags = new ArrayList<>();
            for (String tag : TAGS) if (r.nextInt(3) == 0) tags.add(tag);
            List<String> team = new ArrayList<>();
            for (String p : people) if (r.nextBoolean()) team.add(p);
            Rec rec = new Rec(STATUS.get(r.nextInt(2)), tags, team, r.nextInt(100));
            recs.add(rec);
            Map<String, Object> f = new HashMap<>(Map.of("Title", "t" + i, "Qty", rec.qty(), "Status", rec.status()));
            // no value written three ways: absent, null and an empty list
            if (!tags.isEmpty() || i % 3 == 1) f.put("Tags", tags);
            if (!team.isEmpty() || i % 3 == 1) f.put("Team", team);
            if (tags.isEmpty() && i % 3 == 2) f.put("Tags", null);
            body.add(Map.of("fields", f));
        }
        var bulk = owner.post("/api/tables/" + tableId + "/records/bulk", Map.of("records", body));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        var v = owner.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        // each grouping twice: the second may be a kept answer
        for (List<String> by : List.of(List.of("Team"), List.of("Tags"), List.of("Status", "Team"),
                List.of("Tags", "Status"), List.of("Tags", "Team"), List.of("Status", "Tags", "Team"))) {
            for (int round = 0; round < 2; round++) {
                var g = owner.get("/api/views/" + v.id() + "/groups?aggregate=Qty&groupBy=" + String.join(",", by));
                assertThat(g.status()).as(g.body()).isEqualTo(200);
                assertThat(flatten(g.map(), by.size())).as("grouped by %s", by).isEqualTo(expected(recs, by));
            }
        }
        // filtered: only the records the filter keeps are counted, at every level
        String over = ApiClient.q("{\"field\":\"Qty\",\"operator\":\"gt\",\"value\":50}");
        List<Rec> kept = recs.stream().filter(x -> x.qty() > 50).toList();
        for (List<String> by : List.of(List.of("Team"), List.of("Tags", "Status"), List.of("Status", "Tags", "Team"))) {
            var g = owner.get("/api/views/" + v.id() + "/groups?aggregate=Qty&groupBy=" + String.join(",", by)
                    + "&filter=" + over);
            assertThat(g.status()).as(g.body()).isEqualTo(200);
            assertThat(flatten(g.map(), by.size())).as("filtered, grouped by %s", by).isEqualTo(expected(kept, by));
        }
        // a record changed afterwards (a single-record write) is seen by the next answer
        String any = owner.get("/api/tables/" + tableId + "/records?limit=1").data().getFirst().get("id").toString();
        int at = indexOfTitle(tableId, any);
        var changed = owner.patch("/api/tables/" + tableId + "/records/" + any,
                Map.of("fields", Map.of("Tags", List.of("Red", "Blue", "Green"))));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        Rec old = recs.get(at);
        recs.set(at, new Rec(old.status(), TAGS, old.team(), old.qty()));
        var g = owner.get("/api/views/" + v.id() + "/groups?aggregate=Qty&groupBy=Tags,Team");
        assertThat(flatten(g.map(), 2)).isEqualTo(expected(recs, List.of("Tags", "Team")));
    }

    @SuppressWarnings("unchecked")
    private int indexOfTitle(String tableId, String id) {
        var rec = owner.get("/api/tables/" + tableId + "/records/" + id);
        String title = (String) ((Map<String, Object>) rec.get("fields")).get("Title");
        return Integer.parseInt(title.substring(1));
    }

    /** Every group of the expected tree by its path ("" the total): record count and the sum of Qty. */
    private static Map<String, String> expected(List<Rec> recs, List<String> by) {
        Map<String, Set<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < recs.size(); i++) {
            List<List<Object>> level = new ArrayList<>();
            level.add(new ArrayList<>()); // the total
            members.computeIfAbsent("[]", k -> new HashSet<>()).add(i);
            for (String field : by) { // the groups one level down: each path so far times each value of this field
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> p : level) {
                    for (Object value : recs.get(i).level(field)) {
                        List<Object> q = new ArrayList<>(p);
                        q.add(value);
                        next.add(q);
                        members.computeIfAbsent(String.valueOf(q), k -> new HashSet<>()).add(i);
                    }
                }
                level = next;
            }
        }
        Map<String, String> out = new HashMap<>();
        members.forEach((path, set) -> out.put(path, set.size() + " / "
                + set.stream().mapToInt(i -> recs.get(i).qty()).sum() + " / "
                + set.stream().mapToInt(i -> recs.get(i).qty()).min().orElseThrow() + " / "
                + set.stream().mapToInt(i -> recs.get(i).qty()).max().orElseThrow()));
        return out;
    }

    /** The answer's groups by path, as {@link #expected} writes them (members by id, options by label). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> flatten(Map<String, Object> answer, int depth) {
        Map<String, String> out = new HashMap<>();
        walk(answer, new ArrayList<>(), out, depth);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Map<String, Object> node, List<Object> path, Map<String, String> out, int depth) {
        Map<String, Object> qty = (Map<String, Object>) ((Map<String, Object>) node.get("aggregates")).get("Qty");
        Object sum = qty.get("sum");
        int s = sum == null ? 0 : new BigDecimal(sum.toString()).intValueExact();
        out.put(String.valueOf(path), ((Number) node.get("count")).longValue() + " / " + s + " / "
                + new BigDecimal(qty.get("min").toString()).intValueExact() + " / "
                + new BigDecimal(qty.get("max").toString()).intValueExact());
        if (path.size() == depth) return;
        for (Map<String, Object> g : (List<Map<String, Object>>) node.get("groups")) {
            List<Object> p = new ArrayList<>(path);
            p.add(plain(g.get("value")));
            walk(g, p, out, depth);
        }
    }

    /** A group value as the test names it: a set of one → its element; a member → its id. */
    private static Object plain(Object v) {
        if (v instanceof List<?> l) {
            assertThat(l).as("a group of one value").hasSize(1);
            v = l.getFirst();
        }
        if (v instanceof Map<?, ?> m) return m.get("id");
        return v;
    }

    @Test
    void moreGroupsThanTheBoundByEachValueIsAProblem() {
        Map<String, Object> table = owner.createTable(owner.createApp("EachMany"), "M", List.of(
                Map.of("name", "Key", "type", "text"),
                Map.of("name", "Team", "type", "user", "config", Map.of("multiple", true))));
        String tid = (String) table.get("id");
        List<Map<String, Object>> recs = new ArrayList<>();
        // half the keys, each record under both members: more deepest groups than the bound, fewer records
        for (int i = 0; i <= ViewGroupsRepository.MAX_GROUPS / 2; i++) {
            recs.add(Map.of("fields", Map.of("Key", "k" + i, "Team", people)));
        }
        assertThat(owner.post("/api/tables/" + tid + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
        String v = owner.post("/api/tables/" + tid + "/views", Map.of("name", "V", "type", "grid",
                "config", Map.of())).id();
        var r = owner.get("/api/views/" + v + "/groups?groupBy=Key,Team");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.body()).contains("groupBy").contains("10000");
        var byTeam = owner.get("/api/views/" + v + "/groups?groupBy=Team,Key&filter="
                + ApiClient.q("{\"field\":\"Key\",\"operator\":\"startsWith\",\"value\":\"k99\"}"));
        assertThat(byTeam.status()).as(byTeam.body()).isEqualTo(200);
        assertThat(((Number) byTeam.get("count")).intValue()).isEqualTo(11); // k99, k990..k999, each once
    }
}
