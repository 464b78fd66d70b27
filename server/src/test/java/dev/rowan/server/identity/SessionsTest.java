package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static dev.rowan.server.identity.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing and ending one's sessions, and the company policy's idle timeout, lifetime and session limit. */
class SessionsTest {

    /** A live socket that remembers how it was closed. */
    static final class Live implements WebSocket.Listener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        Live(String token) {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(TestServer.baseUrl().replace("http:", "ws:") + "/api/live?access_token="
                            + token), this).join();
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
    }

    private static ApiClient signIn(IdentityFixture.Person p, String agent) {
        var r = Http.send(TestServer.baseUrl(), "POST", "/api/auth/login",
                "{\"email\":\"" + p.email() + "\",\"password\":\"" + PASSWORD + "\"}", "User-Agent", agent);
        assertThat(r.status()).isEqualTo(200);
        ApiClient c = new ApiClient(TestServer.baseUrl());
        c.token((String) r.map().get("token"));
        return c;
    }

    @Test
    void iSeeMySessionsWithDeviceAddressAndLastUse() {
        var owner = IdentityFixture.owner();
        signIn(owner, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36");
        var other = IdentityFixture.owner();
        List<Map<String, Object>> mine = owner.api().get("/api/sessions").data();
        assertThat(mine).hasSize(2);
        assertThat(mine).filteredOn(s -> Boolean.TRUE.equals(s.get("current"))).hasSize(1);
        assertThat(mine).extracting(s -> s.get("device")).contains("Chrome on Windows", "Java HTTP client");
        assertThat(mine).allSatisfy(s -> {
            assertThat(s.get("ip")).isEqualTo("127.0.0.1");
            assertThat(s.get("lastUsedAt")).isNotNull();
            assertThat(s.get("companyId")).isEqualTo(owner.api().companyId.toString());
        });
        // another person's sessions are neither listed nor revocable
        String theirs = (String) other.api().get("/api/sessions").data().getFirst().get("id");
        assertThat(mine).extracting(s -> s.get("id")).doesNotContain(theirs);
        assertThat(owner.api().delete("/api/sessions/" + theirs).status()).isEqualTo(404);
        assertThat(other.api().get("/api/apps").status()).isEqualTo(200);
    }

    @Test
    void aRevokedSessionStopsAtOnceOnRestAndTheLiveSocket() throws Exception {
        var owner = IdentityFixture.owner();
        ApiClient laptop = signIn(owner, "Rowan/1.0 (Linux)");
        Live socket = new Live(laptop.token());
        assertThat(laptop.get("/api/apps").status()).isEqualTo(200);
        String id = (String) owner.api().get("/api/sessions").data().stream()
                .filter(s -> "Rowan desktop on Linux".equals(s.get("device"))).findFirst().orElseThrow().get("id");
        assertThat(owner.api().delete("/api/sessions/" + id).status()).isEqualTo(204);
        assertThat(laptop.get("/api/apps").status()).isEqualTo(401);
        assertThat(socket.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(owner.api().get("/api/apps").status()).isEqualTo(200);
        assertThat(owner.api().delete("/api/sessions/" + id).status()).isEqualTo(404);
    }

    @Test
    void revokingAllOthersKeepsOnlyTheCurrentSession() {
        var owner = IdentityFixture.owner();
        ApiClient a = signIn(owner, "curl/8.5.0");
        ApiClient b = signIn(owner, "curl/8.5.0");
        var r = owner.api().post("/api/sessions/revoke-others", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.get("revoked")).isEqualTo(2);
        assertThat(a.get("/api/apps").status()).isEqualTo(401);
        assertThat(b.get("/api/apps").status()).isEqualTo(401);
        assertThat(owner.api().get("/api/apps").status()).isEqualTo(200);
        assertThat(owner.api().get("/api/sessions").data()).hasSize(1);
    }

    @Test
    void theCompanysIdleTimeoutEndsAnUnusedSession() {
        var owner = IdentityFixture.owner();
        var member = IdentityFixture.member(owner.api(), "member");
        assertThat(owner.api().put("/api/company/policy", Map.of("sessionIdleSeconds", 600)).status()).isEqualTo(200);
        ApiClient fresh = signIn(member, "curl/8");
        var login = Http.send(TestServer.baseUrl(), "POST", "/api/auth/login",
                "{\"email\":\"" + member.email() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.map()).containsEntry("idleTimeoutSeconds", 600);
        assertThat(fresh.get("/api/apps").status()).isEqualTo(200);
        // unused for 11 minutes: over (the server's default of a week would still accept it)
        IdentityFixture.sql("UPDATE rowan.sessions SET last_used_at = now() - interval '11 minutes' WHERE user_id = ?",
                member.id());
        assertThat(fresh.get("/api/apps").status()).isEqualTo(401);
        assertThat(member.api().get("/api/apps").status()).isEqualTo(401);
    }

    @Test
    void aShorterLifetimeInThePolicyEndsOldSessionsAtOnceAndLimitsNewOnes() throws Exception {
        var owner = IdentityFixture.owner();
        var member = IdentityFixture.member(owner.api(), "member");
        Live socket = new Live(member.api().token());
        IdentityFixture.sql("UPDATE rowan.sessions SET created_at = now() - interval '2 hours' WHERE user_id = ?",
                member.id());
        assertThat(member.api().get("/api/apps").status()).isEqualTo(200);
        assertThat(owner.api().put("/api/company/policy", Map.of("sessionMaxSeconds", 3600)).status()).isEqualTo(200);
        assertThat(member.api().get("/api/apps").status()).isEqualTo(401);
        // the live socket closes at once too (the default re-check would take 30 s)
        assertThat(socket.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(owner.api().get("/api/apps").status()).isEqualTo(200);
        var login = Http.send(TestServer.baseUrl(), "POST", "/api/auth/login",
                "{\"email\":\"" + member.email() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.map()).containsEntry("expiresInSeconds", 3600);
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions WHERE user_id = ? AND revoked_at IS NULL "
                + "AND expires_at > now() + interval '3601 seconds'", member.id())).isZero();
    }

    @Test
    void aNewSessionBeyondTheLimitEndsTheOldest() throws Exception {
        var owner = IdentityFixture.owner();
        var member = IdentityFixture.member(owner.api(), "member");
        assertThat(owner.api().put("/api/company/policy", Map.of("maxSessions", 2)).status()).isEqualTo(200);
        ApiClient first = member.api();
        Live socket = new Live(first.token());
        ApiClient second = signIn(member, "curl/8");
        assertThat(first.get("/api/apps").status()).isEqualTo(200);
        ApiClient third = signIn(member, "curl/8");
        assertThat(first.get("/api/apps").status()).isEqualTo(401);
        assertThat(socket.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(second.get("/api/apps").status()).isEqualTo(200);
        assertThat(third.get("/api/apps").status()).isEqualTo(200);
        assertThat(second.get("/api/sessions").data()).hasSize(2);
    }
}
