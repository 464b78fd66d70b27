package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Http;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything that goes by mail, end to end over real SMTP (GreenMail in this JVM): registration and its link,
 * verification, password reset, invitations by link and by code, resend, cancel, expiry and single use. Every link
 * and code used here is parsed from a mail the SMTP server really received.
 */
class AccountMailTest {
    private static AccountsServer rowan;

    @BeforeAll
    static void start() {
        rowan = new AccountsServer(Map.of());
    }

    @AfterAll
    static void stop() {
        rowan.close();
    }

    private static String email() {
        return "person-" + UUID.randomUUID() + "@mail.test";
    }

    @Test
    void registrationCreatesTheAccountOnlyWhenTheMailedLinkIsFollowed() throws Exception {
        String email = email();
        String ip = AccountsServer.ip();
        Http.Answer r = rowan.post("/api/auth/register", Map.of("email", email, "password", AccountsServer.PASSWORD,
                "displayName", "Ada", "companyName", "Ada's Analytics"), ip);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE lower(email) = lower(?)", email))
                .isZero();
        AccountsServer.Received mail = rowan.next(email);
        assertThat(mail.subject()).contains("Finish signing up");
        assertThat(mail.link()).startsWith("https://rowan.example.test/account/verify?token=");
        // not signed up yet: no sign-in
        assertThat(rowan.login(email, AccountsServer.PASSWORD, ip).status()).isEqualTo(401);

        Http.Answer v = rowan.post("/api/auth/verify-email", Map.of("token", mail.token()), ip);
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        assertThat(v.map()).containsEntry("verified", true).containsEntry("email", email);
        Http.Answer login = rowan.login(email, AccountsServer.PASSWORD, ip);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.map().get("role")).isEqualTo("owner");
        assertThat(login.map().get("companyId")).isEqualTo(v.map().get("companyId"));
        ApiClient api = new ApiClient(rowan.base);
        api.token((String) login.map().get("token"));
        Map<String, Object> me = api.get("/api/account").map();
        assertThat(me).containsEntry("displayName", "Ada").containsEntry("emailVerified", true);

