package dev.rowan.server.apps;

import dev.rowan.server.db.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Apps of a company. */
public final class AppRepository {
    private static final String COLUMNS = "id, name, description, icon, color, position, created_at, updated_at";
    private final DbClient db;

    public AppRepository(DbClient db) {
        this.db = db;
    }

    public List<Map<String, Object>> list(UUID companyId) {
        return db.execute().createQuery("SELECT " + COLUMNS + " FROM rowan.apps WHERE company_id = CAST(? AS uuid) "
                        + "ORDER BY position, created_at")
                .addParam(companyId).execute().map(AppRepository::json).toList();
    }

    public Optional<Map<String, Object>> get(UUID companyId, UUID id) {
        return db.execute().createGet("SELECT " + COLUMNS + " FROM rowan.apps WHERE company_id = CAST(? AS uuid) AND id = CAST(? AS uuid)")
                .addParam(companyId).addParam(id).execute().map(AppRepository::json);
    }

    private static Map<String, Object> json(DbRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Rows.uuid(r, "id"));
        m.put("name", Rows.string(r, "name"));
        m.put("description", Rows.string(r, "description"));
        m.put("icon", Rows.string(r, "icon"));
        m.put("color", Rows.string(r, "color"));
        m.put("position", Rows.integer(r, "position"));
        m.put("createdAt", Rows.time(r, "created_at"));
        m.put("updatedAt", Rows.time(r, "updated_at"));
        return m;
    }

    /** The app's current row (name, description, icon, color, position), locked until the caller commits. */
    public Optional<Map<String, Object>> lock(Connection c, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, description, icon, color, position "
                + "FROM rowan.apps WHERE company_id = ? AND id = ? FOR UPDATE")) {
            ps.setObject(1, companyId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", rs.getString(1));
                m.put("description", rs.getString(2));
                m.put("icon", rs.getString(3));
                m.put("color", rs.getString(4));
                m.put("position", rs.getInt(5));
                return Optional.of(m);
            }
        }
    }

    /** Whether the company has this app, read on the caller's connection (sees its own uncommitted work). */
    public boolean exists(Connection c, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.apps WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Ids of the app's folders and tables (what deleting the app takes with it). */
    public List<UUID> folderIds(Connection c, UUID companyId, UUID appId) throws SQLException {
        return ids(c, "SELECT id FROM rowan.folders WHERE company_id = ? AND app_id = ? ORDER BY id", companyId, appId);
    }

    public List<UUID> tableIds(Connection c, UUID companyId, UUID appId) throws SQLException {
        return ids(c, "SELECT id FROM rowan.tables WHERE company_id = ? AND app_id = ? ORDER BY id", companyId, appId);
    }

    private static List<UUID> ids(Connection c, String sql, UUID companyId, UUID appId) throws SQLException {
        List<UUID> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, companyId);
            ps.setObject(2, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    public void insert(Connection c, UUID companyId, UUID id, String name, @Nullable String description,
                       @Nullable String icon, @Nullable String color, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.apps (id, company_id, name, description, "
                + "icon, color, position, created_by) VALUES (?, ?, ?, ?, ?, ?, "
                + "(SELECT coalesce(max(position) + 1, 0) FROM rowan.apps WHERE company_id = ?), ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, companyId);
            ps.setString(3, name);
            ps.setString(4, description);
            ps.setString(5, icon);
            ps.setString(6, color);
            ps.setObject(7, companyId);
            ps.setObject(8, userId);
            ps.executeUpdate();
        }
    }

    public boolean update(Connection c, UUID companyId, UUID id, String name, @Nullable String description,
                          @Nullable String icon, @Nullable String color, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.apps SET name = ?, description = ?, icon = ?, "
                + "color = ?, position = ?, updated_at = now() WHERE company_id = ? AND id = ?")) {
            ps.setString(1, name);
            ps.setString(2, description);
            ps.setString(3, icon);
            ps.setString(4, color);
            ps.setInt(5, position);
            ps.setObject(6, companyId);
            ps.setObject(7, id);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean delete(Connection c, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.apps WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        }
    }
}
