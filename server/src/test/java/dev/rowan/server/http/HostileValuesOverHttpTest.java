package dev.rowan.server.http;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The hostile values of issue 10 over the wire, route by route where the answer is more than "4xx": dates beyond
 * PostgreSQL's range (one bad bulk row among good ones), filters with more values than a statement binds, absurd
 * cursors, regex patterns that stall backtracking engines, database texts that must never reach a client, and a
 * client-chosen id taken in another company answered like any taken id.
 */
@Timeout(120)
class HostileValuesOverHttpTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static ApiClient api;
    private static String app;
    private static Map<String, Object> table;

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        app = api.createApp("Hostile values");
        table = api.createTable(app, "Dates", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Qty", "type", "number"),
                Map.of("name", "Day", "type", "date"),
                Map.of("name", "At", "type", "date", "includeTime", true)));
    }

    private static String records(Map<String, Object> t) {
        return "/api/tables/" + t.get("id") + "/records";
    }

    private static void assertClean(ApiClient.Response r) {
        assertThat(r.body()).doesNotContain("Key (", "org.", "java.", "com.fasterxml", "SQL", "duplicate key",
                "violates").doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
    }

    private static void assertProblem(ApiClient.Response r, int status, String mention) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.isProblem()).as(r.contentType()).isTrue();
        assertThat(r.body()).containsIgnoringCase(mention);
        assertClean(r);
    }

    // ---------------------------------------------------------------- dates beyond PostgreSQL's range

    @ParameterizedTest
    @ValueSource(strings = {"+294277-01-01", "+5874898-01-01", "10000-01-01", "0000-01-01", "-4714-01-01",
            "+294277-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00"})
    void datesOutOfRangeAreRefusedInValuesPatchesAndFiltersAndNothingIsStored(String value) {
        long changes = Sql.changes(api.companyId);
        String field = value.contains("T") ? "At" : "Day";
        assertProblem(api.post(records(table), Map.of("fields", Map.of(field, value))), 422, "date");
        String id = api.post(records(table), Map.of("fields", Map.of("Title", "ok"))).id();
        long afterCreate = Sql.changes(api.companyId);
        assertProblem(api.patch(records(table) + "/" + id, Map.of("fields", Map.of(field, value))), 422, "date");
        assertProblem(api.put(records(table) + "/" + id, Map.of("fields", Map.of(field, value))), 422, "date");
        String filter = "{\"field\":\"" + field + "\",\"operator\":\"gt\",\"value\":\"" + value + "\"}";
        assertProblem(api.get(records(table) + "?filter=" + ApiClient.q(filter)), 422, "date");
        assertProblem(api.get(records(table) + "/count?filter=" + ApiClient.q(filter)), 422, "date");
        assertProblem(api.post(records(table) + "/query", Map.of("filter", Map.of("field", field, "operator",
                "between", "value", List.of("2020-01-01", value)))), 422, "date");
        assertThat(Sql.changes(api.companyId)).isEqualTo(afterCreate).isEqualTo(changes + 1);
        assertThat(ApiClient.JSON.convertValue(api.get(records(table) + "/" + id).map().get("fields"), Map.class))
                .containsEntry("Title", "ok")
                .containsEntry("Day", null).containsEntry("At", null);
    }

    @Test
    void oneBulkRowWithADateOutOfRangeGetsItsOwnErrorAndTheOthersGoIn() {
        Map<String, Object> t = api.createTable(app, "Bulk dates", List.of(Map.of("name", "Day", "type", "date"),
                Map.of("name", "At", "type", "date", "includeTime", true)));
        ApiClient.Response r = api.post(records(t) + "/bulk", Map.of("records", List.of(
                Map.of("fields", Map.of("Day", "2026-01-01")),
                Map.of("fields", Map.of("Day", "+294277-01-01")),
                Map.of("fields", Map.of("At", "2026-01-01T10:00:00Z")),
                Map.of("fields", Map.of("At", "+5874898-01-01T00:00:00Z")),
                Map.of("fields", Map.of("Day", "9999-12-31")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.map()).containsEntry("created", 3).containsEntry("failed", 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
        assertThat(results).extracting(m -> m.get("status"))
                .containsExactly("created", "failed", "created", "failed", "created");
        assertThat(String.valueOf(results.get(1).get("errors"))).contains("records[1]").contains("out of range");
        assertClean(r);
        assertThat(api.get(records(t) + "/count").get("count")).isEqualTo(3);
    }

    @Test
    void aPushedRecordWithADateOutOfRangeIsRejectedAloneAndTheRestApply() {
        String fieldId = ApiClient.fieldId(table, "Day");
        String good = UUID.randomUUID().toString();
        String bad = UUID.randomUUID().toString();
        ApiClient.Response r = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(),
                "mutations", List.of(
                        mutation("CREATE", "RECORD", bad, table.get("id"), Map.of("fields", Map.of(fieldId, "+294277-01-01"))),
                        mutation("CREATE", "RECORD", good, table.get("id"), Map.of("fields", Map.of(fieldId, "2026-03-01"))))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) r.get("results");
        assertThat(results.get(0)).containsEntry("status", "rejected");
        assertThat((String) results.get(0).get("reason")).contains("out of range");
        assertThat(results.get(1)).containsEntry("status", "applied");
        assertClean(r);
        assertThat(api.get(records(table) + "/" + bad).status()).isEqualTo(404);
        assertThat(api.get(records(table) + "/" + good).status()).isEqualTo(200);
    }

    private static Map<String, Object> mutation(String op, String entity, String id, Object parent, Object payload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mutationId", UUID.randomUUID().toString());
        m.put("op", op);
        m.put("entity", entity);
        m.put("entityId", id);
        if (parent != null) m.put("parentId", String.valueOf(parent));
        m.put("payload", payload);
        return m;
    }

    // ---------------------------------------------------------------- filters and cursors

    @Test
    void sixtySixInListsOfAThousandValuesAreRefusedClearlyNot500() {
        List<Object> conditions = new ArrayList<>();
        List<Integer> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) thousand.add(i);
        for (int i = 0; i < 66; i++) conditions.add(Map.of("field", "Qty", "operator", "in", "value", thousand));
        Map<String, Object> filter = Map.of("operator", "or", "conditions", conditions);
        assertProblem(api.post(records(table) + "/query", Map.of("filter", filter)), 422, "more than 10000 values");
        // the same filter in a URL is longer than the server reads: a 414 problem
        ApiClient.Response get = api.get(records(table) + "?filter=" + ApiClient.q(
                dev.rowan.model.json.JsonText.write(filter)));
        assertThat(get.status()).isEqualTo(414);
        assertThat(get.isProblem()).isTrue();
        // ten lists are fine
        assertThat(api.post(records(table) + "/query", Map.of("filter", Map.of("operator", "or", "conditions",
                conditions.subList(0, 10)))).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e200000", "1e18", "-1e400", "0.000000000001", "NaN", "12345678901234567890123456789"})
    void cursorsHoldingAbsurdNumbersAreRefused(String number) {
        String qty = ApiClient.fieldId(table, "Qty");
        String json = "{\"s\":\"" + qty + "+\",\"v\":[\"" + number + "\"],\"id\":\"" + UUID.randomUUID() + "\"}";
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
        assertProblem(api.get(records(table) + "?sort=Qty&cursor=" + cursor), 422, "cursor");
        assertProblem(api.post(records(table) + "/query", Map.of("sort", List.of(Map.of("field", "Qty")),
                "cursor", cursor)), 422, "cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e200000", "-1", "1.5", "\"7\"", "99999999999999999999999"})
    void pullResultsCursorsThatNoPullReturnedAreRefused(String value) {
        ApiClient.Response r = api.post("/api/sync/pull", "{\"limit\":10,\"clientId\":\"" + UUID.randomUUID()
                + "\",\"resultsCursor\":" + value + "}");
        assertProblem(r, 422, "resultsCursor");
    }

    @Test
    void aRealCursorStillPagesAndNamesNoColumn() {
        Map<String, Object> t = api.createTable(app, "Paging", List.of(Map.of("name", "N", "type", "number")));
        for (int i = 0; i < 3; i++) api.post(records(t), Map.of("fields", Map.of("N", i)));
        ApiClient.Response first = api.get(records(t) + "?sort=N&limit=2");
        String cursor = (String) first.get("nextCursor");
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor));
        assertThat(decoded).doesNotContainPattern("f_[0-9a-f]{16}").contains(ApiClient.fieldId(t, "N"));
        ApiClient.Response next = api.get(records(t) + "?sort=N&limit=2&cursor=" + cursor);
        assertThat(next.data()).hasSize(1);
    }

    // ---------------------------------------------------------------- patterns

    @Test
    void catastrophicPatternsAnswerFastAndCorrectlyOverHttp() {
        Map<String, Object> t = api.createTable(app, "Patterns", List.of(
                Map.of("name", "A", "type", "long_text", "validation", Map.of("pattern", "^a*a*a*b$")),
                Map.of("name", "B", "type", "long_text", "validation", Map.of("pattern", "^(?:a|bc)*$"))));
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertProblem(api.post(records(t), Map.of("fields", Map.of("A", "a".repeat(10_000)))), 422,
                    "does not match");
            assertThat(api.post(records(t), Map.of("fields", Map.of("A", "a".repeat(9_999) + "b"))).status())
                    .isEqualTo(201);
            assertThat(api.post(records(t), Map.of("fields", Map.of("B", "bc".repeat(4_500)))).status())
                    .isEqualTo(201);
            assertProblem(api.post(records(t), Map.of("fields", Map.of("B", "bc".repeat(4_500) + "b"))), 422,
                    "does not match");
            // many at once, as an attacker would send them: each answers, none occupies a thread
            for (int i = 0; i < 20; i++) {
                assertThat(api.post(records(t), Map.of("fields", Map.of("A", "a".repeat(10_000)))).status())
                        .isEqualTo(422);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"(\\w+)\\1", "(?=x)y", "(?<!x)y", "a++b", "((a{1000}){1000}){1000}"})
    void patternsRe2CannotExpressAreRefusedAtFieldCreateAndUpdate(String pattern) {
        long changes = Sql.changes(api.companyId);
        String fields = "/api/tables/" + table.get("id") + "/fields";
        assertProblem(api.post(fields, Map.of("name", "P", "type", "text", "validation", Map.of("pattern", pattern))),
                422, "validation.pattern");
        assertProblem(api.patch(fields + "/" + ApiClient.fieldId(table, "Title"), Map.of("validation",
                Map.of("pattern", pattern))), 422, "validation.pattern");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
    }

    // ---------------------------------------------------------------- no database text reaches a client

    @Test
    void makingAFieldUniqueOverDuplicatesNamesTheFieldAndTheRecordsNotTheDatabase() {
        Map<String, Object> t = api.createTable(app, "Codes", List.of(Map.of("name", "Code", "type", "text")));
        String a = api.post(records(t), Map.of("fields", Map.of("Code", "X-1"))).id();
        String b = api.post(records(t), Map.of("fields", Map.of("Code", "X-1"))).id();
        api.post(records(t), Map.of("fields", Map.of("Code", "Y-2")));
        String field = ApiClient.fieldId(t, "Code");
        long changes = Sql.changes(api.companyId);

        ApiClient.Response r = api.patch("/api/tables/" + t.get("id") + "/fields/" + field, Map.of("unique", true));

        assertProblem(r, 409, "Code cannot be unique");
        assertThat(r.body()).contains("X-1").contains(a).contains(b).doesNotContain("Y-2");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        assertThat(Sql.value("SELECT is_unique FROM rowan.fields WHERE id = ?", field)).isEqualTo(false);

        // the same change pushed from a desktop is rejected with the same words
        ApiClient.Response push = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(),
                "mutations", List.of(mutation("UPDATE", "FIELD", field, t.get("id"), Map.of("unique", true)))));
        assertThat(push.status()).isEqualTo(200);
        assertThat(push.body()).contains("rejected").contains("Code cannot be unique");
        assertClean(push);

        // and a type change that would make values repeat on a unique field says which
        Map<String, Object> n = api.createTable(app, "Numbers", List.of(Map.of("name", "V", "type", "text",
                "unique", true)));
        api.post(records(n), Map.of("fields", Map.of("V", "1.0")));
        api.post(records(n), Map.of("fields", Map.of("V", "1")));
        ApiClient.Response retype = api.patch("/api/tables/" + n.get("id") + "/fields/" + ApiClient.fieldId(n, "V"),
                Map.of("type", "number"));
        assertProblem(retype, 409, "V cannot be unique");
    }

    @Test
    void aUniqueValueTakenTwiceNamesTheField() {
        Map<String, Object> t = api.createTable(app, "Unique", List.of(Map.of("name", "Email", "type", "email",
                "unique", true)));
        api.post(records(t), Map.of("fields", Map.of("Email", "a@b.cd")));
        ApiClient.Response r = api.post(records(t), Map.of("fields", Map.of("Email", "a@b.cd")));
        assertProblem(r, 409, "Email");
    }

    /**
     * A client-chosen id that another company uses answers exactly like one the caller's own company uses: same
     * status, type and words. Nothing tells that the id exists elsewhere.
     */
    @Test
    void anIdTakenInAnotherCompanyLooksLikeAnyTakenId() {
        ApiClient other = TestServer.newTenant();
        String otherApp = other.createApp("Theirs");
        String otherFolder = other.post("/api/apps/" + otherApp + "/folders", Map.of("name", "F")).id();
        Map<String, Object> otherTable = other.createTable(otherApp, "T", List.of(Map.of("name", "X", "type", "text")));
        String otherField = ApiClient.fieldId(otherTable, "X");

        String mineApp = api.createApp("Mine " + UUID.randomUUID());
        String mineFolder = api.post("/api/apps/" + app + "/folders", Map.of("name", "F " + UUID.randomUUID())).id();
        Map<String, Object> mineTable = api.createTable(app, "Mine " + UUID.randomUUID(), List.of(Map.of("name", "X",
                "type", "text")));
        String mineField = ApiClient.fieldId(mineTable, "X");

        record Probe(String what, Function<String, ApiClient.Response> send, String theirs, String mine) {
        }
        List<Probe> probes = List.of(
                new Probe("app", id -> api.post("/api/apps", Map.of("id", id, "name", "A")), otherApp, mineApp),
                new Probe("folder", id -> api.post("/api/apps/" + app + "/folders", Map.of("id", id, "name",
                        "F" + UUID.randomUUID())), otherFolder, mineFolder),
                new Probe("table", id -> api.post("/api/apps/" + app + "/tables", Map.of("id", id, "name",
                        "T" + UUID.randomUUID())), (String) otherTable.get("id"), (String) mineTable.get("id")),
                new Probe("field", id -> api.post("/api/tables/" + table.get("id") + "/fields", Map.of("id", id,
                        "name", "F" + UUID.randomUUID(), "type", "text")), otherField, mineField));
        for (Probe p : probes) {
            long changes = Sql.changes(api.companyId);
            ApiClient.Response theirs = p.send().apply(p.theirs());
            ApiClient.Response mine = p.send().apply(p.mine());
            assertThat(theirs.status()).as(p.what() + ": " + theirs.body()).isEqualTo(409);
            assertThat(mine.status()).as(p.what() + ": " + mine.body()).isEqualTo(409);
            Map<String, Object> a = new LinkedHashMap<>(theirs.map());
            Map<String, Object> b = new LinkedHashMap<>(mine.map());
            assertThat(a).as(p.what()).isEqualTo(b);
            assertThat(theirs.body()).doesNotContain(p.theirs());
            assertClean(theirs);
            assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        }

        // through sync push as well: rejected results read the same
        ApiClient.Response push = api.post("/api/sync/push", Map.of("clientId", UUID.randomUUID().toString(),
                "mutations", List.of(mutation("CREATE", "APP", otherApp, null, Map.of("name", "A")),
                        mutation("CREATE", "APP", mineApp, null, Map.of("name", "A")))));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) push.get("results");
        assertThat(results.get(0).get("reason")).isEqualTo(results.get(1).get("reason"));
        assertThat(results.get(0).get("status")).isEqualTo(results.get(1).get("status"));
        assertClean(push);
    }

    @Test
    void tableJsonNamesNoPhysicalTableOrColumn() {
        for (String body : List.of(api.get("/api/tables/" + table.get("id")).body(),
                api.get("/api/apps/" + app + "/tables").body(),
                api.post("/api/sync/pull", Map.of("limit", 10)).body())) {
            assertThat(body).doesNotContain("physicalName", "columnName", "\"schema\":\"co_")
                    .doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
        }
    }

    // ---------------------------------------------------------------- the HTTP layer's own refusals

    @Test
    void helidonsOwn413And414AreProblems() throws Exception {
        // a server with small limits, so the HTTP layer (not a handler) refuses the body
        try (RowanServer small = RowanServer.start(TestServer.settings(Map.of("ROWAN_MAX_BODY_BYTES", "1000",
                "ROWAN_MAX_BULK_BYTES", "20000")))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + small.port();
            HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + "/api/apps"))
                    .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                                        // over the 1,000-byte limit but small enough to be sent whole before the server answers (a
                    // larger body can meet a closed socket while it is still being written: broken pipe)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "x".repeat(5_000) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(big.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(big.body()).contains("\"status\":413").contains("larger than");

            HttpResponse<String> longUrl = http.send(HttpRequest.newBuilder(URI.create(base + "/api/apps?q="
                    + "y".repeat(50_000))).header("Authorization", "Bearer " + api.token()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(longUrl.statusCode()).isEqualTo(414);
            assertThat(longUrl.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(longUrl.body()).contains("\"status\":414").contains("too long").doesNotContain("yyyyyyyyyy");
            // answers of the HTTP layer carry the security headers of every other answer
            for (HttpResponse<String> r : List.of(big, longUrl)) {
                assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            }
        }
    }

    @Test
    void plainTextBodiesAre415AndNothingIsStored() {
        long apps = Sql.count("SELECT count(*) FROM rowan.apps WHERE company_id = ?", api.companyId);
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(TestServer.baseUrl() + "/api/apps"))
                    .header("Authorization", "Bearer " + api.token()).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(Sql.count("SELECT count(*) FROM rowan.apps WHERE company_id = ?", api.companyId)).isEqualTo(apps);
    }

    @Test
    void trailingGarbageIsRefusedWithoutJavaNames() {
        ApiClient.Response r = api.post("/api/apps", "{\"name\": \"a\"} {\"x\": 1}");
        assertProblem(r, 400, "more content after the JSON value");
        assertThat(r.body()).doesNotContain("`", "Object", "bound as");
        ApiClient.Response dup = api.post("/api/apps", "{\"name\": \"a\", \"name\": \"b\"}");
        assertProblem(dup, 400, "'name' appears twice");
    }
}
