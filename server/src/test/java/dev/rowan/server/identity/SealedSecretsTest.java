package dev.rowan.server.identity;

import dev.rowan.server.identity.secrets.PlaintextSecrets;
import dev.rowan.server.identity.secrets.SecretBox;
import dev.rowan.server.identity.secrets.SecretKeys;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.Sql;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static dev.rowan.server.identity.IdentityFixture.PASSWORD;
import static dev.rowan.server.identity.IdentityFixture.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TOTP secret and the SSO client secret are stored sealed (AES-GCM under the server key): the column holds no
 * plain text, the database refuses plain text, rows from before are sealed at start, and sign-in still works.
 */
class SealedSecretsTest {

    private static SecretBox serverBox() {
        // the test servers' key: the key file made in their data directory on first start
        TestServer.get();
        return SecretKeys.box(null, Path.of("target", "test-data").toAbsolutePath());
    }

    private static String storedTotp(UUID userId) {
        return (String) Sql.value("SELECT secret FROM rowan.mfa_totp WHERE user_id = ?", userId);
    }

    private static void signInWithCode(IdentityFixture.Person p, String secret, int step) {
        ApiClient fresh = new ApiClient(p.api().base());
        var first = fresh.login(p.email(), PASSWORD);
        assertThat(first.map()).containsEntry("status", "mfa_required");
        var done = fresh.post("/api/auth/mfa/verify", Map.of("challenge", first.get("challenge"),
                "code", code(secret, step)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.get("token")).isNotNull();
    }

    @Test
    void theTotpSecretIsStoredSealedAndSignInStillWorks() {
        var owner = IdentityFixture.owner();
        var enrolled = IdentityFixture.enrol(owner.api());
        String stored = storedTotp(owner.id());
        assertThat(stored).startsWith(SecretBox.PREFIX).doesNotContain(enrolled.secret());
        assertThat(serverBox().open(stored, SecretBox.totp(owner.id()))).isEqualTo(enrolled.secret());
        signInWithCode(owner, enrolled.secret(), 1);
    }

    @Test
    void theDatabaseRefusesAPlaintextSecret() {
        var owner = IdentityFixture.owner();
        IdentityFixture.enrol(owner.api());
        assertThatThrownBy(() -> IdentityFixture.sql("UPDATE rowan.mfa_totp SET secret = 'JBSWY3DPEHPK3PXP' "
                + "WHERE user_id = ?", owner.id())).hasStackTraceContaining("mfa_totp_secret_sealed");
        assertThatThrownBy(() -> IdentityFixture.sql("INSERT INTO rowan.company_sso (company_id, issuer, client_id, "
                + "client_secret) VALUES (?, 'https://idp.test', 'c', 'plain')", owner.api().companyId))
                .hasStackTraceContaining("company_sso_client_secret_sealed");
    }

    @Test
    void plaintextRowsFromBeforeAreSealedAtStartAndStillSignIn() throws Exception {
        var owner = IdentityFixture.owner();
        var enrolled = IdentityFixture.enrol(owner.api());
        // what an earlier version stored: the secret itself (written as the old schema allowed it)
        try (Connection c = TestServer.jdbc()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE rowan.mfa_totp DROP CONSTRAINT mfa_totp_secret_sealed");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.mfa_totp SET secret = ? WHERE user_id = ?")) {
                ps.setString(1, enrolled.secret());
                ps.setObject(2, owner.id());
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE rowan.mfa_totp ADD CONSTRAINT mfa_totp_secret_sealed "
                        + "CHECK (secret LIKE 'enc:v1:%') NOT VALID");
            }
            c.commit();
        }
        assertThat(storedTotp(owner.id())).isEqualTo(enrolled.secret());

        // what the server runs at start
        assertThat(PlaintextSecrets.seal(TestServer.get().database().tx(), serverBox())).isGreaterThanOrEqualTo(1);
        String sealed = storedTotp(owner.id());
        assertThat(sealed).startsWith(SecretBox.PREFIX).doesNotContain(enrolled.secret());
        assertThat(PlaintextSecrets.seal(TestServer.get().database().tx(), serverBox())).isZero();
        assertThat(Sql.count("SELECT count(*) FROM rowan.mfa_totp WHERE secret NOT LIKE 'enc:v1:%'")).isZero();
        signInWithCode(owner, enrolled.secret(), 1);
    }

    @Test
    void aSealedValueOpensOnlyWithItsKeyAndForItsRow() {
        SecretBox box = new SecretBox(new byte[32]);
        UUID a = UUID.randomUUID();
        String s = box.seal("JBSWY3DPEHPK3PXP", SecretBox.totp(a));
        assertThat(s).startsWith(SecretBox.PREFIX).isNotEqualTo(box.seal("JBSWY3DPEHPK3PXP", SecretBox.totp(a)));
        assertThat(box.open(s, SecretBox.totp(a))).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> box.open(s, SecretBox.totp(UUID.randomUUID()))).isInstanceOf(IllegalStateException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretBox(other).open(s, SecretBox.totp(a)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ROWAN_SECRET_KEY");
        assertThatThrownBy(() -> box.open("JBSWY3DPEHPK3PXP", SecretBox.totp(a))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theKeyFileIsMadeOnceWithOwnerOnlyPermissionsAndTheConfiguredKeyWins(@TempDir Path dir) throws Exception {
        SecretBox first = SecretKeys.box(null, dir);
        Path file = dir.resolve(SecretKeys.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        String sealed = first.seal("x", "ctx");
        // a second start reads the same key
        assertThat(SecretKeys.box(null, dir).open(sealed, "ctx")).isEqualTo("x");
        // ROWAN_SECRET_KEY, when set, is the key (the file is not used)
        String configured = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> SecretKeys.box(configured, dir).open(sealed, "ctx"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(SecretKeys.box(configured, dir).open(new SecretBox(new byte[32]).seal("y", "c"), "c"))
                .isEqualTo("y");
        assertThatThrownBy(() -> SecretKeys.box("too short", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROWAN_SECRET_KEY");
        assertThatThrownBy(() -> SecretKeys.box(Base64.getEncoder().encodeToString(new byte[16]), dir))
                .hasMessageContaining("32");
    }
}