        // the link works once
        Http.Answer again = rowan.post("/api/auth/verify-email", Map.of("token", mail.token()), ip);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void registeringATakenEmailCreatesNothingAndTellsOnlyItsOwner() throws Exception {
        ApiClient owner = rowan.tenant();
        String email = (String) owner.get("/api/account").map().get("email");
        long users = AccountsServer.rows("SELECT count(*) FROM rowan.users");
        Http.Answer r = rowan.post("/api/auth/register", Map.of("email", email.toUpperCase(),
                "password", "another long passphrase 7"), AccountsServer.ip());
        // the same answer as for a new email
        assertThat(r.status()).isEqualTo(202);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users")).isEqualTo(users);
        AccountsServer.Received mail = rowan.next(email.toUpperCase());
        assertThat(mail.subject()).contains("already have");
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.account_tokens WHERE lower(email) = lower(?)",
                email)).isZero();
    }

    @Test
    void anExpiredRegistrationLinkCreatesNothing() throws Exception {
        String email = email();
        String ip = AccountsServer.ip();
        assertThat(rowan.post("/api/auth/register", Map.of("email", email, "password", AccountsServer.PASSWORD), ip)
                .status()).isEqualTo(202);
        AccountsServer.Received mail = rowan.next(email);
        assertThat(AccountsServer.execute("UPDATE rowan.account_tokens SET expires_at = now() - interval '1 second' "
                + "WHERE email = ?", email)).isEqualTo(1);
        assertThat(rowan.post("/api/auth/verify-email", Map.of("token", mail.token()), ip).status()).isEqualTo(404);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
    }

    @Test
    void aSignedInUserVerifiesTheirEmailThroughTheMailedLink() throws Exception {
        ApiClient api = rowan.tenant();
        Map<String, Object> me = api.get("/api/account").map();
        assertThat(me).containsEntry("emailVerified", false);
        assertThat(api.post("/api/account/verify-email", Map.of()).status()).isEqualTo(202);
        AccountsServer.Received mail = rowan.next((String) me.get("email"));
        assertThat(mail.subject()).contains("Confirm your email");
        assertThat(rowan.post("/api/auth/verify-email", Map.of("token", mail.token()), AccountsServer.ip()).status())
                .isEqualTo(200);
        assertThat(api.get("/api/account").map()).containsEntry("emailVerified", true);
        assertThat(api.post("/api/account/verify-email", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void passwordResetIsSingleUseExpiresAndSignsOutEverywhere() throws Exception {
        ApiClient api = rowan.tenant();
        String email = (String) api.get("/api/account").map().get("email");
        String ip = AccountsServer.ip();
        // an unknown email gets the same answer and no mail
        String nobody = email();
        assertThat(rowan.post("/api/auth/password-reset", Map.of("email", nobody), ip).status()).isEqualTo(202);

        assertThat(rowan.post("/api/auth/password-reset", Map.of("email", email), ip).status()).isEqualTo(202);
        AccountsServer.Received first = rowan.next(email);
        assertThat(first.link()).startsWith("https://rowan.example.test/account/reset?token=");
        // asking again voids the first link
        assertThat(rowan.post("/api/auth/password-reset", Map.of("email", email), ip).status()).isEqualTo(202);
        AccountsServer.Received second = rowan.next(email);
        assertThat(rowan.post("/api/auth/password-reset/confirm", Map.of("token", first.token(),
                "password", "a brand new passphrase 1"), ip).status()).isEqualTo(404);

        // a refused password does not use the link up
        Http.Answer weak = rowan.post("/api/auth/password-reset/confirm", Map.of("token", second.token(),
                "password", "password123"), ip);
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).contains("too common");
        Http.Answer ok = rowan.post("/api/auth/password-reset/confirm", Map.of("token", second.token(),
                "password", "a brand new passphrase 1"), ip);
        assertThat(ok.status()).as(ok.body()).isEqualTo(204);
        // the session from before the reset has ended; the old password is gone; the new one works
        assertThat(api.get("/api/account").status()).isEqualTo(401);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, ip).status()).isEqualTo(401);
        assertThat(rowan.login(email, "a brand new passphrase 1", ip).status()).isEqualTo(200);
        // single use
        assertThat(rowan.post("/api/auth/password-reset/confirm", Map.of("token", second.token(),
                "password", "yet another passphrase 2"), ip).status()).isEqualTo(404);
        assertThat(rowan.mailsTo(nobody)).isZero();

        // expired
        assertThat(rowan.post("/api/auth/password-reset", Map.of("email", email), ip).status()).isEqualTo(202);
        AccountsServer.Received third = rowan.next(email);
        AccountsServer.execute("UPDATE rowan.account_tokens SET expires_at = now() - interval '1 second' "
                + "WHERE email = ? AND used_at IS NULL", email);
        assertThat(rowan.post("/api/auth/password-reset/confirm", Map.of("token", third.token(),
                "password", "yet another passphrase 2"), ip).status()).isEqualTo(404);
    }

    @Test
    void anInvitationByLinkCreatesTheAccountAndMembershipOnce() throws Exception {
        ApiClient admin = rowan.tenant();
        String email = email();
        ApiClient.Response created = admin.post("/api/invitations", Map.of("email", email, "role", "admin"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.map()).containsEntry("status", "pending").containsEntry("role", "admin");
        AccountsServer.Received mail = rowan.next(email);
        assertThat(mail.subject()).contains("Test company");
        assertThat(mail.link()).startsWith("https://rowan.example.test/invite?token=");
        // only the hashes are stored
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.invitations WHERE position(convert_to(?, 'UTF8') "
                + "in token_hash) > 0", mail.token())).isZero();

        String ip = AccountsServer.ip();
        Http.Answer noPassword = rowan.post("/api/invitations/accept", Map.of("token", mail.token()), ip);
        assertThat(noPassword.status()).isEqualTo(422);
        Http.Answer accepted = rowan.post("/api/invitations/accept", Map.of("token", mail.token(),
                "password", AccountsServer.PASSWORD, "displayName", "Grace"), ip);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.map()).containsEntry("accountCreated", true)
                .containsEntry("companyId", admin.companyId.toString());
        Http.Answer login = rowan.login(email, AccountsServer.PASSWORD, ip);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.map()).containsEntry("role", "admin");

        assertThat(rowan.post("/api/invitations/accept", Map.of("token", mail.token(),
                "password", AccountsServer.PASSWORD), ip).status()).isEqualTo(404);
        List<Map<String, Object>> list = admin.get("/api/invitations").data();
        assertThat(list).singleElement().satisfies(i -> {
            assertThat(i).containsEntry("status", "accepted").containsEntry("email", email);
            assertThat(i.get("acceptedBy")).isEqualTo(accepted.map().get("userId"));
        });
    }

    @Test
    void anInvitationByCodeLinksAnExistingAccountWithoutTouchingItsPassword() throws Exception {
        ApiClient other = rowan.tenant();
        String email = (String) other.get("/api/account").map().get("email");
        ApiClient admin = rowan.tenant();
        assertThat(admin.post("/api/invitations", Map.of("email", email)).status()).isEqualTo(201);
        AccountsServer.Received mail = rowan.next(email);
        String ip = AccountsServer.ip();
        // the code belongs to this email only
        assertThat(rowan.post("/api/invitations/accept", Map.of("email", email(), "code", mail.code()), ip).status())
                .isEqualTo(404);
        Http.Answer accepted = rowan.post("/api/invitations/accept", Map.of("email", email,
                "code", mail.code().toLowerCase().replace("-", " "), "password", "ignored for existing accounts"), ip);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.map()).containsEntry("accountCreated", false).containsEntry("role", "member");
        // signs in to the new company with the password it always had
        Http.Answer login = Http.send(rowan.base, "POST", "/api/auth/login", ApiClient.JSON.writeValueAsString(
                Map.of("email", email, "password", AccountsServer.PASSWORD, "companyId", admin.companyId.toString())),
                "X-Forwarded-For", ip);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.map()).containsEntry("companyId", admin.companyId.toString());
    }

    @Test
    void resendReplacesTheSecretsCancelEndsItAndExpiryShowsInTheList() throws Exception {
        ApiClient admin = rowan.tenant();
        String email = email();
        String id = admin.post("/api/invitations", Map.of("email", email)).id();
        AccountsServer.Received first = rowan.next(email);
        assertThat(admin.post("/api/invitations", Map.of("email", email)).status()).isEqualTo(409);

        ApiClient.Response resent = admin.post("/api/invitations/" + id + "/resend", Map.of());
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.map()).containsEntry("sentCount", 2);
        AccountsServer.Received second = rowan.next(email);
        assertThat(second.token()).isNotEqualTo(first.token());
        String ip = AccountsServer.ip();
        assertThat(rowan.post("/api/invitations/accept", Map.of("token", first.token(), "password",
                AccountsServer.PASSWORD), ip).status()).isEqualTo(404);
        assertThat(rowan.post("/api/invitations/accept", Map.of("email", email, "code", first.code(), "password",
                AccountsServer.PASSWORD), ip).status()).isEqualTo(404);

        // expired: listed so, refused, and a resend revives it
        AccountsServer.execute("UPDATE rowan.invitations SET expires_at = now() - interval '1 second' WHERE id = ?",
                UUID.fromString(id));
        assertThat(admin.get("/api/invitations?status=expired").data()).extracting(i -> i.get("id")).containsExactly(id);
        assertThat(rowan.post("/api/invitations/accept", Map.of("token", second.token(), "password",
                AccountsServer.PASSWORD), ip).status()).isEqualTo(404);

        assertThat(admin.delete("/api/invitations/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/invitations").data()).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("status", "cancelled"));
        assertThat(admin.delete("/api/invitations/" + id).status()).isEqualTo(409);
        assertThat(admin.post("/api/invitations/" + id + "/resend", Map.of()).status()).isEqualTo(409);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
        // a new invitation may follow a cancelled one
        assertThat(admin.post("/api/invitations", Map.of("email", email)).status()).isEqualTo(201);
    }

    @Test
    void registrationIsOffUnlessTheServerAllowsIt() {
        // the shared test server runs with the default settings
        Http.Answer r = Http.send(TestServer.baseUrl(), "POST", "/api/auth/register",
                "{\"email\":\"x-" + UUID.randomUUID() + "@mail.test\",\"password\":\"" + AccountsServer.PASSWORD + "\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("Registration is closed");
    }
}
