package dev.rowan.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for the Rowan API, as a test would use it from outside. */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private String token;
    public UUID companyId;

    public ApiClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public String token() {
        return token;
    }

    public void token(String t) {
        this.token = t;
    }

    /** A response: status, content type, raw body and the body parsed as JSON (Map, List or null). */
    public record Response(int status, String contentType, String body, Object json) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return (Map<String, Object>) json;
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> data() {
            return (List<Map<String, Object>>) map().get("data");
        }

        public Object get(String key) {
            return map().get(key);
        }

        public String id() {
            return String.valueOf(map().get("id"));
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }

    public Response login(String email, String password) {
        Response r = post("/api/auth/login", Map.of("email", email, "password", password));
        if (r.status() == 200) token = (String) r.get("token");
        return r;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, Object body) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            return raw(method, path, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response raw(String method, String path, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            Object json = null;
            if (!r.body().isEmpty() && ct.contains("json")) json = JSON.readValue(r.body(), Object.class);
            return new Response(r.statusCode(), ct, r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------ conveniences for building fixtures

    public String createApp(String name) {
        Response r = post("/api/apps", Map.of("name", name));
        if (r.status() != 201) throw new AssertionError("app not created: " + r.body());
        return r.id();
    }

    public Map<String, Object> createTable(String appId, String name, List<Map<String, Object>> fields) {
        Response r = post("/api/apps/" + appId + "/tables", Map.of("name", name, "fields", fields));
        if (r.status() != 201) throw new AssertionError("table not created: " + r.body());
        return r.map();
    }

    @SuppressWarnings("unchecked")
    public static String fieldId(Map<String, Object> table, String name) {
        return ((List<Map<String, Object>>) table.get("fields")).stream().filter(f -> name.equals(f.get("name")))
                .findFirst().map(f -> (String) f.get("id")).orElseThrow();
    }
}
