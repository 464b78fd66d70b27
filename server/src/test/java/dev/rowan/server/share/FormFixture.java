package dev.rowan.server.share;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table with a shared form for the public-form tests: Name (required by the form, with help), Email, Age (whole
 * numbers), Plan (single select), Topics (multiple select), and Internal, which is not on the form. The form's help
 * success message and a section heading (above Plan) are written into the stored config the way the desktop's extended FormConfig stores them.
 */
final class FormFixture {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String SUCCESS = "Thanks, we will be in touch!";
    static final String HELP = "First and last name, as on your badge";
    static final String SECTION = "Your plan & <interests>";

    final ApiClient owner;
    final String table;
    final String view;
    final Map<String, Object> def;
    String token;

    FormFixture(String label) {
        owner = TestServer.newTenant();
        String app = owner.createApp("Forms " + label);
        def = owner.createTable(app, "Signups", List.of(Map.of("name", "Name", "type", "text"),
                Map.of("name", "Email", "type", "email"),
                Map.of("name", "Age", "type", "number", "precision", 0),
                Map.of("name", "Plan", "type", "single_select", "options", List.of("Basic", "Pro")),
                Map.of("name", "Topics", "type", "multiple_select", "options", List.of("Java", "SQL", "UX")),
                Map.of("name", "Internal", "type", "text")));
        table = (String) def.get("id");
        view = UUID.randomUUID().toString();
        var put = owner.put("/api/tables/" + table + "/views/" + view, Map.of("name", "Sign up <now>",
                "type", "form", "config", Map.of("fields", List.of(
                        Map.of("fieldId", id("Name"), "label", "Your name", "required", true),
                        Map.of("fieldId", id("Email"), "required", false),
                        Map.of("fieldId", id("Age"), "required", false),
                        Map.of("fieldId", id("Plan"), "required", false),
                        Map.of("fieldId", id("Topics"), "required", false)), "layout", "single-column")));
        assertThat(put.status()).as(put.body()).isBetween(200, 201);
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(
                "UPDATE rowan.views SET config = jsonb_set(jsonb_set(jsonb_set(config, '{successMessage}', "
                        + "to_jsonb(?::text)), '{fields,0,help}', to_jsonb(?::text)), '{fields,3,section}', "
                        + "to_jsonb(?::text)) WHERE id = ?::uuid")) {
            ps.setString(1, SUCCESS);
            ps.setString(2, HELP);
            ps.setString(3, SECTION);
            ps.setString(4, view);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        token = enable();
    }

    String id(String field) {
        return ApiClient.fieldId(def, field);
    }

    String input(String field) {
        return "f-" + id(field);
    }

    String enable() {
        var r = owner.post("/api/views/" + view + "/form-link", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String t = (String) r.get("token");
        assertThat((String) r.get("url")).isEqualTo("/forms/" + t);
        token = t;
        return t;
    }

    String url() {
        return TestServer.baseUrl() + "/forms/" + token;
    }

    List<Map<String, Object>> records() {
        return owner.get("/api/tables/" + table + "/records").data();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form-encoded body; a key may repeat (multiple select). */
    static String form(List<Map.Entry<String, String>> pairs) {
        return pairs.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
