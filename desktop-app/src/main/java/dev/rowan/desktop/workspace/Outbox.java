package dev.rowan.desktop.workspace;

import dev.rowan.model.Ids;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.Operation;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The queue of local mutations the sync engine will push. Writers append on the connection of their own
 * transaction, so a change and its mutation commit together. Rows created together (a paste, a bulk insert, an undone
 * delete) share one RECORD CREATE entry whose payload is {@code {"records": [{"id": ..., "fields": {...}}, ...]}};
 * a single row's entry is {@code {"fields": {...}}}. Payloads are what {@code POST /api/sync/push} takes.
 */
public final class Outbox {
    static final String INSERT = "INSERT INTO rowan.outbox (mutation_id, op, entity, entity_id, parent_id, payload, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    private Outbox() {
    }

    static Mutation append(Connection c, Mutation.Op op, Mutation.Entity entity, UUID entityId, @Nullable UUID parentId,
                           String payload) throws SQLException {
        // UUIDv7 mutation ids keep the unique index append-only
        Mutation m = new Mutation(Ids.newId(), op, entity, entityId, parentId, payload, Instant.now());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, m);
            ps.executeUpdate();
        }
        return m;
    }

    /** Appends a typed operation; its payload is written in its one wire form. */
    static Mutation append(Connection c, Operation op) throws SQLException {
        return append(c, op.op(), op.entity(), op.entityId(), op.parentId(), JsonText.write(op.payload()));
    }

    static void bind(PreparedStatement ps, Mutation m) throws SQLException {
        ps.setObject(1, m.mutationId());
        ps.setString(2, m.op().name());
        ps.setString(3, m.entity().name());
        ps.setObject(4, m.entityId());
        ps.setObject(5, m.parentId());
        ps.setString(6, m.payload());
        ps.setObject(7, OffsetDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC));
    }

    /** Pending mutations in the order they were made. */
    public static List<Mutation> pending(Workspace ws, int limit) {
        return ws.read(c -> {
            List<Mutation> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT mutation_id, op, entity, entity_id, parent_id, payload,"
                    + " created_at FROM rowan.outbox ORDER BY seq LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Mutation(rs.getObject(1, UUID.class), Mutation.Op.valueOf(rs.getString(2)),
                                Mutation.Entity.valueOf(rs.getString(3)), rs.getObject(4, UUID.class),
                                rs.getObject(5, UUID.class), rs.getString(6),
                                rs.getObject(7, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    public static long size(Workspace ws) {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rowan.outbox");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Pending mutations up to outbox position {@code lastSeq} (inclusive), in order: the sync engine stops a batch
     * before the place of a queued file upload ({@code FileOutbox}).
     */
    public static List<Mutation> pendingUpTo(Workspace ws, int limit, long lastSeq) {
        return ws.read(c -> {
            List<Mutation> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT mutation_id, op, entity, entity_id, parent_id, payload,"
                    + " created_at FROM rowan.outbox WHERE seq <= ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, lastSeq);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Mutation(rs.getObject(1, UUID.class), Mutation.Op.valueOf(rs.getString(2)),
                                Mutation.Entity.valueOf(rs.getString(3)), rs.getObject(4, UUID.class),
                                rs.getObject(5, UUID.class), rs.getString(6),
                                rs.getObject(7, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /** The position of the oldest pending mutation, or {@link Long#MAX_VALUE} when none is pending. */
    public static long firstSeq(Workspace ws) {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT min(seq) FROM rowan.outbox");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : v;
            }
        });
    }

    static Instant now() {
        return Instant.now();
    }

    /** Removes mutations the server has answered (applied, conflict or rejected: its answer is kept elsewhere). */
    public static void remove(Connection c, List<UUID> mutationIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.outbox WHERE mutation_id = ?")) {
            for (UUID id : mutationIds) {
                ps.setObject(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
