package dev.rowan.server.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowan.server.http.Json;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Rows of {@code rowan.views}: a view's definition, its owner and whether it is personal or locked. */
public final class ViewRepository {
    private static final String COLUMNS = "v.id, v.table_id, v.name, v.kind, v.config::text, v.is_default, "
            + "v.position, v.owner_id, v.personal, v.locked";

    /** A stored view as it is in the database (its config as stored, not yet read for the table). */
    public record Stored(UUID id, UUID tableId, String name, String kind, @Nullable Object config, boolean isDefault,
                         int position, @Nullable UUID ownerId, boolean personal, boolean locked) {
        /** Whether {@code userId} may see it: shared views everybody who sees the table, personal ones their owner. */
        public boolean visibleTo(UUID userId) {
            return !personal || userId.equals(ownerId);
        }
    }

    /** The view with that id in the company, whatever its table; locked for update when {@code forUpdate}. */
    public Optional<Stored> get(Connection c, UUID companyId, UUID viewId, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rowan.views v JOIN rowan.tables t "
                + "ON t.id = v.table_id WHERE t.company_id = ? AND v.id = ?" + (forUpdate ? " FOR UPDATE OF v" : ""))) {
            ps.setObject(1, companyId);
            ps.setObject(2, viewId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Whether a view with that id exists at all (in any company): its id cannot be taken. */
    public boolean exists(Connection c, UUID viewId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.views WHERE id = ?")) {
            ps.setObject(1, viewId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A table's views that {@code userId} may see, in their order. */
    public List<Stored> visible(Connection c, UUID tableId, UUID userId) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rowan.views v WHERE v.table_id = ? "
                + "AND (NOT v.personal OR v.owner_id = ?) ORDER BY v.position, v.created_at, v.id")) {
            ps.setObject(1, tableId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
        }
        return out;
    }

    /** Inserts a new view at the end of its table's list. */
    public void insert(Connection c, UUID tableId, UUID viewId, String name, String kind, Map<String, Object> config,
                       UUID ownerId, boolean personal, boolean locked) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.views (id, table_id, name, kind, config, "
                + "position, owner_id, personal, locked) VALUES (?, ?, ?, ?, CAST(? AS jsonb), (SELECT "
                + "coalesce(max(position) + 1, 0) FROM rowan.views WHERE table_id = ?), ?, ?, ?)")) {
            ps.setObject(1, viewId);
            ps.setObject(2, tableId);
            ps.setString(3, name);
            ps.setString(4, kind);
            ps.setString(5, json(config));
            ps.setObject(6, tableId);
            ps.setObject(7, ownerId);
            ps.setBoolean(8, personal);
            ps.setBoolean(9, locked);
            ps.executeUpdate();
        }
    }

    /** Replaces a view's definition and flags (its owner and place stay). */
    public void update(Connection c, UUID viewId, String name, String kind, Map<String, Object> config,
                       boolean personal, boolean locked) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.views SET name = ?, kind = ?, config = "
                + "CAST(? AS jsonb), personal = ?, locked = ?, updated_at = now() WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, kind);
            ps.setString(3, json(config));
            ps.setBoolean(4, personal);
            ps.setBoolean(5, locked);
            ps.setObject(6, viewId);
            ps.executeUpdate();
        }
    }

    public boolean delete(Connection c, UUID viewId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.views WHERE id = ?")) {
            ps.setObject(1, viewId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives the listed views of the table positions 0, 1, 2... in list order (others keep theirs). */
    public void reorder(Connection c, UUID tableId, List<UUID> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.views v SET position = o.n - 1, updated_at = now() "
                + "FROM unnest(?::uuid[]) WITH ORDINALITY AS o(id, n) WHERE v.id = o.id AND v.table_id = ?")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setObject(2, tableId);
            ps.executeUpdate();
        }
    }

    private static Stored row(ResultSet rs) throws SQLException {
        return new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                parse(rs.getString(5)), rs.getBoolean(6), rs.getInt(7), rs.getObject(8, UUID.class), rs.getBoolean(9),
                rs.getBoolean(10));
    }

    private static @Nullable Object parse(@Nullable String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return null; // read as the kind's defaults, and the read says so
        }
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
