package dev.rowan.server.identity.sso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code rowan.company_sso} (a company's provider) and {@code rowan.sso_logins} (started sign-ins). */
public final class SsoRepository {
    private final dev.rowan.server.identity.secrets.SecretBox box;

    /** @param box seals the client secret in the database */
    public SsoRepository(dev.rowan.server.identity.secrets.SecretBox box) {
        this.box = box;
    }

    /** A company's provider; {@code clientSecret} never leaves the server. */
    public record Config(UUID companyId, String issuer, String clientId, String clientSecret, String newUserRole,
                         boolean jit, boolean enabled) {
    }

    /** A started sign-in, taken once by {@link #take}. */
    public record Pending(UUID companyId, String redirectUri, String codeVerifier, String nonce) {
    }

    public Optional<Config> config(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT company_id, issuer, client_id, client_secret, "
                + "new_user_role, jit, enabled FROM rowan.company_sso WHERE company_id = ?")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Enabled providers of companies whose policy admits this email domain by name (an empty list admits none). */
    public List<Config> forDomain(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.company_id, s.issuer, s.client_id, s.client_secret, "
                + "s.new_user_role, s.jit, s.enabled FROM rowan.company_sso s "
                + "JOIN rowan.company_policies p ON p.company_id = s.company_id "
                + "WHERE s.enabled AND ? = ANY (p.allowed_email_domains) ORDER BY s.company_id LIMIT 10")) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                List<Config> out = new ArrayList<>();
                while (rs.next()) out.add(row(rs));
                return out;
            }
        }
    }

    /**
     * Serializes just-in-time sign-ins of one email until the transaction ends: two at once for a new address make
     * one account (the second finds the first's account and membership), not a duplicate-key failure.
     */
    public void lockEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "sso-provision:" + email.toLowerCase(java.util.Locale.ROOT));
            ps.executeQuery().close();
        }
    }

    /** The enabled account with this email, read in the transaction (after {@link #lockEmail}). */
    public Optional<UUID> enabledUser(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rowan.users WHERE lower(email) = lower(?) "
                + "AND NOT disabled")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** Whether the user has a membership (accepted or not) in the company. */
    public boolean member(Connection c, UUID companyId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.memberships WHERE company_id = ? "
                + "AND user_id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether an account with this email exists but may not sign in (suspended, deactivated or deleted). */
    public boolean disabledAccount(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.users WHERE lower(email) = lower(?) "
                + "AND disabled")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Config row(ResultSet rs) throws SQLException {
        UUID company = rs.getObject(1, UUID.class);
        return new Config(company, rs.getString(2), rs.getString(3),
                box.open(rs.getString(4), dev.rowan.server.identity.secrets.SecretBox.ssoClient(company)),
                rs.getString(5), rs.getBoolean(6), rs.getBoolean(7));
    }

    /** Stores the settings; a {@code null} secret keeps the stored one. */
    public void put(Connection c, Config s, UUID by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.company_sso (company_id, issuer, client_id, "
                + "client_secret, new_user_role, jit, enabled, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (company_id) DO UPDATE SET issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id, "
                + "client_secret = EXCLUDED.client_secret, new_user_role = EXCLUDED.new_user_role, "
                + "jit = EXCLUDED.jit, enabled = EXCLUDED.enabled, updated_at = now(), "
                + "updated_by = EXCLUDED.updated_by")) {
            ps.setObject(1, s.companyId());
            ps.setString(2, s.issuer());
            ps.setString(3, s.clientId());
            ps.setString(4, box.seal(s.clientSecret(), dev.rowan.server.identity.secrets.SecretBox.ssoClient(
                    s.companyId())));
            ps.setString(5, s.newUserRole());
            ps.setBoolean(6, s.jit());
            ps.setBoolean(7, s.enabled());
            ps.setObject(8, by);
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.company_sso WHERE company_id = ?")) {
            ps.setObject(1, companyId);
            return ps.executeUpdate() > 0;
        }
    }

    public void start(Connection c, byte[] stateHash, Pending p, Instant expires) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM rowan.sso_logins WHERE expires_at < now() "
                + "- interval '1 hour'")) {
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.sso_logins (state_hash, company_id, "
                + "redirect_uri, code_verifier, nonce, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setBytes(1, stateHash);
            ps.setObject(2, p.companyId());
            ps.setString(3, p.redirectUri());
            ps.setString(4, p.codeVerifier());
            ps.setString(5, p.nonce());
            ps.setTimestamp(6, Timestamp.from(expires));
            ps.executeUpdate();
        }
    }

    /** Marks a live, unused sign-in used and answers it; empty for an unknown, used or expired state. */
    public Optional<Pending> take(Connection c, byte[] stateHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.sso_logins SET used_at = now() "
                + "WHERE state_hash = ? AND used_at IS NULL AND expires_at > now() "
                + "RETURNING company_id, redirect_uri, code_verifier, nonce")) {
            ps.setBytes(1, stateHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Pending(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }
}
