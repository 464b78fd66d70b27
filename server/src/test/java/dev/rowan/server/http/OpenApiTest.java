package dev.rowan.server.http;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document and the real routes describe the same API, in both directions. */
class OpenApiTest {
    private static final Pattern ROUTE = Pattern.compile("\\.(get|post|put|patch|delete)\\(\"(/[^\"]*)\"");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @SuppressWarnings("unchecked")
    private static Set<String> documented() {
        ApiClient api = new ApiClient(TestServer.baseUrl());
        var r = api.get("/openapi");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/yaml");
        Map<String, Object> doc = new Yaml().load(r.body());
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        Set<String> out = new TreeSet<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, ops) -> ops.keySet().stream()
                .filter(METHODS::contains).forEach(m -> out.add(m.toUpperCase() + " " + normalize(path))));
        return out;
    }

    private static String normalize(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    @Test
    void everyRouteInTheCodeIsDocumented() throws IOException {
        Set<String> documented = documented();
        Set<String> routes = new TreeSet<>();
        Path src = Path.of("src/main/java/dev/rowan/server");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Service.java")).toList()) {
                String code = Files.readString(f);
                String prefix = switch (f.getFileName().toString()) {
                    case "SystemService.java" -> "";
                    case "AuthService.java" -> "/api/auth";
                    case "PublicFormService.java" -> "/forms"; // the shared form's public page, outside /api
                    case "AccountPagesService.java" -> ""; // the pages links in account mails open, outside /api
                    default -> "/api";
                };
                Matcher m = ROUTE.matcher(code);
                while (m.find()) routes.add(m.group(1).toUpperCase() + " " + normalize(prefix + m.group(2)));
            }
        }
        assertThat(routes).hasSizeGreaterThan(30);
        assertThat(documented).containsAll(routes);
    }

    @Test
    void everyDocumentedRouteExists() {
        ApiClient api = TestServer.newTenant();
        Set<String> routes = new TreeSet<>(documented());
        // signing out last, so every other route is probed with a live token
        assertThat(routes.remove("POST /api/auth/logout")).isTrue();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{}", "00000000-0000-4000-8000-000000000000");
            var r = api.send(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}");
            // an unknown route answers "No route ..."; a real one answers anything else (404 for the dummy id is fine)
            assertThat(r.body()).as(route).doesNotContain("No route");
            assertThat(r.status()).as(route).isNotEqualTo(401);
        }
        assertThat(api.post("/api/auth/logout", null).status()).isEqualTo(204);
    }
}
