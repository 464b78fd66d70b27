package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile values aimed at what the account routes do with them (HostileInputTest covers the generic classes on
 * every route of the shared server, where registration is off): header injection into mails, oversized tokens,
 * SQL in codes, weird emails, on a server with registration on. Each answer is a 4xx problem+json with nothing
 * internal in it, and no account, token, invitation or mail comes of it.
 */
class AccountsHostileInputTest {
    private static AccountsServer rowan;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        rowan = new AccountsServer(Map.of());
        admin = rowan.tenant();
    }

    @AfterAll
    static void stop() {
        rowan.close();
    }

    static Stream<Arguments> cases() {
        String crlf = "victim@acme.test\r\nBcc: all@acme.test";
        return Stream.of(
                Arguments.of("POST", "/api/auth/register", Map.of("email", crlf, "password", AccountsServer.PASSWORD)),
                Arguments.of("POST", "/api/auth/register", Map.of("email", "a@b", "password", AccountsServer.PASSWORD)),
                Arguments.of("POST", "/api/auth/register", Map.of("email", "x'; DROP TABLE rowan.users; --@acme.test",
                        "password", AccountsServer.PASSWORD)),
                Arguments.of("POST", "/api/auth/register", Map.of("email", "ok@acme.test", "password", "short")),
                Arguments.of("POST", "/api/auth/register", Map.of("email", "ok@acme.test",
                        "password", "p".repeat(201))),
                Arguments.of("POST", "/api/auth/register", Map.of("email", "ok@acme.test",
                        "password", AccountsServer.PASSWORD, "role", "owner")),
                Arguments.of("POST", "/api/auth/register", Map.of("email", List.of("a@acme.test"),
                        "password", AccountsServer.PASSWORD)),
                Arguments.of("POST", "/api/auth/register", Map.of("email", "ok@acme.test",
                        "password", AccountsServer.PASSWORD, "displayName", "n".repeat(201))),
                Arguments.of("POST", "/api/auth/password-reset", Map.of("email", crlf)),
                Arguments.of("POST", "/api/auth/password-reset", Map.of("email", "@".repeat(400))),
                Arguments.of("POST", "/api/auth/verify-email", Map.of("token", "t".repeat(10_000))),
                Arguments.of("POST", "/api/auth/verify-email", Map.of("token", 42)),
                Arguments.of("POST", "/api/auth/verify-email", Map.of("token", "' OR 1=1 --")),
                Arguments.of("POST", "/api/auth/password-reset/confirm", Map.of("token", "' OR 1=1 --",
                        "password", AccountsServer.PASSWORD)),
                Arguments.of("POST", "/api/auth/password-reset/confirm", Map.of("token", "x")),
                Arguments.of("POST", "/api/invitations/accept", Map.of("email", "a@acme.test", "code", "' OR 1=1 --",
                        "password", AccountsServer.PASSWORD)),
                Arguments.of("POST", "/api/invitations/accept", Map.of("code", "ABCDE-FGHJK")),
                Arguments.of("POST", "/api/invitations/accept", Map.of("token", "x", "code", "ABCDE-FGHJK",
                        "email", "a@acme.test")),
                Arguments.of("POST", "/api/invitations/accept", Map.of()),
                Arguments.of("POST", "/api/invitations/accept", Map.of("token", "t".repeat(201))),
                Arguments.of("POST", "/api/invitations/accept", Map.of("token", "unknown", "displayName", "a\nb")),
                Arguments.of("POST", "/api/invitations", Map.of("email", crlf)),
                Arguments.of("POST", "/api/invitations", Map.of("email", "new@acme.test", "role", "superuser")),
                Arguments.of("POST", "/api/invitations", Map.of("email", "new@acme.test", "role", 1)),
                Arguments.of("POST", "/api/invitations", Map.of("email", "new@acme.test", "companyId",
                        UUID.randomUUID().toString())),
                Arguments.of("PUT", "/api/users/" + UUID.randomUUID() + "/status", Map.of("status", "suspended")),
                Arguments.of("PUT", "/api/users/not-a-uuid/status", Map.of("status", "suspended")),
                Arguments.of("PATCH", "/api/account", Map.of("timezone", "../../etc/passwd")),
                Arguments.of("PATCH", "/api/account", Map.of("language", "en\r\nX: y")),
                Arguments.of("POST", "/api/account/password", Map.of("currentPassword", AccountsServer.PASSWORD,
                        "newPassword", List.of("x"))));
    }

    private static List<Long> snapshot() throws Exception {
        return List.of(AccountsServer.rows("SELECT count(*) FROM rowan.users"),
                AccountsServer.rows("SELECT count(*) FROM rowan.account_tokens"),
                AccountsServer.rows("SELECT count(*) FROM rowan.invitations"),
                AccountsServer.rows("SELECT count(*) FROM rowan.memberships"),
                AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE updated_at > now() - interval '1 hour' "
                        + "AND (timezone <> 'UTC' OR language <> 'en')"),
                (long) rowan.mail.getReceivedMessages().length);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void isRefusedAndChangesNothing(String method, String path, Map<String, Object> body) throws Exception {
        List<Long> before = snapshot();
        Http.Answer a = rowan.send(method, path, body, AccountsServer.ip(), admin.token());
        assertThat(a.status()).as(a.body()).isBetween(400, 499);
        assertThat(a.header("Content-Type")).startsWith("application/problem+json");
        assertThat(a.body()).doesNotContainIgnoringCase("exception").doesNotContain("rowan.users", "account_tokens", "token_hash")
                .doesNotContain("SELECT").doesNotContain("org.");
        Thread.sleep(100); // a mail that went out by mistake would have arrived
        assertThat(snapshot()).isEqualTo(before);
    }
}
