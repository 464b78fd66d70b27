package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages the links in account mails open in a browser: each link is taken from a mail GreenMail received, its path
 * and token opened on the server as a browser would (GET shows a form and changes nothing; the form's POST does the
 * work), with the same rules as the JSON routes.
 */
class AccountPagesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AccountsServer rowan;

    @BeforeAll
    static void start() {
        rowan = new AccountsServer(Map.of());
    }

    @AfterAll
    static void stop() {
        rowan.close();
    }

    /** The mail's link, moved from ROWAN_PUBLIC_URL to this server. */
    private static String local(String link) {
        return rowan.base + link.substring("https://rowan.example.test".length());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(rowan.base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", AccountsServer.ip())
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void isPage(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(t ->
                assertThat(t).contains("default-src 'none'"));
        assertThat(r.body()).doesNotContain("<script");
    }

    @Test
    void theResetLinkOpensAFormThatSetsThePasswordOnce() throws Exception {
        ApiClient api = rowan.tenant();
        String email = (String) api.get("/api/account").map().get("email");
        assertThat(rowan.post("/api/auth/password-reset", Map.of("email", email), AccountsServer.ip()).status())
                .isEqualTo(202);
        AccountsServer.Received mail = rowan.next(email);
        HttpResponse<String> page = get(local(mail.link()));
        assertThat(page.statusCode()).isEqualTo(200);
        isPage(page);
        assertThat(page.body()).contains("name=\"password\"").contains("action=\"/account/reset\"");
        // opening the link (a mail scanner does) changes nothing
        assertThat(get(local(mail.link())).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/account").status()).isEqualTo(200);

        HttpResponse<String> weak = post("/account/reset", Map.of("token", mail.token(), "password", "qwertyuiop",
                "repeat", "qwertyuiop"));
        assertThat(weak.statusCode()).isEqualTo(422);
        isPage(weak);
        assertThat(weak.body()).contains("too common").contains("name=\"password\"");
        HttpResponse<String> differ = post("/account/reset", Map.of("token", mail.token(),
                "password", "a fine new passphrase", "repeat", "a fine new passphrase!"));
        assertThat(differ.statusCode()).isEqualTo(422);
        assertThat(differ.body()).contains("differ");

        HttpResponse<String> done = post("/account/reset", Map.of("token", mail.token(),
                "password", "a fine new passphrase", "repeat", "a fine new passphrase"));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("new password is set");
        assertThat(api.get("/api/account").status()).isEqualTo(401);
        assertThat(rowan.login(email, "a fine new passphrase", AccountsServer.ip()).status()).isEqualTo(200);
        // used: the link is dead, as a problem
        HttpResponse<String> again = get(local(mail.link()));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void theRegistrationLinkCreatesTheAccountOnlyWhenConfirmed() throws Exception {
        String email = "page-" + UUID.randomUUID() + "@mail.test";
        assertThat(rowan.post("/api/auth/register", Map.of("email", email, "password", AccountsServer.PASSWORD,
                "displayName", "Page <b>Person</b>"), AccountsServer.ip()).status()).isEqualTo(202);
        AccountsServer.Received mail = rowan.next(email);
        HttpResponse<String> page = get(local(mail.link()));
        assertThat(page.statusCode()).isEqualTo(200);
        isPage(page);
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE email = ?", email)).isZero();
        HttpResponse<String> done = post("/account/verify", Map.of("token", mail.token()));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("is ready");
        assertThat(AccountsServer.rows("SELECT count(*) FROM rowan.users WHERE email = ? AND email_verified_at "
                + "IS NOT NULL", email)).isEqualTo(1);
        assertThat(post("/account/verify", Map.of("token", mail.token())).statusCode()).isEqualTo(404);
    }

    @Test
    void theInvitationLinkShowsTheCompanyAndCreatesTheAccount() throws Exception {
        ApiClient admin = rowan.tenant();
        String email = "invitee-" + UUID.randomUUID() + "@mail.test";
        assertThat(admin.post("/api/invitations", Map.of("email", email, "role", "admin")).status()).isEqualTo(201);
        AccountsServer.Received mail = rowan.next(email);
        HttpResponse<String> page = get(local(mail.link()));
        assertThat(page.statusCode()).isEqualTo(200);
        isPage(page);
        assertThat(page.body()).contains("Test company").contains(email).contains("as admin")
                .contains("name=\"password\"");
        HttpResponse<String> noPassword = post("/invite", Map.of("token", mail.token()));
        assertThat(noPassword.statusCode()).isEqualTo(422);
        assertThat(admin.get("/api/invitations?status=pending").data()).hasSize(1);
        HttpResponse<String> done = post("/invite", Map.of("token", mail.token(), "displayName", "Ivy",
                "password", AccountsServer.PASSWORD, "repeat", AccountsServer.PASSWORD));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("is ready").contains("as admin");
        assertThat(admin.get("/api/invitations?status=accepted").data()).hasSize(1);
        assertThat(rowan.login(email, AccountsServer.PASSWORD, AccountsServer.ip()).status()).isEqualTo(200);
        assertThat(get(local(mail.link())).statusCode()).isEqualTo(404);
    }

    @Test
    void deadOrMalformedTokensAnswer404AndAFormOfAnotherTypeIs415() throws Exception {
        for (String path : new String[]{"/account/reset", "/account/verify", "/invite"}) {
            for (String token : new String[]{"", "x", "Q".repeat(43), "%3Cscript%3E" + "Q".repeat(30)}) {
                HttpResponse<String> r = get(rowan.base + path + "?token=" + token);
                assertThat(r.statusCode()).as(path + " " + token).isEqualTo(404);
                assertThat(r.body()).doesNotContain("<script");
            }
            HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(rowan.base + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + "Q".repeat(43) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(415);
        }
    }
}
