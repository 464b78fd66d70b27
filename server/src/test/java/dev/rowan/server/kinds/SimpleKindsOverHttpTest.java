package dev.rowan.server.kinds;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rating, duration, time, rich text and barcode over HTTP on the real PostgreSQL: values in and out in their API
 * forms (seconds, ISO time, whole stars), filters, sorts and groups computed by the database, type changes with
 * their preview, and hostile values and settings refused with problem+json that changes nothing.
 */
class SimpleKindsOverHttpTest {
    private static ApiClient api;
    private static Map<String, Object> table;
    private static final Map<String, String> IDS = new LinkedHashMap<>();

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        table = api.createTable(api.createApp("Kinds"), "Tasks", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Stars", "type", "rating", "config", Map.of("max", 5)),
                Map.of("name", "Took", "type", "duration"),
                Map.of("name", "Opens", "type", "time"),
                Map.of("name", "Notes", "type", "rich_text"),
                Map.of("name", "Code", "type", "barcode", "config", Map.of("format", "ean13"))));
        create("A", Map.of("Stars", 5, "Took", "1:30", "Opens", "9:00", "Notes", "**first** task",
                "Code", "4006381333931"));
        create("B", Map.of("Stars", 2, "Took", 2700, "Opens", "2:30 pm", "Notes", "# B\n\nsecond",
                "Code", "5901234123457"));
        create("C", Map.of("Stars", 0, "Took", 30, "Opens", "14:30:15"));
        create("D", Map.of());
    }

    private static void create(String title, Map<String, Object> fields) {
        Map<String, Object> f = new HashMap<>(fields);
        f.put("Title", title);
        ApiClient.Response r = api.post(records(), Map.of("fields", f));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        IDS.put(title, r.id());
    }

    private static String records() {
        return "/api/tables/" + table.get("id") + "/records";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(String title) {
        ApiClient.Response r = api.get(records() + "/" + IDS.get(title));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<String, Object>) r.get("fields");
    }

    @SuppressWarnings("unchecked")
    private static List<String> titles(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().stream().map(m -> (String) ((Map<String, Object>) m.get("fields")).get("Title")).toList();
    }

    private static List<String> query(Object filter, List<Object> sort) {
        Map<String, Object> body = new HashMap<>();
        if (filter != null) body.put("filter", filter);
        List<Object> keys = new ArrayList<>();
        for (Object k : sort) keys.add(k instanceof String name ? Map.of("field", name, "direction", "asc") : k);
        body.put("sort", keys);
        return titles(api.post(records() + "/query", body));
    }

    private static Map<String, Object> where(String field, String op, Object value) {
        return Map.of("field", field, "operator", op, "value", value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(String name) {
        ApiClient.Response t = api.get("/api/tables/" + table.get("id"));
        return ((List<Map<String, Object>>) t.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().orElseThrow();
    }

    @Test
    void valuesComeBackInTheirApiForms() {
        Map<String, Object> a = fields("A");
        assertThat(new BigDecimal(a.get("Stars").toString())).isEqualByComparingTo("5");
        assertThat(new BigDecimal(a.get("Took").toString())).as("seconds").isEqualByComparingTo("5400");
        assertThat(a).containsEntry("Opens", "09:00").containsEntry("Notes", "**first** task")
                .containsEntry("Code", "4006381333931");
        assertThat(fields("B")).containsEntry("Opens", "14:30");
        assertThat(new BigDecimal(fields("B").get("Took").toString())).isEqualByComparingTo("2700");
        // a rating of 0 is "not rated"
        assertThat(fields("C")).doesNotContainEntry("Stars", 0).containsEntry("Opens", "14:30:15");
        assertThat(fields("C").get("Stars")).isNull();
        // the settings are the field's config
        assertThat(field("Stars").get("config")).isEqualTo(Map.of("max", 5));
        assertThat(field("Code").get("config")).isEqualTo(Map.of("format", "ean13"));
        assertThat(field("Took")).containsEntry("type", "duration");
        assertThat(field("Notes")).containsEntry("type", "rich_text");
        // stored as the storage class says: whole seconds and stars as numbers, time as its ISO text
        Map<String, Object> t = table;
        assertThat(Sql.value("SELECT " + Physical.column(field("Took")) + "::text FROM " + Physical.schema(t) + "." + Physical.table(t)
                + " WHERE id = ?::uuid", IDS.get("A"))).isEqualTo("5400");
    }

    @Test
    void filtersAndSortsRunInTheDatabase() {
        assertThat(query(where("Took", "gt", "1:00"), List.of("Title"))).containsExactly("A");
        assertThat(query(where("Took", "lte", 2700), List.of("Title"))).containsExactly("B", "C");
        assertThat(query(where("Stars", "gte", 2), List.of("Title"))).containsExactly("A", "B");
        assertThat(query(where("Opens", "gt", "12:00"), List.of("Title"))).containsExactly("B", "C");
        assertThat(query(where("Opens", "lt", "9:30 am"), List.of("Title"))).containsExactly("A");
        assertThat(query(where("Notes", "contains", "first"), List.of("Title"))).containsExactly("A");
        assertThat(query(where("Code", "startsWith", "590"), List.of("Title"))).containsExactly("B");
        assertThat(query(Map.of("field", "Stars", "operator", "isNull"), List.of("Title"))).containsExactly("C", "D");
        // sorts: empty last ascending
        assertThat(query(null, List.of("Took"))).containsExactly("C", "B", "A", "D");
        assertThat(query(null, List.of(Map.of("field", "Stars", "direction", "desc"))))
                .as("descending: empty first, as for every kind").endsWith("A", "B");
        assertThat(query(null, List.of("Opens"))).containsExactly("A", "B", "C", "D");
        assertThat(titles(api.get(records() + "?sort=" + ApiClient.q("[{\"field\":\"Took\",\"direction\":\"desc\"}]"))))
                .containsExactly("D", "A", "B", "C");
    }

    @Test
    @SuppressWarnings("unchecked")
    void groupsByARatingAndADurationCountInTheDatabase() {
        ApiClient.Response v = api.post("/api/tables/" + table.get("id") + "/views",
                Map.of("name", "Grouped", "type", "grid", "config", Map.of()));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        ApiClient.Response g = api.get("/api/views/" + v.id() + "/groups?groupBy=Stars");
        assertThat(g.status()).as(g.body()).isEqualTo(200);
        List<Map<String, Object>> groups = (List<Map<String, Object>>) g.get("groups");
        assertThat(groups).extracting(m -> m.get("value") == null ? null : new BigDecimal(m.get("value").toString()).intValue())
                .containsExactly(2, 5, null);
        assertThat(groups).extracting(m -> ((Number) m.get("count")).intValue()).containsExactly(1, 1, 2);
        ApiClient.Response byTime = api.get("/api/views/" + v.id() + "/groups?groupBy=Opens");
        assertThat(((List<Map<String, Object>>) byTime.get("groups"))).extracting(m -> m.get("value"))
                .containsExactly("09:00", "14:30", "14:30:15", null);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("Stars", 6, "1 to 5"),
                Arguments.of("Stars", -1, "1 to 5"),
                Arguments.of("Stars", 2.5, "whole number"),
                Arguments.of("Stars", "3", "Stars"),
                Arguments.of("Stars", 1e300, "Stars"),
                Arguments.of("Took", "soon", "not a duration"),
                Arguments.of("Took", 1e12, "100,000 hours"),
                Arguments.of("Took", 1.5, "whole seconds"),
                Arguments.of("Took", "1:99", "not a duration"),
                Arguments.of("Took", List.of(1), "Took"),
                Arguments.of("Took", "9".repeat(5000), "not a duration"),
                Arguments.of("Opens", "25:00", "not a time of day"),
                Arguments.of("Opens", 14, "Opens"),
                Arguments.of("Opens", "'; DROP TABLE x; --", "not a time of day"),
                Arguments.of("Code", "4006381333932", "EAN-13"),
                Arguments.of("Code", "abc", "EAN-13"),
                Arguments.of("Notes", "a\u0000b", "NUL"),
                Arguments.of("Notes", 5, "Notes"),
                Arguments.of("Notes", "x".repeat(100_001), "longer than"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("hostile")
    void hostileValuesAreRefusedWithAProblemAndChangeNothing(String field, Object value, String mention) {
        long changes = Sql.changes(api.companyId);
        Map<String, Object> f = new HashMap<>();
        f.put(field, value);
        ApiClient.Response created = api.post(records(), Map.of("fields", f));
        assertProblem(created, mention);
        ApiClient.Response patched = api.patch(records() + "/" + IDS.get("A"), Map.of("fields", f));
        assertProblem(patched, mention);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        assertThat(fields("A")).containsEntry("Opens", "09:00").containsEntry("Code", "4006381333931");
    }

    private static void assertProblem(ApiClient.Response r, String mention) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.body()).contains(mention).doesNotContain("org.", "java.", "SQL")
                .doesNotContainPattern("\\bf_[0-9a-f]{16}").doesNotContainPattern("\\bdt_[0-9a-f]{12}");
    }

    @Test
    void badSettingsAreRefused() {
        String fields = "/api/tables/" + table.get("id") + "/fields";
        assertProblem(api.post(fields, Map.of("name", "R", "type", "rating", "config", Map.of("max", 11))), "1 to 10");
        assertProblem(api.post(fields, Map.of("name", "R", "type", "rating", "config", Map.of("max", "five"))), "1 to 10");
        assertProblem(api.post(fields, Map.of("name", "B", "type", "barcode", "config", Map.of("format", "<b>"))),
                "format must be one of");
        assertProblem(api.post(records() + "/query", Map.of("filter", where("Stars", "contains", "1"))), "Stars");
        assertProblem(api.post(records() + "/query", Map.of("filter", where("Opens", "eq", "lunch"))), "time of day");
    }

    @Test
    @SuppressWarnings("unchecked")
    void typeChangesConvertWithTheirPreview() {
        Map<String, Object> t = api.createTable((String) table.get("appId"), "Changes", List.of(
                Map.of("name", "Minutes", "type", "number"),
                Map.of("name", "Stars", "type", "rating", "config", Map.of("max", 5)),
                Map.of("name", "When", "type", "text")));
        String path = "/api/tables/" + t.get("id") + "/records";
        String a = api.post(path, Map.of("fields", Map.of("Minutes", 90, "Stars", 5, "When", "2:30 pm"))).id();
        String b = api.post(path, Map.of("fields", Map.of("Minutes", 45, "Stars", 2, "When", "lunch"))).id();
        Map<String, String> ids = new HashMap<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) api.get("/api/tables/" + t.get("id")).get("fields")) {
            ids.put((String) f.get("name"), (String) f.get("id"));
        }
        String fields = "/api/tables/" + t.get("id") + "/fields/";

        // number of minutes -> duration: every value converts
        ApiClient.Response minutes = api.patch(fields + ids.get("Minutes"), Map.of("type", "duration"));
        assertThat(minutes.status()).as(minutes.body()).isEqualTo(200);
        assertThat(new BigDecimal(value(path, a, "Minutes").toString())).isEqualByComparingTo("5400");

        // fewer stars: the preview names the rating that does not fit; nothing changes until clearInvalid
        long changes = Sql.changes(api.companyId);
        ApiClient.Response refused = api.patch(fields + ids.get("Stars"), Map.of("config", Map.of("max", 3)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        Map<String, Object> conversion = (Map<String, Object>) refused.get("conversion");
        assertThat(conversion).containsEntry("failed", 1).containsEntry("converted", 1);
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
        ApiClient.Response dry = api.patch(fields + ids.get("Stars") + "?dryRun=true&clearInvalid=true",
                Map.of("config", Map.of("max", 3)));
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(new BigDecimal(value(path, a, "Stars").toString())).isEqualByComparingTo("5");
        ApiClient.Response cleared = api.patch(fields + ids.get("Stars") + "?clearInvalid=true",
                Map.of("config", Map.of("max", 3)));
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(value(path, a, "Stars")).isNull();
        assertThat(new BigDecimal(value(path, b, "Stars").toString())).isEqualByComparingTo("2");

        // text -> time: "lunch" is reported by the preview
        ApiClient.Response when = api.patch(fields + ids.get("When") + "?dryRun=true&clearInvalid=true",
                Map.of("type", "time"));
        assertThat((Map<String, Object>) when.get("conversion")).containsEntry("failed", 1);
        assertThat(api.patch(fields + ids.get("When") + "?clearInvalid=true", Map.of("type", "time")).status())
                .isEqualTo(200);
        assertThat(value(path, a, "When")).isEqualTo("14:30");
        assertThat(value(path, b, "When")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void createdAndLastModifiedTimeAreTheRecordsSystemTimesReadOnly() throws Exception {
        Map<String, Object> t = api.createTable((String) table.get("appId"), "Stamped", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Created", "type", "created_time"),
                Map.of("name", "Modified", "type", "last_modified_time")));
        String path = "/api/tables/" + t.get("id") + "/records";
        ApiClient.Response first = api.post(path, Map.of("fields", Map.of("Title", "first")));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Thread.sleep(20);
        String second = api.post(path, Map.of("fields", Map.of("Title", "second"))).id();
        Map<String, Object> rec = api.get(path + "/" + first.id()).map();
        Map<String, Object> f = (Map<String, Object>) rec.get("fields");
        assertThat(java.time.OffsetDateTime.parse((String) f.get("Created")))
                .isAtSameInstantAs(java.time.OffsetDateTime.parse((String) rec.get("createdAt")));
        assertThat(java.time.OffsetDateTime.parse((String) f.get("Modified")))
                .isAtSameInstantAs(java.time.OffsetDateTime.parse((String) rec.get("updatedAt")));

        // a change moves the last modified time, not the created time
        Thread.sleep(20);
        assertThat(api.patch(path + "/" + first.id(), Map.of("fields", Map.of("Title", "first!"))).status()).isEqualTo(200);
        Map<String, Object> after = (Map<String, Object>) api.get(path + "/" + first.id()).get("fields");
        assertThat(after.get("Created")).isEqualTo(f.get("Created"));
        assertThat(java.time.OffsetDateTime.parse((String) after.get("Modified")))
                .isAfter(java.time.OffsetDateTime.parse((String) f.get("Modified")));

        // filters and sorts compare them as date-times, in the database
        Map<String, Object> body = new HashMap<>();
        body.put("filter", where("Created", "gt", f.get("Created")));
        assertThat(titles(api.post(path + "/query", body))).containsExactly("second");
        body.put("filter", where("Modified", "gt", after.get("Created")));
        body.put("sort", List.of(Map.of("field", "Modified", "direction", "desc")));
        assertThat(titles(api.post(path + "/query", body))).containsExactly("first!", "second");
        assertProblem(api.post(path + "/query", Map.of("filter", where("Created", "contains", "2026"))), "Created");

        // never written: create, patch and bulk refuse any value, even empty, and change nothing
        long changes = Sql.changes(api.companyId);
        Map<String, Object> empty = new HashMap<>();
        empty.put("Created", null);
        assertProblem(api.post(path, Map.of("fields", Map.of("Created", "2020-01-01T00:00:00Z"))), "Rowan sets it");
        assertProblem(api.patch(path + "/" + second, Map.of("fields", empty)), "Rowan sets it");
        assertProblem(api.patch(path + "/" + second, Map.of("fields", Map.of("Modified", "2020-01-01T00:00:00Z"))),
                "Rowan sets it");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);

        // type changes: to text materialises the times; from text the preview says every value goes
        Map<String, String> ids = new HashMap<>();
        for (Map<String, Object> x : (List<Map<String, Object>>) api.get("/api/tables/" + t.get("id")).get("fields")) {
            ids.put((String) x.get("name"), (String) x.get("id"));
        }
        String fields = "/api/tables/" + t.get("id") + "/fields/";
        ApiClient.Response toText = api.patch(fields + ids.get("Created"), Map.of("type", "text"));
        assertThat(toText.status()).as(toText.body()).isEqualTo(200);
        assertThat((String) value(path, first.id(), "Created")).startsWith(((String) f.get("Created")).substring(0, 10));
        ApiClient.Response back = api.patch(fields + ids.get("Created"), Map.of("type", "created_time"));
        assertThat(back.status()).as(back.body()).isEqualTo(422);
        assertThat((Map<String, Object>) back.get("conversion")).containsEntry("failed", 2);
        assertThat(api.patch(fields + ids.get("Created") + "?clearInvalid=true", Map.of("type", "created_time"))
                .status()).isEqualTo(200);
        assertThat(value(path, first.id(), "Created")).isEqualTo(f.get("Created"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aButtonsUrlIsComputedByItsFormulaInTheDatabaseAndNeverWritten() {
        Map<String, Object> t = api.createTable((String) table.get("appId"), "Parts", List.of(
                Map.of("name", "Code", "type", "text"),
                Map.of("name", "Page", "type", "button", "config",
                        Map.of("label", "Open part", "formula", "\"https://parts.example/item/\" & {Code}"))));
        String path = "/api/tables/" + t.get("id") + "/records";
        String a = api.post(path, Map.of("fields", Map.of("Code", "A-1"))).id();
        String b = api.post(path, Map.of("fields", Map.of("Code", "B-2"))).id();
        assertThat(value(path, a, "Page")).isEqualTo("https://parts.example/item/A-1");
        Map<String, Object> page = ((List<Map<String, Object>>) api.get("/api/tables/" + t.get("id")).get("fields"))
                .stream().filter(f -> "Page".equals(f.get("name"))).findFirst().orElseThrow();
        assertThat(page).containsEntry("type", "button").containsEntry("formulaText", "\"https://parts.example/item/\" & {Code}");
        assertThat((Map<String, Object>) page.get("config")).containsEntry("label", "Open part");
        assertThat(String.valueOf(((Map<String, Object>) page.get("config")).get("formula"))).contains("{fld:");

        // the URL filters as text, in the database
        assertThat(titlesOf(api.post(path + "/query", Map.of("filter", where("Page", "endsWith", "B-2"))), "Code"))
                .containsExactly("B-2");
        // a rename of the field it reads keeps it working (stored by id)
        String code = ((List<Map<String, Object>>) api.get("/api/tables/" + t.get("id")).get("fields")).stream()
                .filter(f -> "Code".equals(f.get("name"))).map(f -> (String) f.get("id")).findFirst().orElseThrow();
        assertThat(api.patch("/api/tables/" + t.get("id") + "/fields/" + code, Map.of("name", "Part no")).status())
                .isEqualTo(200);
        assertThat(value(path, b, "Page")).isEqualTo("https://parts.example/item/B-2");

        // never written; a formula that gives no text and a bad label are refused
        long changes = Sql.changes(api.companyId);
        assertProblem(api.patch(path + "/" + a, Map.of("fields", Map.of("Page", "javascript:alert(1)"))),
                "cannot be written");
        String fields = "/api/tables/" + t.get("id") + "/fields";
        assertProblem(api.post(fields, Map.of("name", "N", "type", "button", "config", Map.of("formula", "1 + 2"))),
                "URL as text");
        assertProblem(api.post(fields, Map.of("name", "N", "type", "button", "config",
                Map.of("label", "two\nlines", "formula", "\"https://x\""))), "label");
        assertProblem(api.post(fields, Map.of("name", "N", "type", "button", "config", Map.of("formula", "{Nope}"))),
                "Nope");
        assertThat(Sql.changes(api.companyId)).isEqualTo(changes);
    }

    @SuppressWarnings("unchecked")
    private static List<String> titlesOf(ApiClient.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data().stream().map(m -> (String) ((Map<String, Object>) m.get("fields")).get(field)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object value(String path, String id, String field) {
        ApiClient.Response r = api.get(path + "/" + id);
        return ((Map<String, Object>) r.get("fields")).get(field);
    }

    @Test
    void bulkRowsOfTheNewKindsLoadLikeSingleOnes() {
        List<Object> recs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recs.add(Map.of("fields", Map.of("Title", "bulk " + i, "Stars", 1 + i % 5, "Took", i + ":05",
                    "Opens", (i % 24) + ":15")));
        }
        Map<String, Object> bulk = api.createTable((String) table.get("appId"), "Bulk", List.of(
                Map.of("name", "Title", "type", "text"),
                Map.of("name", "Stars", "type", "rating", "config", Map.of("max", 5)),
                Map.of("name", "Took", "type", "duration"),
                Map.of("name", "Opens", "type", "time")));
        String path = "/api/tables/" + bulk.get("id") + "/records";
        ApiClient.Response r = api.post(path + "/bulk", Map.of("records", recs));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        ApiClient.Response q = api.post(path + "/query", Map.of("filter", Map.of("operator", "and", "conditions",
                List.of(where("Stars", "eq", 5), where("Took", "gte", "10:00")))));
        // i in 10..19 with i % 5 == 4: 14 and 19
        assertThat(titles(q)).containsExactlyInAnyOrder("bulk 14", "bulk 19");
        // a bad row fails alone, with its reason; the good ones are created
        ApiClient.Response mixed = api.post(path + "/bulk", Map.of("records", List.of(
                Map.of("fields", Map.of("Title", "ok", "Opens", "7:45")),
                Map.of("fields", Map.of("Title", "bad", "Opens", "31:00")),
                Map.of("fields", Map.of("Title", "bad too", "Stars", 9)))));
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(200);
        assertThat(mixed.map()).containsEntry("created", 1).containsEntry("failed", 2);
        assertThat(String.valueOf(mixed.get("results"))).contains("records[1]").contains("not a time of day")
                .contains("1 to 5");
    }
}
