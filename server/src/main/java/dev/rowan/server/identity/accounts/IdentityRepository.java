package dev.rowan.server.identity.accounts;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Account state, one-time tokens and login history (V11). Every statement runs on the caller's connection. */
public final class IdentityRepository {

    /** What sign-in and the admin screens need to know about an account. */
    public record AccountState(UUID id, String email, @Nullable String displayName, String status,
                               @Nullable OffsetDateTime deletedAt, @Nullable OffsetDateTime lockedUntil,
                               int failedLogins, @Nullable OffsetDateTime lastLoginAt, int loginCount,
                               @Nullable OffsetDateTime emailVerifiedAt, @Nullable String role) {
        public boolean locked() {
            return lockedUntil != null && lockedUntil.isAfter(OffsetDateTime.now());
        }

        public boolean canSignIn() {
            return status.equals("active") && deletedAt == null;
        }
    }

    private static final String STATE = "SELECT u.id, u.email, u.display_name, u.status, u.deleted_at, "
            + "u.locked_until, u.failed_logins, u.last_login_at, u.login_count, u.email_verified_at";

    private static AccountState state(ResultSet rs, boolean withRole) throws SQLException {
        return new AccountState(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class), rs.getInt(7),
                rs.getObject(8, OffsetDateTime.class), rs.getInt(9), rs.getObject(10, OffsetDateTime.class),
                withRole ? rs.getString(11) : null);
    }

    /** The account with this email, whatever its status. */
    public Optional<AccountState> byEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STATE + " FROM rowan.users u WHERE lower(u.email) = lower(?)")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs, false)) : Optional.empty();
            }
        }
    }

    public Optional<AccountState> byId(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STATE + " FROM rowan.users u WHERE u.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs, false)) : Optional.empty();
            }
        }
    }

    /** The account of a member (accepted or invited) of this company; empty for anyone else. */
    public Optional<AccountState> member(Connection c, UUID companyId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STATE + ", m.role FROM rowan.users u JOIN rowan.memberships m "
                + "ON m.user_id = u.id AND m.company_id = ? WHERE u.id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs, true)) : Optional.empty();
            }
        }
    }

    /** Every member's account, by email. */
    public List<AccountState> members(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STATE + ", m.role FROM rowan.users u JOIN rowan.memberships m "
                + "ON m.user_id = u.id AND m.company_id = ? ORDER BY lower(u.email)")) {
            ps.setObject(1, companyId);
            List<AccountState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(state(rs, true));
            }
            return out;
        }
    }

    /** The companies the user belongs to (to audit account events where each company's admins see them). */
    public List<UUID> companiesOf(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT company_id FROM rowan.memberships WHERE user_id = ?")) {
            ps.setObject(1, userId);
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ lockout

    /**
     * Counts a wrong password; the {@code threshold}-th in a row locks the account for {@code lock} and starts the
     * count afresh. Returns the lock's end when this failure locked it.
     */
    public Optional<OffsetDateTime> countFailure(Connection c, UUID userId, int threshold, Duration lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET "
                + "failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END, "
                + "locked_until = CASE WHEN failed_logins + 1 >= ? THEN now() + ? * interval '1 second' "
                + "ELSE locked_until END, last_failed_login_at = now() WHERE id = ? "
                + "RETURNING failed_logins = 0 AS locked, locked_until")) {
            ps.setInt(1, threshold);
            ps.setInt(2, threshold);
            ps.setLong(3, lock.toSeconds());
            ps.setObject(4, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) return Optional.of(rs.getObject(2, OffsetDateTime.class));
                return Optional.empty();
            }
        }
    }

    public void countSuccess(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET failed_logins = 0, locked_until = NULL, "
                + "last_login_at = now(), login_count = login_count + 1 WHERE id = ?")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
        }
    }

    /** Ends a lockout (an admin did, or the password was reset). Whether it was locked. */
    public boolean unlock(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET failed_logins = 0, locked_until = NULL "
                + "WHERE id = ? AND (locked_until > now() OR failed_logins > 0)")) {
            ps.setObject(1, userId);
            return ps.executeUpdate() > 0;
        }
    }

    // ------------------------------------------------------------------ login history

    public record LoginRow(OffsetDateTime at, boolean success, @Nullable String reason, @Nullable String ip,
                           @Nullable String userAgent, @Nullable UUID companyId) {
    }

    public void recordLogin(Connection c, UUID userId, @Nullable UUID companyId, boolean success,
                            @Nullable String reason, String ip, String userAgent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.login_history (user_id, company_id, success, "
                + "reason, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, userId);
            ps.setObject(2, companyId);
            ps.setBoolean(3, success);
            ps.setString(4, reason);
            ps.setString(5, ip);
            ps.setString(6, userAgent.substring(0, Math.min(300, userAgent.length())));
            ps.executeUpdate();
        }
    }

    /**
     * The newest sign-ins of the user; with {@code companyId}, only those into that company and the failed ones
     * (which belong to no company): what that company's admins may see.
     */
    public List<LoginRow> logins(Connection c, UUID userId, @Nullable UUID companyId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT at, success, reason, ip, user_agent, company_id "
                + "FROM rowan.login_history WHERE user_id = ? "
                + (companyId == null ? "" : "AND (company_id = ? OR company_id IS NULL) ")
                + "ORDER BY at DESC, id DESC LIMIT ?")) {
            int i = 1;
            ps.setObject(i++, userId);
            if (companyId != null) ps.setObject(i++, companyId);
            ps.setInt(i, limit);
            List<LoginRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LoginRow(rs.getObject(1, OffsetDateTime.class), rs.getBoolean(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class)));
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ passwords and sessions

    public Optional<String> passwordHash(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM rowan.users WHERE id = ?")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void setPassword(Connection c, UUID userId, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET password_hash = ?, "
                + "password_changed_at = now(), updated_at = now(), failed_logins = 0, locked_until = NULL "
                + "WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }

    /** Signs the user out everywhere but the session {@code keep}; the token hashes of the ended sessions. */
    public List<byte[]> revokeSessions(Connection c, UUID userId, byte @Nullable [] keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET revoked_at = now() WHERE user_id = ? "
                + "AND revoked_at IS NULL" + (keep == null ? "" : " AND token_hash <> ?") + " RETURNING token_hash")) {
            ps.setObject(1, userId);
            if (keep != null) ps.setBytes(2, keep);
            List<byte[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getBytes(1));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ status

    /**
     * Sets the status; {@code disabled} (what every session lookup checks) follows it, so a suspended account's
     * sessions stop working with this commit.
     */
    public void setStatus(Connection c, UUID userId, String status, @Nullable String reason, UUID by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET status = ?, status_reason = ?, "
                + "status_changed_at = now(), status_changed_by = ?, updated_at = now(), "
                + "disabled = (? <> 'active' OR deleted_at IS NOT NULL) WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, reason);
            ps.setObject(3, by);
            ps.setString(4, status);
            ps.setObject(5, userId);
            ps.executeUpdate();
        }
    }

    /** Soft delete: the row stays (records keep their authorship), the account can never sign in again. */
    public void softDelete(Connection c, UUID userId, UUID by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET deleted_at = now(), deleted_by = ?, "
                + "status = 'deactivated', status_changed_at = now(), status_changed_by = ?, disabled = true, "
                + "avatar = NULL, avatar_type = NULL, updated_at = now() WHERE id = ? AND deleted_at IS NULL")) {
            ps.setObject(1, by);
            ps.setObject(2, by);
            ps.setObject(3, userId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.account_tokens SET used_at = now() "
                + "WHERE user_id = ? AND used_at IS NULL")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
        }
    }

    public void markVerified(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET email_verified_at = coalesce("
                + "email_verified_at, now()) WHERE id = ?")) {
            ps.setObject(1, userId);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ profile

    public record Profile(UUID id, String email, @Nullable String displayName, String timezone, String language,
                          String status, @Nullable OffsetDateTime emailVerifiedAt, boolean hasAvatar,
                          @Nullable OffsetDateTime lastLoginAt, OffsetDateTime createdAt) {
    }

    public Optional<Profile> profile(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, email, display_name, timezone, language, status, "
                + "email_verified_at, avatar IS NOT NULL, last_login_at, created_at FROM rowan.users WHERE id = ?")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Profile(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                        rs.getBoolean(8), rs.getObject(9, OffsetDateTime.class),
                        rs.getObject(10, OffsetDateTime.class)));
            }
        }
    }

    /** Sets the given parts of the profile (null = unchanged). */
    public void updateProfile(Connection c, UUID userId, @Nullable String displayName, @Nullable String timezone,
                              @Nullable String language) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET display_name = coalesce(?, display_name), "
                + "timezone = coalesce(?, timezone), language = coalesce(?, language), updated_at = now() "
                + "WHERE id = ?")) {
            ps.setString(1, displayName);
            ps.setString(2, timezone);
            ps.setString(3, language);
            ps.setObject(4, userId);
            ps.executeUpdate();
        }
    }

    public record Avatar(byte[] bytes, String mediaType) {
    }

    public Optional<Avatar> avatar(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT avatar, avatar_type FROM rowan.users WHERE id = ? "
                + "AND avatar IS NOT NULL")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Avatar(rs.getBytes(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    public void setAvatar(Connection c, UUID userId, @Nullable Avatar avatar) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.users SET avatar = ?, avatar_type = ?, "
                + "updated_at = now() WHERE id = ?")) {
            if (avatar == null) {
                ps.setNull(1, Types.BINARY);
                ps.setNull(2, Types.VARCHAR);
            } else {
                ps.setBytes(1, avatar.bytes());
                ps.setString(2, avatar.mediaType());
            }
            ps.setObject(3, userId);
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ one-time tokens

    public record TokenUse(@Nullable UUID userId, String email, @Nullable String payload) {
    }

    public void addToken(Connection c, byte[] hash, String purpose, @Nullable UUID userId, String email,
                         @Nullable String payloadJson, Duration lifetime, String ip) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.account_tokens (token_hash, purpose, user_id, "
                + "email, payload, expires_at, ip) VALUES (?, ?, ?, ?, CAST(? AS jsonb), now() + ? * interval '1 second', ?)")) {
            ps.setBytes(1, hash);
            ps.setString(2, purpose);
            ps.setObject(3, userId);
            ps.setString(4, email);
            ps.setString(5, payloadJson);
            ps.setLong(6, lifetime.toSeconds());
            ps.setString(7, ip);
            ps.executeUpdate();
        }
    }

    /**
     * Uses a token: marks it used and returns what it was for, if it exists for this purpose, is unused and has not
     * expired. One statement, so two uses at once cannot both succeed.
     */
    public Optional<TokenUse> useToken(Connection c, byte[] hash, String purpose) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.account_tokens SET used_at = now() "
                + "WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > now() "
                + "RETURNING user_id, email, payload::text")) {
            ps.setBytes(1, hash);
            ps.setString(2, purpose);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TokenUse(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3))) : Optional.empty();
            }
        }
    }

    public boolean tokenLive(Connection c, byte[] hash, String purpose) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.account_tokens WHERE token_hash = ? "
                + "AND purpose = ? AND used_at IS NULL AND expires_at > now()")) {
            ps.setBytes(1, hash);
            ps.setString(2, purpose);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Voids every unused token of this purpose for the user (a new one was issued, or the password changed). */
    public void voidTokens(Connection c, UUID userId, String purpose) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.account_tokens SET used_at = now() "
                + "WHERE user_id = ? AND purpose = ? AND used_at IS NULL")) {
            ps.setObject(1, userId);
            ps.setString(2, purpose);
            ps.executeUpdate();
        }
    }
}
