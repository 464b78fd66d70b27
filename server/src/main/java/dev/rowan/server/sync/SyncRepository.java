package dev.rowan.server.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowan.server.http.Json;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The SQL of sync: change-log reads, the watermark, stored mutation results, and metadata in sync shape. */
public final class SyncRepository {

    /** One change-log row. */
    public record Change(long seq, String entity, UUID entityId, @Nullable UUID tableId, String op,
                         @Nullable String data) {
    }

    /** A stored push outcome. */
    public record Outcome(long id, UUID mutationId, String status, String resultJson) {
    }

    /**
     * The highest sequence every one of whose predecessors has committed. {@code change_seq} is bumped under a
     * row lock held to commit, so the committed value is exactly that: no transaction below it is still open.
     */
    public long watermark(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT change_seq FROM rowan.companies WHERE id = ?")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("Unknown company " + companyId);
                return rs.getLong(1);
            }
        }
    }

    /**
     * Changes in (after, upTo], in order, at most {@code limit}. A block row of a bulk load
     * ({@code journal.ChangeLogCopy}) comes out as one record change per record it holds, each with its own sequence
     * (the row is at the block's last sequence, so a cursor inside the block finds it again and only the records
     * after the cursor come out).
     */
    public List<Change> changes(Connection c, UUID companyId, long after, long upTo, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, entity, entity_id, table_id, op, data::text, "
                + "record_ids FROM rowan.change_log WHERE company_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            ps.setObject(1, companyId);
            ps.setLong(2, after);
            ps.setLong(3, upTo);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    long seq = rs.getLong(1);
                    String entity = rs.getString(2);
                    UUID tableId = rs.getObject(4, UUID.class);
                    java.sql.Array block = rs.getArray(7);
                    if (block == null) {
                        out.add(new Change(seq, entity, rs.getObject(3, UUID.class), tableId, rs.getString(5),
                                rs.getString(6)));
                        continue;
                    }
                    UUID[] ids = (UUID[]) block.getArray();
                    String op = rs.getString(5);
                    long first = seq - ids.length + 1;
                    for (int i = (int) Math.max(0, after + 1 - first); i < ids.length && out.size() < limit; i++) {
                        out.add(new Change(first + i, "record", ids[i], tableId, op, null));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A record's changes after {@code since} made by others than this user's {@code clientId}: a client's own
     * queued edits all carry the base version it saw offline and must not conflict with each other. The record's
     * insert by a bulk load is found in its table's block rows ({@code journal.ChangeLogCopy}), with the record's
     * own sequence inside the block, exactly as a row of its own would have been.
     */
    public List<Change> recordChangesSince(Connection c, UUID companyId, UUID tableId, UUID recordId, long since,
                                           UUID userId, UUID clientId) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH ch AS ("
                + "SELECT l.seq, l.entity, l.entity_id, l.table_id, l.op, l.data FROM rowan.change_log l "
                + "WHERE l.company_id = ? AND l.entity_id = ? AND l.seq > ? "
                + "UNION ALL "
                + "SELECT l.seq - cardinality(l.record_ids) + b.pos, 'record', b.id, l.table_id, l.op, NULL::jsonb "
                + "FROM rowan.change_log l CROSS JOIN LATERAL (SELECT CAST(? AS uuid) AS id, "
                + "array_position(l.record_ids, CAST(? AS uuid)) AS pos) b "
                + "WHERE l.company_id = ? AND l.entity_id = ? AND l.seq > ? AND b.pos IS NOT NULL) "
                + "SELECT ch.seq, ch.entity, ch.entity_id, ch.table_id, ch.op, ch.data::text FROM ch WHERE ch.seq > ? "
                + "AND NOT EXISTS (SELECT 1 FROM rowan.sync_mutations s WHERE s.company_id = ? "
                + "AND s.user_id = ? AND s.client_id = ? AND s.seq = ch.seq) "
                + "AND NOT EXISTS (SELECT 1 FROM rowan.sync_mutations s WHERE s.company_id = ? "
                + "AND s.user_id = ? AND s.client_id = ? AND s.seq_last IS NOT NULL AND s.seq_last >= ch.seq "
                + "AND s.seq <= ch.seq) ORDER BY ch.seq")) {
            int i = 0;
            ps.setObject(++i, companyId);
            ps.setObject(++i, recordId);
            ps.setLong(++i, since);
            ps.setObject(++i, recordId);
            ps.setObject(++i, recordId);
            ps.setObject(++i, companyId);
            ps.setObject(++i, tableId);
            ps.setLong(++i, since);
            ps.setLong(++i, since);
            ps.setObject(++i, companyId);
            ps.setObject(++i, userId);
            ps.setObject(++i, clientId);
            ps.setObject(++i, companyId);
            ps.setObject(++i, userId);
            ps.setObject(++i, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Whether the change log holds a delete of this entity (tells "deleted" from "never existed"). */
    public Optional<Long> deletedAt(Connection c, UUID companyId, UUID entityId, String op) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(seq) FROM rowan.change_log WHERE company_id = ? "
                + "AND entity_id = ? AND op = ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, entityId);
            ps.setString(3, op);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(v);
            }
        }
    }

    // ---------------------------------------------------------------- push results

    /*
     * Push results are keyed by (company, user, client, mutation): a client id is no secret (it travels in every
     * push and pull), so whoever else learns it reads and replays nothing; under their own user it is a fresh
     * namespace.
     */

    /**
     * Serializes pushes of one user's client (a retry racing its own first attempt waits here instead of applying
     * twice).
     */
    public void lockClient(Connection c, UUID companyId, UUID userId, UUID clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, companyId + "/" + userId + "/" + clientId);
            ps.execute();
        }
    }

    /** Stored results of these mutations, by mutation id. */
    public Map<UUID, String> storedResults(Connection c, UUID companyId, UUID userId, UUID clientId,
                                           List<UUID> mutationIds) throws SQLException {
        Map<UUID, String> out = new HashMap<>();
        if (mutationIds.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT mutation_id, result::text FROM rowan.sync_mutations "
                + "WHERE company_id = ? AND user_id = ? AND client_id = ? AND mutation_id = ANY(?)")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.setObject(3, clientId);
            ps.setArray(4, c.createArrayOf("uuid", mutationIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
        }
        return out;
    }

    /** A result to store with its mutation; {@code seqLast} ends the block of sequences of a bulk create. */
    public record Stored(UUID mutationId, String entity, UUID entityId, String op, String status,
                         Map<String, Object> result, @Nullable Long seq, @Nullable Long seqLast) {
    }

    /** Stores results in one round trip, in the caller's transaction (they commit with what they applied). */
    public void store(Connection c, UUID companyId, UUID clientId, UUID userId, List<Stored> results)
            throws SQLException {
        if (results.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.sync_mutations (company_id, client_id, "
                + "mutation_id, user_id, entity, entity_id, op, status, result, seq, seq_last) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)")) {
            for (Stored s : results) {
                ps.setObject(1, companyId);
                ps.setObject(2, clientId);
                ps.setObject(3, s.mutationId());
                ps.setObject(4, userId);
                ps.setString(5, s.entity());
                ps.setObject(6, s.entityId());
                ps.setString(7, s.op());
                ps.setString(8, s.status());
                ps.setString(9, json(s.result()));
                if (s.seq() == null) ps.setNull(10, Types.BIGINT);
                else ps.setLong(10, s.seq());
                if (s.seqLast() == null) ps.setNull(11, Types.BIGINT);
                else ps.setLong(11, s.seqLast());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Conflicts and rejections of one user's client after {@code afterId}, in order. */
    public List<Outcome> outcomes(Connection c, UUID companyId, UUID userId, UUID clientId, long afterId, int limit)
            throws SQLException {
        List<Outcome> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, mutation_id, status, result::text FROM "
                + "rowan.sync_mutations WHERE company_id = ? AND user_id = ? AND client_id = ? AND id > ? "
                + "AND status <> 'applied' ORDER BY id LIMIT ?")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.setObject(3, clientId);
            ps.setLong(4, afterId);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Outcome(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- metadata in sync shape

    public Optional<Map<String, Object>> app(Connection c, UUID companyId, UUID id) throws SQLException {
        List<Map<String, Object>> l = rows(c, "SELECT id, name, description, icon, color, position FROM rowan.apps "
                + "WHERE company_id = ? AND id = ?", companyId, id);
        return l.stream().findFirst();
    }

    public List<Map<String, Object>> apps(Connection c, UUID companyId) throws SQLException {
        return rows(c, "SELECT id, name, description, icon, color, position FROM rowan.apps WHERE company_id = ? "
                + "ORDER BY position, created_at", companyId, null);
    }

    public Optional<Map<String, Object>> folder(Connection c, UUID companyId, UUID id) throws SQLException {
        return rows(c, "SELECT id, app_id, parent_id, name, description, position FROM rowan.folders "
                + "WHERE company_id = ? AND id = ?", companyId, id).stream().findFirst();
    }

    public List<Map<String, Object>> folders(Connection c, UUID companyId) throws SQLException {
        return rows(c, "SELECT id, app_id, parent_id, name, description, position FROM rowan.folders "
                + "WHERE company_id = ? ORDER BY app_id, position, created_at", companyId, null);
    }

    /** Table ids of the company, by id (the snapshot walks tables in this order). */
    public List<UUID> tableIds(Connection c, UUID companyId) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rowan.tables WHERE company_id = ? ORDER BY id")) {
            ps.setObject(1, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /** Table metadata beyond its definition: folder, description, position, version. */
    public Optional<Map<String, Object>> tableMeta(Connection c, UUID companyId, UUID id) throws SQLException {
        return rows(c, "SELECT folder_id, description, position, version FROM rowan.tables WHERE company_id = ? "
                + "AND id = ?", companyId, id).stream().findFirst();
    }

    /** A table's views that {@code userId} may see: shared ones and their own personal ones. */
    public List<Map<String, Object>> views(Connection c, UUID tableId, UUID userId) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, kind, config::text, is_default, position, "
                + "personal, locked, owner_id FROM rowan.views WHERE table_id = ? AND (NOT personal OR owner_id = ?) "
                + "ORDER BY position")) {
            ps.setObject(1, tableId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getObject(1, UUID.class));
                    m.put("name", rs.getString(2));
                    m.put("type", rs.getString(3));
                    m.put("config", parse(rs.getString(4)));
                    m.put("isDefault", rs.getBoolean(5));
                    m.put("position", rs.getInt(6));
                    // who may change it: the desktop's view bar shows these and refuses what the server would
                    m.put("personal", rs.getBoolean(7));
                    m.put("locked", rs.getBoolean(8));
                    UUID owner = rs.getObject(9, UUID.class);
                    if (owner != null) m.put("ownerId", owner);
                    out.add(m);
                }
            }
        }
        return out;
    }




    private static List<Map<String, Object>> rows(Connection c, String sql, UUID companyId, @Nullable UUID id)
            throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, companyId);
            if (id != null) ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                var md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v instanceof OffsetDateTime t) v = t.withOffsetSameInstant(ZoneOffset.UTC).toString();
                        m.put(camel(md.getColumnLabel(i)), v);
                    }
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static String camel(String col) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : col.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return sb.toString();
    }

    static @Nullable Object parse(@Nullable String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt JSON in the database", e);
        }
    }

    static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
