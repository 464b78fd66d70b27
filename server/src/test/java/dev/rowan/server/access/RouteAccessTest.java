package dev.rowan.server.access;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Members;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access on every route that names a table, enumerated from the OpenAPI document so a new route is covered the day
 * it is documented (and OpenApiTest keeps the document equal to the routes): a member without access gets 404 as if
 * the table did not exist, a read grant gets 403 on every write. Operations marked {@code x-access: read} are reads
 * sent with POST.
 */
class RouteAccessTest {
    /** Path parameters that name a table or something inside one. */
    private static final Set<String> TABLE_PARAMS = Set.of("tableId", "fieldId", "recordId", "viewId");
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    private static ApiClient owner;
    private static ApiClient outsider;
    private static ApiClient reader;
    private static Map<String, String> ids;

    @BeforeAll
    static void fixture() {
        owner = TestServer.newTenant();
        outsider = Members.add(owner, "outsider", "member");
        reader = Members.add(owner, "reader", "member");
        String app = owner.createApp("Routes");
        var t = owner.createTable(app, "Secret", List.of(Map.of("name", "X", "type", "text"),
                Map.of("name", "Y", "type", "number")));
        String table = (String) t.get("id");
        var rec = owner.post("/api/tables/" + table + "/records", Map.of("fields", Map.of("X", "x", "Y", 1)));
        assertThat(rec.status()).isEqualTo(201);
        Members.setAccess(owner, table, true, Map.of(reader, "read"));
        String view = String.valueOf(owner.get("/api/tables/" + table + "/views").data().getFirst().get("id"));
        ids = Map.of("id", table, "tableId", table, "fieldId", ApiClient.fieldId(t, "Y"), "recordId", rec.id(),
                "viewId", view);
    }

    private record Route(String method, String path, boolean read) {
    }

    @SuppressWarnings("unchecked")
    private static List<Route> tableRoutes() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = RouteAccessTest.class.getResourceAsStream("/openapi.yaml")) {
            doc = new Yaml().load(in);
        }
        List<Route> out = new ArrayList<>();
        for (var e : ((Map<String, Map<String, Object>>) doc.get("paths")).entrySet()) {
            String path = e.getKey();
            boolean names = path.startsWith("/api/tables/") || path.startsWith("/api/views/");
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                if (TABLE_PARAMS.contains(m.group(1))) {
                    assertThat(names).as("%s names a table outside /api/tables and /api/views: cover it here", path).isTrue();
                }
            }
            if (!names) continue;
            for (var op : e.getValue().entrySet()) {
                if (op.getKey().equals("parameters")) continue;
                Map<String, Object> spec = (Map<String, Object>) op.getValue();
                boolean read = op.getKey().equals("get") || "read".equals(spec.get("x-access"));
                out.add(new Route(op.getKey().toUpperCase(), path, read));
            }
        }
        return out;
    }

    private static String url(String path) {
        Matcher m = PARAM.matcher(path);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, ids.get(m.group(1)));
        m.appendTail(sb);
        return sb.toString();
    }

    private static ApiClient.Response call(ApiClient c, Route r) {
        String body = r.method().equals("GET") || r.method().equals("DELETE") ? null : "{}";
        return c.send(r.method(), url(r.path()), body);
    }

    @Test
    void theDocumentHasTheTableRoutesWeKnowOf() throws Exception {
        List<Route> routes = tableRoutes();
        assertThat(routes.size()).isGreaterThanOrEqualTo(20);
        assertThat(routes).anyMatch(r -> r.path().endsWith("/records/query") && r.read());
        assertThat(routes).anyMatch(r -> r.path().endsWith("/records/bulk") && !r.read());
    }

    @TestFactory
    List<DynamicTest> aMemberWithoutAccessGets404AsForATableThatDoesNotExist() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Route r : tableRoutes()) {
            tests.add(DynamicTest.dynamicTest(r.method() + " " + r.path(), () -> {
                ApiClient.Response a = call(outsider, r);
                assertThat(a.status()).as(a.body()).isEqualTo(404);
                assertThat(a.isProblem()).isTrue();
                assertThat(a.body()).doesNotContain("Secret");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> aReadGrantReadsButEveryWriteIs403() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        String before = owner.get("/api/tables/" + ids.get("id") + "?includeRemoved=true").body()
                + owner.get("/api/tables/" + ids.get("id") + "/records").body();
        for (Route r : tableRoutes()) {
            tests.add(DynamicTest.dynamicTest(r.method() + " " + r.path(), () -> {
                ApiClient.Response a = call(reader, r);
                if (r.read()) {
                    // seen: answered (some reads are for admins only, which is 403, never 404)
                    assertThat(a.status()).as(a.body()).isNotEqualTo(404).isIn(200, 403, 422, 400);
                } else {
                    assertThat(a.status()).as(a.body()).isEqualTo(403);
                    assertThat(a.isProblem()).isTrue();
                }
                String after = owner.get("/api/tables/" + ids.get("id") + "?includeRemoved=true").body()
                        + owner.get("/api/tables/" + ids.get("id") + "/records").body();
                assertThat(after).isEqualTo(before);
            }));
        }
        return tests;
    }

    @Test
    void anUnknownTableAnswersTheSameAsAnInvisibleOne() {
        Map<String, String> known = new LinkedHashMap<>(ids);
        var invisible = outsider.get("/api/tables/" + known.get("id"));
        var unknown = outsider.get("/api/tables/" + UUID.randomUUID());
        assertThat(invisible.status()).isEqualTo(unknown.status());
        assertThat(invisible.get("title")).isEqualTo(unknown.get("title"));
        assertThat(invisible.get("type")).isEqualTo(unknown.get("type"));
    }
}
