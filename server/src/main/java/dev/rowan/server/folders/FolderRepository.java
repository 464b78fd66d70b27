package dev.rowan.server.folders;

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

/** Folders of an app, nested through parent ids, holding tables and subfolders in order. */
public final class FolderRepository {
    private static final String COLUMNS = "id, app_id, parent_id, name, description, position, created_at, updated_at";
    private final DbClient db;

    public FolderRepository(DbClient db) {
        this.db = db;
    }

    public List<Map<String, Object>> list(UUID companyId, UUID appId) {
        return db.execute().createQuery("SELECT " + COLUMNS + " FROM rowan.folders WHERE company_id = CAST(? AS uuid) AND app_id = CAST(? AS uuid) "
                        + "ORDER BY position, created_at")
                .addParam(companyId).addParam(appId).execute().map(FolderRepository::json).toList();
    }

    public List<Map<String, Object>> children(UUID companyId, UUID folderId) {
        return db.execute().createQuery("SELECT " + COLUMNS + " FROM rowan.folders WHERE company_id = CAST(? AS uuid) "
                        + "AND parent_id = CAST(? AS uuid) ORDER BY position, created_at")
                .addParam(companyId).addParam(folderId).execute().map(FolderRepository::json).toList();
    }

    public Optional<Map<String, Object>> get(UUID companyId, UUID id) {
        return db.execute().createGet("SELECT " + COLUMNS + " FROM rowan.folders WHERE company_id = CAST(? AS uuid) AND id = CAST(? AS uuid)")
                .addParam(companyId).addParam(id).execute().map(FolderRepository::json);
    }


    private static Map<String, Object> json(DbRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Rows.uuid(r, "id"));
        m.put("appId", Rows.uuid(r, "app_id"));
        m.put("parentId", Rows.uuid(r, "parent_id"));
        m.put("name", Rows.string(r, "name"));
        m.put("description", Rows.string(r, "description"));
        m.put("position", Rows.integer(r, "position"));
        m.put("createdAt", Rows.time(r, "created_at"));
        m.put("updatedAt", Rows.time(r, "updated_at"));
        return m;
    }

    /** The folder's row (appId, parentId, name, description, position), locked until the caller commits. */
    public Optional<Map<String, Object>> lock(Connection c, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT app_id, parent_id, name, description, position "
                + "FROM rowan.folders WHERE company_id = ? AND id = ? FOR UPDATE")) {
            ps.setObject(1, companyId);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("appId", rs.getObject(1, UUID.class));
                m.put("parentId", rs.getObject(2, UUID.class));
                m.put("name", rs.getString(3));
                m.put("description", rs.getString(4));
                m.put("position", rs.getInt(5));
                return Optional.of(m);
            }
        }
    }

    /** Whether a folder with this id exists in the company. */
    public boolean exists(Connection c, UUID companyId, UUID id) throws SQLException {
        return appOfItem(c, companyId, "folder", id).isPresent();
    }

    /** The folder's subfolders at any depth (not the folder itself). */
    public List<UUID> descendants(Connection c, UUID folder) throws SQLException {
        List<UUID> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE sub(id) AS (SELECT id FROM rowan.folders "
                + "WHERE parent_id = ? UNION SELECT f.id FROM rowan.folders f JOIN sub ON f.parent_id = sub.id) "
                + "SELECT id FROM sub ORDER BY id")) {
            ps.setObject(1, folder);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /** Ids of the tables placed directly in any of these folders. */
    public List<UUID> tablesIn(Connection c, UUID companyId, List<UUID> folderIds) throws SQLException {
        List<UUID> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rowan.tables WHERE company_id = ? "
                + "AND folder_id = ANY(?) ORDER BY id")) {
            ps.setObject(1, companyId);
            ps.setArray(2, c.createArrayOf("uuid", folderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    public void insert(Connection c, UUID companyId, UUID id, UUID appId, @Nullable UUID parentId, String name,
                       @Nullable String description) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.folders (id, company_id, app_id, parent_id, "
                + "name, description, position) VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(position) + 1, 0) "
                + "FROM rowan.folders WHERE app_id = ? AND parent_id IS NOT DISTINCT FROM ?))")) {
            ps.setObject(1, id);
            ps.setObject(2, companyId);
            ps.setObject(3, appId);
            ps.setObject(4, parentId);
            ps.setString(5, name);
            ps.setString(6, description);
            ps.setObject(7, appId);
            ps.setObject(8, parentId);
            ps.executeUpdate();
        }
    }

    public void update(Connection c, UUID companyId, UUID id, @Nullable UUID parentId, String name,
                       @Nullable String description, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.folders SET parent_id = ?, name = ?, "
                + "description = ?, position = ?, updated_at = now() WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, parentId);
            ps.setString(2, name);
            ps.setString(3, description);
            ps.setInt(4, position);
            ps.setObject(5, companyId);
            ps.setObject(6, id);
            ps.executeUpdate();
        }
    }

    /** True if {@code candidate} is {@code folder} itself or one of its descendants (a move there makes a cycle). */
    public boolean isSelfOrDescendant(Connection c, UUID folder, UUID candidate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE sub(id) AS (SELECT id FROM rowan.folders "
                + "WHERE id = ? UNION SELECT f.id FROM rowan.folders f JOIN sub ON f.parent_id = sub.id) "
                + "SELECT 1 FROM sub WHERE id = ?")) {
            ps.setObject(1, folder);
            ps.setObject(2, candidate);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean delete(Connection c, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.folders WHERE company_id = ? AND id = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Puts a table or folder into a folder (or the app's root with null) at a position; false if not found. */
    public boolean place(Connection c, UUID companyId, String kind, UUID itemId, @Nullable UUID folderId, int position)
            throws SQLException {
        String sql = kind.equals("table")
                ? "UPDATE rowan.tables SET folder_id = ?, position = ?, updated_at = now() WHERE company_id = ? AND id = ?"
                : "UPDATE rowan.folders SET parent_id = ?, position = ?, updated_at = now() WHERE company_id = ? AND id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, folderId);
            ps.setInt(2, position);
            ps.setObject(3, companyId);
            ps.setObject(4, itemId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The app an item (table or folder) belongs to, if it is the company's. */
    public Optional<UUID> appOfItem(Connection c, UUID companyId, String kind, UUID itemId) throws SQLException {
        String sql = kind.equals("table") ? "SELECT app_id FROM rowan.tables WHERE company_id = ? AND id = ?"
                : "SELECT app_id FROM rowan.folders WHERE company_id = ? AND id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, companyId);
            ps.setObject(2, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }
}
