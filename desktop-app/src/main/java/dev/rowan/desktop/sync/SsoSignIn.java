package dev.rowan.desktop.sync;

import com.sun.net.httpserver.HttpServer;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Single sign-on the way RFC 8252 wants a native app to do it: the server starts the sign-in for a loopback redirect
 * ({@code http://127.0.0.1:<port>/callback}, a port this listener just took), the system browser shows the company's
 * identity provider, the provider sends the browser back to the listener with {@code code} and {@code state}, and
 * the server finishes the sign-in (PKCE verifier and nonce never leave it). Blocks: call it off the FX thread.
 */
public final class SsoSignIn {
    /** Opens a URL in the system browser (tests give an HTTP client that plays the person at the provider). */
    @FunctionalInterface
    public interface Browser {
        void open(URI url) throws IOException;
    }

    private static final Duration WAIT = Duration.ofMinutes(5);

    private SsoSignIn() {
    }

    /**
     * Runs the whole sign-in for {@code email}'s company (or {@code companyId}) and binds the workspace like a
     * password sign-in.
     */
    public static List<SyncEngine.Company> signIn(SyncEngine engine, String url, @Nullable String email,
                                                  @Nullable String companyId, Browser browser)
            throws IOException, ServerApi.ApiError {
        ServerApi api = new ServerApi(url, null);
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<Map<String, String>> redirected = new CompletableFuture<>();
        listener.createContext("/callback", exchange -> {
            Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            boolean ok = q.containsKey("code") && q.containsKey("state");
            byte[] page = ("<!doctype html><meta charset=utf-8><title>Rowan</title><p>"
                    + (ok ? "Signed in. You can close this window and return to Rowan."
                    : "The sign-in did not complete. Return to Rowan and try again.") + "</p>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
            // only the provider's redirect carries a state; anything else knocking on the port is ignored
            if (q.containsKey("state")) redirected.complete(q);
        });
        listener.start();
        try {
            String redirect = "http://127.0.0.1:" + listener.getAddress().getPort() + "/callback";
            Map<String, Object> body = new LinkedHashMap<>();
            if (companyId != null && !companyId.isBlank()) body.put("companyId", companyId.strip());
            else body.put("email", email == null ? "" : email.strip());
            body.put("redirectUri", redirect);
            Map<String, @Nullable Object> started = api.post("/api/auth/sso/start", JsonText.write(body));
            String state = String.valueOf(started.get("state"));
            browser.open(URI.create(String.valueOf(started.get("authorizationUrl"))));
            Map<String, String> back;
            try {
                back = redirected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new ServerApi.ApiError(408, "The browser sign-in did not come back within five minutes; "
                        + "try again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            }
            if (!state.equals(back.get("state"))) {
                throw new ServerApi.ApiError(400, "The browser came back from another sign-in; try again");
            }
            if (back.get("code") == null) {
                throw new ServerApi.ApiError(401, "The identity provider did not sign you in"
                        + (back.get("error") == null ? "" : " (" + back.get("error") + ")"));
            }
            Map<String, @Nullable Object> answer = api.post("/api/auth/sso/finish",
                    JsonText.write(Map.of("state", state, "code", back.get("code"))));
            String who = answer.get("user") instanceof Map<?, ?> u && u.get("email") != null
                    ? u.get("email").toString() : email == null ? "" : email;
            return engine.adopt(url, who, answer);
        } finally {
            listener.stop(0);
        }
    }

    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            if (p.length == 2) q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return q;
    }
}
