package dev.rowan.server.files;

import dev.rowan.model.value.FileRef;
import org.jspecify.annotations.Nullable;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SQL of the file store, on the tables {@code rowan.create_file_tables} (migration V10) made in a company's
 * schema. Schema names come from the server's own company rows and are checked against their one shape before use.
 */
public final class FileRepository {
    private static final Pattern SCHEMA = Pattern.compile("co_[0-9a-f]{32}");

    /** A stored file: its reference, the table it belongs to and its blob. */
    public record StoredFile(FileRef ref, UUID tableId, UUID blobId, int chunks, byte[] sha256) {
    }

    static String q(String schema) {
        if (!SCHEMA.matcher(schema).matches()) throw new IllegalArgumentException("not a company schema");
        return "\"" + schema + "\"";
    }

    void newBlob(Connection c, String schema, UUID blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(schema) + ".file_blobs (id) VALUES (?)")) {
            ps.setObject(1, blobId);
            ps.executeUpdate();
        }
    }

    void chunk(Connection c, String schema, UUID blobId, int seq, byte[] data, int length) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(schema)
                + ".file_chunks (blob_id, seq, data) VALUES (?, ?, ?)")) {
            ps.setObject(1, blobId);
            ps.setInt(2, seq);
            ps.setBinaryStream(3, new java.io.ByteArrayInputStream(data, 0, length), length);
            ps.executeUpdate();
        }
    }

    byte @Nullable [] readChunk(Connection c, String schema, UUID blobId, int seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + q(schema)
                + ".file_chunks WHERE blob_id = ? AND seq = ?")) {
            ps.setObject(1, blobId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    void deleteBlob(Connection c, String schema, UUID blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + q(schema) + ".file_blobs WHERE id = ?")) {
            ps.setObject(1, blobId);
            ps.executeUpdate();
        }
    }

    /** Serializes finishing uploads of the same content in a company (the caller's transaction holds it). */
    void lockContent(Connection c, byte[] sha256) throws SQLException {
        long key = 0;
        for (int i = 0; i < 8; i++) key = (key << 8) | (sha256[i] & 0xFF);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }

    Optional<UUID> blobBySha(Connection c, String schema, byte[] sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + q(schema)
                + ".file_blobs WHERE sha256 = ? AND ready")) {
            ps.setBytes(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    void finishBlob(Connection c, String schema, UUID blobId, byte[] sha256, long size, int chunks, String mime,
                    @Nullable Integer width, @Nullable Integer height) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + q(schema) + ".file_blobs SET sha256 = ?, size = ?, "
                + "chunks = ?, mime = ?, width = ?, height = ?, ready = true WHERE id = ?")) {
            ps.setBytes(1, sha256);
            ps.setLong(2, size);
            ps.setInt(3, chunks);
            ps.setString(4, mime);
            ps.setObject(5, width);
            ps.setObject(6, height);
            ps.setObject(7, blobId);
            ps.executeUpdate();
        }
    }

    /** Bytes of the company's distinct, finished files (what the quota counts). */
    long used(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(size), 0) FROM " + q(schema) + ".file_blobs WHERE ready")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void insertFile(Connection c, String schema, UUID id, UUID blobId, UUID tableId, String name, UUID userId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(schema)
                + ".files (id, blob_id, table_id, name, created_by) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, blobId);
            ps.setObject(3, tableId);
            ps.setString(4, name);
            ps.setObject(5, userId);
            ps.executeUpdate();
        }
    }

    private static final String SELECT_FILE = "SELECT f.id, f.name, b.size, b.mime, b.width, b.height, f.table_id, "
            + "f.blob_id, b.chunks, b.sha256 FROM %s.files f JOIN %s.file_blobs b ON b.id = f.blob_id ";

    public Optional<StoredFile> file(Connection c, String schema, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_FILE.formatted(q(schema), q(schema)) + "WHERE f.id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The files among {@code ids} that belong to {@code tableId}, by id, for a write that attaches them: a file the
     * collector had marked as unreferenced is unmarked, and the row lock that takes makes a collection running at
     * the same time re-check it (and keep it) instead of deleting a file this write is about to refer to.
     */
    public Map<UUID, StoredFile> attach(Connection c, String schema, UUID tableId, Collection<UUID> ids)
            throws SQLException {
        Map<UUID, StoredFile> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + q(schema) + ".files SET unreferenced_since = NULL "
                + "WHERE id = ANY (?) AND table_id = ? AND unreferenced_since IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setObject(2, tableId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT_FILE.formatted(q(schema), q(schema))
                + "WHERE f.id = ANY (?) AND f.table_id = ?")) {
            Array arr = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, arr);
            ps.setObject(2, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredFile f = stored(rs);
                    out.put(f.ref().id(), f);
                }
            }
        }
        return out;
    }

    private static StoredFile stored(ResultSet rs) throws SQLException {
        Integer w = (Integer) rs.getObject(5);
        Integer h = (Integer) rs.getObject(6);
        FileRef ref = new FileRef(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4), w, h);
        return new StoredFile(ref, rs.getObject(7, UUID.class), rs.getObject(8, UUID.class), rs.getInt(9),
                rs.getBytes(10));
    }

    byte @Nullable [] thumb(Connection c, String schema, UUID blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM " + q(schema)
                + ".file_thumbs WHERE blob_id = ?")) {
            ps.setObject(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    void saveThumb(Connection c, String schema, UUID blobId, byte[] png) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(schema)
                + ".file_thumbs (blob_id, data) VALUES (?, ?) ON CONFLICT (blob_id) DO NOTHING")) {
            ps.setObject(1, blobId);
            ps.setBytes(2, png);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- collection

    /** Every company schema. */
    List<String> schemas(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_name FROM rowan.companies ORDER BY schema_name")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** The physical (table, column) pairs of every attachment field of the company that still has a column. */
    record AttachmentColumn(String table, String column) {
    }

    List<AttachmentColumn> attachmentColumns(Connection c, String schema) throws SQLException {
        // the columns as PostgreSQL has them: a removed field keeps its column (and its files) until it is purged
        List<AttachmentColumn> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.physical_name, 'f_' || substr(replace(f.id::text, '-', ''), 1, 16) "
                + "FROM rowan.fields f JOIN rowan.tables t ON t.id = f.table_id "
                + "JOIN information_schema.columns col ON col.table_schema = ? AND col.table_name = t.physical_name "
                + "AND col.column_name = 'f_' || substr(replace(f.id::text, '-', ''), 1, 16) "
                + "WHERE f.type = 'attachment'")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new AttachmentColumn(
                        dev.rowan.model.schema.PhysicalNames.checked(rs.getString(1)),
                        dev.rowan.model.schema.PhysicalNames.checked(rs.getString(2))));
            }
        }
        return out;
    }

    /**
     * Marks files no record refers to (keeping the first time they were seen so), clears the mark of files referred
     * to again, deletes files marked before {@code cutoff} and blobs no file names (and uploads abandoned before
     * {@code staleUploads}). Returns the files deleted.
     */
    int collect(Connection c, String schema, List<AttachmentColumn> columns, OffsetDateTime cutoff,
                OffsetDateTime staleUploads) throws SQLException {
        String s = q(schema);
        StringBuilder referenced = new StringBuilder("SELECT NULL::uuid WHERE false");
        for (AttachmentColumn col : columns) {
            referenced.append(" UNION SELECT (e->>'id')::uuid FROM ").append(s).append(".\"").append(col.table())
                    .append("\" r, jsonb_array_elements(CASE WHEN jsonb_typeof(r.\"").append(col.column())
                    .append("\") = 'array' THEN r.\"").append(col.column()).append("\" ELSE '[]'::jsonb END) e");
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS referenced_files (id uuid PRIMARY KEY) ON COMMIT DELETE ROWS");
            st.execute("INSERT INTO referenced_files " + referenced + " ON CONFLICT DO NOTHING");
            st.executeUpdate("UPDATE " + s + ".files SET unreferenced_since = NULL WHERE unreferenced_since IS NOT NULL "
                    + "AND id IN (SELECT id FROM referenced_files)");
            st.executeUpdate("UPDATE " + s + ".files SET unreferenced_since = now() WHERE unreferenced_since IS NULL "
                    + "AND id NOT IN (SELECT id FROM referenced_files)");
        }
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + ".files WHERE unreferenced_since <= ? "
                + "AND id NOT IN (SELECT id FROM referenced_files)")) {
            ps.setObject(1, cutoff);
            deleted = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + s + ".file_blobs b WHERE (b.ready OR b.created_at < ?) "
                + "AND NOT EXISTS (SELECT 1 FROM " + s + ".files f WHERE f.blob_id = b.id)")) {
            ps.setObject(1, staleUploads);
            ps.executeUpdate();
        }
        return deleted;
    }
}
