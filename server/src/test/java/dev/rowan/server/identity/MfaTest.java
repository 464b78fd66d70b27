package dev.rowan.server.identity;

import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.rowan.server.identity.IdentityFixture.PASSWORD;
import static dev.rowan.server.identity.IdentityFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/** The second factor end to end over HTTP: enrolment, the sign-in's challenge, replay, backup codes, company policy. */
class MfaTest {

    @Test
    void enrolmentIsActiveOnlyAfterACorrectCode() {
        var owner = IdentityFixture.owner();
        ApiClient api = owner.api();
        var start = api.post("/api/account/mfa/totp", Map.of());
        assertThat(start.status()).isEqualTo(201);
        String secret = (String) start.get("secret");
        assertThat((String) start.get("otpauthUri")).startsWith("otpauth://totp/").contains(secret);
        assertThat(IdentityFixture.readQr((String) start.get("qrPng"))).isEqualTo(start.get("otpauthUri"));
        // not active yet: signing in still gives a session at once
        assertThat(api.get("/api/account/mfa").get("enabled")).isEqualTo(false);
        assertThat(new ApiClient(api.base()).login(owner.email(), PASSWORD).get("token")).isNotNull();
        // a wrong code does not activate it
        var wrong = api.post("/api/account/mfa/totp/confirm", Map.of("code", code(secret, 5)));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.isProblem()).isTrue();
        assertThat(api.get("/api/account/mfa").get("enabled")).isEqualTo(false);
        var ok = api.post("/api/account/mfa/totp/confirm", Map.of("code", code(secret, 0)));
        assertThat(ok.status()).isEqualTo(200);
        @SuppressWarnings("unchecked") List<String> backup = (List<String>) ok.get("backupCodes");
        assertThat(backup).hasSize(10).doesNotHaveDuplicates();
        assertThat(api.get("/api/account/mfa").map()).containsEntry("enabled", true).containsEntry("backupCodesLeft", 10);
        // stored hashed: no code appears in the table
        assertThat(Sql.count("SELECT count(*) FROM rowan.mfa_backup_codes WHERE user_id = ? AND used_at IS NULL",
                owner.id())).isEqualTo(10);
        for (String b : backup) {
            assertThat(Sql.count("SELECT count(*) FROM rowan.mfa_backup_codes WHERE encode(code_hash, 'escape') LIKE ?",
                    "%" + b + "%")).isZero();
        }
        // a second enrolment over a confirmed one is refused
        assertThat(api.post("/api/account/mfa/totp", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void signInAsksForTheCodeAndACodeWorksOnlyOnce() {
        var owner = IdentityFixture.owner();
        var enrolled = IdentityFixture.enrol(owner.api());
        ApiClient fresh = new ApiClient(owner.api().base());
        var first = fresh.login(owner.email(), PASSWORD);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.map()).containsEntry("status", "mfa_required").doesNotContainKey("token");
        String challenge = (String) first.get("challenge");
        // the challenge is not a session
        fresh.token(challenge);
        assertThat(fresh.get("/api/apps").status()).isEqualTo(401);
        fresh.token(null);
        // a wrong code, then the right one (the next step's: the current one was used to confirm)
        assertThat(fresh.post("/api/auth/mfa/verify", Map.of("challenge", challenge, "code", "000000")).status())
                .isEqualTo(401);
        String next = code(enrolled.secret(), 1);
        var done = fresh.post("/api/auth/mfa/verify", Map.of("challenge", challenge, "code", next));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.get("token")).isNotNull();
        assertThat(done.get("companyId")).isEqualTo(owner.api().companyId.toString());
        fresh.token((String) done.get("token"));
        assertThat(fresh.get("/api/apps").status()).isEqualTo(200);
        // the challenge is used up
        assertThat(fresh.post("/api/auth/mfa/verify", Map.of("challenge", challenge, "code", next)).status())
                .isEqualTo(401);
        // the same code in a new sign-in: refused (replay)
        String again = (String) new ApiClient(fresh.base()).login(owner.email(), PASSWORD).get("challenge");
        var replay = fresh.post("/api/auth/mfa/verify", Map.of("challenge", again, "code", next));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.isProblem()).isTrue();
        // a backup code works once
        String backup = enrolled.backupCodes().getFirst();
        var viaBackup = fresh.post("/api/auth/mfa/verify", Map.of("challenge", again, "code", backup.toUpperCase()));
        assertThat(viaBackup.status()).as(viaBackup.body()).isEqualTo(200);
        String third = (String) new ApiClient(fresh.base()).login(owner.email(), PASSWORD).get("challenge");
        assertThat(fresh.post("/api/auth/mfa/verify", Map.of("challenge", third, "code", backup)).status())
                .isEqualTo(401);
        assertThat(owner.api().get("/api/account/mfa").get("backupCodesLeft")).isEqualTo(9);
    }

    @Test
    void aChallengeEndsAfterFiveWrongCodesOrWhenItExpires() {
        var owner = IdentityFixture.owner();
        var enrolled = IdentityFixture.enrol(owner.api());
        ApiClient fresh = new ApiClient(owner.api().base());
        String challenge = (String) fresh.login(owner.email(), PASSWORD).get("challenge");
        for (int i = 0; i < 5; i++) {
            assertThat(fresh.post("/api/auth/mfa/verify", Map.of("challenge", challenge, "code", "111111")).status())
                    .isEqualTo(401);
        }
        assertThat(fresh.post("/api/auth/mfa/verify", Map.of("challenge", challenge,
                "code", code(enrolled.secret(), 1))).status()).isEqualTo(401);
        String expiring = (String) fresh.login(owner.email(), PASSWORD).get("challenge");
        IdentityFixture.sql("UPDATE rowan.mfa_challenges SET expires_at = now() - interval '1 second' "
                + "WHERE user_id = ? AND used_at IS NULL", owner.id());
        assertThat(fresh.post("/api/auth/mfa/verify", Map.of("challenge", expiring,
                "code", code(enrolled.secret(), 1))).status()).isEqualTo(401);
        assertThat(Sql.count("SELECT count(*) FROM rowan.audit_log WHERE user_id = ? AND action = 'login.mfa-failed'",
                owner.id())).isEqualTo(5);
    }

    @Test
    void backupCodesCanBeRegeneratedAndTheFactorTurnedOffWithACode() {
        var owner = IdentityFixture.owner();
        var enrolled = IdentityFixture.enrol(owner.api());
        ApiClient api = owner.api();
        assertThat(api.post("/api/account/mfa/backup-codes", Map.of("code", "123456")).status()).isEqualTo(401);
        var fresh = api.post("/api/account/mfa/backup-codes", Map.of("code", enrolled.backupCodes().get(3)));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        @SuppressWarnings("unchecked") List<String> codes = (List<String>) fresh.get("backupCodes");
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(enrolled.backupCodes());
        // the old codes are gone
        assertThat(api.post("/api/account/mfa/totp/disable", Map.of("code", enrolled.backupCodes().get(4))).status())
                .isEqualTo(401);
        assertThat(api.post("/api/account/mfa/totp/disable", Map.of("code", codes.get(0))).status()).isEqualTo(204);
        assertThat(api.get("/api/account/mfa").map()).containsEntry("enabled", false).containsEntry("backupCodesLeft", 0);
        assertThat(new ApiClient(api.base()).login(owner.email(), PASSWORD).get("token")).isNotNull();
    }

    @Test
    void aCompanyRequiringMfaForAdminsGivesAnAdminWithoutItAnEnrolmentOnlyToken() {
        var owner = IdentityFixture.owner();
        var member = IdentityFixture.member(owner.api(), "member");
        var admin = IdentityFixture.member(owner.api(), "admin");
        var put = owner.api().put("/api/company/policy", Map.of("requireMfa", "admins"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        // a member signs in as before
        assertThat(new ApiClient(owner.api().base()).login(member.email(), PASSWORD).get("token")).isNotNull();
        ApiClient c = new ApiClient(owner.api().base());
        var r = c.login(admin.email(), PASSWORD);
        assertThat(r.map()).containsEntry("status", "mfa_enrolment_required").doesNotContainKey("token");
        String enrolToken = (String) r.get("challenge");
        // the token opens nothing but enrolment
        c.token(enrolToken);
        assertThat(c.get("/api/apps").status()).isEqualTo(401);
        assertThat(c.get("/api/account/mfa").status()).isEqualTo(401);
        c.token(null);
        assertThat(c.post("/api/auth/mfa/verify", Map.of("challenge", enrolToken, "code", "123456")).status())
                .isEqualTo(401);
        var start = c.post("/api/auth/mfa/enrol", Map.of("challenge", enrolToken));
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        String secret = (String) start.get("secret");
        assertThat(IdentityFixture.readQr((String) start.get("qrPng"))).contains(secret);
        assertThat(c.post("/api/auth/mfa/enrol/confirm", Map.of("challenge", enrolToken, "code", "000000")).status())
                .isEqualTo(401);
        var done = c.post("/api/auth/mfa/enrol/confirm", Map.of("challenge", enrolToken, "code", code(secret, 0)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.get("token")).isNotNull();
        assertThat((List<?>) done.get("backupCodes")).hasSize(10);
        c.token((String) done.get("token"));
        assertThat(c.get("/api/apps").status()).isEqualTo(200);
        // from now on the admin is asked for a code
        assertThat(new ApiClient(c.base()).login(admin.email(), PASSWORD).get("status")).isEqualTo("mfa_required");
        // everyone: the member is asked to enrol too
        owner.api().put("/api/company/policy", Map.of("requireMfa", "everyone"));
        assertThat(new ApiClient(c.base()).login(member.email(), PASSWORD).get("status"))
                .isEqualTo("mfa_enrolment_required");
    }

    @Test
    void theServersOwnerLoginStillWorksWithoutMfa() {
        // the other tests' tenants must not change what a plain sign-in answers
        ApiClient api = TestServer.newTenant();
        assertThat(api.token()).isNotNull();
        assertThat(api.get("/api/account/mfa").map()).containsEntry("enabled", false);
    }
}
