package dev.rowan.server.share;

import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Public links ({@code rowan.view_shares}) and the views they open, on the caller's connection. */
public final class ShareRepository {

    /** A stored view as a link needs it: its table, kind and configuration as stored (JSON text). */
    public record StoredView(UUID id, UUID tableId, String name, String kind, String configJson) {
    }

    /** A live link: the view it opens and the member it acts for (with their role now). */
    public record Link(StoredView view, UUID userId, UUID companyId, String schemaName, String role) {
        public Principal principal(String ip, String userAgent) {
            return new Principal(userId, companyId, schemaName, role, ip, userAgent);
        }
    }

    /** A view of the caller's company, or empty (another company's view looks like no view). */
    public Optional<StoredView> view(Connection c, UUID companyId, UUID viewId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.id, v.table_id, v.name, v.kind, v.config::text "
                + "FROM rowan.views v JOIN rowan.tables t ON t.id = v.table_id "
                + "WHERE v.id = ? AND t.company_id = ?")) {
            ps.setObject(1, viewId);
            ps.setObject(2, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    /** Creates the view's link for the purpose, or replaces its token (the old one stops working in this commit). */
    public void put(Connection c, UUID viewId, Purpose purpose, String tokenHash, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.view_shares (view_id, purpose, token_hash, "
                + "created_by) VALUES (?, ?, ?, ?) ON CONFLICT (view_id, purpose) DO UPDATE SET "
                + "token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = now()")) {
            ps.setObject(1, viewId);
            ps.setString(2, purpose.db());
            ps.setString(3, tokenHash);
            ps.setObject(4, userId);
            ps.executeUpdate();
        }
    }

    /** Disables the link; false when there was none. */
    public boolean delete(Connection c, UUID viewId, Purpose purpose) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM rowan.view_shares WHERE view_id = ? AND purpose = ?")) {
            ps.setObject(1, viewId);
            ps.setString(2, purpose.db());
            return ps.executeUpdate() > 0;
        }
    }

    /** When the view's link was made, or empty when it has none. */
    public Optional<OffsetDateTime> createdAt(Connection c, UUID viewId, Purpose purpose) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT created_at FROM rowan.view_shares WHERE view_id = ? AND purpose = ?")) {
            ps.setObject(1, viewId);
            ps.setString(2, purpose.db());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
            }
        }
    }

    /**
     * The live link with this token hash for the purpose: its view, and the member who made it if they still belong
     * to the company as an owner or admin (who alone may share) and are not disabled. Empty otherwise (unknown,
     * rotated, disabled link, or its maker gone or demoted).
     */
    public Optional<Link> link(Connection c, String tokenHash, Purpose purpose) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.id, v.table_id, v.name, v.kind, v.config::text, "
                + "m.user_id, t.company_id, co.schema_name, m.role "
                + "FROM rowan.view_shares s JOIN rowan.views v ON v.id = s.view_id "
                + "JOIN rowan.tables t ON t.id = v.table_id "
                + "JOIN rowan.companies co ON co.id = t.company_id "
                + "JOIN rowan.memberships m ON m.company_id = t.company_id AND m.user_id = s.created_by "
                + "AND m.role IN ('owner', 'admin') "
                + "JOIN rowan.users u ON u.id = m.user_id AND NOT u.disabled "
                + "WHERE s.token_hash = ? AND s.purpose = ?")) {
            ps.setString(1, tokenHash);
            ps.setString(2, purpose.db());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Link(view(rs), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
                        rs.getString(8), rs.getString(9)));
            }
        }
    }

    private static StoredView view(ResultSet rs) throws SQLException {
        @Nullable String config = rs.getString(5);
        return new StoredView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), config == null ? "{}" : config);
    }
}
