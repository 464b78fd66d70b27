package dev.rowan.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Raw HTTP for tests that look at headers (ApiClient keeps to status and body). */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /** An answer with its headers; {@code json} is the body parsed when it is JSON. */
    public record Answer(int status, HttpHeaders headers, String body, Object json) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return (Map<String, Object>) json;
        }
    }

    /** {@code headers} alternate names and values. */
    public static Answer send(String base, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            Object json = !r.body().isEmpty() && ct.contains("json") ? ApiClient.JSON.readValue(r.body(), Object.class)
                    : null;
            return new Answer(r.statusCode(), r.headers(), r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A sign-in as from the client address {@code ip} (the test server trusts 127.0.0.1 as its proxy). */
    public static Answer login(String base, String email, String password, String ip) {
        try {
            String body = ApiClient.JSON.writeValueAsString(Map.of("email", email, "password", password));
            return ip == null ? send(base, "POST", "/api/auth/login", body)
                    : send(base, "POST", "/api/auth/login", body, "X-Forwarded-For", ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
