package dev.rowan.server.views;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table summary on the server ({@link TableSummaries}): a big table (the threshold lowered for the test) gets a
 * summary built in the background, and every {@code /groups} question without a filter over its dimensions is rolled
 * up from it — compared, for every subset and order of one to three dimensions with every choice of numbers, with a
 * full read of the same grouping (a filter that keeps every record, new each time, so it is never kept or rolled up)
 * and, for Status then Team, with a computation in Java over every record ({@link GroupFigures}). Random data with
 * empty values, mixed-case and accented text keys, single selects (option order), booleans and dates. Then the same
 * after REST single and bulk writes and deletes, after a restart (the stored summary), and after a schema change of
 * a dimension (not served until built again). A table under the threshold or with too many cells gets no summary and
 * still answers right; filters naming a field that is no dimension (or a search over one) and each-value fields are
 * never answered from a summary (filters over dimensions: {@link CellFilterTest}).
 */
class TableSummaryTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final List<String> LABELS = List.of("apple", "Apple", "Äpfel", "zebra", "Éclair");
    private static final List<String> DAYS = List.of("2026-01-05", "2026-02-10", "2025-12-31", "2026-07-04", "2026-03-01");
    private static final List<String> TAGS = List.of("a", "b", "c");
    /** The dimensions the sample gives this table (few values each; Qty and Title have too many). */
    private static final List<String> DIMENSIONS = List.of("Team", "Done", "Status", "Label", "Day");
    /** Every choice of numbers (none given: all of them, Qty then Price). */
    private static final List<String> AGGREGATES = List.of("", "&aggregate=Price,Qty", "&aggregate=Qty",
            "&aggregate=Price", "&aggregate=");

    private static int minRecords;
    private static long debounce;
    private static int cells;
    private static int sample;
    private static long gap;

    private final Random random = new Random(11);
    private final List<RowanServer> started = new ArrayList<>();
    private String email;
    private UUID company;
    private ApiClient api;
    private String tableId;
    private String viewId;
    private final List<String> ids = new ArrayList<>();
    private int nonce;

    @BeforeAll
    static void lowerTheThreshold() {
        minRecords = TableSummaries.minRecords;
        debounce = TableSummaries.debounceMs;
        cells = TableSummaries.cells;
        sample = TableSummaries.sample;
        gap = TableSummaries.rebuildGapMs;
        TableSummaries.rebuildGapMs = 0;
        TableSummaries.minRecords = 300;
        TableSummaries.debounceMs = 100;
        TableSummaries.checkAtStart = false; // builds are counted: only the test of the start turns it on
    }

    @AfterAll
    static void restore() {
        TableSummaries.minRecords = minRecords;
        TableSummaries.debounceMs = debounce;
        TableSummaries.cells = cells;
        TableSummaries.sample = sample;
        TableSummaries.rebuildGapMs = gap;
        TableSummaries.checkAtStart = true;
    }

    @BeforeEach
    void setUp() {
        TestServer.get();
        email = "owner-" + UUID.randomUUID() + "@test.rowan";
        company = TestServer.createTenant(email, PASSWORD);
        api = client(TestServer.baseUrl());
    }

    @AfterEach
    void stopStarted() {
        started.forEach(RowanServer::close);
        TableSummaries.cells = cells;
        TableSummaries.sample = sample;
    }

    @Test
    void everyGroupingOfTheDimensionsIsRolledUpExactlyAndFollowsWritesRestartsAndSchemaChanges() {
        tableId = bigTable("Big");
        bulk(api, 400);
        String summary = awaitSummary(tableId, head());
        assertThat(dimensionsOf(summary)).as("dimensions (each-value Tags and many-valued Qty, Title are not)")
                .containsExactlyInAnyOrderElementsOf(DIMENSIONS.stream().map(this::fieldId).toList());

        // every subset and order of 1-3 dimensions with every choice of numbers: one question each, shuffled into
        // a first round (every grouping at least once) and later rounds after writes, a restart, a schema change
        List<List<String>> groupings = groupings();
        List<String> first = new ArrayList<>();
        List<String> later = new ArrayList<>();
        for (List<String> g : groupings) {
            List<String> aggregates = new ArrayList<>(AGGREGATES);
            Collections.shuffle(aggregates, random);
            first.add(question(g, aggregates.getFirst()));
            for (String a : aggregates.subList(1, aggregates.size())) later.add(question(g, a));
        }
        Collections.shuffle(later, random);
        // every aggregate with every order of a few groupings in the first round too
        for (int i = 0; i < 40; i++) first.add(later.removeLast());
        assertRolledUp(api, first);
        GroupFigures.assertMatchesRecords(api, records(), get(api, "groupBy=Status,Team&aggregate=Qty,Price"), "Qty");
        long rolled = TableSummaries.ROLLED_UP.get();
        long full = GroupsCache.FULL.get();
        for (String q : first.subList(0, 5)) get(api, q); // asked again: kept answers of their own
        assertThat(TableSummaries.ROLLED_UP.get() - rolled + GroupsCache.FULL.get() - full).isZero();
        // stored by the store's background thread (coalesced over 500 ms): waited for
        long storedDeadline = System.nanoTime() + 15_000_000_000L;
        while (Sql.count("SELECT count(*) FROM rowan.kept_groups WHERE table_id = ?::uuid", tableId) <= 1
                && System.nanoTime() < storedDeadline) sleep();
        assertThat(Sql.count("SELECT count(*) FROM rowan.kept_groups WHERE table_id = ?::uuid", tableId))
                .as("rolled-up answers are stored as kept answers too").isGreaterThan(1);

        // single creates, updates (of dimensions, of numbers, to and from empty) and deletes through REST
        for (int i = 0; i < 6; i++) {
            String id = UUID.randomUUID().toString();
            assertThat(api.post(records(), Map.of("id", id, "fields", randomFields())).status()).isEqualTo(201);
            ids.add(id);
        }
        for (int i = 0; i < 8; i++) {
            Map<String, Object> f = new HashMap<>(randomFields());
            f.keySet().retainAll(List.of(List.of("Team", "Qty"), List.of("Label", "Price"), List.of("Status", "Done"),
                    List.of("Day", "Qty", "Price")).get(i % 4));
            var r = api.patch(records() + "/" + ids.get(random.nextInt(ids.size())), Map.of("fields", f));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(api.delete(records() + "/" + ids.remove(random.nextInt(ids.size()))).status()).isIn(200, 204);
        }
        awaitSummary(tableId, head()); // followed (or, where a write took a cell's min or max, built again)
        assertRolledUp(api, take(later, 40));

        // bulk creates (read by id when the summary is caught up) and a bulk delete
        bulk(api, 50);
        assertRolledUp(api, take(later, 20));
        List<String> gone = new ArrayList<>(ids.subList(20, 60));
        var deleted = api.post(records() + "/bulk-delete", Map.of("ids", gone));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        ids.removeAll(gone);
        awaitSummary(tableId, head());
        assertRolledUp(api, take(later, 40));
        GroupFigures.assertMatchesRecords(api, records(), get(api, "groupBy=Status,Team&aggregate=Qty,Price"), "Qty");

        // a restart: the stored summary is taken in at the first question that needs it
        awaitSummary(tableId, head());
        ApiClient b = client(start());
        long loaded = GroupsCache.LOADED.get();
        assertRolledUp(b, take(later, 30));
        assertThat(GroupsCache.LOADED.get() - loaded).as("the summary taken from the store").isGreaterThanOrEqualTo(1);

        // a schema change of a dimension (Team's options): the summary no longer fits and serves nothing until it
        // is built again (in the background, after the read that saw the change)
        long built = TableSummaries.BUILT.get();
        var options = api.patch("/api/tables/" + tableId + "/fields/" + fieldId("Team"),
                Map.of("options", List.of("Red", "Blue", "Green", "Grey")));
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        full = GroupsCache.FULL.get();
        rolled = TableSummaries.ROLLED_UP.get();
        String asked = take(later, 1).getFirst();
        assertThat(get(api, asked)).isEqualTo(fullRead(api, asked));
        if (TableSummaries.BUILT.get() == built) { // (the read asks for a new one: it may be built before it is read)
            assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("not rolled up from the old summary").isZero();
            assertThat(GroupsCache.FULL.get() - full).as("read in full").isEqualTo(2);
        }
        awaitBuilt(built);
        assertRolledUp(api, take(later, 20));
    }

    @Test
    void aStartTakesInTheStoredSummaryAndBuildsAMissingOneBeforeAnyRead() {
        tableId = bigTable("AtStart");
        bulk(api, 400);
        awaitSummary(tableId, head());
        TableSummaries.checkAtStart = true;
        TableSummaries.startCompany = company;
        try {
            // a start with the summary stored: taken in before any read, so the first grouping is rolled up at once
            long started = TableSummaries.STARTED.get();
            ApiClient b = client(start());
            awaitStarted(started);
            long loaded = GroupsCache.LOADED.get();
            assertRolledUp(b, List.of("groupBy=Status,Team&aggregate=Qty"));
            assertThat(GroupsCache.LOADED.get() - loaded).as("nothing loaded at the read").isZero();

            // a table whose summary was never stored (it grew big before summaries existed): built at the start,
            // without any read or write on the new server
            assertThat(Sql.count("WITH d AS (DELETE FROM rowan.kept_groups WHERE table_id = ?::uuid RETURNING 1) "
                    + "SELECT count(*) FROM d", tableId)).isPositive();
            long built = TableSummaries.BUILT.get();
            started = TableSummaries.STARTED.get();
            ApiClient c = client(start());
            awaitStarted(started);
            awaitBuilt(built);
            awaitSummary(tableId, head());
            assertRolledUp(c, List.of("groupBy=Team,Done&aggregate=Price"));
        } finally {
            TableSummaries.checkAtStart = false;
            TableSummaries.startCompany = null;
        }
    }

    private static void awaitStarted(long before) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (TableSummaries.STARTED.get() == before && System.nanoTime() < deadline) sleep();
        assertThat(TableSummaries.STARTED.get()).as("checked at the start").isGreaterThan(before);
    }

    @Test
    void updatesAndDeletesAreFollowedIntoTheSummaryWithoutBuildingItAgain() {
        Map<String, Object> t = api.createTable(api.createApp("Followed"), "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR", "precision", 2)),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS)));
        table = t;
        tableId = (String) t.get("id");
        var view = api.post("/api/tables/" + tableId + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        viewId = view.id();
        // each team's min and max are records nobody touches; the others' prices lie between (one dimension: Team)
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String team : GroupFigures.TEAMS) {
            for (double edge : new double[]{0, 99}) rows.add(Map.of("fields", Map.of("Title", "edge", "Team", team,
                    "Price", edge)));
        }
        List<String> inner = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = UUID.randomUUID().toString();
            inner.add(id);
            rows.add(Map.of("id", id, "fields", Map.of("Title", "item " + i, "Team",
                    GroupFigures.TEAMS.get(random.nextInt(3)), "Price", 10 + random.nextInt(3001) / 100.0)));
        }
        assertThat(api.post(records() + "/bulk", Map.of("records", rows)).status()).isEqualTo(200);
        assertThat(dimensionsOf(awaitSummary(tableId, head()))).containsExactly(fieldId("Team"));
        long built = TableSummaries.BUILT.get();
        assertRolledUp(api, List.of("groupBy=Team"));
        for (int i = 0; i < 5; i++) {
            var r = api.patch(records() + "/" + inner.get(i), Map.of("fields", Map.of("Price", 20 + i,
                    "Team", GroupFigures.TEAMS.get(i % 3))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        for (int i = 5; i < 8; i++) assertThat(api.delete(records() + "/" + inner.get(i)).status()).isIn(200, 204);
        assertRolledUp(api, List.of("groupBy=Team&aggregate="));
        var deleted = api.post(records() + "/bulk-delete", Map.of("ids", inner.subList(10, 50)));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertRolledUp(api, List.of("aggregate=Price"));
        awaitSummary(tableId, head());
        assertThat(TableSummaries.BUILT.get() - built).as("built again").isZero();
    }

    @Test
    void filtersAndEachValueFieldsAreNeverAnsweredFromTheSummary() {
        tableId = bigTable("Filtered");
        bulk(api, 320);
        awaitSummary(tableId, head());
        long rolled = TableSummaries.ROLLED_UP.get();
        for (String q : List.of("groupBy=Status&filter=" + ApiClient.q(
                        "{\"field\":\"Qty\",\"operator\":\"gt\",\"value\":10}"),
                "groupBy=Team,Status&search=item", "groupBy=Tags", "groupBy=Team,Tags", "groupBy=Title")) {
            var r = api.get("/api/views/" + viewId + "/groups?" + q);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("rolled up").isZero();
        // the same groupings without the filter are
        assertRolledUp(api, List.of("groupBy=Status", "groupBy=Team,Status"));
    }

    @Test
    void aSmallTableOrOneWithTooManyCellsGetsNoSummaryAndStillAnswersRight() {
        tableId = bigTable("Small");
        bulk(api, 120);
        assertThat(api.get(records() + "?limit=5").status()).isEqualTo(200); // a read asks for a summary too
        awaitRefused(tableId + ": fewer than 300 records");
        assertThat(summaries(tableId)).as("too few records").isEmpty();
        long full = GroupsCache.FULL.get();
        GroupFigures.assertMatchesRecords(api, records(), get(api, "groupBy=Status,Team&aggregate=Qty,Price"), "Qty");
        assertThat(GroupsCache.FULL.get() - full).as("read in full").isEqualTo(1);

        // the sample (the first records) sees one value per field, the table holds many more cells than the cap
        TableSummaries.cells = 12;
        TableSummaries.sample = 50;
        ids.clear();
        tableId = bigTable("Cells");
        List<Map<String, Object>> same = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            same.add(Map.of("fields", Map.of("Team", "Red", "Status", "Open", "Label", "apple", "Qty", 1)));
        }
        assertThat(api.post(records() + "/bulk", Map.of("records", same)).status()).isEqualTo(200);
        bulk(api, 320 - same.size());
        awaitRefused(tableId + ": more than 12 cells");
        assertThat(summaries(tableId)).as("too many cells").isEmpty();
        full = GroupsCache.FULL.get();
        GroupFigures.assertMatchesRecords(api, records(), get(api, "groupBy=Status,Team&aggregate=Qty,Price"), "Qty");
        assertThat(GroupsCache.FULL.get() - full).as("read in full").isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ checking

    /**
     * Each question (a {@code /groups} query string) is rolled up from the summary without a full read, and equals a
     * full read of the same grouping.
     */
    private void assertRolledUp(ApiClient on, List<String> questions) {
        for (String q : questions) {
            long full = GroupsCache.FULL.get();
            long rolled = TableSummaries.ROLLED_UP.get();
            Map<String, Object> got = get(on, q);
            assertThat(GroupsCache.FULL.get() - full).as("full reads of " + q).isZero();
            assertThat(TableSummaries.ROLLED_UP.get() - rolled).as("rolled up " + q).isEqualTo(1);
            assertThat(got).as(q).isEqualTo(fullRead(on, q));
        }
    }

    /** The same question read in full: with a filter every record matches, new each time (never kept before). */
    private Map<String, Object> fullRead(ApiClient on, String q) {
        String all = "{\"operator\":\"or\",\"conditions\":[{\"field\":\"Title\",\"operator\":\"isNull\"},"
                + "{\"field\":\"Title\",\"operator\":\"isNotNull\"},{\"field\":\"Title\",\"operator\":\"eq\","
                + "\"value\":\"nonce " + (++nonce) + "\"}]}";
        long full = GroupsCache.FULL.get();
        Map<String, Object> out = get(on, q + "&filter=" + ApiClient.q(all));
        assertThat(GroupsCache.FULL.get() - full).as("the comparison is a full read").isEqualTo(1);
        return out;
    }

    private Map<String, Object> get(ApiClient on, String q) {
        var r = on.get("/api/views/" + viewId + "/groups?" + q);
        assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(200);
        return r.map();
    }

    private static String question(List<String> by, String aggregate) {
        return "groupBy=" + String.join(",", by) + aggregate;
    }

    /** Every subset and order of one to three dimensions. */
    private static List<List<String>> groupings() {
        List<List<String>> out = new ArrayList<>();
        for (String a : DIMENSIONS) {
            out.add(List.of(a));
            for (String b : DIMENSIONS) {
                if (b.equals(a)) continue;
                out.add(List.of(a, b));
                for (String c : DIMENSIONS) if (!c.equals(a) && !c.equals(b)) out.add(List.of(a, b, c));
            }
        }
        return out;
    }

    private static List<String> take(List<String> from, int n) {
        List<String> out = new ArrayList<>(from.subList(from.size() - n, from.size()));
        from.subList(from.size() - n, from.size()).clear();
        return out;
    }

    // ------------------------------------------------------------------------------------------------ waiting

    /** The stored summaries of {@code table}: their {@code asked} and version. */
    private static List<Map<String, Object>> summaries(String table) {
        return Sql.rows("SELECT asked, version FROM rowan.kept_groups WHERE table_id = ?::uuid "
                + "AND asked LIKE '{\"summary\":true,%'", table);
    }

    /** Waits until {@code table}'s summary is stored at version {@code version} or later; its {@code asked}. */
    private static String awaitSummary(String table, long version) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (var row : summaries(table)) {
                if (((Number) row.get("version")).longValue() >= version) return (String) row.get("asked");
            }
            sleep();
        }
        throw new AssertionError("no summary stored at " + version + ": " + summaries(table));
    }

    private static void awaitBuilt(long before) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (TableSummaries.BUILT.get() == before && System.nanoTime() < deadline) sleep();
        assertThat(TableSummaries.BUILT.get()).as("built again").isGreaterThan(before);
    }

    private static void awaitRefused(String tableAndReason) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        UUID table = UUID.fromString(tableAndReason.substring(0, tableAndReason.indexOf(':')));
        while (!TableSummaries.refusal(table).equals(tableAndReason) && System.nanoTime() < deadline) sleep();
        assertThat(TableSummaries.refusal(table)).as("refused").isEqualTo(tableAndReason);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> dimensionsOf(String asked) {
        var by = new ArrayList<String>();
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(asked).get("by").forEach(n -> by.add(n.asText()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return by;
    }

    // ------------------------------------------------------------------------------------------------ data

    private String bigTable(String name) {
        Map<String, Object> table = api.createTable(api.createApp(name), "Items", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number", "precision", 0),
                Map.of("name", "Price", "type", "currency", "config", Map.of("currencyCode", "EUR", "precision", 2)),
                Map.of("name", "Status", "type", "single_select", "options", GroupFigures.STATUS),
                Map.of("name", "Team", "type", "single_select", "options", GroupFigures.TEAMS),
                Map.of("name", "Label", "type", "text"),
                Map.of("name", "Done", "type", "boolean"),
                Map.of("name", "Day", "type", "date"),
                Map.of("name", "Tags", "type", "multiple_select", "options", TAGS)));
        this.table = table;
        String id = (String) table.get("id");
        var view = api.post("/api/tables/" + id + "/views", Map.of("name", "V", "type", "grid", "config", Map.of()));
        assertThat(view.status()).as(view.body()).isEqualTo(201);
        viewId = view.id();
        return id;
    }

    private Map<String, Object> table;

    private Map<String, Object> randomFields() {
        Map<String, Object> f = new HashMap<>(GroupFigures.randomFields(random));
        f.put("Label", random.nextInt(7) == 0 ? null : LABELS.get(random.nextInt(LABELS.size())));
        f.put("Done", random.nextInt(5) == 0 ? null : random.nextBoolean());
        f.put("Day", random.nextInt(6) == 0 ? null : DAYS.get(random.nextInt(DAYS.size())));
        f.put("Tags", TAGS.subList(0, random.nextInt(TAGS.size() + 1)));
        return f;
    }

    private void bulk(ApiClient on, int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(Map.of("id", UUID.randomUUID().toString(), "fields", randomFields()));
        var r = on.post(records() + "/bulk", Map.of("records", rows));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        rows.forEach(x -> ids.add((String) x.get("id")));
    }

    private String records() {
        return "/api/tables/" + tableId + "/records";
    }

    private String fieldId(String name) {
        return ApiClient.fieldId(table, name);
    }

    private long head() {
        return Sql.count("SELECT change_seq FROM rowan.companies WHERE id = ?", company);
    }

    /** Another server on the same database (a restart as far as kept answers go), its base URL. */
    private String start() {
        RowanServer s = RowanServer.start(TestServer.settings(Map.of()));
        started.add(s);
        return "http://127.0.0.1:" + s.port();
    }

    private ApiClient client(String base) {
        ApiClient c = new ApiClient(base);
        assertThat(c.login(email, PASSWORD).status()).isEqualTo(200);
        c.companyId = company;
        return c;
    }
}
