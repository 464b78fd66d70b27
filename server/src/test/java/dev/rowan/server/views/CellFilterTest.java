package dev.rowan.server.views;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
 * Filtered groupings served from the table summary on the server (issue 11; {@code sql.SummaryCells}): a
 * {@code /groups} question whose filter names only the summary's dimensions is rolled up from the cells that pass the
 * filter as PostgreSQL evaluates it — no full read — and equals a full read of the same question. Random filters with
 * every operator over single selects (by label and by option id), text with mixed case, accents, quotes, {@code %},
 * {@code _}, backslashes and the word NULL, a number with decimals, a yes/no and a date field, AND/OR groups and NULL
 * checks, over every subset and order of one or two of the six dimensions. Filters naming another field, a search
 * term or "is me" are read in full and answer right; hostile values (10,000-character strings among them) in a view's
 * saved filter are bound and answer like the scan.
 */
class CellFilterTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LABELS = List.of("apple", "Apple", "Äpfel", "Éclair", "it's", "50%", "a_b",
            "back\\slash", "NULL");
    private static final List<String> DAYS = List.of("2026-01-05", "2026-02-10", "2025-12-31", "2026-07-04");
    private static final List<Double> SIZES = List.of(0.5, 1.0, 2.5, 10.0);
    private static final List<String> DIMENSIONS = List.of("Team", "Done", "Status", "Size", "Day", "Label");
    private static final List<String> OPERATORS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "notIn",
            "contains", "notContains", "startsWith", "endsWith", "isNull", "isNotNull", "between");

    private static int minRecords;
    private static long debounce;
    private static long gap;

    private final Random random = new Random(23);
    private ApiClient api;
    private UUID company;
    private Map<String, Object> table;
    private String tableId;
    private String viewId;
    private int nonce;
    private final Set<String> asked = new HashSet<>();

    @BeforeAll
    static void lowerTheThreshold() {
        minRecords = TableSummaries.minRecords;
        debounce = TableSummaries.debounceMs;
        gap = TableSummaries.rebuildGapMs;
        TableSummaries.rebuildGapMs = 0;
        TableSummaries.minRecords = 300;
        TableSummaries.debounceMs = 100;
    }

    @AfterAll
    static void restore() {
        TableSummaries.minRecords = minRecords;
        TableSummaries.debounceMs = debounce;
        TableSummaries.rebuildGapMs = gap;
    }

    @BeforeEach
    void setUp() {
        TestServer.get();
        String email = "owner-" + UUID.randomUUID() + "@test.rowan";
        company = TestServer.createTenant(email, PASSWORD);
        api = new ApiClient(TestServer.baseUrl());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        api.companyId = company;
        tableId = bigTable();
        bulk(420);
        String summary = awaitSummary();
        assertThat(dimensionsOf(summary)).as("the dimensions")
                .containsExactlyInAnyOrderElementsOf(DIMENSIONS.stream().map(this::fieldId).toList());
    }

    @Test
    void randomFiltersOverDimensionsAreRolledUpFromTheCellsExactlyAndKept() {
        int served = 0;
        List<String> some = new ArrayList<>();
        for (List<String> by : groupings()) {
            for (int i = 0; i < 6; i++) {
                String filter = json(randomFilter(0));
                String q = "groupBy=" + String.join(",", by) + (random.nextBoolean() ? "" : "&aggregate=Qty,Price")
                        + "&filter=" + ApiClient.q(filter);
                if (!asked.add(q)) continue;
                long full = GroupsCache.FULL.get();
                long rolled = TableSummaries.ROLLED_UP.get();
                var r = api.get(groups() + q);
                if (r.status() == 422) { // an operator the field does not have: the same answer as the scan gives
                    assertThat(api.get(groups() + fullReadOf(q, filter)).body()).as(filter).isEqualTo(r.body());
                    continue;
                }
                assertThat(r.status()).as(filter + ": " + r.body()).isEqualTo(200);
                assertThat(GroupsCache.FULL.get() - full).as("full reads of " + filter).isZero();
                assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("rolled up " + filter).isEqualTo(1);
                assertThat(r.map()).as(by + " " + filter).isEqualTo(fullRead(q, filter));
                served++;
                if (some.size() < 10) some.add(q);
            }
        }
        assertThat(served).as("filtered questions served").isGreaterThan(80);

        // a few views with a random saved filter: Status, Team rolled up and equal to figures computed in Java over
        // the view's own records
        int viewsChecked = 0;
        while (viewsChecked < 6) {
            Object filter = randomFilter(0);
            var v = api.post("/api/tables/" + tableId + "/views", Map.of("name", "F" + (++nonce), "type", "grid",
                    "config", Map.of("query", Map.of("filter", byIds(filter)))));
            if (v.status() == 422) continue; // an operator the field does not have
            assertThat(v.status()).as(v.body()).isEqualTo(201);
            long full = GroupsCache.FULL.get();
            long rolled = TableSummaries.ROLLED_UP.get();
            var r = api.get("/api/views/" + v.id() + "/groups?groupBy=Status,Team&aggregate=Qty,Price");
            if (r.status() == 422) continue;
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(GroupsCache.FULL.get() - full).as("full reads of " + filter).isZero();
            assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("rolled up " + filter).isEqualTo(1);
            GroupFigures.assertMatchesRecords(api, "/api/views/" + v.id() + "/records", r.map(), "Qty");
            viewsChecked++;
        }

        // asked again: their kept answers (neither rolled up again nor read); after writes, followed and still right
        long full = GroupsCache.FULL.get();
        long rolled = TableSummaries.ROLLED_UP.get();
        for (String q : some) assertThat(api.get(groups() + q).status()).isEqualTo(200);
        assertThat(GroupsCache.FULL.get() - full + TableSummaries.ROLLED_UP.get() - rolled).isZero();
        bulk(30);
        for (String q : some) {
            String filter = java.net.URLDecoder.decode(q.substring(q.indexOf("&filter=") + 8),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(api.get(groups() + q).map()).as(q).isEqualTo(fullRead(q, filter));
        }
    }

    @Test
    void filtersNamingAnotherFieldASearchTermOrMeAreReadInFullAndAnswerRight() {
        String label = "{\"field\":\"Label\",\"operator\":\"contains\",\"value\":\"p\"}";
        for (String q : List.of(
                "groupBy=Team&filter=" + ApiClient.q("{\"field\":\"Qty\",\"operator\":\"gt\",\"value\":10}"),
                "groupBy=Team,Status&filter=" + ApiClient.q("{\"operator\":\"and\",\"conditions\":[" + label
                        + ",{\"field\":\"Title\",\"operator\":\"startsWith\",\"value\":\"item 1\"}]}"),
                "groupBy=Status&filter=" + ApiClient.q("{\"operator\":\"or\",\"conditions\":[" + label
                        + ",{\"field\":\"createdAt\",\"operator\":\"isNull\"}]}"),
                "groupBy=Label&search=apple",
                "groupBy=Team&filter=" + ApiClient.q(label) + "&search=Äpfel",
                "groupBy=Done&filter=" + ApiClient.q("{\"field\":\"Owner\",\"operator\":\"eq\",\"value\":\"@me\"}"),
                "groupBy=Day&filter=" + ApiClient.q("{\"operator\":\"or\",\"conditions\":[" + label
                        + ",{\"field\":\"Owner\",\"operator\":\"isNotNull\"}]}"))) {
            long full = GroupsCache.FULL.get();
            long rolled = TableSummaries.ROLLED_UP.get();
            var r = api.get(groups() + q);
            assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(200);
            assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("rolled up " + q).isZero();
            // read in full (a filter on createdAt is not even kept: then read without counting)
            assertThat(GroupsCache.FULL.get() - full).as("read in full " + q).isLessThanOrEqualTo(1);
            // the same question told apart by a condition that keeps every record: read in full again
            String all = "{\"operator\":\"or\",\"conditions\":[{\"field\":\"Title\",\"operator\":\"isNull\"},"
                    + "{\"field\":\"Title\",\"operator\":\"isNotNull\"},{\"field\":\"Title\",\"operator\":\"eq\","
                    + "\"value\":\"nonce " + (++nonce) + "\"}]}";
            String combined = q.contains("&filter=") ? q.replaceFirst("&filter=([^&]*)", "&filter="
                    + ApiClient.q("{\"operator\":\"and\",\"conditions\":[" + all + ",") + "$1" + ApiClient.q("]}"))
                    : q + "&filter=" + ApiClient.q(all);
            assertThat(r.map()).as(q).isEqualTo(api.get(groups() + combined).map());
        }
        // the records the "is me" filter keeps are there: the owner's
        var mine = api.get(groups() + "groupBy=Done&filter=" + ApiClient.q(
                "{\"field\":\"Owner\",\"operator\":\"eq\",\"value\":\"@me\"}")).map();
        assertThat(((Number) mine.get("count")).longValue()).isEqualTo(7);
    }

    @Test
    void hostileValuesInASavedFilterAreBoundAndAnswerLikeTheScan() {
        String longText = "x%_\\'\"".repeat(1_700).substring(0, 10_000);
        long before = Sql.count("SELECT count(*) FROM rowan.kept_groups WHERE table_id = ?::uuid", tableId);
        String label = fieldId("Label");
        List<Map<String, Object>> filters = List.of(
                cond(label, "eq", "it's"),
                cond(label, "contains", "%"),
                cond(label, "endsWith", "_b"),
                cond(label, "startsWith", "back\\"),
                cond(label, "eq", "NULL"),
                cond(label, "notContains", longText),
                cond(label, "in", List.of(longText, "'); DROP TABLE rowan.views;--", "apple")),
                Map.of("operator", "or", "conditions", List.of(cond(label, "eq", longText + "x"),
                        cond(fieldId("Team"), "ne", "Red"))));
        for (Map<String, Object> f : filters) {
            var view = api.post("/api/tables/" + tableId + "/views", Map.of("name", "H" + (++nonce), "type", "grid",
                    "config", Map.of("query", Map.of("filter", f))));
            assertThat(view.status()).as(view.body()).isEqualTo(201);
            String path = "/api/views/" + view.id() + "/groups?";
            long full = GroupsCache.FULL.get();
            long rolled = TableSummaries.ROLLED_UP.get();
            var r = api.get(path + "groupBy=Label,Team");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(GroupsCache.FULL.get() - full).as("full reads").isZero();
            assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("rolled up").isEqualTo(1);
            String all = "{\"operator\":\"or\",\"conditions\":[{\"field\":\"Title\",\"operator\":\"isNull\"},"
                    + "{\"field\":\"Title\",\"operator\":\"isNotNull\"}]}";
            assertThat(r.map()).isEqualTo(api.get(path + "groupBy=Label,Team&filter=" + ApiClient.q(all)).map());
        }
        assertThat(Sql.count("SELECT count(*) FROM rowan.views")).isPositive();
        assertThat(api.get("/api/tables/" + tableId + "/records?limit=1").status()).isEqualTo(200);
        assertThat(Sql.count("SELECT count(*) FROM rowan.kept_groups WHERE table_id = ?::uuid", tableId))
                .isGreaterThanOrEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ questions

    private String groups() {
        return "/api/views/" + viewId + "/groups?";
    }

    /** {@code q} with its filter AND a condition on Title that keeps every record, new each time: a full read. */
    private String fullReadOf(String q, String filter) {
        String all = "{\"operator\":\"or\",\"conditions\":[{\"field\":\"Title\",\"operator\":\"isNull\"},"
                + "{\"field\":\"Title\",\"operator\":\"isNotNull\"},{\"field\":\"Title\",\"operator\":\"eq\","
                + "\"value\":\"nonce " + (++nonce) + "\"}]}";
        String both = "{\"operator\":\"and\",\"conditions\":[" + filter + "," + all + "]}";
        return q.substring(0, q.indexOf("&filter=")) + "&filter=" + ApiClient.q(both);
    }

    private Map<String, Object> fullRead(String q, String filter) {
        long full = GroupsCache.FULL.get();
        var r = api.get(groups() + fullReadOf(q, filter));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(GroupsCache.FULL.get() - full).as("the comparison is a full read").isEqualTo(1);
        return r.map();
    }

    /** Every subset and order of one or two dimensions. */
    private static List<List<String>> groupings() {
        List<List<String>> out = new ArrayList<>();
        for (String a : DIMENSIONS) {
            out.add(List.of(a));
            for (String b : DIMENSIONS) if (!b.equals(a)) out.add(List.of(a, b));
        }
        return out;
    }

    private Object randomFilter(int depth) {
        if (depth < 2 && random.nextInt(3) == 0) {
            List<Object> parts = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) parts.add(randomFilter(depth + 1));
            return Map.of("operator", random.nextBoolean() ? "and" : "or", "conditions", parts);
        }
        String field = DIMENSIONS.get(random.nextInt(DIMENSIONS.size()));
        String op = OPERATORS.get(random.nextInt(OPERATORS.size()));
        String ref = random.nextInt(4) == 0 ? fieldId(field) : field;
        if (op.equals("isNull") || op.equals("isNotNull")) return cond(ref, op, null);
        if (op.equals("between")) return cond(ref, op, List.of(value(field), value(field)));
        if (op.equals("in") || op.equals("notIn")) {
            List<Object> l = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) l.add(value(field));
            return cond(ref, op, l);
        }
        if (op.contains("ontains") || op.endsWith("With")) {
            String s = String.valueOf(value(field));
            int from = random.nextInt(s.length() + 1);
            return cond(ref, op, s.substring(from, from + random.nextInt(s.length() - from + 1)));
        }
        return cond(ref, op, value(field));
    }

    /** {@code filter} with field ids for names (a view's saved filter names fields by id). */
    @SuppressWarnings("unchecked")
    private Object byIds(Object filter) {
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) filter);
        if (m.containsKey("conditions")) {
            m.put("conditions", ((List<Object>) m.get("conditions")).stream().map(this::byIds).toList());
        } else if (DIMENSIONS.contains((String) m.get("field"))) {
            m.put("field", fieldId((String) m.get("field")));
        }
        return m;
    }

    private Object value(String field) {
        return switch (field) {
            case "Team" -> random.nextInt(4) == 0 ? optionId("Team", GroupFigures.TEAMS.get(random.nextInt(3)))
                    : GroupFigures.TEAMS.get(random.nextInt(3));
            case "Status" -> random.nextInt(4) == 0 ? optionId("Status", GroupFigures.STATUS.get(random.nextInt(3)))
                    : GroupFigures.STATUS.get(random.nextInt(3));
            case "Label" -> random.nextInt(5) == 0 ? "äP" : LABELS.get(random.nextInt(LABELS.size()));
            case "Done" -> random.nextBoolean();
            case "Size" -> random.nextInt(3) == 0 ? 2 : SIZES.get(random.nextInt(SIZES.size()));
            case "Day" -> random.nextInt(4) == 0 ? "2026-01-31" : DAYS.get(random.nextInt(DAYS.size()));
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static Map<String, Object> cond(String field, String op, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", field);
        m.put("operator", op);
        if (value != null) m.put("value", value);
        return m;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ data

    private String bigTable() {
        table = api.createTable(api.createApp("Cells"), "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number", "precision", 0),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR", "precision", 2)),
                Map.of("name", "Status", "type", "single_select", "options", GroupFigures.STATUS),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS),
                Map.of("name", "Label", "type", "text"),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Day", "type", "date"),
                Map.of("name", "Size", "type", "number", "precision", 1),
                Map.of("name", "Owner", "type", "user")));
        String id = (String) table.get("id");
        var view = api.post("/api/tables/" + id + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        assertThat(view.status()).as(view.body()).isEqualTo(201);
        viewId = view.id();
        return id;
    }

    private int owned;

    private void bulk(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String me = me();
        for (int i = 0; i < n; i++) {
            Map<String, Object> f = new HashMap<>(GroupFigures.randomFields(random));
            f.put("Label", random.nextInt(7) == 0 ? null : LABELS.get(random.nextInt(LABELS.size())));
            f.put("Done", random.nextInt(5) == 0 ? null : random.nextBoolean());
            f.put("Day", random.nextInt(6) == 0 ? null : DAYS.get(random.nextInt(DAYS.size())));
            f.put("Size", random.nextInt(6) == 0 ? null : SIZES.get(random.nextInt(SIZES.size())));
            if (owned < 7) {
                f.put("Owner", me);
                owned++;
            }
            rows.add(Map.of("id", UUID.randomUUID().toString(), "fields", f));
        }
        var r = api.post("/api/tables/" + tableId + "/records/bulk", Map.of("records", rows));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private String me() {
        return String.valueOf(api.get("/api/auth/me").map().get("userId"));
    }

    private String fieldId(String name) {
        return ApiClient.fieldId(table, name);
    }

    @SuppressWarnings("unchecked")
    private String optionId(String field, String label) {
        for (Object o : (List<Object>) table.get("fields")) {
            Map<String, Object> f = (Map<String, Object>) o;
            if (!field.equals(f.get("name"))) continue;
            for (Object opt : (List<Object>) ((Map<String, Object>) f.get("config")).get("options")) {
                Map<String, Object> m = (Map<String, Object>) opt;
                if (label.equals(m.get("label"))) return (String) m.get("id");
            }
        }
        throw new AssertionError("no option " + label + " of " + field);
    }

    private String awaitSummary() {
        long head = Sql.count("SELECT change_seq FROM rowan.companies WHERE id = ?", company);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (var row : Sql.rows("SELECT asked, version FROM rowan.kept_groups WHERE table_id = ?::uuid "
                    + "AND asked LIKE '{\"summary\":true,%'", tableId)) {
                if (((Number) row.get("version")).longValue() >= head) return (String) row.get("asked");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no summary stored");
    }

    private static List<String> dimensionsOf(String asked) {
        var by = new ArrayList<String>();
        try {
            JSON.readTree(asked).get("by").forEach(n -> by.add(n.asText()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return by;
    }
}
