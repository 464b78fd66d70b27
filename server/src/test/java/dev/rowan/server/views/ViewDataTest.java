package dev.rowan.server.views;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A view's records and groups over HTTP on the real PostgreSQL, compared with the same computation done in Java
 * from every record of the table; a view whose field was removed still reads and says what it dropped.
 */
class ViewDataTest {
    private static final List<String> STATUS = List.of("Open", "Doing", "Closed");
    private static final List<String> TEAMS = List.of("Red", "Blue", "Green", "Black");

    private static ApiClient api;
    private static String tableId;
    private static Map<String, Object> table;
    /** Every record as the API gives it: Title, Qty, Status, Team (null when empty). */
    private static final List<Map<String, Object>> ALL = new ArrayList<>();

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        table = api.createTable(api.createApp("Data"), "Items", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Status", "type", "single_select", "options", STATUS),
                Map.of("name", "Team", "type", "text")));
        tableId = (String) table.get("id");
        // groups come in option order (Open, Doing, Closed), not alphabetically
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> f = new HashMap<>();
            f.put("Title", "item " + i);
            if (i % 10 != 3) f.put("Qty", (i * 13) % 307);
            if (i % 11 != 5) f.put("Status", STATUS.get(i % 3));
            if (i % 7 != 2) f.put("Team", TEAMS.get((i / 3) % 4));
            recs.add(Map.of("fields", f));
        }
        var r = api.post("/api/tables/" + tableId + "/records/bulk", Map.of("records", recs));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String cursor = null;
        do {
            var page = api.get("/api/tables/" + tableId + "/records?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + ApiClient.q(cursor)));
            for (Map<String, Object> rec : page.data()) ALL.add(fieldsOf(rec));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertThat(ALL).hasSize(300);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(Map<String, Object> rec) {
        Map<String, Object> f = new HashMap<>((Map<String, Object>) rec.get("fields"));
        for (String k : List.of("Title", "Qty", "Status", "Team")) f.putIfAbsent(k, null);
        return f;
    }

    private static String view(Map<String, Object> config) {
        var r = api.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", config));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.id();
    }

    private static List<Map<String, Object>> readAll(String path, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        String cursor = null;
        String sep = path.contains("?") ? "&" : "?";
        do {
            var page = api.get(path + sep + "limit=" + limit + (cursor == null ? "" : "&cursor=" + ApiClient.q(cursor)));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (Map<String, Object> rec : page.data()) out.add(fieldsOf(rec));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return out;
    }

    private static BigDecimal num(Object o) {
        return o == null ? null : new BigDecimal(String.valueOf(o));
    }

    @Test
    void recordsFollowTheViewsFilterAndSortsPlusTheCallersFilterAndSearchKeysetPaged() {
        String qty = ApiClient.fieldId(table, "Qty");
        String id = view(Map.of("query", Map.of("filter", Map.of("field", qty, "operator", "gt", "value", 100),
                "sorts", List.of(Map.of("fieldId", qty, "direction", "desc")))));
        Comparator<Map<String, Object>> byQtyDesc = Comparator.comparing((Map<String, Object> m) -> num(m.get("Qty"))).reversed();
        Predicate<Map<String, Object>> viewFilter = m -> m.get("Qty") != null && num(m.get("Qty")).intValue() > 100;

        List<Object> expected = ALL.stream().filter(viewFilter).sorted(byQtyDesc).map(m -> m.get("Title")).toList();
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(readAll("/api/views/" + id + "/records", 37).stream().map(m -> m.get("Title")).toList())
                .isEqualTo(expected);

        String extra = ApiClient.q("{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"Open\"}");
        List<Object> open = ALL.stream().filter(viewFilter).filter(m -> "Open".equals(m.get("Status"))).sorted(byQtyDesc)
                .map(m -> m.get("Title")).toList();
        assertThat(open).isNotEmpty().hasSizeLessThan(expected.size());
        assertThat(readAll("/api/views/" + id + "/records?filter=" + extra, 10).stream().map(m -> m.get("Title")).toList())
                .isEqualTo(open);

        List<Object> searched = ALL.stream().filter(viewFilter).filter(m -> ((String) m.get("Title")).contains("7"))
                .sorted(byQtyDesc).map(m -> m.get("Title")).toList();
        assertThat(searched).isNotEmpty().hasSizeLessThan(expected.size());
        assertThat(readAll("/api/views/" + id + "/records?search=7", 50).stream().map(m -> m.get("Title")).toList())
                .isEqualTo(searched);
        // a search term that is SQL is just text
        assertThat(readAll("/api/views/" + id + "/records?search=" + ApiClient.q("%' OR 1=1 --"), 50)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupsTwoLevelsDeepAgreeWithAComputationOverAllRecords() {
        String id = view(Map.of());
        var r = api.get("/api/views/" + id + "/groups?groupBy=Status,Team");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.get("groupBy")).isEqualTo(List.of("Status", "Team"));
        assertThat(((Number) r.get("count")).intValue()).isEqualTo(300);
        assertAggregates((Map<String, Object>) ((Map<String, Object>) r.get("aggregates")).get("Qty"), ALL);

        List<Map<String, Object>> top = (List<Map<String, Object>>) r.get("groups");
        List<String> statusOrder = new ArrayList<>(STATUS);
        statusOrder.add(null);
        assertThat(top).extracting(g -> g.get("value")).containsExactlyElementsOf(statusOrder);
        for (Map<String, Object> g : top) {
            List<Map<String, Object>> in = ALL.stream().filter(m -> Objects.equals(m.get("Status"), g.get("value"))).toList();
            assertThat(((Number) g.get("count")).intValue()).isEqualTo(in.size());
            assertAggregates((Map<String, Object>) ((Map<String, Object>) g.get("aggregates")).get("Qty"), in);
            List<Map<String, Object>> sub = (List<Map<String, Object>>) g.get("groups");
            List<String> teams = in.stream().map(m -> (String) m.get("Team")).distinct()
                    .sorted(Comparator.nullsLast(Comparator.naturalOrder())).toList();
            assertThat(sub).extracting(s -> s.get("value")).containsExactlyElementsOf(teams);
            long total = 0;
            for (Map<String, Object> s : sub) {
                List<Map<String, Object>> leaf = in.stream().filter(m -> Objects.equals(m.get("Team"), s.get("value"))).toList();
                assertThat(((Number) s.get("count")).intValue()).as("%s / %s", g.get("value"), s.get("value"))
                        .isEqualTo(leaf.size());
                assertAggregates((Map<String, Object>) ((Map<String, Object>) s.get("aggregates")).get("Qty"), leaf);
                assertThat(s).doesNotContainKey("groups");
                total += leaf.size();
            }
            assertThat(total).isEqualTo(in.size());
        }

        // with an extra filter, three levels, and without groupBy (the total only)
        var filtered = api.get("/api/views/" + id + "/groups?groupBy=Team,Status,Qty&filter="
                + ApiClient.q("{\"field\":\"Team\",\"operator\":\"eq\",\"value\":\"Red\"}"));
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        List<Map<String, Object>> red = ALL.stream().filter(m -> "Red".equals(m.get("Team"))).toList();
        assertThat(((Number) filtered.get("count")).intValue()).isEqualTo(red.size());
        List<Map<String, Object>> redGroups = (List<Map<String, Object>>) filtered.get("groups");
        assertThat(redGroups).singleElement().satisfies(g -> {
            assertThat(g.get("value")).isEqualTo("Red");
            int leaves = 0;
            for (Map<String, Object> s : (List<Map<String, Object>>) g.get("groups")) {
                for (Map<String, Object> q : (List<Map<String, Object>>) s.get("groups")) {
                    leaves += ((Number) q.get("count")).intValue();
                }
            }
            assertThat(leaves).isEqualTo(red.size());
        });
        // only the fields asked for are summed up
        var one = api.get("/api/views/" + id + "/groups?groupBy=Status&aggregate=Qty");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat((Map<String, Object>) one.get("aggregates")).containsOnlyKeys("Qty");
        var none = api.get("/api/views/" + id + "/groups?groupBy=Status&aggregate=");
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat((Map<String, Object>) none.get("aggregates")).isEmpty();
        assertThat(((List<Map<String, Object>>) none.get("groups")).getFirst().get("count"))
                .isEqualTo(top.getFirst().get("count"));
        var plain = api.get("/api/views/" + id + "/groups");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(((Number) plain.get("count")).intValue()).isEqualTo(300);
        assertThat(plain.map()).doesNotContainKey("groups");
    }

    private static void assertAggregates(Map<String, Object> agg, List<Map<String, Object>> records) {
        List<BigDecimal> values = records.stream().map(m -> num(m.get("Qty"))).filter(Objects::nonNull).toList();
        if (values.isEmpty()) {
            assertThat(agg.get("sum")).isNull();
            assertThat(agg.get("min")).isNull();
            return;
        }
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(num(agg.get("sum"))).isEqualByComparingTo(sum);
        assertThat(num(agg.get("min"))).isEqualByComparingTo(values.stream().min(Comparator.naturalOrder()).orElseThrow());
        assertThat(num(agg.get("max"))).isEqualByComparingTo(values.stream().max(Comparator.naturalOrder()).orElseThrow());
        BigDecimal avg = sum.divide(BigDecimal.valueOf(values.size()), 6, RoundingMode.HALF_UP);
        assertThat(num(agg.get("avg")).setScale(6, RoundingMode.HALF_UP)).isEqualByComparingTo(avg);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aViewWhoseFieldWasRemovedStillReadsAndSaysWhatItDropped() {
        ApiClient own = TestServer.newTenant();
        Map<String, Object> t = own.createTable(own.createApp("Stale"), "S", List.of(Map.of("name", "Title", "type", "text"),
                Map.of("name", "Gone", "type", "number"), Map.of("name", "Qty", "type", "number")));
        String tid = (String) t.get("id");
        String gone = ApiClient.fieldId(t, "Gone");
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 0; i < 20; i++) recs.add(Map.of("fields", Map.of("Title", "t" + i, "Gone", i, "Qty", 20 - i)));
        assertThat(own.post("/api/tables/" + tid + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
        var v = own.post("/api/tables/" + tid + "/views", Map.of("name", "By gone", "type", "grid", "config", Map.of(
                "query", Map.of("filter", Map.of("field", gone, "operator", "gt", "value", 5),
                        "sorts", List.of(Map.of("fieldId", gone, "direction", "desc"))))));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        assertThat(own.get("/api/views/" + v.id() + "/records?limit=100").data()).hasSize(14);
        assertThat(own.delete("/api/tables/" + tid + "/fields/" + gone).status()).isEqualTo(204);

        var read = own.get("/api/views/" + v.id());
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat((List<String>) read.get("dropped")).isNotEmpty();
        assertThat(read.body()).doesNotContain(gone);
        var records = own.get("/api/views/" + v.id() + "/records?limit=100");
        assertThat(records.status()).as(records.body()).isEqualTo(200);
        assertThat(records.data()).hasSize(20);
        assertThat((List<String>) records.get("dropped")).isNotEmpty();
        var groups = own.get("/api/views/" + v.id() + "/groups?groupBy=Qty");
        assertThat(groups.status()).as(groups.body()).isEqualTo(200);
        assertThat(((Number) groups.get("count")).intValue()).isEqualTo(20);
        assertThat((List<String>) groups.get("dropped")).isNotEmpty();
        assertThat(own.get("/api/tables/" + tid + "/views").status()).isEqualTo(200);
        // saving it again (as read) stores it without the removed field
        var saved = own.patch("/api/views/" + v.id(), Map.of("name", "Fixed"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.map()).doesNotContainKey("dropped");
    }

    @Test
    void moreGroupsThanTheCapIsAClearRefusal() {
        ApiClient own = TestServer.newTenant();
        Map<String, Object> t = own.createTable(own.createApp("Many"), "M", List.of(Map.of("name", "Key", "type", "text")));
        String tid = (String) t.get("id");
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 0; i <= ViewGroupsRepository.MAX_GROUPS; i++) recs.add(Map.of("fields", Map.of("Key", "k" + i)));
        assertThat(own.post("/api/tables/" + tid + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
        String v = (String) own.get("/api/tables/" + tid + "/views").data().getFirst().get("id");
        var r = own.get("/api/views/" + v + "/groups?groupBy=Key");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.body()).contains("groupBy").contains("10000");
        var filtered = own.get("/api/views/" + v + "/groups?groupBy=Key&filter="
                + ApiClient.q("{\"field\":\"Key\",\"operator\":\"startsWith\",\"value\":\"k99\"}"));
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        assertThat(((Number) filtered.get("count")).intValue()).isEqualTo(111);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFormulaWithANumberResultIsSummedLikeANumberField() {
        ApiClient own = TestServer.newTenant();
        Map<String, Object> t = own.createTable(own.createApp("Sums"), "S", List.of(
                Map.of("name", "Kind", "type", "text"), Map.of("name", "A", "type", "number"),
                Map.of("name", "Twice", "type", "formula", "config", Map.of("formula", "{A} * 2"))));
        String tid = (String) t.get("id");
        List<Map<String, Object>> recs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) recs.add(Map.of("fields", Map.of("Kind", i % 2 == 0 ? "even" : "odd", "A", i)));
        assertThat(own.post("/api/tables/" + tid + "/records/bulk", Map.of("records", recs)).status()).isEqualTo(200);
        String v = (String) own.get("/api/tables/" + tid + "/views").data().getFirst().get("id");
        var r = own.get("/api/views/" + v + "/groups?groupBy=Kind");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Object> twice = (Map<String, Object>) ((Map<String, Object>) r.get("aggregates")).get("Twice");
        assertThat(twice).as(r.body()).isNotNull();
        assertThat(num(twice.get("sum"))).isEqualByComparingTo("110");
        assertThat(num(twice.get("max"))).isEqualByComparingTo("20");
        for (Map<String, Object> g : (List<Map<String, Object>>) r.get("groups")) {
            Map<String, Object> agg = (Map<String, Object>) ((Map<String, Object>) g.get("aggregates")).get("Twice");
            assertThat(num(agg.get("sum"))).isEqualByComparingTo("even".equals(g.get("value")) ? "60" : "50");
        }
        var named = own.get("/api/views/" + v + "/groups?groupBy=Kind&aggregate=Twice");
        assertThat(named.status()).as(named.body()).isEqualTo(200);
    }
}
