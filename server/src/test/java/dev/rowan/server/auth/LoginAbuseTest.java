package dev.rowan.server.auth;

import dev.rowan.server.RowanServer;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in abuse (README, "Abuse and access"): per-account and per-address throttling with 429 + Retry-After, audited;
 * unknown emails throttled alike; X-Forwarded-For only from trusted proxies; the bound on concurrent hashing; the
 * headers on every answer; sliding idle and absolute session lifetimes. A server of its own with small limits,
 * trusting 127.0.0.1 as its proxy so each test can sign in from addresses of its own.
 */
class LoginAbuseTest {
    private static final String PASSWORD = "a long enough passphrase 42";
    private static final int ACCOUNT_LIMIT = 3;
    private static final int IP_LIMIT = 6;
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
    private static RowanServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = RowanServer.start(TestServer.settings(Map.of(
                "ROWAN_LOGIN_ACCOUNT_LIMIT", String.valueOf(ACCOUNT_LIMIT),
                "ROWAN_LOGIN_IP_LIMIT", String.valueOf(IP_LIMIT),
                "ROWAN_LOGIN_WINDOW_SECONDS", "600",
                "ROWAN_HASH_WAIT_MS", "60000",
                "ROWAN_SESSION_IDLE_MINUTES", "5",
                "ROWAN_TRUSTED_PROXIES", "127.0.0.1, ::1")));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh client address for one test. */
    private static String ip() {
        int n = NEXT_IP.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    private static String newUser() {
        String email = "abuse-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        return email;
    }

    private static void execute(String sql, Object... params) throws Exception {
        try (Connection c = TestServer.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            ps.executeUpdate();
        }
    }

    private static void assertThrottled(Http.Answer r) {
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.map()).containsEntry("status", 429).containsKey("retryAfterSeconds");
        long after = Long.parseLong(r.header("Retry-After"));
        assertThat(after).isPositive().isLessThanOrEqualTo(600);
        assertThat(((Number) r.map().get("retryAfterSeconds")).longValue()).isEqualTo(after);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"known account", "unknown email"})
    void failedSignInsPerAccountAreThrottledAndTheRightPasswordWaitsToo(String kind) {
        String email = kind.equals("known account") ? newUser() : "nobody-" + UUID.randomUUID() + "@test.rowan";
        List<String> details = new ArrayList<>();
        // each attempt from another address: the account limit holds on its own
        for (int i = 0; i < ACCOUNT_LIMIT; i++) {
            Http.Answer r = Http.login(base, email, "wrong " + i, ip());
            assertThat(r.status()).as("attempt %d", i + 1).isEqualTo(401);
        }
        for (int i = 0; i < 4; i++) {
            Http.Answer r = Http.login(base, email, i == 0 ? PASSWORD : "wrong again", ip());
            assertThrottled(r);
            details.add(((String) r.map().get("detail")).replaceAll("\\d+", "N"));
        }
        // the same for known and unknown emails: nothing tells them apart
        assertThat(details).containsOnly("Too many failed sign-in attempts; try again in N seconds");
        // written to the audit log once per account and window, not once per refused attempt
        assertThat(Sql.rows("SELECT details->>'limit' AS scope, ip FROM rowan.audit_log "
                + "WHERE action = 'login.throttled' AND details->>'email' = ?", email))
                .hasSize(1).first().satisfies(row -> assertThat(row.get("scope")).isEqualTo("account"));
        // mixed case and spaces are the same account
        assertThrottled(Http.login(base, "  " + email.toUpperCase() + " ", PASSWORD, ip()));
    }

    @Test
    void oneAddressTryingManyEmailsIsThrottledWhileOthersSignIn() {
        String from = ip();
        for (int i = 0; i < IP_LIMIT; i++) {
            assertThat(Http.login(base, "spray-" + UUID.randomUUID() + "@test.rowan", "guess", from).status())
                    .isEqualTo(401);
        }
        assertThrottled(Http.login(base, "spray-" + UUID.randomUUID() + "@test.rowan", "guess", from));
        String email = newUser();
        // the address is refused even with a right password; another address signs in
        assertThrottled(Http.login(base, email, PASSWORD, from));
        assertThat(Http.login(base, email, PASSWORD, ip()).status()).isEqualTo(200);
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE action = 'login.throttled' "
                + "AND details->>'limit' = 'address' AND ip = ?", from)).isEqualTo(1);
    }

    @Test
    void aRightPasswordStartsTheAccountAfreshButRefusedOnesCostNothing() {
        String email = newUser();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ACCOUNT_LIMIT - 1; i++) {
                assertThat(Http.login(base, email, "wrong", ip()).status()).isEqualTo(401);
            }
            assertThat(Http.login(base, email, PASSWORD, ip()).status()).isEqualTo(200);
        }
        for (int i = 0; i < ACCOUNT_LIMIT; i++) assertThat(Http.login(base, email, "wrong", ip()).status()).isEqualTo(401);
        assertThrottled(Http.login(base, email, PASSWORD, ip()));
    }

    @Test
    void forwardedForIsBelievedOnlyFromATrustedProxy() {
        String email = newUser();
        String claimed = ip();
        // the shared test server trusts no proxy: the header is ignored
        assertThat(Http.login(TestServer.baseUrl(), email, PASSWORD, claimed).status()).isEqualTo(200);
        assertThat(Sql.value("SELECT ip FROM rowan.audit_log WHERE action = 'login' AND user_id = "
                + "(SELECT id FROM rowan.users WHERE email = ?) ORDER BY id DESC LIMIT 1", email)).isEqualTo("127.0.0.1");
        // this one trusts 127.0.0.1: the address its proxy saw is the client's, in the audit log and the session
        assertThat(Http.login(base, email, PASSWORD, "6.6.6.6, " + claimed).status()).isEqualTo(200);
        assertThat(Sql.value("SELECT ip FROM rowan.audit_log WHERE action = 'login' AND user_id = "
                + "(SELECT id FROM rowan.users WHERE email = ?) ORDER BY id DESC LIMIT 1", email)).isEqualTo(claimed);
        assertThat(Sql.value("SELECT ip FROM rowan.sessions WHERE user_id = (SELECT id FROM rowan.users "
                + "WHERE email = ?) ORDER BY created_at DESC LIMIT 1", email)).isEqualTo(claimed);
    }

    @Test
    void parallelSignInsQueueForTheHashingSlotsAndAllSucceed() throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 8; i++) emails.add(newUser());
        List<Integer> statuses = parallelLogins(base, emails);
        assertThat(statuses).containsOnly(200);
    }

    @Test
    void whenNoHashingSlotFreesUpInTimeTheAnswerIs503WithRetryAfterAndCostsNoAttempt() throws Exception {
        try (RowanServer tight = RowanServer.start(TestServer.settings(Map.of("ROWAN_HASH_CONCURRENCY", "1",
                "ROWAN_HASH_WAIT_MS", "1", "ROWAN_LOGIN_ACCOUNT_LIMIT", "3")))) {
            String b = "http://127.0.0.1:" + tight.port();
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < 12; i++) emails.add(newUser());
            List<Http.Answer> answers = parallel(b, emails);
            List<Integer> statuses = answers.stream().map(Http.Answer::status).toList();
            assertThat(statuses).containsOnly(200, 503).contains(503);
            int i = statuses.indexOf(503);
            Http.Answer busy = answers.get(i);
            assertThat(busy.header("Content-Type")).startsWith("application/problem+json");
            assertThat(busy.map()).containsEntry("status", 503);
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            // the busy answer did not use up one of the account's three attempts
            String email = emails.get(i);
            for (int k = 0; k < 3; k++) assertThat(Http.login(b, email, "wrong", null).status()).isEqualTo(401);
            assertThat(Http.login(b, email, "wrong", null).status()).isEqualTo(429);
        }
    }

    private static List<Integer> parallelLogins(String b, List<String> emails) throws Exception {
        return parallel(b, emails).stream().map(Http.Answer::status).toList();
    }

    private static List<Http.Answer> parallel(String b, List<String> emails) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Answer>> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(emails.size())) {
            for (String e : emails) {
                String from = ip();
                out.add(pool.submit(() -> {
                    go.await();
                    return Http.login(b, e, PASSWORD, from);
                }));
            }
            go.countDown();
            List<Http.Answer> answers = new ArrayList<>();
            for (Future<Http.Answer> f : out) answers.add(f.get());
            return answers;
        }
    }

    @Test
    void everyAnswerSaysNosniffAndApiAnswersAreNeverStored() {
        String email = newUser();
        Http.Answer login = Http.login(base, email, PASSWORD, ip());
        String token = (String) login.map().get("token");
        String auth = "Bearer " + token;
        List<Http.Answer> api = List.of(login,
                Http.login(base, email, "wrong", ip()),
                Http.send(base, "GET", "/api/auth/me", null, "Authorization", auth),
                Http.send(base, "GET", "/api/apps", null, "Authorization", auth),
                Http.send(base, "GET", "/api/auth/me", null),
                Http.send(base, "GET", "/api/no/such/route", null, "Authorization", auth),
                Http.send(base, "POST", "/api/apps", "{not json", "Authorization", auth),
                Http.send(base, "GET", "/api/tables/" + UUID.randomUUID(), null, "Authorization", auth));
        for (Http.Answer a : api) {
            assertThat(a.header("X-Content-Type-Options")).as(a.status() + " " + a.body()).isEqualTo("nosniff");
            assertThat(a.header("Cache-Control")).as(a.status() + " " + a.body()).isEqualTo("no-store");
        }
        for (String path : List.of("/health", "/openapi", "/nothing-here")) {
            assertThat(Http.send(base, "GET", path, null).header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
        assertThat(login.map()).containsEntry("idleTimeoutSeconds", 300).containsKey("expiresInSeconds");
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEndsAndUseKeepsItAlive() throws Exception {
        String email = newUser();
        ApiClient a = new ApiClient(base);
        a.login(email, PASSWORD);
        String user = "(SELECT id FROM rowan.users WHERE email = ?)";
        // 4 of 5 idle minutes gone: still signed in, and the use moves the timeout on
        execute("UPDATE rowan.sessions SET last_used_at = now() - interval '4 minutes' WHERE user_id = " + user, email);
        assertThat(a.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(Sql.count("SELECT count(*) FROM rowan.sessions WHERE user_id = " + user
                + " AND last_used_at > now() - interval '1 minute'", email)).isEqualTo(1);
        // 6 minutes unused: over, on every route, and on the other instance too
        execute("UPDATE rowan.sessions SET last_used_at = now() - interval '6 minutes' WHERE user_id = " + user, email);
        assertThat(a.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(a.get("/api/apps").status()).isEqualTo(401);
        // and using it did not bring it back
        execute("UPDATE rowan.sessions SET last_used_at = last_used_at WHERE user_id = " + user, email);
        assertThat(a.get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverMuchItIsUsed() throws Exception {
        String email = newUser();
        ApiClient a = new ApiClient(base);
        a.login(email, PASSWORD);
        assertThat(a.get("/api/auth/me").status()).isEqualTo(200);
        execute("UPDATE rowan.sessions SET expires_at = now() - interval '1 second' WHERE user_id = "
                + "(SELECT id FROM rowan.users WHERE email = ?)", email);
        assertThat(a.get("/api/auth/me").status()).isEqualTo(401);
    }
}
