package dev.rowan.server.http;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestDatabase;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input for every route of the served OpenAPI document, so a new route is covered as soon as it is
 * documented (and {@link OpenApiTest} keeps the document equal to the routes). For each operation it generates
 * variants of each class of bad input: bodies with another media type, bytes that are not UTF-8, trailing content,
 * duplicate keys, deep nesting, non-JSON numbers; NUL and unpaired surrogates in every string and key a valid body
 * has (built from the operation's schema); absurd numbers in every number; hostile path ids and query values; a URL
 * longer than the server takes. Every answer must be a 4xx problem+json with nothing internal in it, and nothing in
 * the database may change.
 */
@Timeout(600)
class HostileInputTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** What must never reach a client (SQL texts, physical names, Java class names, driver vocabulary). */
    private static final Pattern INTERNAL = Pattern.compile("Key \\(|org\\.|java\\.|com\\.fasterxml|\\bdt_[0-9a-f]"
            + "|\\bf_[0-9a-f]{16}|\\bco_[0-9a-f]{32}|Exception|SQLState|\\bSELECT\\b|\\bINSERT\\b|\\bUPDATE \\w|"
            + "\\bDELETE FROM\\b|syntax error|violates|duplicate key|\\bERROR:|PSQL|jsonb|\\bnumeric\\b|timestamptz|"
            + "StreamReadConstraints|bound as", Pattern.CASE_INSENSITIVE);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static ApiClient api;
    private static ApiClient other;
    private static Map<String, String> ids;
    private static Map<String, String> foreign;
    private static Connection db;
    private static int generated;

    @BeforeAll
    static void fixture() throws SQLException {
        api = TestServer.newTenant();
        other = TestServer.newTenant();
        ids = ids(api);
        foreign = ids(other);
        db = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
        System.out.println("HostileInputTest: " + generated + " generated cases");
    }

    /** An app, a folder holding a table with one field of each kind, a record: real ids for every path parameter. */
    private static Map<String, String> ids(ApiClient c) {
        String app = c.createApp("Hostile");
        String folder = c.post("/api/apps/" + app + "/folders", Map.of("name", "Folder")).id();
        Map<String, Object> table = c.createTable(app, "Target", List.of(
                Map.of("name", "Text", "type", "text"),
                Map.of("name", "Number", "type", "number", "precision", 2),
                Map.of("name", "Date", "type", "date"),
                Map.of("name", "When", "type", "date", "includeTime", true),
                Map.of("name", "Status", "type", "single_select", "options", List.of("Open", "Closed")),
                Map.of("name", "Data", "type", "json"),
                Map.of("name", "Owner", "type", "user"),
                Map.of("name", "No", "type", "autonumber")));
        String tableId = String.valueOf(table.get("id"));
        c.post("/api/folders/" + folder + "/items", Map.of("type", "table", "id", tableId));
        String record = c.post("/api/tables/" + tableId + "/records", Map.of("fields", Map.of("Text", "kept",
                "Number", 1, "Date", "2026-01-31"))).id();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("app", app);
        m.put("folder", folder);
        m.put("table", tableId);
        m.put("field", ApiClient.fieldId(table, "Text"));
        m.put("record", record);
        m.put("view", String.valueOf(c.get("/api/tables/" + tableId + "/views").data().getFirst().get("id")));
        // a public link's token: well-formed but unknown, so every variant reaches the lookup (share)
        m.put("token", "Q".repeat(43));
        return m;
    }

    // ---------------------------------------------------------------- the document

    record Operation(String method, String template, Map<String, Object> op, List<Map<String, Object>> params,
                     Map<String, Object> bodySchema) {
        boolean hasBody() {
            return bodySchema != null;
        }

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> operations() {
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        Map<String, Object> doc = new Yaml().load(anon.get("/openapi").body());
        List<Operation> out = new ArrayList<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, item) -> {
            List<Map<String, Object>> shared = resolveAll(doc, (List<Object>) item.getOrDefault("parameters", List.of()));
            item.forEach((method, raw) -> {
                if (!METHODS.contains(method)) return;
                Map<String, Object> op = (Map<String, Object>) raw;
                List<Map<String, Object>> params = new ArrayList<>(shared);
                params.addAll(resolveAll(doc, (List<Object>) op.getOrDefault("parameters", List.of())));
                Map<String, Object> schema = null;
                if (op.get("requestBody") instanceof Map<?, ?> rb && rb.get("content") instanceof Map<?, ?> content
                        && content.get("application/json") instanceof Map<?, ?> json) {
                    schema = (Map<String, Object>) resolve(doc, json.get("schema"));
                }
                out.add(new Operation(method, path, op, params, schema));
            });
        });
        assertThat(out).as("operations in /openapi").hasSizeGreaterThan(40);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> resolveAll(Map<String, Object> doc, List<Object> list) {
        return list.stream().map(o -> (Map<String, Object>) resolve(doc, o)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object resolve(Map<String, Object> doc, Object node) {
        if (node instanceof Map<?, ?> m && m.get("$ref") instanceof String ref) {
            Object target = doc;
            for (String part : ref.substring(2).split("/")) target = ((Map<String, Object>) target).get(part);
            return resolve(doc, target);
        }
        return node;
    }

    // ---------------------------------------------------------------- requests

    record Answer(int status, String contentType, String body) {
    }

    private static String fill(Operation op, Map<String, String> with) {
        String path = op.template();
        for (String name : List.of("appId", "tableId", "folderId", "itemId", "fieldId", "recordId", "viewId", "token",
                "id")) {
            String value = switch (name) {
                case "appId" -> with.get("app");
                case "tableId", "itemId" -> with.get("table");
                case "folderId" -> with.get("folder");
                case "fieldId" -> with.get("field");
                case "recordId" -> with.get("record");
                case "viewId" -> with.get("view");
                case "token" -> with.get("token");
                default -> path.startsWith("/api/apps/") ? with.get("app") : path.startsWith("/api/folders/")
                        ? with.get("folder") : with.get("table");
            };
            path = path.replace("{" + name + "}", value);
        }
        return path;
    }

    private static Answer send(String method, String pathAndQuery, String contentType, byte[] body) {
        URI uri;
        try {
            uri = new URI(TestServer.baseUrl() + pathAndQuery);
        } catch (java.net.URISyntaxException e) {
            // a URL no well-behaved client would send (malformed %-escapes): written on the socket as it is
            return sendRaw(method, pathAndQuery, contentType, body);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + api.token());
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method.toUpperCase(Locale.ROOT), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HTTP/1.1 by hand, for request lines java.net.http refuses to send. */
    private static Answer sendRaw(String method, String pathAndQuery, String contentType, byte[] body) {
        URI base = URI.create(TestServer.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method.toUpperCase(Locale.ROOT)).append(' ').append(pathAndQuery)
                    .append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':').append(base.getPort())
                    .append("\r\nAuthorization: Bearer ").append(api.token()).append("\r\nConnection: close\r\n");
            if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            var in = socket.getInputStream();
            java.io.ByteArrayOutputStream head0 = new java.io.ByteArrayOutputStream();
            while (!head0.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head0.write(b);
            }
            String headers = head0.toString(StandardCharsets.ISO_8859_1).strip();
            int length = -1;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            // the answer may keep the connection open: read what it announces, not until the socket closes
            String rest = new String(length >= 0 ? in.readNBytes(length) : in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(headers.substring(9, 12));
            String type = "";
            boolean chunked = false;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) type = line.substring(13).strip();
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            if (chunked) {
                StringBuilder sb = new StringBuilder();
                int i = 0;
                while (true) {
                    int eol = rest.indexOf("\r\n", i);
                    int size = Integer.parseInt(rest.substring(i, eol).strip(), 16);
                    if (size == 0) break;
                    sb.append(rest, eol + 2, eol + 2 + size);
                    i = eol + 2 + size + 2;
                }
                rest = sb.toString();
            }
            return new Answer(status, type, rest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything the tested company and the other company have: a bad request must leave all of it as it was. */
    private static List<Long> snapshot() {
        try (PreparedStatement ps = db.prepareStatement("SELECT "
                + "(SELECT count(*) FROM rowan.change_log WHERE company_id IN (?, ?)), "
                + "(SELECT coalesce(max(seq), 0) FROM rowan.change_log WHERE company_id IN (?, ?)), "
                + "(SELECT count(*) FROM rowan.audit_log WHERE company_id IN (?, ?)), "
                + "(SELECT count(*) FROM rowan.apps WHERE company_id IN (?, ?)), "
                + "(SELECT count(*) FROM rowan.folders WHERE company_id IN (?, ?)), "
                + "(SELECT coalesce(sum(version), 0) + count(*) FROM rowan.tables WHERE company_id IN (?, ?)), "
                + "(SELECT count(*) FROM rowan.fields f JOIN rowan.tables t ON t.id = f.table_id "
                + "   WHERE t.company_id IN (?, ?) AND f.hidden_at IS NULL), "
                + "(SELECT count(*) FROM rowan.memberships WHERE company_id IN (?, ?)), "
                + "(SELECT count(*) FROM rowan.users)")) {
            for (int i = 0; i < 8; i++) {
                ps.setObject(2 * i + 1, api.companyId);
                ps.setObject(2 * i + 2, other.companyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<Long> out = new ArrayList<>();
                for (int i = 1; i <= 9; i++) out.add(rs.getLong(i));
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A variant: what it sends and, optionally, what the answer must also say (the reason it was refused). */
    record Variant(String label, String method, String pathAndQuery, String contentType, byte[] body,
                   String mustMention, boolean perRowOk) {
    }

    private static DynamicTest test(Operation op, Variant v) {
        generated++;
        return DynamicTest.dynamicTest(op.name() + " | " + v.label(), () -> {
            List<Long> before = snapshot();
            Answer a = send(v.method(), v.pathAndQuery(), v.contentType(), v.body());
            String where = v.label() + ": " + v.method() + " " + v.pathAndQuery().substring(0, Math.min(150, v.pathAndQuery().length()))
                    + " -> " + a.status() + " " + a.body().substring(0, Math.min(400, a.body().length()));
            if (v.perRowOk() && a.status() == 200) {
                // a bulk insert refuses a bad row in its per-row results; nothing goes in
                assertThat(a.body()).as(where).contains("\"created\":0").contains("\"failed\":1");
                if (v.mustMention() != null) assertThat(a.body()).as(where).containsIgnoringCase(v.mustMention());
            } else {
                assertThat(a.status()).as(where).isBetween(400, 499);
                assertThat(a.contentType()).as(where).startsWith("application/problem+json");
                assertThat(a.body()).as(where).contains("\"status\":" + a.status()).contains("\"detail\"");
                if (v.mustMention() != null) {
                    assertThat(a.body()).as(where).containsIgnoringCase(v.mustMention());
                }
            }
            assertThat(INTERNAL.matcher(a.body()).find()).as("internal detail in " + where).isFalse();
            assertThat(snapshot()).as("nothing changed after " + where).isEqualTo(before);
        });
    }

    // ---------------------------------------------------------------- generated cases

    @TestFactory
    Stream<DynamicTest> everyRouteRefusesEveryClassOfHostileInput() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation op : operations()) {
            for (Variant v : variants(op)) tests.add(test(op, v));
        }
        assertThat(tests).as("generated cases").hasSizeGreaterThan(1000);
        return tests.stream();
    }

    private static List<Variant> variants(Operation op) {
        List<Variant> out = new ArrayList<>();
        String path = fill(op, ids);
        String m = op.method();
        boolean bulk = op.template().endsWith("/records/bulk");
        // a URL longer than the server reads: Helidon's own 414, which must be a problem too
        out.add(new Variant("URL of 20,000 characters", m, path + "?x=" + "a".repeat(20_000), null, null, null, false));
        pathVariants(op, out);
        queryVariants(op, path, out);
        if (op.hasBody()) bodyVariants(op, path, bulk, out);
        return out;
    }

    /** Hostile ids in each path parameter: not ids, NUL, bad UTF-8, very long, and real ids of another company. */
    private static void pathVariants(Operation op, List<Variant> out) {
        if (!op.template().contains("{")) return;
        if (op.template().equals("/api/auth/logout")) return;
        String bodyText = op.hasBody() ? "{}" : null;
        for (String bad : List.of("not-an-id", "%00", "00000000-0000-0000-0000-00000000000%00", "%ED%A0%80",
                "%C0%AF", "x".repeat(300), "'%20OR%201=1%20--", UUID.randomUUID().toString(), "..%2F..%2Fetc",
                "%ZZ", "%", "%u0000")) {
            Map<String, String> hostile = new LinkedHashMap<>();
            ids.keySet().forEach(k -> hostile.put(k, bad));
            out.add(new Variant("path ids " + shorten(bad), op.method(), fill(op, hostile), "application/json",
                    bytes(bodyText), null, false));
        }
        // another company's real ids must look like any unknown id
        out.add(new Variant("path ids of another company", op.method(), fill(op, foreign), "application/json",
                bytes(op.hasBody() ? seedText(op) : null), null, false));
    }

    @SuppressWarnings("unchecked")
    private static void queryVariants(Operation op, String path, List<Variant> out) {
        for (Map<String, Object> p : op.params()) {
            if (!"query".equals(p.get("in"))) continue;
            String name = (String) p.get("name");
            String type = p.get("schema") instanceof Map<?, ?> s ? String.valueOf(((Map<String, Object>) s).get("type"))
                    : "string";
            List<String> values = new ArrayList<>(List.of("%00", "a%00b", "%ED%A0%80", "%C0%AF", "%FF", "%F4%90%80%80",
                    "%E2%82", "%ZZ", "%", "%E", "a%2"));
            switch (type) {
                case "integer", "number" -> values.addAll(List.of("99999999999999999999", "-1", "1e200000", "NaN",
                        "1.5", "0x10", "%2B%E2%88%9E"));
                case "boolean" -> values.addAll(List.of("maybe", "2", "yes%00", "tru"));
                default -> values.addAll(stringQueryValues(name));
            }
            String body = op.hasBody() ? seedText(op) : null;
            for (String v : values) {
                out.add(new Variant("query " + name + "=" + shorten(v), op.method(), path + "?" + name + "=" + v,
                        body == null ? null : "application/json", bytes(body), null, false));
            }
        }
    }

    private static List<String> stringQueryValues(String name) {
        return switch (name) {
            case "filter" -> List.of(
                    q("{\"field\":\"Text\",\"operator\":\"eq\",\"value\":\"a\\u0000b\"}"),
                    q("{\"field\":\"Text\",\"operator\":\"eq\",\"value\":\"\\ud800\"}"),
                    q("{\"field\":\"Date\",\"operator\":\"gt\",\"value\":\"+294277-01-01\"}"),
                    q("{\"field\":\"When\",\"operator\":\"lt\",\"value\":\"+5874898-01-01T00:00:00Z\"}"),
                    q("{\"field\":\"Date\",\"operator\":\"between\",\"value\":[\"0000-01-01\",\"2026-01-01\"]}"),
                    q("{\"field\":\"Number\",\"operator\":\"eq\",\"value\":1e200000}"),
                    q("{\"field\":\"Number\",\"operator\":\"in\",\"value\":[1,2,1e999999999]}"),
                    q("{\"field\":\"Text\",\"operator\":\"eq\",\"value\":\"a\",\"field\":\"Number\"}"),
                    q("{\"field\":\"Te\\u0000xt\",\"operator\":\"eq\",\"value\":1}"),
                    q(inLists(11, 1000)),
                    q("{\"field\":\"Number\",\"operator\":\"eq\",\"value\":NaN}"),
                    q("{\"field\":\"Number\",\"operator\":\"eq\",\"value\":1} trailing"));
            case "sort" -> List.of(q("[{\"field\":\"Te\\u0000xt\"}]"), q("[{\"field\":\"Text\",\"field\":\"Date\"}]"),
                    "Text%00", q("[" + "[".repeat(100)));
            case "cursor" -> List.of("1e200000", cursor("Number+", "1e200000"), cursor("Number+", "-1e18"),
                    cursor("Date+", "+294277-01-01"), cursor("Date+", "0000-12-31"), cursor("When+",
                            "+294277-01-01T00:00Z"), cursor("Text+", "a\\u0000"), cursor("Number+", "NaN"),
                    "x".repeat(9_000));
            // free text (a view's search): any text is a term; too long is refused
            case "search" -> List.of("x".repeat(3_000) + "%00", "x".repeat(201));
            default -> List.of("x".repeat(3_000) + "%00", "%5B%7B%22%5Cu0000%22");
        };
    }

    /** A keyset cursor (as the server makes them) for an ascending sort on a fixture field, holding {@code value}. */
    private static String cursor(String signatureOfName, String value) {
        String name = signatureOfName.substring(0, signatureOfName.length() - 1);
        String json = "{\"s\":\"" + fieldIdOf(name) + "+\",\"v\":[\"" + value + "\"],\"id\":\"" + UUID.randomUUID()
                + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8))
                + "&sort=" + name;
    }

    @SuppressWarnings("unchecked")
    private static String fieldIdOf(String fieldName) {
        Map<String, Object> table = api.get("/api/tables/" + ids.get("table")).map();
        return ((List<Map<String, Object>>) table.get("fields")).stream()
                .filter(f -> fieldName.equals(f.get("name"))).findFirst().map(f -> (String) f.get("id")).orElseThrow();
    }

    private static String inLists(int lists, int each) {
        StringBuilder sb = new StringBuilder("{\"operator\":\"or\",\"conditions\":[");
        for (int l = 0; l < lists; l++) {
            if (l > 0) sb.append(',');
            sb.append("{\"field\":\"Number\",\"operator\":\"in\",\"value\":[");
            for (int i = 0; i < each; i++) sb.append(i > 0 ? "," : "").append(i);
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    private static void bodyVariants(Operation op, String path, boolean bulk, List<Variant> out) {
        String m = op.method();
        String seed = seedText(op);
        // media type
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "text/json",
                "application/json; charset=iso-8859-1", "application/xml", "multipart/form-data; boundary=x")) {
            out.add(new Variant("Content-Type " + type, m, path, type, bytes(seed), "send", false));
        }
        out.add(new Variant("no Content-Type", m, path, null, bytes(seed), "Content-Type", false));
        // bytes that are not UTF-8, inside a string of an otherwise fine body
        Map<String, byte[]> broken = new LinkedHashMap<>();
        broken.put("C3 28 (bad continuation)", new byte[] {(byte) 0xC3, 0x28});
        broken.put("ED A0 80 (encoded surrogate)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        broken.put("C0 AF (overlong /)", new byte[] {(byte) 0xC0, (byte) 0xAF});
        broken.put("E0 80 AF (overlong)", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF});
        broken.put("F4 90 80 80 (above U+10FFFF)", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        broken.put("FF", new byte[] {(byte) 0xFF});
        broken.put("lone continuation 80", new byte[] {(byte) 0x80});
        broken.put("cut-off E2 82", new byte[] {(byte) 0xE2, (byte) 0x82});
        broken.forEach((label, b) -> out.add(new Variant("invalid UTF-8 " + label, m, path, "application/json",
                inject(seed, b), "UTF-8", false)));
        out.add(new Variant("invalid UTF-8 at the very end", m, path, "application/json",
                concat(bytes(seed), new byte[] {(byte) 0xE2, (byte) 0x82}), "UTF-8", false));
        // malformed JSON (the bulk route reads its list as a stream and says what it expected instead)
        String json = bulk ? null : "JSON";
        out.add(new Variant("trailing garbage", m, path, "application/json", bytes(seed + " trailing"), json, false));
        out.add(new Variant("trailing second value", m, path, "application/json", bytes(seed + " " + seed), json,
                false));
        out.add(new Variant("trailing bracket", m, path, "application/json", bytes(seed + "]"), json, false));
        out.add(new Variant("duplicate top-level key", m, path, "application/json",
                bytes(duplicateKey(seed)), bulk ? null : "twice", false));
        out.add(new Variant("duplicate nested key", m, path, "application/json",
                bytes("{\"x\":{\"k\":1,\"k\":2}}"), bulk ? null : "twice", false));
        out.add(new Variant("nested 200 deep", m, path, "application/json",
                bytes("[".repeat(200) + "]".repeat(200)), null, false));
        out.add(new Variant("nested objects 100 deep", m, path, "application/json",
                bytes("{\"a\":".repeat(100) + "1" + "}".repeat(100)), null, false));
        out.add(new Variant("NaN", m, path, "application/json", bytes("{\"n\":NaN}"), json, false));
        out.add(new Variant("Infinity", m, path, "application/json", bytes("{\"n\":-Infinity}"), json, false));
        out.add(new Variant("number of 2,000 digits", m, path, "application/json",
                bytes("{\"n\":" + "9".repeat(2_000) + "}"), null, false));
        out.add(new Variant("single quotes", m, path, "application/json", bytes("{'name':'x'}"), json, false));
        out.add(new Variant("comment", m, path, "application/json", bytes("/* c */ " + seed), json, false));
        out.add(new Variant("raw control character in a string", m, path, "application/json",
                bytes("{\"name\":\"a\u0001b\"}"), null, false));
        // NUL and unpaired surrogates in every string value and every key a valid body has
        Object tree = seed(op.bodySchema(), 0);
        for (List<Object> at : stringPaths(tree, new ArrayList<>())) {
            String label = at.toString();
            out.add(new Variant("NUL in " + label, m, path, "application/json",
                    bytes(replaceAt(tree, at, s -> s + "\\u0000x")), "NUL", bulk));
            out.add(new Variant("lone surrogate in " + label, m, path, "application/json",
                    bytes(replaceAt(tree, at, s -> "\\ud800" + s)), "surrogate", bulk));
            out.add(new Variant("reversed surrogates in " + label, m, path, "application/json",
                    bytes(replaceAt(tree, at, s -> "\\udc00\\ud800")), "surrogate", bulk));
        }
        for (List<Object> at : keyPaths(tree, new ArrayList<>())) {
            out.add(new Variant("NUL in the key " + at, m, path, "application/json",
                    bytes(renameKeyAt(tree, at, k -> k + "\\u0000")), bulk ? null : "NUL", bulk));
        }
        // numbers no database holds, in every number a valid body has
        for (List<Object> at : numberPaths(tree, new ArrayList<>())) {
            for (String n : List.of("1e200000", "-1e400", "123456789012345678901234567890", "1e-99999")) {
                out.add(new Variant("number " + n + " at " + at, m, path, "application/json",
                        bytes(replaceNumberAt(tree, at, n)), null, bulk));
            }
        }
    }

    // ---------------------------------------------------------------- bodies from schemas

    /** The JSON text of a body shaped by the operation's schema (not necessarily accepted: refusals come first). */
    private static String seedText(Operation op) {
        return write(seed(op.bodySchema(), 0));
    }

    @SuppressWarnings("unchecked")
    private static Object seed(Map<String, Object> schema, int depth) {
        if (schema == null) return Map.of("name", "x");
        if (schema.get("oneOf") instanceof List<?> l) return seed((Map<String, Object>) l.getFirst(), depth);
        Object type = schema.get("type");
        if (type instanceof List<?> types) type = types.getFirst();
        if (schema.get("enum") instanceof List<?> e) return e.getFirst();
        String t = type == null ? "object" : type.toString();
        return switch (t) {
            case "string" -> "uuid".equals(schema.get("format")) ? UUID.randomUUID().toString() : "text";
            case "integer" -> 1;
            case "number" -> 2.5;
            case "boolean" -> true;
            case "array" -> depth > 3 ? List.of() : List.of(seed((Map<String, Object>) schema.getOrDefault("items",
                    Map.of("type", "string")), depth + 1));
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (schema.get("properties") instanceof Map<?, ?> props && depth <= 3) {
                    ((Map<String, Object>) props).forEach((k, v) -> m.put(k, seed((Map<String, Object>) v, depth + 1)));
                } else {
                    m.put("key", "value");
                }
                yield m;
            }
        };
    }

    private static List<List<Object>> stringPaths(Object node, List<Object> at) {
        List<List<Object>> out = new ArrayList<>();
        if (node instanceof String) out.add(List.copyOf(at));
        forChildren(node, at, (child, path) -> out.addAll(stringPaths(child, path)));
        return out;
    }

    private static List<List<Object>> numberPaths(Object node, List<Object> at) {
        List<List<Object>> out = new ArrayList<>();
        if (node instanceof Number) out.add(List.copyOf(at));
        forChildren(node, at, (child, path) -> out.addAll(numberPaths(child, path)));
        return out;
    }

    private static List<List<Object>> keyPaths(Object node, List<Object> at) {
        List<List<Object>> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                List<Object> p = new ArrayList<>(at);
                p.add(k);
                out.add(p);
            }
        }
        forChildren(node, at, (child, path) -> out.addAll(keyPaths(child, path)));
        return out;
    }

    private interface Visitor {
        void visit(Object child, List<Object> path);
    }

    private static void forChildren(Object node, List<Object> at, Visitor v) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, child) -> {
                List<Object> p = new ArrayList<>(at);
                p.add(k);
                v.visit(child, p);
            });
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                List<Object> p = new ArrayList<>(at);
                p.add(i);
                v.visit(l.get(i), p);
            }
        }
    }

    /** JSON text with the string at {@code at} replaced by raw JSON string content (escapes kept as written). */
    private static String replaceAt(Object tree, List<Object> at, Function<String, String> change) {
        return writeWith(tree, new ArrayList<>(), at, change, null, null);
    }

    private static String replaceNumberAt(Object tree, List<Object> at, String number) {
        return writeWith(tree, new ArrayList<>(), at, null, number, null);
    }

    private static String renameKeyAt(Object tree, List<Object> at, Function<String, String> change) {
        return writeWith(tree, new ArrayList<>(), at, null, null, change);
    }

    private static String writeWith(Object node, List<Object> here, List<Object> target,
                                    Function<String, String> stringChange, String number,
                                    Function<String, String> keyChange) {
        boolean hit = here.equals(target);
        if (node instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                List<Object> p = new ArrayList<>(here);
                p.add(e.getKey());
                String key = String.valueOf(e.getKey());
                if (keyChange != null && p.equals(target)) key = keyChange.apply(key);
                sb.append('"').append(key).append("\":")
                        .append(writeWith(e.getValue(), p, target, stringChange, number, keyChange));
            }
            return sb.append('}').toString();
        }
        if (node instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(',');
                List<Object> p = new ArrayList<>(here);
                p.add(i);
                sb.append(writeWith(l.get(i), p, target, stringChange, number, keyChange));
            }
            return sb.append(']').toString();
        }
        if (hit && stringChange != null && node instanceof String s) return "\"" + stringChange.apply(s) + "\"";
        if (hit && number != null) return number;
        return write(node);
    }

    private static String write(Object node) {
        try {
            return ApiClient.JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String duplicateKey(String seedJson) {
        // {"a": ...} -> {"a": ..., "a": ...}: the first key once more, with the same value
        if (seedJson.startsWith("{\"")) {
            int colon = seedJson.indexOf("\":");
            String key = seedJson.substring(1, colon + 1);
            return "{" + key + ":1," + seedJson.substring(1);
        }
        return "{\"k\":1,\"k\":2}";
    }

    /** The seed with {@code raw} bytes placed inside its first string value (or as a new string property). */
    private static byte[] inject(String seedJson, byte[] raw) {
        int q = seedJson.indexOf(":\"");
        if (q < 0) return concat(bytes("{\"name\":\"a"), raw, bytes("b\"}"));
        return concat(bytes(seedJson.substring(0, q + 2)), raw, bytes(seedJson.substring(q + 2)));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String q(String s) {
        return ApiClient.q(s);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
