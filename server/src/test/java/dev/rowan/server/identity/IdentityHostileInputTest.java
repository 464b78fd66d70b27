package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on every identity route with a body or an id, aimed at each route's own rules (the generic
 * HostileInputTest covers encodings and JSON syntax): wrong types, out-of-range numbers, unknown properties, injection
 * text, ids of other people and companies. Each answer is a 4xx problem+json with nothing internal, and the identity
 * tables (keys, policies, second factors, sessions, memberships, company names) are exactly as before.
 */
class IdentityHostileInputTest {
    private static final Pattern INTERNAL = Pattern.compile("org\\.|java\\.|Exception|SQLState|\\bSELECT\\b|"
            + "\\bUPDATE \\w|violates|duplicate key|\\bERROR:|rowan\\.(?!dev/)|api_keys|company_policies|mfa_|memberships",
            Pattern.CASE_INSENSITIVE);
    private static final String INJECTION = "x'); DROP TABLE rowan.users; --";

    private static IdentityFixture.Person owner;
    private static IdentityFixture.Person member;
    private static IdentityFixture.Person stranger;
    private static String strangerKey;
    private static String strangerSession;

    @BeforeAll
    static void fixture() {
        owner = IdentityFixture.owner();
        member = IdentityFixture.member(owner.api(), "member");
        stranger = IdentityFixture.owner();
        strangerKey = stranger.api().post("/api/keys", Map.of("name", "theirs", "scopes", List.of("read"))).id();
        strangerSession = (String) stranger.api().get("/api/sessions").data().getFirst().get("id");
    }

    /** Everything an identity route could change, for both companies. */
    private static List<Object> snapshot() {
        List<Object> out = new ArrayList<>();
        for (String sql : List.of(
                "SELECT count(*), coalesce(string_agg(name || array_to_string(scopes, ',') || coalesce(revoked_at::text, ''), '|' ORDER BY id), '') FROM rowan.api_keys",
                "SELECT count(*), coalesce(string_agg(require_mfa || coalesce(session_idle_seconds, 0) || array_to_string(allowed_email_domains, ','), '|' ORDER BY company_id), '') FROM rowan.company_policies",
                "SELECT count(*), coalesce(string_agg(secret || last_step, '|' ORDER BY user_id), '') FROM rowan.mfa_totp",
                "SELECT count(*) FROM rowan.mfa_backup_codes",
                "SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FROM rowan.sessions",
                "SELECT count(*), coalesce(string_agg(role, '|' ORDER BY company_id, user_id), '') FROM rowan.memberships",
                "SELECT count(*), coalesce(string_agg(name, '|' ORDER BY id), '') FROM rowan.companies")) {
            out.add(Sql.rows(sql).getFirst().values().stream().map(String::valueOf).toList());
        }
        return out;
    }

    private record Case(String label, ApiClient who, String method, String path, Object body) {
    }

