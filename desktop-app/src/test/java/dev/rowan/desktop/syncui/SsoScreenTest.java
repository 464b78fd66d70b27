package dev.rowan.desktop.syncui;

import dev.rowan.desktop.testkit.SignedInDesktop;
import static dev.rowan.desktop.testkit.SignedInDesktop.waitFor;
import dev.rowan.desktop.Desktop;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sign in with SSO" in the real connect dialog, headless under Monocle, against the real server and a real OpenID
 * provider (mock-oauth2-server) in this JVM. The system browser is replaced by an HTTP client that fills in the
 * provider's login form and follows its redirect to the dialog's loopback listener. Writes
 * docs/screenshots/sign-in-sso.png.
 */
@ExtendWith(ApplicationExtension.class)
class SsoScreenTest {
    private static MockOAuth2Server provider;
    @TempDir
    Path dir;
    Desktop desktop;
    Stage stage;

    @BeforeAll
    static void providerUp() {
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start();
    }

    @AfterAll
    static void providerDown() {
        provider.shutdown();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close(FxRobot robot) {
        SignedInDesktop.closeAll(robot, stage, desktop);
    }

    @Test
    void signInWithSsoGoesThroughTheBrowserAndSignsTheWorkspaceIn(FxRobot robot) throws Exception {
        String ownerEmail = "sso-owner-" + UUID.randomUUID() + "@test.rowan";
        UUID company = TestServer.createTenant(ownerEmail, "a long enough password");
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        owner.login(ownerEmail, "a long enough password");
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        assertThat(owner.put("/api/company/policy", Map.of("allowedEmailDomains", List.of(domain))).status())
                .isEqualTo(200);
        var put = owner.put("/api/company/sso", Map.of("issuer", provider.issuerUrl("corp").toString(),
                "clientId", "rowan-desktop", "clientSecret", "desktop-secret", "jit", true));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String email = "grace@" + domain;

        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> visited = new ArrayList<>();
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        robot.interact(() -> desktop.syncScreens().openConnect());
        ConnectViewModel vm = desktop.syncScreens().connectViewModel();
        // the "browser": shows the provider's form, signs in as the person, follows the redirect to the listener
        vm.browser(url -> {
            visited.add(url.toString());
            try {
                var page = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).contains("name=\"username\"");
                String claims = "{\"email\":\"" + email + "\",\"email_verified\":true,\"name\":\"Grace SSO\"}";
                var sent = http.send(HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=grace&claims="
                                + URLEncoder.encode(claims, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                URI back = URI.create(sent.headers().firstValue("Location").orElseThrow());
                visited.add(back.toString());
                var done = http.send(HttpRequest.newBuilder(back).GET().build(), HttpResponse.BodyHandlers.ofString());
                visited.add(done.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException(e);
            }
        });
        robot.interact(() -> vm.url().set(TestServer.baseUrl()));
        assertThat(robot.lookup("#connect-sso").queryAs(Button.class).isDisabled()).isTrue();
        robot.clickOn("#connect-email").write(email);
        assertThat(robot.lookup("#connect-sso").queryAs(Button.class).isDisabled()).isFalse();
        SyncScreenshots.write(desktop.syncScreens().connectWindow().getScene(), "sign-in-sso.png");
        robot.clickOn("#connect-sso");
        waitFor("signed in through the provider", () -> vm.done().get() || !vm.error().get().isEmpty());
        assertThat(vm.error().get()).isEmpty();
        assertThat(visited.get(0)).startsWith(provider.issuerUrl("corp").toString()).contains("code_challenge=");
        assertThat(visited.get(1)).startsWith("http://127.0.0.1:").contains("/callback?code=");
        assertThat(visited.get(2)).contains("Signed in");

        // the workspace is signed in to the company as the provisioned user, and the token works on the server
        var ws = desktop.viewModel().workspace();
        assertThat(ws.setting("sync.company")).contains(company.toString());
        assertThat(ws.setting("sync.email")).contains(email);
        ApiClient asDesktop = new ApiClient(TestServer.baseUrl());
        asDesktop.token(ws.setting("sync.token").orElseThrow());
        assertThat(asDesktop.get("/api/apps").status()).isEqualTo(200);
        assertThat(asDesktop.get("/api/auth/me").get("companyId")).isEqualTo(company.toString());
    }

    @Test
    void aRefusedSsoSignInShowsWhyAndLeavesTheWorkspaceSignedOut(FxRobot robot) {
        String ownerEmail = "sso-owner-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(ownerEmail, "a long enough password");
        ApiClient owner = new ApiClient(TestServer.baseUrl());
        owner.login(ownerEmail, "a long enough password");
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        assertThat(owner.put("/api/company/policy", Map.of("allowedEmailDomains", List.of(domain))).status())
                .isEqualTo(200);
        // just-in-time provisioning off: a person the company does not know is refused
        assertThat(owner.put("/api/company/sso", Map.of("issuer", provider.issuerUrl("corp").toString(),
                "clientId", "rowan-desktop", "clientSecret", "desktop-secret", "jit", false)).status()).isEqualTo(200);
        String email = "stranger@" + domain;
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        robot.interact(() -> desktop.syncScreens().openConnect());
        ConnectViewModel vm = desktop.syncScreens().connectViewModel();
        vm.browser(url -> {
            try {
                String claims = "{\"email\":\"" + email + "\",\"email_verified\":true}";
                var sent = http.send(HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=s&claims="
                                + URLEncoder.encode(claims, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                http.send(HttpRequest.newBuilder(URI.create(sent.headers().firstValue("Location").orElseThrow()))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException(e);
            }
        });
        robot.interact(() -> {
            vm.url().set(TestServer.baseUrl());
            vm.email().set(email);
        });
        robot.clickOn("#connect-sso");
        waitFor("the refusal is shown", () -> !vm.busy().get() && !vm.error().get().isEmpty());
        assertThat(vm.error().get()).contains("not a member");
        assertThat(vm.done().get()).isFalse();
        assertThat(desktop.viewModel().workspace().setting("sync.token")).isEmpty();
    }
}
