package dev.rowan.server.identity.companies;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Companies and memberships as their members manage them (roles, ownership, leaving). */
public final class CompanyRepository {

    public record Membership(UUID userId, String role, boolean accepted) {
    }

    public Optional<String> name(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rowan.companies WHERE id = ?")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void rename(Connection c, UUID companyId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.companies SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setObject(2, companyId);
            ps.executeUpdate();
        }
    }

    /**
     * The company's memberships, locked: role changes, removals, transfers and leaving run one at a time per
     * company, so two owners cannot both leave or demote each other into a company without an owner.
     */
    public List<Membership> lockMembers(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM rowan.companies WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, companyId);
            lock.executeQuery().close();
        }
        List<Membership> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, role, accepted_at IS NOT NULL "
                + "FROM rowan.memberships WHERE company_id = ?")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Membership(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)));
            }
        }
        return out;
    }

    public void setRole(Connection c, UUID companyId, UUID userId, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.memberships SET role = ? "
                + "WHERE company_id = ? AND user_id = ?")) {
            ps.setString(1, role);
            ps.setObject(2, companyId);
            ps.setObject(3, userId);
            ps.executeUpdate();
        }
    }

    /**
     * Ends a membership: the membership, the member's table grants in the company and their API keys there go;
     * their records keep their authorship (nothing else refers to the membership). Sessions are ended by the caller.
     */
    public void removeMember(Connection c, UUID companyId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.table_access WHERE user_id = ? "
                + "AND table_id IN (SELECT id FROM rowan.tables WHERE company_id = ?)")) {
            ps.setObject(1, userId);
            ps.setObject(2, companyId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.api_keys SET revoked_at = now() "
                + "WHERE user_id = ? AND company_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, userId);
            ps.setObject(2, companyId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.memberships WHERE company_id = ? "
                + "AND user_id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }
}
