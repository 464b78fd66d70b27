package dev.rowan.desktop.sync;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server's sync API over HTTP (JSON in, JSON out) and its live WebSocket. Network trouble is an
 * {@link IOException} (the engine goes offline and retries); an answer with an error status is an {@link ApiError}
 * carrying the problem+json detail.
 */
public final class ServerApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private volatile @Nullable String token;

    /**
     * An error answer: {@code status}, the problem's {@code title}/{@code detail} and its field-level {@code errors}
     * (422), if any.
     */
    public static class ApiError extends Exception {
        private final int status;
        private final List<FieldError> errors;

        ApiError(int status, String message) {
            this(status, message, List.of());
        }

        ApiError(int status, String message, List<FieldError> errors) {
            super(message);
            this.status = status;
            this.errors = List.copyOf(errors);
        }

        public int status() {
            return status;
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** How the server names this device in the user's session list. */
    private static final String USER_AGENT = "Rowan-Desktop (" + System.getProperty("os.name", "") + ")";

    public ServerApi(String url, @Nullable String token) {
        this.base = normalize(url);
        this.token = token;
    }

    /** "localhost:8080" and "http://host:8080/" both become "http://host:8080". */
    static URI normalize(String url) {
        String u = url.strip();
        if (u.isEmpty()) throw new IllegalArgumentException("Enter the server's address, e.g. http://rowan.example.com:8080");
        if (!u.contains("://")) u = "http://" + u;
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        URI uri = URI.create(u);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("The server address must be http:// or https:// and name a host");
        }
        return uri;
    }

    public String url() {
        return base.toString();
    }

    public void token(@Nullable String t) {
        token = t;
    }

    public Map<String, @Nullable Object> login(String email, String password, @Nullable String companyId)
            throws IOException, ApiError {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        if (companyId != null) body.put("companyId", companyId);
        return post("/api/auth/login", JsonText.write(body));
    }

    /** Completes a sign-in that answered {@code mfa_required} with the authenticator's code or a backup code. */
    public Map<String, @Nullable Object> verifyMfa(String challenge, String code) throws IOException, ApiError {
        return post("/api/auth/mfa/verify", JsonText.write(Map.of("challenge", challenge, "code", code)));
    }

    /** Starts setting up an authenticator with a sign-in's enrolment-only token (secret, URI, QR code). */
    public Map<String, @Nullable Object> startEnrolment(String challenge) throws IOException, ApiError {
        return post("/api/auth/mfa/enrol", JsonText.write(Map.of("challenge", challenge)));
    }

    /** Confirms the new authenticator with its first code; the answer is a sign-in's plus {@code backupCodes}. */
    public Map<String, @Nullable Object> confirmEnrolment(String challenge, String code) throws IOException, ApiError {
        return post("/api/auth/mfa/enrol/confirm", JsonText.write(Map.of("challenge", challenge, "code", code)));
    }

    /** A session for another of the signed-in user's companies (no password). */
    public Map<String, @Nullable Object> switchCompany(String companyId) throws IOException, ApiError {
        return post("/api/companies/" + java.net.URLEncoder.encode(companyId, StandardCharsets.UTF_8) + "/switch", "{}");
    }

    /**
     * A pull page. It is read whole and parsed by {@link JsonText}, like every other answer: a Jackson stream parser
     * was measured faster per page (1.07 against 1.49 ms for 1,000 records, {@code JsonBenchmark}) but that is
     * 0.04 s of a 4–5 s first sync of 100,000 rows, so the desktop keeps one JSON reader, the one with Rowan's text
     * rules (no NUL, no unpaired surrogate, no repeated key).
     */
    public Map<String, @Nullable Object> pull(Map<String, @Nullable Object> body) throws IOException, ApiError {
        return post("/api/sync/pull", JsonText.write(body));
    }

    /** {@code mutationsJson} is the JSON array of mutations, written by the caller (payloads are JSON already). */
    public Map<String, @Nullable Object> push(String clientId, String mutationsJson) throws IOException, ApiError {
        return post("/api/sync/push", "{\"clientId\":" + JsonText.write(clientId) + ",\"mutations\":" + mutationsJson + "}");
    }

    /**
     * Uploads a file's bytes (streamed from disk) as file {@code fileId} of {@code tableId}; the server answers a
     * repeated upload of the same id with the stored file, so a retry after a lost answer is harmless.
     */
    public Map<String, @Nullable Object> uploadFile(UUID tableId, UUID fileId, String name, java.nio.file.Path file)
            throws IOException, ApiError {
        String path = "/api/tables/" + tableId + "/files?id=" + fileId + "&name="
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(30))
                .header("Accept", "application/json").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file));
        String t = token;
        if (t != null) b.header("Authorization", "Bearer " + t);
        HttpResponse<String> res = send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return answer(res.statusCode(), res.body());
    }

    /** Downloads file {@code fileId} into {@code target} (written to a temporary file first, then moved). */
    public void downloadFile(UUID fileId, java.nio.file.Path target) throws IOException, ApiError {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/files/" + fileId))
                .timeout(Duration.ofMinutes(30));
        String t = token;
        if (t != null) b.header("Authorization", "Bearer " + t);
        java.nio.file.Path tmp = target.resolveSibling(target.getFileName() + ".download");
        java.nio.file.Files.createDirectories(target.getParent());
        HttpResponse<java.nio.file.Path> res = send(b.build(), HttpResponse.BodyHandlers.ofFile(tmp));
        if (res.statusCode() != 200) {
            String body = java.nio.file.Files.readString(tmp, StandardCharsets.UTF_8);
            java.nio.file.Files.deleteIfExists(tmp);
            answer(res.statusCode(), body);
            throw new ApiError(res.statusCode(), "HTTP " + res.statusCode());
        }
        java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sends raw bytes of {@code contentType} (an avatar image); the answer as for JSON calls. */
    Map<String, @Nullable Object> putBytes(String path, String contentType, byte[] bytes) throws IOException, ApiError {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("User-Agent", USER_AGENT)
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        String t = token;
        if (t != null) b.header("Authorization", "Bearer " + t);
        HttpResponse<String> res = send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return answer(res.statusCode(), res.body());
    }

    /** Reads raw bytes (an image); empty for 404, other failures as for JSON calls. */
    java.util.Optional<byte[]> getBytes(String path) throws IOException, ApiError {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("User-Agent", USER_AGENT).GET();
        String t = token;
        if (t != null) b.header("Authorization", "Bearer " + t);
        HttpResponse<byte[]> res = send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() == 404) return java.util.Optional.empty();
        if (res.statusCode() != 200) {
            answer(res.statusCode(), new String(res.body(), StandardCharsets.UTF_8));
            throw new ApiError(res.statusCode(), "HTTP " + res.statusCode());
        }
        return java.util.Optional.of(res.body());
    }

    Map<String, @Nullable Object> post(String path, String json) throws IOException, ApiError {
        return exchange("POST", path, json);
    }

    Map<String, @Nullable Object> get(String path) throws IOException, ApiError {
        return exchange("GET", path, null);
    }

    Map<String, @Nullable Object> put(String path, String json) throws IOException, ApiError {
        return exchange("PUT", path, json);
    }

    Map<String, @Nullable Object> delete(String path) throws IOException, ApiError {
        return exchange("DELETE", path, null);
    }

    /** Any method (PATCH, DELETE, ...); an empty answer (204) is an empty map. */
    Map<String, @Nullable Object> call(String method, String path, @Nullable String json) throws IOException, ApiError {
        return exchange(method, path, json);
    }

    private Map<String, @Nullable Object> exchange(String method, String path, @Nullable String json)
            throws IOException, ApiError {
        HttpResponse<String> res = send(request(method, path, json),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return answer(res.statusCode(), res.body());
    }

    private HttpRequest request(String method, String path, @Nullable String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) b.header("Content-Type", "application/json");
        String t = token;
        if (t != null) b.header("Authorization", "Bearer " + t);
        return b.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private ApiError notJson(int status) {
        return new ApiError(status, "The server sent something that is not JSON (HTTP " + status + "); is " + base
                + " a Rowan server?");
    }

    @SuppressWarnings("unchecked")
    private Map<String, @Nullable Object> answer(int status, String body) throws ApiError {
        Object parsed;
        try {
            parsed = body.isEmpty() ? Map.of() : JsonText.parse(body);
        } catch (IllegalArgumentException e) {
            throw notJson(status);
        }
        if (status >= 400) {
            String msg = "HTTP " + status;
            List<FieldError> errors = new ArrayList<>();
            if (parsed instanceof Map<?, ?> m) {
                Object detail = m.get("detail") != null ? m.get("detail") : m.get("title");
                if (detail != null) msg = detail.toString();
                if (m.get("errors") instanceof List<?> l) {
                    for (Object o : l) {
                        if (o instanceof Map<?, ?> e && e.get("message") != null) {
                            errors.add(new FieldError(String.valueOf(e.get("field")), String.valueOf(e.get("message"))));
                        }
                    }
                }
            }
            throw new ApiError(status, msg, errors);
        }
        if (!(parsed instanceof Map<?, ?> m)) throw new ApiError(status, "Unexpected answer from the server");
        return (Map<String, @Nullable Object>) m;
    }

    /**
     * Opens the live channel without waiting for it: {@code onPoke} runs for each "changes are ready" message,
     * {@code onClose} once when it closes or fails.
     */
    public CompletableFuture<WebSocket> live(Runnable onPoke, Runnable onClose) {
        return live(onPoke, code -> onClose.run());
    }

    /** As {@link #live(Runnable, Runnable)}; {@code onClose} gets the close code (-1 when the channel failed). */
    public CompletableFuture<WebSocket> live(Runnable onPoke, java.util.function.IntConsumer onClose) {
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + base.getRawAuthority() + "/api/live");
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                if (data.toString().contains("\"changes\"")) onPoke.run();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                onClose.accept(code);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                onClose.accept(-1);
            }
        };
        String t = token == null ? "" : token;
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener)
                .thenCompose(ws -> ws.sendText(JsonText.write(Map.of("type", "auth", "token", t)), true));
    }
}
