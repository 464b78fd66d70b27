package dev.rowan.desktop.syncui;

import dev.rowan.desktop.testkit.SignedInDesktop;
import static dev.rowan.desktop.testkit.SignedInDesktop.waitFor;
import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.account.AccountViewModel;
import dev.rowan.server.identity.mfa.Totp;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import dev.samstevens.totp.code.HashingAlgorithm;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in with a second factor and the account screen, in the real window headless under Monocle against the
 * real server: the connect dialog asks for the authenticator's code after the password and signs in with it; the
 * account screen sets up an authenticator from its QR code, shows the backup codes, lists sessions and creates an
 * API key that then works on the server. Writes docs/screenshots/sign-in-mfa.png, account-mfa-setup.png and
 * account.png.
 */
@ExtendWith(ApplicationExtension.class)
class AccountScreenTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    Desktop desktop;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close(FxRobot robot) {
        SignedInDesktop.closeAll(robot, stage, desktop);
    }

    private static String code(String secret, int steps) {
        return Totp.code(HashingAlgorithm.SHA1, secret, Totp.step(System.currentTimeMillis() / 1000) + steps, 6);
    }

    private static String newOwner() {
        String email = "desk-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        return email;
    }

    @Test
    void signInAsksForTheCodeAfterThePasswordAndTheAccountScreenCreatesAKey(FxRobot robot) {
        String email = newOwner();
        ApiClient server = new ApiClient(TestServer.baseUrl());
        server.login(email, PASSWORD);
        String secret = (String) server.post("/api/account/mfa/totp", Map.of()).get("secret");
        assertThat(server.post("/api/account/mfa/totp/confirm", Map.of("code", code(secret, 0))).status()).isEqualTo(200);

        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        robot.interact(() -> desktop.syncScreens().openConnect());
        ConnectViewModel vm = desktop.syncScreens().connectViewModel();
        robot.interact(() -> {
            vm.url().set(TestServer.baseUrl());
            vm.email().set(email);
        });
        assertThat(robot.lookup("#connect-code").query().isVisible()).isFalse();
        robot.clickOn("#connect-password").write(PASSWORD);
        robot.clickOn("#connect-button");
        waitFor("the dialog asks for the code", () -> vm.codeNeeded().get());
        assertThat(robot.lookup("#connect-code").query().isVisible()).isTrue();
        assertThat(robot.lookup("#connect-error").queryAs(Label.class).getText()).contains("6-digit code");
        assertThat(desktop.viewModel().workspace().setting("sync.token")).isEmpty();
        SyncScreenshots.write(desktop.syncScreens().connectWindow().getScene(), "sign-in-mfa.png");

        // a wrong code keeps the dialog on the code; the right one (the next step: this one confirmed it) signs in
        robot.clickOn("#connect-code").write("000000");
        robot.clickOn("#connect-button");
        waitFor("the wrong code is refused", () -> !vm.busy().get() && !vm.error().get().isEmpty());
        assertThat(vm.codeNeeded().get()).isTrue();
        assertThat(vm.done().get()).isFalse();
        robot.clickOn("#connect-code").write(code(secret, 1));
        robot.clickOn("#connect-button");
        waitFor("signed in", () -> vm.done().get());
        String token = desktop.viewModel().workspace().setting("sync.token").orElseThrow();
        ApiClient asDesktop = new ApiClient(TestServer.baseUrl());
        asDesktop.token(token);
        assertThat(asDesktop.get("/api/apps").status()).isEqualTo(200);

        // the account screen: the factor is on, this session is listed, a new key works on the server
        robot.interact(() -> desktop.syncScreens().openAccount());
        AccountViewModel account = desktop.syncScreens().accountViewModel();
        waitFor("the account is loaded", () -> account.mfaStatus().get().startsWith("On") && !account.sessions().isEmpty());
        assertThat(account.mfaStatus().get()).isEqualTo("On · 10 backup codes left");
        assertThat(account.sessions()).anyMatch(s -> s.current());
        robot.clickOn("#account-key-name").write("Nightly import");
        robot.clickOn("#account-key-create");
        waitFor("the key is shown once", () -> account.newKey().get().startsWith("rk_"));
        assertThat(account.keys()).hasSize(1);
        ApiClient withKey = new ApiClient(TestServer.baseUrl());
        withKey.token(account.newKey().get());
        assertThat(withKey.get("/api/apps").status()).isEqualTo(200);
        assertThat(withKey.post("/api/apps", Map.of("name", "no")).status()).isEqualTo(403);
        SyncScreenshots.write(desktop.syncScreens().accountWindow().getScene(), "account.png");
    }

    @Test
    void aCompanyThatRequiresASecondFactorHasItSetUpDuringSignIn(FxRobot robot) {
        String email = newOwner();
        ApiClient server = new ApiClient(TestServer.baseUrl());
        server.login(email, PASSWORD);
        assertThat(server.put("/api/company/policy", Map.of("requireMfa", "everyone")).status()).isEqualTo(200);

        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        robot.interact(() -> desktop.syncScreens().openConnect());
        ConnectViewModel vm = desktop.syncScreens().connectViewModel();
        robot.interact(() -> {
            vm.url().set(TestServer.baseUrl());
            vm.email().set(email);
        });
        robot.clickOn("#connect-password").write(PASSWORD);
        robot.clickOn("#connect-button");
        waitFor("the dialog shows a QR code to set up", () -> vm.enrolmentQr().get() != null && vm.codeNeeded().get());
        assertThat(robot.lookup("#connect-qr").queryAs(ImageView.class).getImage()).isNotNull();
        assertThat(desktop.viewModel().workspace().setting("sync.token")).isEmpty();
        SyncScreenshots.write(desktop.syncScreens().connectWindow().getScene(), "sign-in-enrol.png");
        robot.clickOn("#connect-code").write(code(vm.enrolmentSecret().get(), 0));
        robot.clickOn("#connect-button");
        waitFor("signed in with backup codes shown", () -> vm.backupCodes().size() == 10);
        assertThat(robot.lookup("#connect-backup-codes").queryAs(Label.class).getText())
                .contains(vm.backupCodes().getFirst());
        assertThat(vm.done().get()).isFalse();
        robot.clickOn("#connect-button");
        waitFor("the dialog closes", () -> vm.done().get());
        ApiClient asDesktop = new ApiClient(TestServer.baseUrl());
        asDesktop.token(desktop.viewModel().workspace().setting("sync.token").orElseThrow());
        assertThat(asDesktop.get("/api/account/mfa").get("enabled")).isEqualTo(true);
        assertThat(new ApiClient(TestServer.baseUrl()).login(email, PASSWORD).get("status")).isEqualTo("mfa_required");
    }

    @Test
    void switchingCompanyOpensItsOwnWorkspaceWithoutThePasswordAndBack(FxRobot robot) {
        String email = newOwner();
        ApiClient server = new ApiClient(TestServer.baseUrl());
        server.login(email, PASSWORD);
        String first = (String) server.get("/api/company").get("id");
        String second = server.post("/api/companies", Map.of("name", "Second Ltd")).id();
        ApiClient inSecond = new ApiClient(TestServer.baseUrl());
        inSecond.token((String) server.post("/api/companies/" + second + "/switch", Map.of()).get("token"));
        inSecond.createApp("Only in Second");

        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        try {
            desktop.engine().signIn(TestServer.baseUrl(), email, PASSWORD, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Desktop[] current = {desktop};
        desktop.onReplaced(d -> current[0] = d);
        robot.interact(() -> desktop.syncScreens().openAccount());
        AccountViewModel account = desktop.syncScreens().accountViewModel();
        waitFor("both companies are listed", () -> account.companies().size() == 2);
        assertThat(account.companies()).extracting(c -> c.name()).containsExactly("Test company", "Second Ltd");
        assertThat(account.companies().getFirst().current()).isTrue();
        SyncScreenshots.write(desktop.syncScreens().accountWindow().getScene(), "account-companies.png");
        robot.clickOn("#account-switch-1");
        waitFor("the second company's workspace is open", () -> current[0] != desktop
                && current[0].engine().account().map(a -> a.companyId().equals(second)).orElse(false));
        Desktop there = current[0];
        desktop = there;
        assertThat(dir.resolve("workspace-" + second)).isDirectory();
        // its own workspace, synced from the company: the app made on the server arrives
        waitFor("the second company's app arrives", () -> there.viewModel().navigator().apps().stream()
                .anyMatch(a -> a.name().equals("Only in Second")));
        ApiClient asDesktop = new ApiClient(TestServer.baseUrl());
        asDesktop.token(there.viewModel().workspace().setting("sync.token").orElseThrow());
        assertThat(asDesktop.get("/api/company").get("name")).isEqualTo("Second Ltd");

        // and back: the first workspace folder again, no password
        robot.interact(() -> there.syncScreens().openAccount());
        AccountViewModel again = there.syncScreens().accountViewModel();
        waitFor("companies listed again", () -> again.companies().size() == 2);
        robot.clickOn("#account-switch-0");
        waitFor("the first company's workspace is open again", () -> current[0] != there
                && current[0].engine().account().map(a -> a.companyId().equals(first)).orElse(false));
        desktop = current[0];
        assertThat(desktop.viewModel().workspace().setting("sync.token")).isPresent();
        assertThat(desktop.viewModel().navigator().apps()).noneMatch(a -> a.name().equals("Only in Second"));
    }

    @Test
    void theAccountScreenSetsUpAnAuthenticatorFromItsQrCode(FxRobot robot) {
        String email = newOwner();
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("workspace")));
        robot.clickOn("#welcome-empty");
        try {
            desktop.engine().signIn(TestServer.baseUrl(), email, PASSWORD, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        robot.interact(() -> desktop.syncScreens().openAccount());
        AccountViewModel account = desktop.syncScreens().accountViewModel();
        waitFor("the account is loaded", () -> account.mfaStatus().get().equals("Off"));
        robot.clickOn("#account-mfa-setup");
        waitFor("the QR code is shown", () -> account.qrPng().get() != null);
        ImageView qr = robot.lookup("#account-mfa-qr").queryAs(ImageView.class);
        assertThat(qr.getImage()).isNotNull();
        assertThat(qr.getImage().getWidth()).isGreaterThan(100);
        assertThat(qr.isVisible()).isTrue();
        String secret = account.secret().get();
        assertThat(robot.lookup("#account-mfa-secret").queryAs(Label.class).getText()).contains(secret);
        SyncScreenshots.write(desktop.syncScreens().accountWindow().getScene(), "account-mfa-setup.png");
        robot.clickOn("#account-mfa-code").write(code(secret, 0));
        robot.clickOn("#account-mfa-confirm");
        waitFor("backup codes are shown", () -> account.backupCodes().size() == 10 && account.mfaEnabled().get());
        Node codes = robot.lookup("#account-backup-codes").query();
        assertThat(codes.isVisible()).isTrue();
        assertThat(((Label) codes).getText()).contains(account.backupCodes().getFirst());
        // the server asks for a code at the next sign-in
        assertThat(new ApiClient(TestServer.baseUrl()).login(email, PASSWORD).get("status")).isEqualTo("mfa_required");
    }
}
