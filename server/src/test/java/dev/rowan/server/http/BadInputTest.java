package dev.rowan.server.http;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Physical;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gets an RFC 9457 problem that says what is wrong, and changes nothing in the database.
 */
@Timeout(60)
class BadInputTest {
    private static ApiClient api;
    private static String app;
    private static Map<String, Object> table;
    private static Map<String, Object> otherTable;
    private static String record;
    private static String otherRecord;
    private static String folder;

    @BeforeAll
    static void fixture() {
        api = TestServer.newTenant();
        app = api.createApp("Bad input");
        folder = api.post("/api/apps/" + app + "/folders", Map.of("name", "Folder")).id();
        table = api.createTable(app, "Everything", List.of(
                Map.of("name", "Text", "type", "text"),
                Map.of("name", "Long", "type", "long_text"),
                Map.of("name", "Number", "type", "number"),
                Map.of("name", "Money", "type", "currency"),
                Map.of("name", "Percent", "type", "percent"),
                Map.of("name", "Date", "type", "date"),
                Map.of("name", "Time", "type", "date", "includeTime", true),
                Map.of("name", "Status", "type", "single_select", "options", List.of("Open", "Closed")),
                Map.of("name", "Tags", "type", "multiple_select", "options", List.of("Red", "Blue")),
                Map.of("name", "Flag", "type", "boolean"),
                Map.of("name", "Url", "type", "url"),
                Map.of("name", "Email", "type", "email"),
                Map.of("name", "Phone", "type", "phone"),
                Map.of("name", "Json", "type", "json")));
        otherTable = api.createTable(app, "Other", List.of(Map.of("name", "Text", "type", "text")));
        record = api.post(records(), Map.of("fields", Map.of("Text", "100% literal_match", "Number", 5))).id();
        api.post(records(), Map.of("fields", Map.of("Text", "plain", "Number", 6)));
        otherRecord = api.post("/api/tables/" + otherTable.get("id") + "/records", Map.of("fields",
                Map.of("Text", "other"))).id();
    }

    private static String records() {
        return "/api/tables/" + table.get("id") + "/records";
    }

    private static String fieldId(String name) {
        return ApiClient.fieldId(table, name);
    }

    /** Everything a bad request must leave as it was. */
    private record Snapshot(long changes, long audits, long rows, long otherRows, long apps, long tables, long fields,
                            long folders, String recordText, long version) {
        static Snapshot take() {
            return new Snapshot(Sql.changes(api.companyId), Sql.audits(api.companyId),
                    Sql.rowCount(Physical.schema(table), Physical.table(table)),
                    Sql.rowCount(Physical.schema(otherTable), Physical.table(otherTable)),
                    Sql.count("SELECT count(*) FROM rowan.apps WHERE company_id = ?", api.companyId),
                    Sql.count("SELECT count(*) FROM rowan.tables WHERE company_id = ?", api.companyId),
                    Sql.count("SELECT count(*) FROM rowan.fields f JOIN rowan.tables t ON t.id = f.table_id "
                            + "WHERE t.company_id = ? AND f.hidden_at IS NULL", api.companyId),
                    Sql.count("SELECT count(*) FROM rowan.folders WHERE company_id = ?", api.companyId),
                    String.valueOf(Sql.value("SELECT \"" + Physical.column(ApiClient.JSON.convertValue(
                            ((List<?>) table.get("fields")).getFirst(), Map.class)) + "\" FROM \""
                            + Physical.schema(table) + "\".\"" + Physical.table(table) + "\" WHERE id = ?", record)),
                    Sql.count("SELECT sum(version) FROM rowan.tables WHERE company_id = ?", api.companyId));
        }
    }

