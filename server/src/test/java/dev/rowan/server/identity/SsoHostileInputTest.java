package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on every single sign-on route: each answer is a 4xx (503 for a provider that does not answer)
 * problem+json with nothing internal, and the settings, started sign-ins, users, memberships and sessions are exactly
 * as before.
 */
class SsoHostileInputTest {
    private static final Pattern INTERNAL = Pattern.compile("org\\.|java\\.|com\\.nimbus|Exception|SQLState|"
            + "\\bSELECT\\b|violates|duplicate key|\\bERROR:|rowan\\.(?!dev/)|company_sso|sso_logins|client_secret",
            Pattern.CASE_INSENSITIVE);
    private static final String INJECTION = "x'); DROP TABLE rowan.users; --";
    private static final String OK_REDIRECT = "http://127.0.0.1:53682/callback";

    private static MockOAuth2Server provider;
    private static IdentityFixture.Person owner;
    private static IdentityFixture.Person member;
    private static String issuer;

    @BeforeAll
    static void fixture() {
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start();
        owner = IdentityFixture.owner();
        member = IdentityFixture.member(owner.api(), "member");
        issuer = provider.issuerUrl("rowan").toString();
        var put = owner.api().put("/api/company/sso", Map.of("issuer", issuer, "clientId", "rowan-desktop",
                "clientSecret", "secret-value", "jit", true));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        provider.shutdown();
    }

