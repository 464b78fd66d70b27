package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on end to end against real OpenID providers in this JVM (mock-oauth2-server with its interactive login
 * form): the test is the browser, filling in the provider's form and catching the loopback redirect.
 */
class SsoTest {
    private static final String REDIRECT = "http://127.0.0.1:53682/callback";
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static MockOAuth2Server provider;
    private static MockOAuth2Server other;

    @BeforeAll
    static void providers() {
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start();
        other = new MockOAuth2Server(new OAuth2Config(true));
        other.start();
    }

    @AfterAll
    static void stop() {
        provider.shutdown();
        other.shutdown();
    }

    /** A company with single sign-on through {@code server}'s issuer {@code issuerId}, admitting {@code domain}. */
    record Company(IdentityFixture.Person owner, String domain, String issuer) {
    }

    static Company company(MockOAuth2Server server, boolean jit, String role) {
        IdentityFixture.Person owner = IdentityFixture.owner();
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        var policy = owner.api().put("/api/company/policy", Map.of("allowedEmailDomains", List.of(domain)));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        String issuer = server.issuerUrl("rowan").toString();
        var put = owner.api().put("/api/company/sso", Map.of("issuer", issuer, "clientId", "rowan-desktop",
                "clientSecret", "s3cret-" + UUID.randomUUID(), "jit", jit, "newUserRole", role));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        return new Company(owner, domain, issuer);
    }

    /** The provider's authorization page filled in as a person would; answers the redirect's query. */
    static Map<String, String> signInAtProvider(String authorizationUrl, String username, Map<String, Object> claims)
            throws Exception {
        HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"").contains("name=\"claims\"");
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&claims="
                + URLEncoder.encode(ApiClient.JSON.writeValueAsString(claims), StandardCharsets.UTF_8);
        HttpResponse<String> sent = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
        URI back = URI.create(sent.headers().firstValue("Location").orElseThrow());
        assertThat(back.getScheme() + "://" + back.getAuthority() + back.getPath()).isEqualTo(REDIRECT);
        Map<String, String> q = new HashMap<>();
        for (String kv : back.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    static Map<String, Object> person(String email) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("email", email);
        c.put("email_verified", true);
        c.put("name", "Ada SSO");
        return c;
    }

    static ApiClient.Response start(ApiClient anon, Map<String, Object> body) {
        return anon.post("/api/auth/sso/start", body);
    }

    /** Start, sign in at the provider, finish: the finish answer. */
    static ApiClient.Response flow(Company co, Map<String, Object> claims) throws Exception {
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        var s = start(anon, Map.of("companyId", co.owner().api().companyId.toString(), "redirectUri", REDIRECT));
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        var back = signInAtProvider((String) s.get("authorizationUrl"), "someone", claims);
        assertThat(back.get("state")).isEqualTo(s.get("state"));
        return anon.post("/api/auth/sso/finish", Map.of("state", back.get("state"), "code", back.get("code")));
    }

    private static long sessions(String email) {
        return Sql.count("SELECT count(*) FROM rowan.sessions s JOIN rowan.users u ON u.id = s.user_id "
                + "WHERE u.email = ?", email);
    }