    private static void assertProblem(ApiClient.Response r, int status, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.isProblem()).as(r.contentType()).isTrue();
        assertThat(r.map()).containsKeys("type", "title", "status", "detail");
        assertThat(r.get("status")).isEqualTo(status);
        assertThat((String) r.get("type")).startsWith("https://");
        assertThat((String) r.get("title")).isNotBlank();
        assertThat(((String) r.get("detail")).toLowerCase()).contains(detail.toLowerCase());
    }

    private static void assertRejected(String method, String path, Object body, int status, String detail) {
        Snapshot before = Snapshot.take();
        ApiClient.Response r = api.send(method, path, body);
        assertProblem(r, status, detail);
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    private static String fill(String s) {
        return s.replace("{app}", app).replace("{table}", (String) table.get("id"))
                .replace("{other}", (String) otherTable.get("id")).replace("{record}", record)
                .replace("{otherRecord}", otherRecord).replace("{folder}", folder)
                .replace("{field}", fieldId("Text")).replace("{otherField}", ApiClient.fieldId(otherTable, "Text"))
                .replace("{random}", UUID.randomUUID().toString());
    }

    // ---------------------------------------------------------------- malformed bodies

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("POST", "/api/apps", "{\"name\": ", 400, "not valid JSON"),
                Arguments.of("POST", "/api/apps", "{\"name\": \"a\"} trailing", 400, "not valid JSON"),
                Arguments.of("POST", "/api/apps", "{'name': 'single quotes'}", 400, "not valid JSON"),
                Arguments.of("POST", "/api/apps", "{\"name\": \"a\",}", 400, "not valid JSON"),
                Arguments.of("POST", "/api/apps", "", 400, "needs a JSON body"),
                Arguments.of("POST", "/api/apps", "[]", 400, "must be a JSON object"),
                Arguments.of("POST", "/api/apps", "\"name\"", 400, "must be a JSON object"),
                Arguments.of("POST", "/api/apps", "null", 400, "must be a JSON object"),
                Arguments.of("POST", "/api/apps", "[".repeat(5000) + "]".repeat(5000), 400, "not valid JSON"),
                Arguments.of("POST", "/api/apps/{app}/tables", "[{\"name\": \"T\"}]", 400, "must be a JSON object"),
                Arguments.of("POST", "/api/apps/{app}/folders", "42", 400, "must be a JSON object"),
                Arguments.of("PATCH", "/api/tables/{table}", "{\"name\": ", 400, "not valid JSON"),
                Arguments.of("POST", "/api/tables/{table}/fields", "[]", 400, "must be a JSON object"),
                Arguments.of("PATCH", "/api/tables/{table}/fields/{field}", "{\"name\"}", 400, "not valid JSON"),
                Arguments.of("POST", "/api/tables/{table}/records", "{\"fields\": {\"Text\": \"x\"}", 400,
                        "not valid JSON"),
                Arguments.of("POST", "/api/tables/{table}/records", "[{\"fields\": {}}]", 422, "record is an object"),
                Arguments.of("POST", "/api/tables/{table}/records", "{\"fields\": [\"x\"]}", 422, "fields must be"),
                Arguments.of("PATCH", "/api/tables/{table}/records/{record}", "{\"fields\": \"Text\"}", 422,
                        "fields must be"),
                Arguments.of("PUT", "/api/tables/{table}/records/{record}", "{}", 422, "fields must be"),
                Arguments.of("POST", "/api/tables/{table}/records/query", "[]", 400, "must be a JSON object"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", "{\"records\": [{\"fields\": {}}", 400,
                        "JSON"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", "{\"rows\": []}", 400, "records"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", "{\"records\": [{\"fields\": {\"Text\": "
                        + "\"ok\"}}, {\"fields\": ]}", 400, "not valid JSON"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", "[{\"fields\": {\"Text\": \"ok\"}}] "
                        + "{\"x\": 1}", 400, "after the records"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", "{\"records\": [{\"fields\": {\"Text\": "
                        + "\"ok\"}}], \"extra\": true}", 400, "after the records"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk", "{\"records\": [{\"fields\": {\"Text\": "
                        + "\"ok\"}}]", 400, "JSON"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk-delete", "{\"ids\": \"{record}\"}", 422,
                        "ids must be a list"),
                Arguments.of("POST", "/api/auth/login", "{\"email\": 1, \"password\": []}", 422, "email"),
                Arguments.of("POST", "/api/folders/{folder}/items", "{\"type\": \"view\", \"id\": \"{record}\"}", 422,
                        "table or folder"),
                Arguments.of("PUT", "/api/folders/{folder}/items", "{\"items\": {}}", 422, "items must be a list"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("malformedBodies")
    void malformedBodiesAreRejected(String method, String path, String body, int status, String detail) {
        assertRejected(method, fill(path), fill(body), status, detail);
    }

    @Test
    void invalidUtf8IsRejected() {
        Snapshot before = Snapshot.take();
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ApiClient.Response r = api.raw("POST", "/api/apps", body);
        assertProblem(r, 400, "JSON");
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- unknown properties

    static Stream<Arguments> unknownProperties() {
        return Stream.of(
                Arguments.of("POST", "/api/apps", Map.of("name", "A", "colour", "red"), "colour"),
                Arguments.of("PATCH", "/api/apps/{app}", Map.of("nmae", "A"), "nmae"),
                Arguments.of("POST", "/api/apps/{app}/folders", Map.of("name", "F", "parent", "x"), "parent"),
                Arguments.of("PATCH", "/api/folders/{folder}", Map.of("title", "F"), "title"),
                Arguments.of("POST", "/api/apps/{app}/tables", Map.of("name", "T", "columns", List.of()), "columns"),
                Arguments.of("POST", "/api/apps/{app}/tables", Map.of("name", "T", "fields", List.of(
                        Map.of("name", "F", "type", "text", "size", 10))), "size"),
                Arguments.of("PATCH", "/api/tables/{table}", Map.of("physicalName", "users"), "physicalName"),
                Arguments.of("POST", "/api/tables/{table}/fields", Map.of("name", "F", "type", "text",
                        "columnName", "id"), "columnName"),
                Arguments.of("PATCH", "/api/tables/{table}/fields/{field}", Map.of("columnName", "id"), "columnName"),
                Arguments.of("POST", "/api/tables/{table}/records", Map.of("fields", Map.of("Text", "x"),
                        "createdBy", UUID.randomUUID().toString()), "createdBy"),
                Arguments.of("PATCH", "/api/tables/{table}/records/{record}", Map.of("fields", Map.of(),
                        "rowVersion", 1), "rowVersion"),
                Arguments.of("POST", "/api/tables/{table}/records", Map.of("fields", Map.of("Nope", "x")), "Nope"),
                Arguments.of("PATCH", "/api/tables/{table}/records/{record}", Map.of("fields", Map.of("id", "x")),
                        "id"),
                Arguments.of("POST", "/api/tables/{table}/records/query", Map.of("where", Map.of()), "where"),
                Arguments.of("POST", "/api/tables/{table}/records/bulk-delete", Map.of("ids", List.of(),
                        "all", true), "all"));
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("unknownProperties")
    void unknownPropertiesAreRejected(String method, String path, Object body, String property) {
        Snapshot before = Snapshot.take();
        ApiClient.Response r = api.send(method, fill(path), body);
        assertProblem(r, 422, "Unknown");
        assertThat(r.body()).contains("'" + property + "'");
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- wrong value types

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("Text", 5, "expects text"),
                Arguments.of("Text", Map.of("a", 1), "expects text"),
                Arguments.of("Text", List.of("a"), "expects text"),
                Arguments.of("Text", "nul\u0000char", "NUL"),
                Arguments.of("Text", "x".repeat(10_001), "longer than"),
                Arguments.of("Long", true, "expects text"),
                Arguments.of("Number", "5", "expects a number"),
                Arguments.of("Number", true, "expects a number"),
                Arguments.of("Number", List.of(1), "expects a number"),
                Arguments.of("Number", new java.math.BigDecimal("1e18"), "10^18"),
                Arguments.of("Number", new java.math.BigDecimal("-1e300"), "10^18"),
                Arguments.of("Money", "12 EUR", "expects a number"),
                Arguments.of("Percent", "50%", "expects a number"),
                Arguments.of("Date", "31.01.2026", "not a valid date"),
                Arguments.of("Date", "2026-02-30", "not a valid date"),
                Arguments.of("Date", 20260131, "as text"),
                Arguments.of("Time", "yesterday", "not a valid date and time"),
                Arguments.of("Status", "Nope", "not an option"),
                Arguments.of("Status", 1, "option label"),
                Arguments.of("Status", List.of("Open"), "option label"),
                Arguments.of("Tags", "Red", "list of option labels"),
                Arguments.of("Tags", List.of("Red", "Green"), "not an option"),
                Arguments.of("Tags", List.of(1), "list of option labels"),
                Arguments.of("Flag", "yes", "true or false"),
                Arguments.of("Flag", 1, "true or false"),
                Arguments.of("Url", "not a url", "not a valid URL"),
                Arguments.of("Email", "someone@", "not a valid email"),
                Arguments.of("Phone", "call me", "not a valid phone"));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("wrongValues")
    @SuppressWarnings("unchecked")
    void wrongValueTypesAreRejectedOnCreatePatchAndBulk(String field, Object value, String detail) {
        Map<String, Object> fields = new HashMap<>();
        fields.put(field, value);
        Snapshot before = Snapshot.take();

        ApiClient.Response create = api.post(records(), Map.of("fields", fields));
        ApiClient.Response patch = api.patch(records() + "/" + record, Map.of("fields", fields));
        ApiClient.Response byId = api.post(records(), Map.of("fields", Map.of(fieldId(field), value)));

        for (ApiClient.Response r : List.of(create, patch, byId)) {
            assertProblem(r, 422, detail);
            assertThat((List<Map<String, Object>>) r.get("errors")).isNotEmpty()
                    .allSatisfy(e -> assertThat((String) e.get("field")).startsWith("fields."));
        }
        assertThat(Snapshot.take()).isEqualTo(before);

        ApiClient.Response bulk = api.post(records() + "/bulk", Map.of("records", List.of(Map.of("fields", fields))));
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.map()).containsEntry("created", 0).containsEntry("failed", 1);
        assertThat(Sql.changes(api.companyId)).isEqualTo(before.changes());
    }

    // ---------------------------------------------------------------- ids

    static Stream<Arguments> unknownIds() {
        return Stream.of(
                Arguments.of("GET", "/api/apps/{random}", null),
                Arguments.of("PATCH", "/api/apps/{random}", Map.of("name", "x")),
                Arguments.of("DELETE", "/api/apps/{random}", null),
                Arguments.of("POST", "/api/apps/{random}/tables", Map.of("name", "x")),
                Arguments.of("GET", "/api/folders/{random}", null),
                Arguments.of("DELETE", "/api/folders/{folder}/items/{random}", null),
                Arguments.of("GET", "/api/tables/{random}", null),
                Arguments.of("DELETE", "/api/tables/{random}", null),
                Arguments.of("POST", "/api/tables/{random}/fields", Map.of("name", "x", "type", "text")),
                Arguments.of("PATCH", "/api/tables/{table}/fields/{random}", Map.of("name", "x")),
                Arguments.of("DELETE", "/api/tables/{table}/fields/{random}", null),
                Arguments.of("PATCH", "/api/tables/{table}/fields/{otherField}", Map.of("name", "x")),
                Arguments.of("DELETE", "/api/tables/{table}/fields/{otherField}?purge=true", null),
                Arguments.of("GET", "/api/tables/{random}/records", null),
                Arguments.of("POST", "/api/tables/{random}/records", Map.of("fields", Map.of())),
                Arguments.of("POST", "/api/tables/{random}/records/bulk", List.of()),
                Arguments.of("GET", "/api/tables/{table}/records/{random}", null),
                Arguments.of("PATCH", "/api/tables/{table}/records/{random}", Map.of("fields", Map.of("Text", "x"))),
                Arguments.of("PUT", "/api/tables/{table}/records/{random}", Map.of("fields", Map.of("Text", "x"))),
                Arguments.of("DELETE", "/api/tables/{table}/records/{random}", null),
                Arguments.of("GET", "/api/tables/{table}/records/{otherRecord}", null),
                Arguments.of("PATCH", "/api/tables/{table}/records/{otherRecord}", Map.of("fields", Map.of("Text", "x"))),
                Arguments.of("DELETE", "/api/tables/{table}/records/{otherRecord}", null),
                Arguments.of("GET", "/api/tables/not-a-uuid", null),
                Arguments.of("GET", "/api/tables/{table}x/records", null),
                Arguments.of("GET", "/api/tables/00000000-0000-0000-0000-00000000000g/records", null),
                Arguments.of("GET", "/api/tables/'%20OR%201=1%20--/records", null),
                Arguments.of("PATCH", "/api/apps/" + "9".repeat(500), Map.of("name", "x")),
                Arguments.of("DELETE", "/api/tables/{table}/records/%22%3B%20DROP%20TABLE%20x%3B", null),
                Arguments.of("PATCH", "/api/tables/{table}/fields/%7B{field}%7D", Map.of("name", "x")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownIds")
    void unknownForeignAndMalformedIdsAre404(String method, String path, Object body) {
        assertRejected(method, fill(path), body, 404, "");
    }

    @Test
    void idsInBodiesThatAreNotUuidsAreRejected() {
        assertRejected("POST", records(), Map.of("id", "123", "fields", Map.of()), 422, "UUID");
        assertRejected("POST", "/api/apps", Map.of("id", "x", "name", "x"), 422, "UUID");
        assertRejected("POST", "/api/apps/" + app + "/tables", Map.of("name", "x", "folderId", "nope"), 422, "UUID");
        assertRejected("POST", "/api/apps/" + app + "/tables", Map.of("name", "x", "folderId",
                UUID.randomUUID().toString()), 422, "No folder");
        assertRejected("POST", records() + "/bulk-delete", Map.of("ids", List.of(record, "x")), 422, "not UUIDs");
        assertRejected("POST", "/api/folders/" + folder + "/items", Map.of("type", "table",
                "id", UUID.randomUUID().toString()), 422, "No table");
    }

    // ---------------------------------------------------------------- filters, sorts, cursors, limits

    static Stream<Arguments> badQueries() {
        String deep = "{\"field\":\"Number\",\"operator\":\"eq\",\"value\":1}";
        for (int i = 0; i < 10; i++) deep = "{\"operator\":\"and\",\"conditions\":[" + deep + "]}";
        return Stream.of(
                Arguments.of("filter", "{not json", "not valid JSON"),
                Arguments.of("filter", "[1,2]", "expected an object"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"like\",\"value\":1}", "unknown operator"),
                Arguments.of("filter", "{\"field\":\"Nope\",\"operator\":\"eq\",\"value\":1}", "Unknown field 'Nope'"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"gt\",\"value\":\"abc\"}", "expects a number"),
                Arguments.of("filter", "{\"field\":\"Date\",\"operator\":\"gt\",\"value\":\"soon\"}", "not a valid date"),
                Arguments.of("filter", "{\"field\":\"Flag\",\"operator\":\"eq\",\"value\":\"maybe\"}", "true or false"),
                Arguments.of("filter", "{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"Nope\"}", "not an option"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"contains\",\"value\":\"1\"}",
                        "does not apply"),
                Arguments.of("filter", "{\"field\":\"Flag\",\"operator\":\"gt\",\"value\":true}", "does not apply"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"eq\"}", "needs a value"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"eq\",\"value\":null}", "isNull"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"in\",\"value\":1}", "list value"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"between\",\"value\":[1]}", "[low, high]"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"eq\",\"value\":[1]}", "single value"),
                Arguments.of("filter", "{\"operator\":\"xor\",\"conditions\":[]}", "'and' or 'or'"),
                Arguments.of("filter", "{\"operator\":\"and\",\"conditions\":{}}", "expected a list"),
                Arguments.of("filter", "{\"field\":\"Number\",\"operator\":\"eq\",\"value\":1,\"x\":2}",
                        "unknown property"),
                Arguments.of("filter", deep, "deeper than"),
                Arguments.of("sort", "Nope", "Unknown field 'Nope'"),
                Arguments.of("sort", "[{\"field\":\"Number\",\"direction\":\"up\"}]", "asc or desc"),
                Arguments.of("sort", "[{\"direction\":\"asc\"}]", "expected {"),
                Arguments.of("sort", "[{\"field\":\"Tags\"}]", "Cannot sort"),
                Arguments.of("sort", "a,b,c,d,e,f,g,h,i", "at most 8"),
                Arguments.of("sort", "[not json", "not valid JSON"),
                Arguments.of("cursor", "garbage!", "cursor is not valid"),
                Arguments.of("cursor", Base64.getUrlEncoder().encodeToString("{\"s\":1}".getBytes()),
                        "cursor is not valid"),
                Arguments.of("cursor", Base64.getUrlEncoder().encodeToString(
                        "{\"s\":\"\",\"v\":[],\"id\":\"nope\"}".getBytes()), "cursor is not valid"),
                Arguments.of("cursor", Base64.getUrlEncoder().encodeToString(("{\"s\":\"x+\",\"v\":[\"1\"],\"id\":\""
                        + UUID.randomUUID() + "\"}").getBytes()), "different sort"),
                Arguments.of("limit", "0", "limit must be"),
                Arguments.of("limit", "-1", "limit must be"),
                Arguments.of("limit", "1001", "limit must be"),
                Arguments.of("limit", "ten", "limit must be"),
                Arguments.of("limit", "99999999999999999999", "limit must be"),
                Arguments.of("limit", "1.5", "limit must be"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badQueries")
    void malformedFiltersSortsCursorsAndLimitsAre422(String param, String value, String detail) {
        assertRejected("GET", records() + "?" + param + "=" + ApiClient.q(value), null, 422, detail);
        if (param.equals("filter")) {
            assertRejected("GET", records() + "/count?filter=" + ApiClient.q(value), null, 422, detail);
        }
    }

    @Test
    void theQueryFormRejectsTheSameMistakes() {
        assertRejected("POST", records() + "/query", Map.of("filter", Map.of("field", "Nope", "operator", "eq",
                "value", 1)), 422, "Unknown field");
        assertRejected("POST", records() + "/query", Map.of("filter", "{\"field\":\"Text\"}"), 422, "expected an object");
        assertRejected("POST", records() + "/query", Map.of("sort", "Number"), 422, "expected a list");
        assertRejected("POST", records() + "/query", Map.of("limit", 0), 422, "limit must be");
        assertRejected("POST", records() + "/query", Map.of("limit", "10"), 422, "whole number");
        assertRejected("POST", records() + "/query", Map.of("limit", 5000), 422, "limit must be");
        assertRejected("POST", records() + "/query", Map.of("cursor", "garbage!"), 422, "cursor is not valid");
        assertRejected("POST", records() + "/query", Map.of("cursor", 12), 422, "cursor");
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) many.add(Map.of("field", "Number", "operator", "eq", "value", i));
        assertRejected("POST", records() + "/query", Map.of("filter", Map.of("operator", "or", "conditions", many)),
                422, "more than 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE x; --", "%_%", "*", "\" OR \"\"=\""})
    void hostileFilterValuesAreMatchedLiterally(String value) {
        Snapshot before = Snapshot.take();
        for (String op : List.of("eq", "contains", "startsWith", "endsWith")) {
            String filter = "{\"field\":\"Text\",\"operator\":\"" + op + "\",\"value\":"
                    + ApiClient.JSON.valueToTree(value) + "}";
            ApiClient.Response r = api.get(records() + "?filter=" + ApiClient.q(filter));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            // only "100% literal_match" holds a % or a _, and no value holds the others
            boolean literal = op.equals("contains") && (value.equals("%") || value.equals("_"));
            assertThat(r.data()).as(op + " " + value).extracting(m -> m.get("id"))
                    .containsExactlyElementsOf(literal ? List.of(record) : List.of());
        }
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- sizes

    static Stream<Arguments> oversized() {
        String big = "x".repeat(1024 * 1024 + 10);
        return Stream.of(
                Arguments.of("POST", "/api/apps", Map.of("name", "A", "description", big)),
                Arguments.of("PATCH", "/api/apps/{app}", Map.of("description", big)),
                Arguments.of("POST", "/api/apps/{app}/tables", Map.of("name", "T", "description", big)),
                Arguments.of("POST", "/api/tables/{table}/fields", Map.of("name", "F", "type", "text",
                        "description", big)),
                Arguments.of("POST", "/api/tables/{table}/records", Map.of("fields", Map.of("Long", big))),
                Arguments.of("PATCH", "/api/tables/{table}/records/{record}", Map.of("fields", Map.of("Long", big))),
                Arguments.of("POST", "/api/tables/{table}/records/query", Map.of("filter", Map.of("field", "Text",
                        "operator", "eq", "value", big))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("oversized")
    void bodiesOverOneMebibyteAre413(String method, String path, Object body) {
        assertRejected(method, fill(path), body, 413, "larger than");
    }

    @Test
    void oversizedChunkedBodiesWithoutContentLengthAre413() throws Exception {
        Snapshot before = Snapshot.take();
        byte[] body = ("{\"fields\": {\"Long\": \"" + "y".repeat(2 * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(TestServer.baseUrl() + records()))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        String text = "z".repeat(90_000);
        ApiClient.Response r = api.post(records(), Map.of("fields", Map.of("Long", text)));
        assertThat(r.status()).isEqualTo(201);
        api.delete(records() + "/" + r.id());
    }

    // ---------------------------------------------------------------- routes

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/nope", "GET /api/tables", "POST /api/tables/{table}/nope",
            "DELETE /api/apps", "PUT /api/tables/{table}/records", "GET /nope", "GET /api/tables/{table}/records/count/x"})
    void unknownRoutesAre404Problems(String route) {
        String[] parts = route.split(" ");
        Snapshot before = Snapshot.take();
        ApiClient.Response r = api.send(parts[0], fill(parts[1]), parts[0].equals("GET") || parts[0].equals("DELETE")
                ? null : Map.of());
        assertProblem(r, 404, "No route");
        assertThat(Snapshot.take()).isEqualTo(before);
    }

    @Test
    void problemsNeverLeakSqlOrStackTraces() {
        List<ApiClient.Response> answers = List.of(
                api.post(records(), Map.of("fields", Map.of("Number", "x"))),
                api.get(records() + "?filter=" + ApiClient.q("{\"field\":\"Nope\",\"operator\":\"eq\",\"value\":1}")),
                api.post(records(), "{oops"),
                api.get("/api/tables/" + UUID.randomUUID()));
        for (ApiClient.Response r : answers) {
            assertThat(r.body()).doesNotContain("SELECT", "Exception", "at dev.rowan", "co_", "dt_", "f_");
        }
    }

    @Test
    void fieldDefinitionsWithBadConfigAreRejected() {
        String fields = "/api/tables/" + table.get("id") + "/fields";
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("name", "X");
        withNull.put("type", null);
        assertRejected("POST", fields, withNull, 422, "type is required");
        assertRejected("POST", fields, Map.of("name", "X", "type", "blob"), 422, "Unknown field type");
        assertRejected("POST", fields, Map.of("name", "X", "type", "number", "precision", 11), 422, "precision");
        assertRejected("POST", fields, Map.of("name", "X", "type", "number", "precision", 4294967297L), 422,
                "precision");
        assertRejected("POST", fields, Map.of("name", "X", "type", "currency", "currencyCode", "EURO"), 422,
                "currencyCode");
        assertRejected("POST", fields, Map.of("name", "X", "type", "date", "includeTime", "yes"), 422, "includeTime");
        assertRejected("POST", fields, Map.of("name", "X", "type", "single_select", "options", List.of("A", "a")), 422,
                "appears twice");
        assertRejected("POST", fields, Map.of("name", "X", "type", "single_select", "options", "A,B"), 422,
                "options must be a list");
        assertRejected("POST", fields, Map.of("name", "X", "type", "single_select", "options",
                List.of(Map.of("label", "A", "color", "url(javascript:x)"))), 422, "color");
        assertRejected("POST", fields, Map.of("name", "X", "type", "json", "unique", true), 422, "cannot be unique");
        assertRejected("POST", fields, Map.of("name", "X", "type", "number", "validation", Map.of("min", 5, "max", 1)),
                422, "min");
        assertRejected("POST", fields, Map.of("name", "X", "type", "text", "validation", Map.of("pattern", "([")),
                422, "pattern");
        assertRejected("POST", fields, Map.of("name", "X", "type", "number", "defaultValue", "five"), 422,
                "expects a number");
        assertRejected("POST", fields, Map.of("name", "X", "type", "text", "required", "yes"), 422, "true or false");
        assertRejected("PATCH", fields + "/" + fieldId("Number"), Map.of("type", "nope"), 422, "Unknown field type");
    }
}
