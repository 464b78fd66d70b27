package dev.rowan.server.identity.companies;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** {@code rowan.company_policies}: one row per company that changed the defaults. */
public final class PolicyRepository {

    public Policy get(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT require_mfa, session_idle_seconds, session_max_seconds, "
                + "max_sessions, allowed_email_domains FROM rowan.company_policies WHERE company_id = ?")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Policy.DEFAULT;
                Array domains = rs.getArray(5);
                return new Policy(rs.getString(1), (Integer) rs.getObject(2), (Integer) rs.getObject(3),
                        (Integer) rs.getObject(4), List.copyOf(Arrays.asList((String[]) domains.getArray())));
            }
        }
    }

    public void put(Connection c, UUID companyId, Policy p, UUID by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.company_policies (company_id, require_mfa, "
                + "session_idle_seconds, session_max_seconds, max_sessions, allowed_email_domains, updated_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company_id) DO UPDATE SET require_mfa = EXCLUDED.require_mfa, "
                + "session_idle_seconds = EXCLUDED.session_idle_seconds, "
                + "session_max_seconds = EXCLUDED.session_max_seconds, max_sessions = EXCLUDED.max_sessions, "
                + "allowed_email_domains = EXCLUDED.allowed_email_domains, updated_at = now(), "
                + "updated_by = EXCLUDED.updated_by")) {
            ps.setObject(1, companyId);
            ps.setString(2, p.requireMfa());
            setInt(ps, 3, p.sessionIdleSeconds());
            setInt(ps, 4, p.sessionMaxSeconds());
            setInt(ps, 5, p.maxSessions());
            ps.setArray(6, c.createArrayOf("text", p.allowedEmailDomains().toArray()));
            ps.setObject(7, by);
            ps.executeUpdate();
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, v);
    }
}
