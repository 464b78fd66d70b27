package dev.rowan.server.views;

import org.jspecify.annotations.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Rows of {@code rowan.view_ranks}: a record's place in a view's manual order (migration V13). */
public final class ViewRankRepository {

    /** Sets (upserts) or, with a null rank, removes the rank of a record in a view. */
    public void set(Connection c, UUID companyId, UUID viewId, UUID recordId, @Nullable String rank, UUID userId)
            throws SQLException {
        if (rank == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM rowan.view_ranks WHERE view_id = ? AND record_id = ?")) {
                ps.setObject(1, viewId);
                ps.setObject(2, recordId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.view_ranks (company_id, view_id, record_id, "
                + "rank, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (view_id, record_id) DO UPDATE SET "
                + "rank = EXCLUDED.rank, updated_at = now(), updated_by = EXCLUDED.updated_by")) {
            ps.setObject(1, companyId);
            ps.setObject(2, viewId);
            ps.setObject(3, recordId);
            ps.setString(4, rank);
            ps.setObject(5, userId);
            ps.executeUpdate();
        }
    }

    /**
     * The ranks of these records in the views {@code userId} sees (shared views and their own personal ones), by
     * record then view: what a pulled record carries.
     */
    public Map<UUID, Map<UUID, String>> ofRecords(Connection c, Collection<UUID> recordIds, UUID userId)
            throws SQLException {
        Map<UUID, Map<UUID, String>> out = new HashMap<>();
        if (recordIds.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT r.record_id, r.view_id, r.rank FROM rowan.view_ranks r "
                + "JOIN rowan.views v ON v.id = r.view_id WHERE r.record_id = ANY(?) "
                + "AND (NOT v.personal OR v.owner_id = ?)")) {
            Array ids = c.createArrayOf("uuid", recordIds.toArray());
            ps.setArray(1, ids);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getObject(2, UUID.class), rs.getString(3));
                }
            }
        }
        return out;
    }
}