    private static Map<String, Object> settings(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("issuer", issuer, "clientId", "rowan-desktop"));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) m.remove((String) kv[i]);
            else m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> startBody(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("companyId", owner.api().companyId.toString(),
                "redirectUri", OK_REDIRECT));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) m.remove((String) kv[i]);
            else m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    record Case(String name, ApiClient api, String method, String path, Object body) {
    }

    private static String snapshot() {
        return Sql.rows("SELECT company_id, issuer, client_id, client_secret, new_user_role, jit, enabled "
                + "FROM rowan.company_sso ORDER BY company_id") + "|" + Sql.count("SELECT count(*) FROM rowan.sso_logins")
                + "|" + Sql.count("SELECT count(*) FROM rowan.users") + "|"
                + Sql.count("SELECT count(*) FROM rowan.memberships") + "|"
                + Sql.count("SELECT count(*) FROM rowan.sessions");
    }

    @TestFactory
    Stream<DynamicTest> everySsoRouteRefusesHostileInputAndChangesNothing() {
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        ApiClient admin = owner.api();
        List<Case> cases = new ArrayList<>();
        String put = "/api/company/sso";
        cases.add(new Case("settings: an array", admin, "PUT", put, List.of(1)));
        cases.add(new Case("settings: a string", admin, "PUT", put, "\"x\""));
        cases.add(new Case("settings: unknown property", admin, "PUT", put, settings("clientSecretHash", "x")));
        cases.add(new Case("settings: issuer a number", admin, "PUT", put, settings("issuer", 5)));
        cases.add(new Case("settings: issuer missing", admin, "PUT", put, settings("issuer", null)));
        cases.add(new Case("settings: issuer ftp", admin, "PUT", put, settings("issuer", "ftp://idp.example/")));
        cases.add(new Case("settings: issuer plain http elsewhere", admin, "PUT", put,
                settings("issuer", "http://idp.example/")));
        cases.add(new Case("settings: issuer with query", admin, "PUT", put,
                settings("issuer", "https://idp.example/?x=1")));
        cases.add(new Case("settings: issuer injection", admin, "PUT", put, settings("issuer", INJECTION)));
        cases.add(new Case("settings: issuer that does not answer", admin, "PUT", put,
                settings("issuer", "http://127.0.0.1:9/nothing")));
        cases.add(new Case("settings: clientId too long", admin, "PUT", put, settings("clientId", "c".repeat(201))));
        cases.add(new Case("settings: clientId control characters", admin, "PUT", put,
                settings("clientId", "a\u0000b")));
        cases.add(new Case("settings: clientId a list", admin, "PUT", put, settings("clientId", List.of("a"))));
        cases.add(new Case("settings: role owner", admin, "PUT", put, settings("newUserRole", "owner")));
        cases.add(new Case("settings: role injection", admin, "PUT", put, settings("newUserRole", INJECTION)));
        cases.add(new Case("settings: jit a string", admin, "PUT", put, settings("jit", "yes")));
        cases.add(new Case("settings: enabled a number", admin, "PUT", put, settings("enabled", 1)));
        cases.add(new Case("settings: secret blank", admin, "PUT", put, settings("clientSecret", " ")));
        cases.add(new Case("settings: by a member", member.api(), "PUT", put, settings("clientSecret", "x")));
        cases.add(new Case("settings: delete by a member", member.api(), "DELETE", put, null));
        cases.add(new Case("settings: read without a session", anon, "GET", put, null));

        String start = "/api/auth/sso/start";
        cases.add(new Case("start: not an object", anon, "POST", start, List.of()));
        cases.add(new Case("start: unknown property", anon, "POST", start, startBody("scope", "openid admin")));
        cases.add(new Case("start: neither email nor company", anon, "POST", start, startBody("companyId", null)));
        cases.add(new Case("start: both email and company", anon, "POST", start, startBody("email", "a@b.example")));
        cases.add(new Case("start: company not a uuid", anon, "POST", start, startBody("companyId", INJECTION)));
        cases.add(new Case("start: company without sso", anon, "POST", start,
                startBody("companyId", UUID.randomUUID().toString())));
        cases.add(new Case("start: email of no sso domain", anon, "POST", start,
                startBody("companyId", null, "email", "x@nobody-" + UUID.randomUUID() + ".example")));
        cases.add(new Case("start: email injection", anon, "POST", start,
                startBody("companyId", null, "email", INJECTION + "@x.example")));
        cases.add(new Case("start: email without @", anon, "POST", start,
                startBody("companyId", null, "email", "nobody")));
        cases.add(new Case("start: redirect missing", anon, "POST", start, startBody("redirectUri", null)));
        cases.add(new Case("start: redirect elsewhere", anon, "POST", start,
                startBody("redirectUri", "http://evil.example:8080/cb")));
        cases.add(new Case("start: redirect https", anon, "POST", start,
                startBody("redirectUri", "https://127.0.0.1:8443/cb")));
        cases.add(new Case("start: redirect localhost name", anon, "POST", start,
                startBody("redirectUri", "http://localhost:5000/cb")));
        cases.add(new Case("start: redirect without port", anon, "POST", start,
                startBody("redirectUri", "http://127.0.0.1/cb")));
        cases.add(new Case("start: redirect with user info", anon, "POST", start,
                startBody("redirectUri", "http://evil@127.0.0.1:5000/cb")));
        cases.add(new Case("start: redirect with query", anon, "POST", start,
                startBody("redirectUri", "http://127.0.0.1:5000/cb?next=http://evil.example")));
        cases.add(new Case("start: redirect javascript", anon, "POST", start,
                startBody("redirectUri", "javascript:alert(1)")));
        cases.add(new Case("start: redirect a number", anon, "POST", start, startBody("redirectUri", 5)));

        String finish = "/api/auth/sso/finish";
        cases.add(new Case("finish: empty", anon, "POST", finish, Map.of()));
        cases.add(new Case("finish: unknown property", anon, "POST", finish,
                Map.of("state", "a".repeat(43), "code", "c", "nonce", "n")));
        cases.add(new Case("finish: state short", anon, "POST", finish, Map.of("state", "abc", "code", "c")));
        cases.add(new Case("finish: state injection", anon, "POST", finish, Map.of("state", INJECTION, "code", "c")));
        cases.add(new Case("finish: state unknown", anon, "POST", finish,
                Map.of("state", "A".repeat(43), "code", "c")));
        cases.add(new Case("finish: state a number", anon, "POST", finish, Map.of("state", 5, "code", "c")));
        cases.add(new Case("finish: code huge", anon, "POST", finish,
                Map.of("state", "A".repeat(43), "code", "c".repeat(5000))));
        cases.add(new Case("finish: code missing", anon, "POST", finish, Map.of("state", "A".repeat(43))));

        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String before = snapshot();
            Object body = c.body() instanceof String s ? s : c.body();
            var r = body == null ? c.api().send(c.method(), c.path(), null)
                    : body instanceof String s ? c.api().send(c.method(), c.path(), s)
                    : c.api().send(c.method(), c.path(), ApiClient.JSON.writeValueAsString(body));
            assertThat(r.status()).as(r.body()).isBetween(400, 503).isNotEqualTo(500);
            assertThat(r.isProblem()).as(r.body()).isTrue();
            assertThat(INTERNAL.matcher(r.body()).find()).as(r.body()).isFalse();
            assertThat(snapshot()).isEqualTo(before);
        }));
    }
}
