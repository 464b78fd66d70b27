package dev.rowan.server.identity.invitations;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code invitations} table (V11). Status {@code expired} is derived: pending past {@code expires_at}. */
public final class InvitationRepository {

    public record Invitation(UUID id, UUID companyId, String email, String role, String state, UUID invitedBy,
                             OffsetDateTime createdAt, OffsetDateTime expiresAt, int sentCount,
                             OffsetDateTime lastSentAt, @Nullable OffsetDateTime acceptedAt,
                             @Nullable UUID acceptedBy, @Nullable OffsetDateTime cancelledAt) {
        public String status() {
            return state.equals("pending") && !expiresAt.isAfter(OffsetDateTime.now()) ? "expired" : state;
        }
    }

    private static final String COLUMNS = "SELECT id, company_id, email, role, state, invited_by, created_at, "
            + "expires_at, sent_count, last_sent_at, accepted_at, accepted_by, cancelled_at FROM rowan.invitations ";

    private static Invitation row(ResultSet rs) throws SQLException {
        return new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getObject(7, OffsetDateTime.class),
                rs.getObject(8, OffsetDateTime.class), rs.getInt(9), rs.getObject(10, OffsetDateTime.class),
                rs.getObject(11, OffsetDateTime.class), rs.getObject(12, UUID.class),
                rs.getObject(13, OffsetDateTime.class));
    }

    private static List<Invitation> rows(PreparedStatement ps) throws SQLException {
        List<Invitation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    public List<Invitation> list(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "WHERE company_id = ? ORDER BY created_at DESC, id")) {
            ps.setObject(1, companyId);
            return rows(ps);
        }
    }

    /** One invitation of this company (locked for update); empty for another company's. */
    public Optional<Invitation> get(Connection c, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "WHERE company_id = ? AND id = ? FOR UPDATE")) {
            ps.setObject(1, companyId);
            ps.setObject(2, id);
            return rows(ps).stream().findFirst();
        }
    }

    /** The pending invitation (not expired) a link token belongs to, locked for update. */
    public Optional<Invitation> openByToken(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "WHERE token_hash = ? AND state = 'pending' "
                + "AND expires_at > now() FOR UPDATE")) {
            ps.setBytes(1, tokenHash);
            return rows(ps).stream().findFirst();
        }
    }

    /** The pending invitation (not expired) a link token belongs to, without a lock (to show it). */
    public Optional<Invitation> find(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "WHERE token_hash = ? AND state = 'pending' "
                + "AND expires_at > now()")) {
            ps.setBytes(1, tokenHash);
            return rows(ps).stream().findFirst();
        }
    }

    /** The pending invitation (not expired) for this email with this code, locked for update. */
    public Optional<Invitation> openByCode(Connection c, String email, byte[] codeHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "WHERE code_hash = ? AND lower(email) = lower(?) "
                + "AND state = 'pending' AND expires_at > now() FOR UPDATE")) {
            ps.setBytes(1, codeHash);
            ps.setString(2, email);
            return rows(ps).stream().findFirst();
        }
    }

    /** Whether the company has a pending invitation (expired or not) for this email. */
    public boolean pendingFor(Connection c, UUID companyId, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.invitations WHERE company_id = ? "
                + "AND lower(email) = lower(?) AND state = 'pending'")) {
            ps.setObject(1, companyId);
            ps.setString(2, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void insert(Connection c, UUID id, UUID companyId, String email, String role, byte[] tokenHash,
                       byte[] codeHash, UUID invitedBy, Duration valid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.invitations (id, company_id, email, role, "
                + "token_hash, code_hash, invited_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, now() + ? * interval '1 second')")) {
            ps.setObject(1, id);
            ps.setObject(2, companyId);
            ps.setString(3, email);
            ps.setString(4, role);
            ps.setBytes(5, tokenHash);
            ps.setBytes(6, codeHash);
            ps.setObject(7, invitedBy);
            ps.setLong(8, valid.toSeconds());
            ps.executeUpdate();
        }
    }

    /** New secrets and a new expiry for a pending invitation: the old link and code stop working. */
    public void renew(Connection c, UUID id, byte[] tokenHash, byte[] codeHash, Duration valid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.invitations SET token_hash = ?, code_hash = ?, "
                + "expires_at = now() + ? * interval '1 second', sent_count = sent_count + 1, last_sent_at = now(), "
                + "updated_at = now() WHERE id = ? AND state = 'pending'")) {
            ps.setBytes(1, tokenHash);
            ps.setBytes(2, codeHash);
            ps.setLong(3, valid.toSeconds());
            ps.setObject(4, id);
            ps.executeUpdate();
        }
    }

    public void cancel(Connection c, UUID id, UUID by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.invitations SET state = 'cancelled', "
                + "cancelled_at = now(), cancelled_by = ?, updated_at = now() WHERE id = ? AND state = 'pending'")) {
            ps.setObject(1, by);
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    /** Marks it accepted; false if it was not pending any more (another acceptance won). */
    public boolean accept(Connection c, UUID id, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.invitations SET state = 'accepted', "
                + "accepted_at = now(), accepted_by = ?, updated_at = now() WHERE id = ? AND state = 'pending'")) {
            ps.setObject(1, userId);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** The company's name and the inviter's display name, for the mail. */
    public String[] names(Connection c, UUID companyId, UUID inviter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.name, coalesce(u.display_name, u.email) "
                + "FROM rowan.companies c, rowan.users u WHERE c.id = ? AND u.id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, inviter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[]{rs.getString(1), rs.getString(2)} : new String[]{"Rowan", "Someone"};
            }
        }
    }

    /** The membership of the user in the company: "none", "pending" (added but not joined) or "member". */
    public String membership(Connection c, UUID companyId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT accepted_at IS NOT NULL FROM rowan.memberships "
                + "WHERE company_id = ? AND user_id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return "none";
                return rs.getBoolean(1) ? "member" : "pending";
            }
        }
    }

    /** Whether an accepted member of the company has this email. */
    public boolean memberWithEmail(Connection c, UUID companyId, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.memberships m JOIN rowan.users u "
                + "ON u.id = m.user_id WHERE m.company_id = ? AND lower(u.email) = lower(?) "
                + "AND m.accepted_at IS NOT NULL")) {
            ps.setObject(1, companyId);
            ps.setString(2, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