    private static List<Case> cases() {
        ApiClient o = owner.api();
        ApiClient m = member.api();
        List<Case> out = new ArrayList<>();
        List<Object> badNames = List.of(Map.of(), Map.of("name", ""), Map.of("name", "   "), Map.of("name", 42),
                Map.of("name", List.of("a")), Map.of("name", "x".repeat(201)), Map.of("name", "a\u0001b"),
                Map.of("name", "ok", "extra", 1), List.of("name"), "name");
        for (Object b : badNames) {
            out.add(new Case("create company " + b, o, "POST", "/api/companies", b));
            out.add(new Case("rename company " + b, o, "PATCH", "/api/company", b));
        }
        out.add(new Case("rename by a member", m, "PATCH", "/api/company", Map.of("name", "Mine now")));
        // keys
        for (Object b : List.<Object>of(Map.of(), Map.of("name", "k"), Map.of("name", "k", "scopes", List.of()),
                Map.of("name", "k", "scopes", List.of("root")), Map.of("name", "k", "scopes", "read"),
                Map.of("name", "k", "scopes", List.of("read", "read", "read", "read", "read")),
                Map.of("name", "k", "scopes", List.of(1)), Map.of("name", INJECTION.repeat(5), "scopes", List.of("read")),
                Map.of("name", "k", "scopes", List.of("read"), "expiresAt", "yesterday"),
                Map.of("name", "k", "scopes", List.of("read"), "expiresAt", "2001-01-01T00:00:00Z"),
                Map.of("name", "k", "scopes", List.of("read"), "expiresAt", "9999-01-01T00:00:00Z"),
                Map.of("name", "k", "scopes", List.of("read"), "expiresAt", 1700000000),
                Map.of("name", "k", "scopes", List.of("read"), "userId", stranger.id().toString()))) {
            out.add(new Case("create key " + b, o, "POST", "/api/keys", b));
        }
        out.add(new Case("member gives a key admin", m, "POST", "/api/keys",
                Map.of("name", "k", "scopes", List.of("read", "admin"))));
        out.add(new Case("revoke another's key", o, "DELETE", "/api/keys/" + strangerKey, null));
        out.add(new Case("revoke another's session", o, "DELETE", "/api/sessions/" + strangerSession, null));
        for (String id : List.of("not-an-id", "1", INJECTION.replace(" ", "%20").replace("'", "%27"))) {
            out.add(new Case("key id " + id, o, "DELETE", "/api/keys/" + id, null));
            out.add(new Case("session id " + id, o, "DELETE", "/api/sessions/" + id, null));
            out.add(new Case("switch id " + id, o, "POST", "/api/companies/" + id + "/switch", null));
            out.add(new Case("member id " + id, o, "DELETE", "/api/company/members/" + id, null));
        }
        // policy
        for (Object b : List.<Object>of(Map.of("requireMfa", "sometimes"), Map.of("requireMfa", true),
                Map.of("sessionIdleSeconds", 0), Map.of("sessionIdleSeconds", -60), Map.of("sessionIdleSeconds", 59),
                Map.of("sessionIdleSeconds", "600"), Map.of("sessionIdleSeconds", 600.5),
                Map.of("sessionMaxSeconds", 99_999_999_999L), Map.of("maxSessions", 0), Map.of("maxSessions", 1001),
                Map.of("allowedEmailDomains", "example.com"), Map.of("allowedEmailDomains", List.of("not a domain")),
                Map.of("allowedEmailDomains", List.of("example.com", INJECTION)),
                Map.of("allowedEmailDomains", List.of(7)), Map.of("allowedEmailDomains", java.util.Collections.nCopies(101, "a.com")),
                Map.of("requireMfa", "off", "allowedIps", List.of("1.2.3.4")))) {
            out.add(new Case("policy " + b, o, "PUT", "/api/company/policy", b));
        }
        out.add(new Case("policy by a member", m, "PUT", "/api/company/policy", Map.of("requireMfa", "off")));
        // roles, transfer
        for (Object b : List.<Object>of(Map.of(), Map.of("role", "king"), Map.of("role", 1), Map.of("role", "OWNER"),
                Map.of("role", "admin", "extra", true))) {
            out.add(new Case("role " + b, o, "PATCH", "/api/company/members/" + member.id(), b));
        }
        out.add(new Case("role of a stranger", o, "PATCH", "/api/company/members/" + stranger.id(), Map.of("role", "admin")));
        out.add(new Case("role by a member", m, "PATCH", "/api/company/members/" + owner.id(), Map.of("role", "member")));
        out.add(new Case("member removes the owner", m, "DELETE", "/api/company/members/" + owner.id(), null));
        for (Object b : List.<Object>of(Map.of(), Map.of("userId", "nobody"), Map.of("userId", 5),
                Map.of("userId", stranger.id().toString()), Map.of("userId", owner.id().toString()))) {
            out.add(new Case("transfer " + b, o, "POST", "/api/company/transfer", b));
        }
        out.add(new Case("transfer by a member", m, "POST", "/api/company/transfer", Map.of("userId", member.id().toString())));
        out.add(new Case("switch to a stranger's company", o, "POST", "/api/companies/" + stranger.api().companyId + "/switch", null));
        // second factor
        for (Object b : List.<Object>of(Map.of(), Map.of("code", ""), Map.of("code", 123456), Map.of("code", "1".repeat(33)),
                Map.of("code", INJECTION), Map.of("code", "123456", "extra", 1))) {
            out.add(new Case("confirm " + b, o, "POST", "/api/account/mfa/totp/confirm", b));
            out.add(new Case("disable " + b, o, "POST", "/api/account/mfa/totp/disable", b));
            out.add(new Case("backup codes " + b, o, "POST", "/api/account/mfa/backup-codes", b));
        }
        out.add(new Case("enrol with a body", o, "POST", "/api/account/mfa/totp", Map.of("secret", "AAAA")));
        ApiClient anon = new ApiClient(TestServer.baseUrl());
        for (Object b : List.<Object>of(Map.of(), Map.of("challenge", "x"), Map.of("challenge", "x", "code", "123456"),
                Map.of("challenge", 1, "code", "123456"), Map.of("challenge", "x".repeat(201), "code", "123456"),
                Map.of("challenge", INJECTION, "code", INJECTION), Map.of("challenge", "x", "code", "123456", "userId", "y"))) {
            out.add(new Case("verify " + b, anon, "POST", "/api/auth/mfa/verify", b));
            out.add(new Case("enrol confirm " + b, anon, "POST", "/api/auth/mfa/enrol/confirm", b));
        }
        out.add(new Case("enrol with a made-up challenge", anon, "POST", "/api/auth/mfa/enrol", Map.of("challenge", "abc")));
        out.add(new Case("enrol with a session token as challenge", anon, "POST", "/api/auth/mfa/enrol",
                Map.of("challenge", o.token())));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyIdentityRouteRefusesHostileInputAndChangesNothing() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThan(100);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
            List<Object> before = snapshot();
            ApiClient.Response r = c.who().send(c.method(), c.path(), c.body());
            String where = c.method() + " " + c.path() + " -> " + r.status() + " " + r.body();
            assertThat(r.status()).as(where).isBetween(400, 499);
            assertThat(r.isProblem()).as(where).isTrue();
            assertThat(INTERNAL.matcher(r.body()).find()).as("internal detail in " + where).isFalse();
            assertThat(snapshot()).as("nothing changed after " + where).isEqualTo(before);
        }));
    }
}
