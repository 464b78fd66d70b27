package dev.rowan.server.identity.mfa;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code rowan.mfa_totp}, {@code mfa_backup_codes} and {@code mfa_challenges}. */
public final class MfaRepository {
    private final dev.rowan.server.identity.secrets.SecretBox box;

    /** @param box seals the TOTP secret in the database (the only column read back as a secret here) */
    public MfaRepository(dev.rowan.server.identity.secrets.SecretBox box) {
        this.box = box;
    }

    public record TotpRow(String secret, boolean confirmed, long lastStep) {
    }

    public record Challenge(UUID userId, UUID companyId, String purpose, int attempts) {
    }

    /** The user's authenticator, locked for the rest of the transaction (two requests cannot use one code). */
    public Optional<TotpRow> lockTotp(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret, confirmed_at IS NOT NULL, last_step "
                + "FROM rowan.mfa_totp WHERE user_id = ? FOR UPDATE")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TotpRow(box.open(rs.getString(1),
                        dev.rowan.server.identity.secrets.SecretBox.totp(userId)), rs.getBoolean(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    public boolean enabled(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.mfa_totp WHERE user_id = ? "
                + "AND confirmed_at IS NOT NULL")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A new, unconfirmed secret (replacing an unconfirmed one; a confirmed one is kept and false is answered). */
    public boolean startEnrolment(Connection c, UUID userId, String secret) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.mfa_totp (user_id, secret) VALUES (?, ?) "
                + "ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, last_step = 0, created_at = now() "
                + "WHERE mfa_totp.confirmed_at IS NULL")) {
            ps.setObject(1, userId);
            ps.setString(2, box.seal(secret, dev.rowan.server.identity.secrets.SecretBox.totp(userId)));
            return ps.executeUpdate() == 1;
        }
    }

    /** Records an accepted code's step (and confirms the authenticator if it was not yet). */
    public void accepted(Connection c, UUID userId, long step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.mfa_totp SET last_step = ?, "
                + "confirmed_at = COALESCE(confirmed_at, now()) WHERE user_id = ?")) {
            ps.setLong(1, step);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }

    public void disable(Connection c, UUID userId) throws SQLException {
        for (String sql : List.of("DELETE FROM rowan.mfa_backup_codes WHERE user_id = ?",
                "DELETE FROM rowan.mfa_totp WHERE user_id = ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, userId);
                ps.executeUpdate();
            }
        }
    }

    public void replaceBackupCodes(Connection c, UUID userId, List<byte[]> hashes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.mfa_backup_codes WHERE user_id = ?")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.mfa_backup_codes (user_id, code_hash) "
                + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (byte[] h : hashes) {
                ps.setObject(1, userId);
                ps.setBytes(2, h);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Uses up a backup code; false when it is unknown or was used. */
    public boolean useBackupCode(Connection c, UUID userId, byte[] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.mfa_backup_codes SET used_at = now() "
                + "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")) {
            ps.setObject(1, userId);
            ps.setBytes(2, hash);
            return ps.executeUpdate() == 1;
        }
    }

    public int backupCodesLeft(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rowan.mfa_backup_codes "
                + "WHERE user_id = ? AND used_at IS NULL")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void createChallenge(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String purpose,
                                Duration life, String ip, String userAgent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.mfa_challenges (token_hash, user_id, "
                + "company_id, purpose, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setBytes(1, tokenHash);
            ps.setObject(2, userId);
            ps.setObject(3, companyId);
            ps.setString(4, purpose);
            ps.setObject(5, OffsetDateTime.now().plus(life));
            ps.setString(6, ip);
            ps.setString(7, userAgent.substring(0, Math.min(300, userAgent.length())));
            ps.executeUpdate();
        }
        // expired challenges of anyone are of no use: sweep a few with each new one
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.mfa_challenges WHERE token_hash IN "
                + "(SELECT token_hash FROM rowan.mfa_challenges WHERE expires_at < now() - interval '1 day' LIMIT 100)")) {
            ps.executeUpdate();
        }
    }

    /** A live challenge for this purpose (not used, not expired, attempts left), locked. */
    public Optional<Challenge> lockChallenge(Connection c, byte[] tokenHash, String purpose, int maxAttempts)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, company_id, purpose, attempts "
                + "FROM rowan.mfa_challenges WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
                + "AND expires_at > now() AND attempts < ? FOR UPDATE")) {
            ps.setBytes(1, tokenHash);
            ps.setString(2, purpose);
            ps.setInt(3, maxAttempts);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Challenge(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getInt(4))) : Optional.empty();
            }
        }
    }

    public void failedAttempt(Connection c, byte[] tokenHash) throws SQLException {
        update(c, "UPDATE rowan.mfa_challenges SET attempts = attempts + 1 WHERE token_hash = ?", tokenHash);
    }

    public void used(Connection c, byte[] tokenHash) throws SQLException {
        update(c, "UPDATE rowan.mfa_challenges SET used_at = now() WHERE token_hash = ?", tokenHash);
    }

    private static void update(Connection c, String sql, byte @Nullable [] hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, hash);
            ps.executeUpdate();
        }
    }
}
