package dev.rowan.server.http;

import dev.rowan.server.db.Database;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Unauthenticated system routes: {@code /health} and the OpenAPI document at {@code /openapi}. */
public final class SystemService implements HttpService {
    private final Database db;
    private final byte[] openapi;

    public SystemService(Database db) {
        this.db = db;
        try (InputStream in = SystemService.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is missing from the build");
            this.openapi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health)
                .get("/openapi", this::openapi);
    }

    private void health(ServerRequest req, ServerResponse res) {
        boolean up = db.healthy();
        Json.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                Map.of("status", up ? "UP" : "DOWN", "database", up ? "UP" : "DOWN"));
    }

    private void openapi(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
        res.send(openapi);
    }
}
