package dev.rowan.server.journal;

import dev.rowan.server.http.Json;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Appends to the per-company change log (what sync pulls) and the audit log (who, what, when, from where), always
 * on the caller's connection so both commit or roll back with the change itself.
 */
public final class Journal {

    /** The LISTEN/NOTIFY channel that carries "company seq" when changes commit (see sync.ChangeListener). */
    public static final String CHANNEL = "rowan_changes";

    /**
     * Reserves {@code n} change-log sequence numbers for the caller's company and returns the first. The row lock
     * this takes is held until commit: a company's writers serialize here, so sequences commit in order.
     * The same statement queues a NOTIFY with the last reserved seq: PostgreSQL delivers it only if and when the
     * transaction commits, so live pokes never announce a change that rolled back or is not yet visible.
     */
    public long reserve(Connection c, UUID companyId, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH u AS (UPDATE rowan.companies SET change_seq = "
                + "change_seq + ? WHERE id = ? RETURNING id, change_seq) SELECT change_seq, pg_notify('" + CHANNEL
                + "', CAST(id AS text) || ' ' || change_seq) FROM u")) {
            ps.setLong(1, n);
            ps.setObject(2, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("Unknown company " + companyId);
                return rs.getLong(1) - n + 1;
            }
        }
    }

    public void change(Connection c, Actor p, long seq, String entity, UUID entityId, @Nullable UUID tableId,
                       String op, @Nullable Object data) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.change_log (company_id, seq, entity, "
                + "entity_id, table_id, op, data, user_id) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
            ps.setObject(1, p.companyId());
            ps.setLong(2, seq);
            ps.setString(3, entity);
            ps.setObject(4, entityId);
            ps.setObject(5, tableId);
            ps.setString(6, op);
            if (data == null) ps.setNull(7, Types.VARCHAR);
            else ps.setString(7, json(data));
            ps.setObject(8, p.userId());
            ps.executeUpdate();
        }
    }

    /**
     * A change-log row and its audit row in one statement (one round trip on the hot path of single-record writes).
     */
    public void changeAndAudit(Connection c, Actor p, long seq, String entity, UUID entityId,
                               @Nullable UUID tableId, String op, @Nullable Object data, String action,
                               Map<String, ?> details) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("WITH audit AS (INSERT INTO rowan.audit_log (company_id, "
                + "user_id, action, entity, entity_id, details, ip, user_agent) VALUES (?, ?, ?, ?, ?, "
                + "CAST(? AS jsonb), ?, ?)) INSERT INTO rowan.change_log (company_id, seq, entity, entity_id, table_id, "
                + "op, data, user_id) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
            ps.setObject(1, p.companyId());
            ps.setObject(2, p.userId());
            ps.setString(3, action);
            ps.setString(4, entity);
            ps.setObject(5, entityId);
            ps.setString(6, json(details));
            ps.setString(7, p.ip());
            ps.setString(8, p.userAgent().substring(0, Math.min(300, p.userAgent().length())));
            ps.setObject(9, p.companyId());
            ps.setLong(10, seq);
            ps.setString(11, entity);
            ps.setObject(12, entityId);
            ps.setObject(13, tableId);
            ps.setString(14, op);
            if (data == null) ps.setNull(15, Types.VARCHAR);
            else ps.setString(15, json(data));
            ps.setObject(16, p.userId());
            ps.executeUpdate();
        }
    }

    /**
     * Change-log and audit rows collected during a unit of work instead of written one statement each, then
     * written together by {@link #flush} in the same transaction (two batched statements).
     */
    public static final class Pending {
        private record Row(long seq, String entity, UUID entityId, @Nullable UUID tableId, String op,
                           @Nullable String data, String action, String details) {
        }

        private final List<Row> rows = new ArrayList<>();

        public int size() {
            return rows.size();
        }

        /** Drops the rows added after the first {@code n} (their writes were rolled back). */
        public void truncate(int n) {
            rows.subList(n, rows.size()).clear();
        }

        /** Whether a delete of this entity is waiting to be written. */
        public boolean deletes(UUID entityId) {
            for (Row r : rows) {
                if (r.entityId().equals(entityId) && "delete".equals(r.op())) return true;
            }
            return false;
        }
    }

    /**
     * {@link #changeAndAudit} now, or with {@code pending} given, later: added to it for {@link #flush}.
     */
    public void changeAndAudit(Connection c, Actor p, @Nullable Pending pending, long seq, String entity,
                               UUID entityId, @Nullable UUID tableId, String op, @Nullable Object data,
                               String action, Map<String, ?> details) throws SQLException {
        if (pending == null) {
            changeAndAudit(c, p, seq, entity, entityId, tableId, op, data, action, details);
        } else {
            pending.rows.add(new Pending.Row(seq, entity, entityId, tableId, op, data == null ? null : json(data),
                    action, json(details)));
        }
    }

    /** Writes the pending rows (change log, then audit), each table in one batched round trip, and clears them. */
    public void flush(Connection c, Actor p, Pending pending) throws SQLException {
        if (pending.rows.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.change_log (company_id, seq, entity, "
                + "entity_id, table_id, op, data, user_id) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
            for (Pending.Row r : pending.rows) {
                ps.setObject(1, p.companyId());
                ps.setLong(2, r.seq());
                ps.setString(3, r.entity());
                ps.setObject(4, r.entityId());
                ps.setObject(5, r.tableId());
                ps.setString(6, r.op());
                if (r.data() == null) ps.setNull(7, Types.VARCHAR);
                else ps.setString(7, r.data());
                ps.setObject(8, p.userId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        String agent = p.userAgent() == null ? null : p.userAgent().substring(0, Math.min(300, p.userAgent().length()));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.audit_log (company_id, user_id, action, "
                + "entity, entity_id, details, ip, user_agent) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)")) {
            for (Pending.Row r : pending.rows) {
                ps.setObject(1, p.companyId());
                ps.setObject(2, p.userId());
                ps.setString(3, r.action());
                ps.setString(4, r.entity());
                ps.setObject(5, r.entityId());
                ps.setString(6, r.details());
                ps.setString(7, p.ip());
                ps.setString(8, agent);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        pending.rows.clear();
    }

    /** One change-log row per record id, numbered from {@code firstSeq} in list order, in one statement. */
    public void recordChanges(Connection c, Actor p, long firstSeq, UUID tableId, String op, List<UUID> ids)
            throws SQLException {
        recordChanges(c, p, firstSeq, tableId, op, ids, null);
    }

    /**
     * As {@link #recordChanges(Connection, Actor, long, UUID, String, List)}, each row with the same {@code data}
     * (e.g. the fields that changed; none when null).
     */
    public void recordChanges(Connection c, Actor p, long firstSeq, UUID tableId, String op, List<UUID> ids,
                              @Nullable Object data) throws SQLException {
        if (ids.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.change_log (company_id, seq, entity, "
                + "entity_id, table_id, op, data, user_id) SELECT ?, ? + u.ord - 1, 'record', u.id, ?, ?, "
                + "CAST(? AS jsonb), ? FROM unnest(?) WITH ORDINALITY AS u(id, ord)")) {
            ps.setObject(1, p.companyId());
            ps.setLong(2, firstSeq);
            ps.setObject(3, tableId);
            ps.setString(4, op);
            if (data == null) ps.setNull(5, Types.VARCHAR);
            else ps.setString(5, json(data));
            ps.setObject(6, p.userId());
            ps.setArray(7, c.createArrayOf("uuid", ids.toArray()));
            ps.executeUpdate();
        }
    }

    /** One change-log row per record id, with the given sequence numbers (same length, ascending). */
    public void recordChanges(Connection c, Actor p, List<Long> seqs, UUID tableId, String op, List<UUID> ids)
            throws SQLException {
        if (ids.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.change_log (company_id, seq, entity, "
                + "entity_id, table_id, op, user_id) SELECT ?, u.seq, 'record', u.id, ?, ?, ? "
                + "FROM unnest(?, ?) AS u(id, seq)")) {
            ps.setObject(1, p.companyId());
            ps.setObject(2, tableId);
            ps.setString(3, op);
            ps.setObject(4, p.userId());
            ps.setArray(5, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(6, c.createArrayOf("bigint", seqs.toArray()));
            ps.executeUpdate();
        }
    }

    public void audit(Connection c, Actor p, String action, String entity, @Nullable UUID entityId,
                      Map<String, ?> details) throws SQLException {
        audit(c, p.companyId(), p.userId(), p.ip(), p.userAgent(), action, entity, entityId, details);
    }

    public void audit(Connection c, @Nullable UUID companyId, @Nullable UUID userId, @Nullable String ip,
                      @Nullable String userAgent, String action, String entity, @Nullable UUID entityId,
                      Map<String, ?> details) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.audit_log (company_id, user_id, action, "
                + "entity, entity_id, details, ip, user_agent) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.setString(3, action);
            ps.setString(4, entity);
            ps.setObject(5, entityId);
            ps.setString(6, json(details));
            ps.setString(7, ip);
            ps.setString(8, userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())));
            ps.executeUpdate();
        }
    }

    private static String json(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