    @Test
    void twoSimultaneousJustInTimeSignInsOfOneNewEmailMakeOneAccountAndBothSucceed() throws Exception {
        Company co = company(provider, true, "member");
        String email = "twin-" + UUID.randomUUID().toString().substring(0, 6) + "@" + co.domain();
        // both sign-ins get through the provider first; then both finish at the same moment
        List<Map<String, String>> backs = new java.util.ArrayList<>();
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        for (int i = 0; i < 2; i++) {
            var s = start(anon, Map.of("companyId", co.owner().api().companyId.toString(), "redirectUri", REDIRECT));
            assertThat(s.status()).as(s.body()).isEqualTo(200);
            backs.add(signInAtProvider((String) s.get("authorizationUrl"), "someone", person(email)));
        }
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.Future<ApiClient.Response>> finishes = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            for (Map<String, String> back : backs) {
                finishes.add(pool.submit(() -> {
                    together.await();
                    return new ApiClient(TestServer.baseUrl()).post("/api/auth/sso/finish",
                            Map.of("state", back.get("state"), "code", back.get("code")));
                }));
            }
        }
        for (var f : finishes) {
            ApiClient.Response r = f.get();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            ApiClient signedIn = new ApiClient(TestServer.baseUrl());
            signedIn.token((String) r.get("token"));
            assertThat(signedIn.get("/api/auth/me").status()).isEqualTo(200);
        }
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM rowan.memberships m JOIN rowan.users u ON u.id = m.user_id "
                + "WHERE lower(u.email) = lower(?) AND m.company_id = ?", email, co.owner().api().companyId))
                .isEqualTo(1);
        assertThat(sessions(email)).isEqualTo(2);
        // the account made by single sign-on has no usable password
        assertThat(new ApiClient(TestServer.baseUrl()).login(email, "").status()).isIn(401, 422);
    }

    @Test
    void memberSignsInThroughTheProviderWithPkceAndGetsASession() throws Exception {
        Company co = company(provider, false, "member");
        // an existing member of the company, matched by verified email
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 6) + "@" + co.domain();
        var added = co.owner().api().post("/api/members", Map.of("email", email, "password",
                IdentityFixture.PASSWORD, "role", "member"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        var s = start(anon, Map.of("email", email, "redirectUri", REDIRECT));
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        URI auth = URI.create((String) s.get("authorizationUrl"));
        assertThat(auth.getQuery()).contains("code_challenge_method=S256").contains("code_challenge=")
                .contains("nonce=").contains("state=" + s.get("state")).contains("redirect_uri=" + REDIRECT)
                .contains("client_id=rowan-desktop").doesNotContain("s3cret");
        assertThat(s.get("companyId")).isEqualTo(co.owner().api().companyId.toString());

        var back = signInAtProvider((String) s.get("authorizationUrl"), "ada", person(email));
        var done = anon.post("/api/auth/sso/finish", Map.of("state", back.get("state"), "code", back.get("code")));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.get("companyId")).isEqualTo(co.owner().api().companyId.toString());
        assertThat(done.get("role")).isEqualTo("member");
        ApiClient signedIn = new ApiClient(TestServer.baseUrl());
        signedIn.token((String) done.get("token"));
        var me = signedIn.get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.get("userId")).isEqualTo(added.id());
        // like a password sign-in, it is in the account's login history
        List<Map<String, Object>> history = signedIn.get("/api/account/login-history").data();
        assertThat(history).isNotEmpty();
        assertThat(history.getFirst()).containsEntry("success", true);

        // the same state and code again: refused, no second session
        long before = sessions(email);
        var replay = anon.post("/api/auth/sso/finish", Map.of("state", back.get("state"), "code", back.get("code")));
        assertThat(replay.status()).isEqualTo(422);
        assertThat(replay.body()).contains("state");
        assertThat(replay.isProblem()).isTrue();
        assertThat(sessions(email)).isEqualTo(before);
    }

    @Test
    void justInTimeProvisioningCreatesTheUserWithTheConfiguredRole() throws Exception {
        Company co = company(provider, true, "admin");
        String email = "new-" + UUID.randomUUID().toString().substring(0, 6) + "@" + co.domain();
        var done = flow(co, person(email));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.get("role")).isEqualTo("admin");
        assertThat(Sql.value("SELECT m.role FROM rowan.memberships m JOIN rowan.users u ON u.id = m.user_id "
                + "WHERE u.email = ? AND m.company_id = ?", email, co.owner().api().companyId)).isEqualTo("admin");
        assertThat(Sql.value("SELECT display_name FROM rowan.users WHERE email = ?", email)).isEqualTo("Ada SSO");
    }

    @Test
    void unknownUserIsRefusedWithoutJustInTimeProvisioning() throws Exception {
        Company co = company(provider, false, "member");
        String email = "stranger@" + co.domain();
        var done = flow(co, person(email));
        assertThat(done.status()).as(done.body()).isEqualTo(403);
        assertThat(done.isProblem()).isTrue();
        assertThat(done.get("reason")).isEqualTo("not_a_member");
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
    }

    @Test
    void emailOfAnotherDomainIsRefusedEvenWithJustInTimeProvisioning() throws Exception {
        Company co = company(provider, true, "member");
        String email = "mallory-" + UUID.randomUUID().toString().substring(0, 6) + "@elsewhere.example";
        var done = flow(co, person(email));
        assertThat(done.status()).as(done.body()).isEqualTo(403);
        assertThat(done.get("reason")).isEqualTo("domain_not_allowed");
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
    }

    @Test
    void suspendedMemberIsRefusedEvenWithJustInTimeProvisioning() throws Exception {
        Company co = company(provider, true, "member");
        String email = "susp-" + UUID.randomUUID().toString().substring(0, 6) + "@" + co.domain();
        var added = co.owner().api().post("/api/members", Map.of("email", email, "password",
                IdentityFixture.PASSWORD, "role", "member"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        var suspended = co.owner().api().put("/api/users/" + added.id() + "/status", Map.of("status", "suspended"));
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        long before = sessions(email);
        var done = flow(co, person(email));
        assertThat(done.status()).as(done.body()).isEqualTo(403);
        assertThat(done.get("reason")).isEqualTo("account_disabled");
        assertThat(sessions(email)).isEqualTo(before);
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE lower(email) = lower(?)", email)).isEqualTo(1);
    }

    @Test
    void unverifiedEmailIsRefused() throws Exception {
        Company co = company(provider, true, "member");
        String email = "unverified-" + UUID.randomUUID().toString().substring(0, 6) + "@" + co.domain();
        Map<String, Object> claims = person(email);
        claims.put("email_verified", false);
        var done = flow(co, claims);
        assertThat(done.status()).as(done.body()).isEqualTo(403);
        assertThat(done.get("reason")).isEqualTo("email_unverified");
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
    }

    @Test
    void tokenForAnotherAudienceOrFromAnotherIssuerIsRefused() throws Exception {
        Company co = company(provider, true, "member");
        String email = "aud-" + UUID.randomUUID().toString().substring(0, 6) + "@" + co.domain();
        Map<String, Object> wrongAud = person(email);
        wrongAud.put("aud", "another-client");
        var aud = flow(co, wrongAud);
        assertThat(aud.status()).as(aud.body()).isEqualTo(401);
        assertThat(aud.isProblem()).isTrue();

        Map<String, Object> wrongIss = person(email);
        wrongIss.put("iss", other.issuerUrl("rowan").toString());
        var iss = flow(co, wrongIss);
        assertThat(iss.status()).as(iss.body()).isEqualTo(401);

        // a code the second provider issued, brought to this company's sign-in (whose provider is the first)
        Company second = company(other, true, "member");
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        var mine = start(anon, Map.of("companyId", co.owner().api().companyId.toString(), "redirectUri", REDIRECT));
        var theirs = start(anon, Map.of("companyId", second.owner().api().companyId.toString(),
                "redirectUri", REDIRECT));
        var back = signInAtProvider((String) theirs.get("authorizationUrl"), "x", person(email));
        var mixed = anon.post("/api/auth/sso/finish", Map.of("state", mine.get("state"), "code", back.get("code")));
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(401);
        assertThat(Sql.count("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
    }

    @Test
    void settingsNeverAnswerTheSecretAndOnlyAdminsManageThem() {
        Company co = company(provider, false, "member");
        var got = co.owner().api().get("/api/company/sso");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).doesNotContain("s3cret");
        assertThat(got.get("clientSecretSet")).isEqualTo(true);
        assertThat(got.get("issuer")).isEqualTo(co.issuer());
        // a change without a secret keeps the stored one
        var keep = co.owner().api().put("/api/company/sso", Map.of("issuer", co.issuer(), "clientId", "rowan-desktop",
                "jit", true));
        assertThat(keep.status()).as(keep.body()).isEqualTo(200);
        assertThat(keep.get("jit")).isEqualTo(true);
        // kept, and sealed: the column holds no plain text (SealedSecretsTest)
        assertThat((String) Sql.value("SELECT client_secret FROM rowan.company_sso WHERE company_id = ?",
                co.owner().api().companyId)).startsWith("enc:v1:").doesNotContain("s3cret");

        IdentityFixture.Person member = IdentityFixture.member(co.owner().api(), "member");
        assertThat(member.api().get("/api/company/sso").status()).isEqualTo(403);
        assertThat(member.api().put("/api/company/sso", Map.of("issuer", co.issuer(), "clientId", "x",
                "clientSecret", "y")).status()).isEqualTo(403);
        assertThat(member.api().delete("/api/company/sso").status()).isEqualTo(403);
        assertThat(co.owner().api().delete("/api/company/sso").status()).isEqualTo(204);
        assertThat(co.owner().api().get("/api/company/sso").get("configured")).isEqualTo(false);
    }
}
