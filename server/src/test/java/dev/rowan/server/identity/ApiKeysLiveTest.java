package dev.rowan.server.identity;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * API keys on the live WebSocket: a key with the read scope subscribes and is poked like a session; a key without it
 * is refused; revoking the key, suspending its owner or removing them from the company closes the socket at once
 * (well inside the 30 s periodic re-check), and another server instance notices on its re-check.
 */
class ApiKeysLiveTest {

    /** A WebSocket client that queues text messages and records the close code. */
    static final class Live implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        Live(int port, String token) {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/live?access_token=" + token), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            messages.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        void awaitReady() throws InterruptedException {
            assertThat(messages.poll(10, TimeUnit.SECONDS)).contains("ready");
        }

        boolean poked() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String m = messages.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && m.contains("\"changes\"")) return true;
            }
            return false;
        }
    }

    private static String key(ApiClient api, List<String> scopes) {
        var r = api.post("/api/keys", Map.of("name", "live " + scopes, "scopes", scopes));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return (String) r.map().get("key");
    }

    private static String keyId(ApiClient api, String key) {
        return api.get("/api/keys").data().stream().filter(k -> key.startsWith((String) k.get("prefix")))
                .map(k -> (String) k.get("id")).findFirst().orElseThrow();
    }

    private static String recordsPath(ApiClient api) {
        String app = api.createApp("Live keys");
        var t = api.createTable(app, "Things", List.of(Map.of("name", "Title", "type", "text")));
        return "/api/tables/" + t.get("id") + "/records";
    }

    @Test
    void aReadKeySubscribesAndIsPokedAndItsRevocationClosesTheSocketAtOnce() throws Exception {
        var owner = IdentityFixture.owner();
        String records = recordsPath(owner.api());
        String reader = key(owner.api(), List.of("read"));
        Live live = new Live(TestServer.get().port(), reader);
        live.awaitReady();
        assertThat(owner.api().post(records, Map.of("fields", Map.of("Title", "x"))).status()).isEqualTo(201);
        assertThat(live.poked()).isTrue();

        assertThat(owner.api().delete("/api/keys/" + keyId(owner.api(), reader)).status()).isEqualTo(204);
        assertThat(live.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        // and the revoked key cannot open another
        assertThatThrownBy(() -> new Live(TestServer.get().port(), reader)).isNotNull();
    }

    @Test
    void aKeyWithoutTheReadScopeIsRefusedAndNoKeyFallsBackToASession() {
        var owner = IdentityFixture.owner();
        String writer = key(owner.api(), List.of("write"));
        assertThatThrownBy(() -> new Live(TestServer.get().port(), writer)).isNotNull();
        assertThatThrownBy(() -> new Live(TestServer.get().port(), "rk_notakey")).isNotNull();
    }

    @Test
    void suspendingOrRemovingTheOwnerClosesTheirKeysSocketsAtOnce() throws Exception {
        var admin = IdentityFixture.owner();
        var suspended = IdentityFixture.member(admin.api(), "member");
        var removed = IdentityFixture.member(admin.api(), "member");
        Live a = new Live(TestServer.get().port(), key(suspended.api(), List.of("read")));
        Live b = new Live(TestServer.get().port(), key(removed.api(), List.of("read", "write")));
        a.awaitReady();
        b.awaitReady();

        assertThat(admin.api().put("/api/users/" + suspended.id() + "/status", Map.of("status", "suspended"))
                .status()).isEqualTo(200);
        assertThat(a.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(b.closed).isNotDone();

        assertThat(admin.api().delete("/api/company/members/" + removed.id()).status()).isEqualTo(204);
        assertThat(b.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
    }

    @Test
    void anotherInstanceKeepsALiveKeysSocketAndClosesItOnItsRecheckOnceRevoked() throws Exception {
        var owner = IdentityFixture.owner();
        String reader = key(owner.api(), List.of("read"));
        try (RowanServer second = RowanServer.start(TestServer.settings(Map.of("ROWAN_LIVE_RECHECK_SECONDS", "1")))) {
            Live live = new Live(second.port(), reader);
            live.awaitReady();
            // several re-checks pass: the key is still good, so the socket stays
            Thread.sleep(2_500);
            assertThat(live.closed).isNotDone();
            // revoked through the first instance: the second notices on its next re-check
            assertThat(owner.api().delete("/api/keys/" + keyId(owner.api(), reader)).status()).isEqualTo(204);
            assertThat(live.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        }
    }
}
