package dev.rowan.server.identity.sessions;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code rowan.sessions} as their users see and end them, and as company policy shapes them. */
public final class SessionRepository {

    /** A live session of a user, as listed to them. */
    public record SessionRow(UUID id, byte[] tokenHash, UUID companyId, String companyName, @Nullable String device,
                             @Nullable String ip, @Nullable String userAgent, OffsetDateTime createdAt,
                             OffsetDateTime lastUsedAt, OffsetDateTime expiresAt) {
    }

    public record UserRow(UUID id, String email, String displayName) {
    }

    private static final String LIVE = "s.revoked_at IS NULL AND s.expires_at > now() "
            + "AND s.last_used_at > now() - COALESCE(s.idle_seconds, ?) * interval '1 second'";

    /**
     * Gives a new session its company's terms: its device, idle timeout, and a lifetime no longer than the policy's.
     */
    public void applyTerms(Connection c, byte[] tokenHash, @Nullable Integer idleSeconds, @Nullable Integer maxSeconds,
                           String device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET idle_seconds = ?, device = ?, "
                + "expires_at = LEAST(expires_at, created_at + COALESCE(?, 2147483647) * interval '1 second') "
                + "WHERE token_hash = ?")) {
            setInt(ps, 1, idleSeconds);
            ps.setString(2, device);
            setInt(ps, 3, maxSeconds);
            ps.setBytes(4, tokenHash);
            ps.executeUpdate();
        }
    }

    /** A changed policy applies to the company's running sessions too (a shorter lifetime ends old ones at once). */
    public void applyPolicy(Connection c, UUID companyId, @Nullable Integer idleSeconds, @Nullable Integer maxSeconds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET idle_seconds = ?, "
                + "expires_at = LEAST(expires_at, created_at + COALESCE(?, 2147483647) * interval '1 second') "
                + "WHERE company_id = ? AND revoked_at IS NULL")) {
            setInt(ps, 1, idleSeconds);
            setInt(ps, 2, maxSeconds);
            ps.setObject(3, companyId);
            ps.executeUpdate();
        }
    }

    /** The company's sessions that are no longer live (past their lifetime or idle timeout) but not signed out. */
    public List<byte[]> lapsed(Connection c, UUID companyId, long defaultIdleSeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.token_hash FROM rowan.sessions s "
                + "WHERE s.company_id = ? AND s.revoked_at IS NULL AND NOT (" + LIVE + ")")) {
            ps.setObject(1, companyId);
            ps.setLong(2, defaultIdleSeconds);
            return hashes(ps);
        }
    }

    /** Ends the user's oldest live sessions in the company beyond {@code max}; answers their token hashes. */
    public List<byte[]> trim(Connection c, UUID userId, UUID companyId, int max, long defaultIdleSeconds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET revoked_at = now() "
                + "WHERE token_hash IN (SELECT s.token_hash FROM rowan.sessions s WHERE s.user_id = ? "
                + "AND s.company_id = ? AND " + LIVE + " ORDER BY s.created_at DESC, s.id OFFSET ?) "
                + "RETURNING token_hash")) {
            ps.setObject(1, userId);
            ps.setObject(2, companyId);
            ps.setLong(3, defaultIdleSeconds);
            ps.setInt(4, max);
            return hashes(ps);
        }
    }

    /** The user's live sessions in every company, newest use first. */
    public List<SessionRow> live(Connection c, UUID userId, long defaultIdleSeconds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.token_hash, s.company_id, co.name, s.device, "
                + "s.ip, s.user_agent, s.created_at, s.last_used_at, s.expires_at FROM rowan.sessions s "
                + "JOIN rowan.companies co ON co.id = s.company_id WHERE s.user_id = ? AND " + LIVE
                + " ORDER BY s.last_used_at DESC, s.id LIMIT 1000")) {
            ps.setObject(1, userId);
            ps.setLong(2, defaultIdleSeconds);
            List<SessionRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SessionRow(rs.getObject(1, UUID.class), rs.getBytes(2), rs.getObject(3, UUID.class),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
                            rs.getObject(10, OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    /** Ends one of the user's sessions (only theirs); answers its token hash when it was live. */
    public Optional<byte[]> revoke(Connection c, UUID userId, UUID sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET revoked_at = now() WHERE id = ? "
                + "AND user_id = ? AND revoked_at IS NULL RETURNING token_hash")) {
            ps.setObject(1, sessionId);
            ps.setObject(2, userId);
            return hashes(ps).stream().findFirst();
        }
    }

    /** Ends every session of the user but {@code keep}. */
    public List<byte[]> revokeOthers(Connection c, UUID userId, byte[] keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET revoked_at = now() WHERE user_id = ? "
                + "AND token_hash <> ? AND revoked_at IS NULL RETURNING token_hash")) {
            ps.setObject(1, userId);
            ps.setBytes(2, keep);
            return hashes(ps);
        }
    }

    /** Ends the user's sessions in one company (they were removed from it, or left). */
    public List<byte[]> revokeInCompany(Connection c, UUID userId, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sessions SET revoked_at = now() WHERE user_id = ? "
                + "AND company_id = ? AND revoked_at IS NULL RETURNING token_hash")) {
            ps.setObject(1, userId);
            ps.setObject(2, companyId);
            return hashes(ps);
        }
    }

    public Optional<UserRow> user(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, email, display_name FROM rowan.users WHERE id = ?")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                String name = rs.getString(3);
                return Optional.of(new UserRow(rs.getObject(1, UUID.class), rs.getString(2), name == null ? "" : name));
            }
        }
    }

    private static List<byte[]> hashes(PreparedStatement ps) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getBytes(1));
        }
        return out;
    }

    private static void setInt(PreparedStatement ps, int i, @Nullable Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, v);
    }
}
