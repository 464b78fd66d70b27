package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password policy, changing a password, lockout (429 + Retry-After, audited, visible to admins, unlockable), login
 * history, account status (a suspended account's sessions stop at once on REST and on the live socket), soft delete,
 * and that none of it reaches across companies.
 */
class AccountSecurityTest {
    private static AccountsServer rowan;

    @BeforeAll
    static void start() {
        // the live re-check is slow on purpose: a suspension must close sockets without waiting for it
        rowan = new AccountsServer(Map.of("ROWAN_LIVE_RECHECK_SECONDS", "600"));
    }

    @AfterAll
    static void stop() {
        rowan.close();
    }

    private static String emailOf(ApiClient api) {
        return (String) api.get("/api/account").map().get("email");
    }

    /** A member of the admin's company, invited and accepted by mail; signed in. */
    private static ApiClient member(ApiClient admin, String role) throws Exception {
        String email = "member-" + UUID.randomUUID() + "@acme.test";
        assertThat(admin.post("/api/invitations", Map.of("email", email, "role", role)).status()).isEqualTo(201);
        String token = rowan.next(email).token();
        assertThat(rowan.post("/api/invitations/accept", Map.of("token", token, "password", AccountsServer.PASSWORD),
                AccountsServer.ip()).status()).isEqualTo(200);
        ApiClient api = new ApiClient(rowan.base);
        Http.Answer login = Http.send(rowan.base, "POST", "/api/auth/login", ApiClient.JSON.writeValueAsString(
                Map.of("email", email, "password", AccountsServer.PASSWORD, "companyId", admin.companyId.toString())),
                "X-Forwarded-For", AccountsServer.ip(), "User-Agent", "RowanTest/1.0");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        api.token((String) login.map().get("token"));
        api.companyId = admin.companyId;
        return api;
    }

    private static String id(ApiClient api) {
        return (String) api.get("/api/account").map().get("id");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            short9chr                        | at least 10 characters
            password123                      | too common
            PASSWORD123                      | too common
            qwertyuiop                       | too common
            {email}                          | not be the email
            {local}                          | not be the email
            a perfectly fine passphrase      |
            """)
    void thePasswordPolicyHoldsForEveryNewPassword(String candidate, String refusal) throws Exception {
        ApiClient api = rowan.tenant();
        String email = emailOf(api);
        String pw = candidate.replace("{email}", email).replace("{local}", email.substring(0, email.indexOf('@')));
        ApiClient.Response r = api.post("/api/account/password", Map.of("currentPassword", AccountsServer.PASSWORD,
                "newPassword", pw));
        if (refusal == null) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(rowan.login(email, pw, AccountsServer.ip()).status()).isEqualTo(200);
        } else {
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.isProblem()).isTrue();
            assertThat(r.body()).contains(refusal);
            assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);
        }
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession() throws Exception {
        ApiClient api = rowan.tenant();
        String email = emailOf(api);
        ApiClient laptop = new ApiClient(rowan.base);
        assertThat(laptop.login(email, AccountsServer.PASSWORD).status()).isEqualTo(200);
        LiveClient laptopLive = new LiveClient(laptop.token());

        ApiClient.Response wrong = api.post("/api/account/password", Map.of("currentPassword", "not my password at all",
                "newPassword", "a new and long passphrase"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("currentPassword");
        assertThat(laptop.get("/api/account").status()).isEqualTo(200);

        ApiClient.Response ok = api.post("/api/account/password", Map.of("currentPassword", AccountsServer.PASSWORD,
                "newPassword", "a new and long passphrase"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.map()).containsEntry("otherSessionsEnded", 1);
        assertThat(api.get("/api/account").status()).isEqualTo(200);
        assertThat(laptop.get("/api/account").status()).isEqualTo(401);
        assertThat(laptopLive.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(401);
        assertThat(rowan.login(email, "a new and long passphrase", AccountsServer.ip()).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsLockTheAccountAuditedAndAnAdminUnlocksIt() throws Exception {
        ApiClient admin = rowan.tenant();
        ApiClient member = member(admin, "member");
        String email = emailOf(member);
        String memberId = id(member);
        // each attempt from its own address: the per-address throttle stays out of the way
        for (int i = 0; i < AccountsServer.LOCKOUT_THRESHOLD; i++) {
            assertThat(rowan.login(email, "wrong password " + i, AccountsServer.ip()).status()).isEqualTo(401);
        }
        // locked: even the right password is refused, with Retry-After
        Http.Answer locked = rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip());
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        long retry = Long.parseLong(locked.header("Retry-After"));
        assertThat(retry).isBetween(500L, 600L);
        assertThat(locked.body()).contains("locked");

        // audited in the company, visible to its admins
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.audit_log WHERE company_id = ? AND "
                + "action = 'account.locked' AND entity_id = ?", admin.companyId, UUID.fromString(memberId)))
                .isEqualTo(1);
        List<Map<String, Object>> lockedList = admin.get("/api/users?locked=true").data();
        assertThat(lockedList).singleElement().satisfies(u -> {
            assertThat(u).containsEntry("id", memberId).containsEntry("locked", true);
            assertThat(u.get("lockedUntil")).isNotNull();
        });
        // a member may not unlock, the admin may
        assertThat(member.post("/api/users/" + memberId + "/unlock", Map.of()).status()).isEqualTo(403);
        ApiClient.Response unlocked = admin.post("/api/users/" + memberId + "/unlock", Map.of());
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.map()).containsEntry("locked", false);
        assertThat(admin.get("/api/users?locked=true").data()).isEmpty();
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);

        // the history shows it all, newest first, to the user and to the admin
        List<Map<String, Object>> mine = member.get("/api/account/login-history").data();
        assertThat(mine).extracting(h -> h.get("reason")).containsSubsequence(null, "locked", "wrong_password",
                "wrong_password", "wrong_password", null);
        assertThat(mine.getFirst()).containsEntry("success", true);
        List<Map<String, Object>> seenByAdmin = admin.get("/api/users/" + memberId + "/login-history").data();
        assertThat(seenByAdmin).hasSameSizeAs(mine);
        assertThat(seenByAdmin).anySatisfy(h -> assertThat(h).containsEntry("userAgent", "RowanTest/1.0"));
        assertThat(seenByAdmin.getFirst().get("ip")).asString().startsWith("203.0.");
    }

    @Test
    void theLockoutEndsByItselfAfterItsTime() throws Exception {
        ApiClient api = rowan.tenant();
        String email = emailOf(api);
        for (int i = 0; i < AccountsServer.LOCKOUT_THRESHOLD; i++) rowan.login(email, "wrong " + i, AccountsServer.ip());
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(429);
        AccountsServer.execute("UPDATE rowan.users SET locked_until = now() - interval '1 second' WHERE email = ?",
                email);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);
        // the count started afresh: one wrong password does not lock again
        assertThat(rowan.login(email, "wrong again", AccountsServer.ip()).status()).isEqualTo(401);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);
    }

    @Test
    void suspendingEndsTheSessionsAtOnceOnRestAndTheLiveSocket() throws Exception {
        ApiClient admin = rowan.tenant();
        ApiClient member = member(admin, "member");
        String memberId = id(member);
        String email = emailOf(member);
        LiveClient live = new LiveClient(member.token());
        assertThat(live.messages.poll(5, TimeUnit.SECONDS)).contains("ready");

        ApiClient.Response suspended = admin.put("/api/users/" + memberId + "/status",
                Map.of("status", "suspended", "reason", "left the project"));
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.map()).containsEntry("status", "suspended");
        assertThat(member.get("/api/account").status()).isEqualTo(401);
        assertThat(live.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(401);
        // a reset mail is not sent to a suspended account
        assertThat(rowan.post("/api/auth/password-reset", Map.of("email", email), AccountsServer.ip()).status())
                .isEqualTo(202);
        assertThat(admin.get("/api/users/" + memberId + "/login-history").data().getFirst())
                .containsEntry("reason", "suspended");

        assertThat(admin.put("/api/users/" + memberId + "/status", Map.of("status", "active")).status())
                .isEqualTo(200);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);
        Thread.sleep(500);
        assertThat(rowan.mailsTo(email)).isEqualTo(1); // only the invitation
    }

    @Test
    void statusRulesProtectOwnersOneselfAndOtherCompanies() throws Exception {
        ApiClient owner = rowan.tenant();
        ApiClient admin = member(owner, "admin");
        String ownerId = id(owner);
        assertThat(admin.put("/api/users/" + ownerId + "/status", Map.of("status", "suspended")).status())
                .isEqualTo(403);
        assertThat(owner.put("/api/users/" + ownerId + "/status", Map.of("status", "suspended")).status())
                .isEqualTo(409);
        // an account that also belongs to another company is not this company's to suspend
        ApiClient elsewhere = rowan.tenant();
        String shared = emailOf(elsewhere);
        assertThat(owner.post("/api/invitations", Map.of("email", shared)).status()).isEqualTo(201);
        assertThat(rowan.post("/api/invitations/accept", Map.of("token", rowan.next(shared).token()),
                AccountsServer.ip()).status()).isEqualTo(200);
        ApiClient.Response refused = owner.put("/api/users/" + id(elsewhere) + "/status",
                Map.of("status", "suspended"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(elsewhere.get("/api/account").status()).isEqualTo(200);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE email = ? AND status = 'active'",
                shared)).isEqualTo(1);
    }

    @Test
    void softDeleteKeepsTheRowAndEndsTheAccount() throws Exception {
        ApiClient admin = rowan.tenant();
        ApiClient member = member(admin, "member");
        String memberId = id(member);
        String email = emailOf(member);
        assertThat(admin.delete("/api/users/" + memberId).status()).isEqualTo(204);
        assertThat(member.get("/api/account").status()).isEqualTo(401);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(401);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE id = ? AND deleted_at IS NOT NULL "
                + "AND disabled", UUID.fromString(memberId))).isEqualTo(1);
        assertThat(admin.get("/api/users/" + memberId).map()).containsEntry("status", "deleted");
        assertThat(admin.delete("/api/users/" + memberId).status()).isEqualTo(409);
    }

    @Test
    void noAccountRouteOfOneCompanyAnswersAUserOfAnother() throws Exception {
        ApiClient a = rowan.tenant();
        ApiClient aMember = member(a, "member");
        String aMemberId = id(aMember);
        String invitation = a.post("/api/invitations", Map.of("email", "x-" + UUID.randomUUID() + "@acme.test")).id();
        ApiClient b = rowan.tenant(); // owner of company B only
        for (var call : List.of(
                b.get("/api/users/" + aMemberId),
                b.get("/api/users/" + aMemberId + "/login-history"),
                b.get("/api/users/" + aMemberId + "/avatar"),
                b.post("/api/users/" + aMemberId + "/unlock", Map.of()),
                b.put("/api/users/" + aMemberId + "/status", Map.of("status", "suspended")),
                b.delete("/api/users/" + aMemberId),
                b.post("/api/invitations/" + invitation + "/resend", Map.of()),
                b.delete("/api/invitations/" + invitation))) {
            assertThat(call.status()).as(call.body()).isEqualTo(404);
            assertThat(call.body()).doesNotContain(emailOf(aMember));
        }
        assertThat(b.get("/api/users").data()).extracting(u -> u.get("id")).doesNotContain(aMemberId);
        assertThat(b.get("/api/invitations").data()).isEmpty();
        assertThat(aMember.get("/api/account").status()).isEqualTo(200);
        assertThat(a.get("/api/invitations?status=pending").data()).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("id", invitation).containsEntry("sentCount", 1));
        // members are not admins
        assertThat(aMember.get("/api/users").status()).isEqualTo(403);
        assertThat(aMember.get("/api/invitations").status()).isEqualTo(403);
        assertThat(aMember.post("/api/invitations", Map.of("email", "y@acme.test")).status()).isEqualTo(403);
    }

    @Test
    void theProfileTakesValidValuesAndAnAvatarOfItsOwnType() throws Exception {
        ApiClient api = rowan.tenant();
        ApiClient.Response r = api.patch("/api/account", Map.of("displayName", "  Katherine  ",
                "timezone", "Europe/Berlin", "language", "pt-BR"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.map()).containsEntry("displayName", "Katherine").containsEntry("timezone", "Europe/Berlin")
                .containsEntry("language", "pt-BR");
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("timezone", "Mars/Olympus"),
                Map.<String, Object>of("language", "english please"), Map.<String, Object>of("displayName", ""),
                Map.<String, Object>of("displayName", "a\u0000b"), Map.<String, Object>of("email", "new@acme.test"))) {
            ApiClient.Response refused = api.patch("/api/account", bad);
            assertThat(refused.status()).as(bad.toString()).isEqualTo(422);
            assertThat(refused.isProblem()).isTrue();
        }
        assertThat(api.get("/api/account").map()).containsEntry("displayName", "Katherine")
                .containsEntry("timezone", "Europe/Berlin");

        byte[] png = png(64, 64);
        assertThat(avatar(api, "image/png", png).statusCode()).isEqualTo(204);
        var got = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(rowan.base + "/api/account/avatar")).header("Authorization", "Bearer " + api.token())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(got.body()).isEqualTo(png);
        assertThat(api.get("/api/account").map()).containsEntry("hasAvatar", true);

        // a PNG declared as JPEG, HTML declared as PNG, an unknown type, too large, too many pixels
        assertThat(avatar(api, "image/jpeg", png).statusCode()).isEqualTo(422);
        assertThat(avatar(api, "image/png", "<html><script>x</script>".getBytes()).statusCode()).isEqualTo(422);
        assertThat(avatar(api, "image/svg+xml", "<svg/>".getBytes()).statusCode()).isEqualTo(415);
        assertThat(avatar(api, "image/png", new byte[300_000]).statusCode()).isEqualTo(413);
        assertThat(avatar(api, "image/png", png(3000, 10)).statusCode()).isEqualTo(422);
        var still = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(rowan.base + "/api/account/avatar")).header("Authorization", "Bearer " + api.token())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(still.body()).isEqualTo(png);
        assertThat(api.delete("/api/account/avatar").status()).isEqualTo(204);
        assertThat(api.get("/api/account/avatar").status()).isEqualTo(404);
    }

    private static java.net.http.HttpResponse<String> avatar(ApiClient api, String type, byte[] body)
            throws Exception {
        return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(rowan.base + "/api/account/avatar")).header("Authorization", "Bearer " + api.token())
                .header("Content-Type", type).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static byte[] png(int w, int h) throws Exception {
        var img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0x336699);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A live socket signed in with a token, remembering how it was closed. */
    static final class LiveClient implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        LiveClient(String token) {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                    + rowan.server.port() + "/api/live?access_token=" + token), this).join();
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
    }
}
