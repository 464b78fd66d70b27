package dev.rowan.server.access;

import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Members and table access, read and written on the caller's connection (inside its transaction). */
public final class AccessRepository {
    /** A company member. */
    public record Member(UUID id, String email, @Nullable String displayName, String role) {
        public boolean admin() {
            return Principal.adminRole(role);
        }
    }

    public List<Member> members(Connection c, UUID companyId) throws SQLException {
        List<Member> out = new ArrayList<>();
        // an invited account shows what the company typed until its owner joins (see AccountRepository.invite)
        try (PreparedStatement ps = c.prepareStatement("SELECT u.id, CASE WHEN m.accepted_at IS NULL "
                + "THEN m.invited_email ELSE u.email END AS email, CASE WHEN m.accepted_at IS NULL "
                + "THEN m.invited_name ELSE u.display_name END, m.role "
                + "FROM rowan.memberships m JOIN rowan.users u ON u.id = m.user_id WHERE m.company_id = ? "
                + "ORDER BY lower(CASE WHEN m.accepted_at IS NULL THEN m.invited_email ELSE u.email END), u.id")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    public Optional<UUID> userByEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rowan.users WHERE lower(email) = lower(?)")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    /** The table's restriction flag and grants (user id to level), in grant order of user id. */
    public record TableAccess(boolean restricted, Map<UUID, String> grants) {
        /** Whether a member with this role and id sees the table under this access. */
        public boolean visibleTo(Member m) {
            return m.admin() || !restricted || grants.containsKey(m.id());
        }
    }

    public TableAccess tableAccess(Connection c, UUID tableId) throws SQLException {
        boolean restricted;
        try (PreparedStatement ps = c.prepareStatement("SELECT restricted FROM rowan.tables WHERE id = ?")) {
            ps.setObject(1, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                restricted = rs.next() && rs.getBoolean(1);
            }
        }
        Map<UUID, String> grants = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, level FROM rowan.table_access "
                + "WHERE table_id = ? ORDER BY user_id")) {
            ps.setObject(1, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) grants.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
        }
        return new TableAccess(restricted, grants);
    }

    public void replace(Connection c, UUID tableId, TableAccess access) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.tables SET restricted = ? WHERE id = ?")) {
            ps.setBoolean(1, access.restricted());
            ps.setObject(2, tableId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.table_access WHERE table_id = ?")) {
            ps.setObject(1, tableId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.table_access (table_id, user_id, level) "
                + "VALUES (?, ?, ?)")) {
            for (Map.Entry<UUID, String> g : access.grants().entrySet()) {
                ps.setObject(1, tableId);
                ps.setObject(2, g.getKey());
                ps.setString(3, g.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The company's tables the caller cannot see (none for owners and admins). */
    public Set<UUID> hidden(Connection c, Principal p) throws SQLException {
        Set<UUID> out = new HashSet<>();
        if (p.admin()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id FROM rowan.tables t WHERE t.company_id = ? "
                + "AND t.restricted AND NOT EXISTS (SELECT 1 FROM rowan.table_access a WHERE a.table_id = t.id "
                + "AND a.user_id = ?)")) {
            ps.setObject(1, p.companyId());
            ps.setObject(2, p.userId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }
}
