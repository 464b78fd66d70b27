package dev.rowan.desktop.workspace;

import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Operation;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records' places in views' manual orders ({@code rowan.view_ranks}, workspace migration V8): each change is the row
 * and its VIEW_RANK outbox entry in one transaction, together with the record's own change when a card moves to
 * another column in manual order. Pulled ranks come with their records ({@link #applyPulled}); a rank with a change
 * still in the outbox keeps its local value until the push answers (last writer wins on the server). Every rank
 * written or removed here is reflected in the view's kept unranked records ({@link UnrankedIndex}); a pulled rank
 * removed is put back there by Replica, which adds every pulled record without a rank.
 */
public final class RankStore {
    private final Workspace ws;

    public RankStore(Workspace ws) {
        this.ws = ws;
    }

    /** A record's rank in a view before and after a change (null: unranked). */
    public record RankChange(UUID recordId, @Nullable String before, @Nullable String after) {
        public RankChange reversed() {
            return new RankChange(recordId, after, before);
        }
    }

    /** The record's rank in the view, if it has one. */
    public java.util.Optional<String> rank(UUID viewId, UUID recordId) {
        return ws.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT \"rank\" FROM rowan.view_ranks WHERE view_id = ? AND record_id = ?")) {
                ps.setObject(1, viewId);
                ps.setObject(2, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
                }
            }
        });
    }

    /**
     * Applies {@code cells} (through the record store: H2 rows and their outbox entries) and sets each rank's
     * {@code after} in the view, queueing one VIEW_RANK per rank: everything in one transaction.
     */
    public void place(RecordStore records, TableDef t, List<CellChange> cells, UUID viewId, List<RankChange> ranks) {
        ws.write(c -> {
            new ViewStore(ws).requireChange(c, viewId); // a locked view is reordered by owners and admins only
            if (!cells.isEmpty()) records.update(t, cells);
            for (RankChange r : ranks) {
                write(c, t, viewId, r.recordId(), r.after());
                Outbox.append(c, new Operation.SetViewRank(r.recordId(), viewId, r.after()));
            }
            return null;
        });
    }

    private static void write(Connection c, TableDef t, UUID viewId, UUID recordId, @Nullable String rank)
            throws SQLException {
        if (rank == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM rowan.view_ranks WHERE view_id = ? AND record_id = ?")) {
                ps.setObject(1, viewId);
                ps.setObject(2, recordId);
                ps.executeUpdate();
            }
            UnrankedIndex.unranked(c, t, viewId, recordId);
            return;
        }
        UnrankedIndex.ranked(c, viewId, recordId);
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO rowan.view_ranks (view_id, record_id, \"rank\", "
                + "updated_at) KEY (view_id, record_id) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, viewId);
            ps.setObject(2, recordId);
            ps.setString(3, rank);
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** Whether the workspace holds any rank (when not, and a pulled page carries none, there is nothing to do). */
    static boolean any(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM rowan.view_ranks LIMIT 1")) {
            return rs.next();
        }
    }

    /** "view:record" of every rank with a change still in the outbox. */
    static Set<String> pending(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT parent_id, entity_id FROM rowan.outbox WHERE entity = 'VIEW_RANK'")) {
            while (rs.next()) out.add(rs.getObject(1, UUID.class) + ":" + rs.getObject(2, UUID.class));
        }
        return out;
    }

    /**
     * A pulled record's ranks replace its local ones ({@code ranks}: view id → rank, from the record's entry; none
     * when absent), except ranks with a change of this client's still queued; ranks of views this workspace does not
     * have are skipped.
     */
    static void applyPulled(Connection c, UUID recordId, @Nullable Object ranks, Set<String> pending)
            throws SQLException {
        Map<?, ?> given = ranks instanceof Map<?, ?> m ? m : Map.of();
        try (PreparedStatement del = c.prepareStatement("DELETE FROM rowan.view_ranks WHERE record_id = ? AND "
                + "view_id = ?"); PreparedStatement mine = c.prepareStatement(
                "SELECT view_id FROM rowan.view_ranks WHERE record_id = ?")) {
            mine.setObject(1, recordId);
            try (ResultSet rs = mine.executeQuery()) {
                while (rs.next()) {
                    UUID view = rs.getObject(1, UUID.class);
                    if (given.containsKey(view.toString()) || pending.contains(view + ":" + recordId)) continue;
                    del.setObject(1, recordId);
                    del.setObject(2, view);
                    del.executeUpdate();
                }
            }
        }
        if (given.isEmpty()) return;
        try (PreparedStatement put = c.prepareStatement("MERGE INTO rowan.view_ranks (view_id, record_id, \"rank\", "
                + "updated_at) KEY (view_id, record_id) SELECT id, ?, ?, ? FROM rowan.views WHERE id = ?")) {
            for (Map.Entry<?, ?> e : given.entrySet()) {
                UUID view;
                try {
                    view = UUID.fromString(String.valueOf(e.getKey()));
                } catch (IllegalArgumentException bad) {
                    continue;
                }
                if (!(e.getValue() instanceof String rank) || !dev.rowan.model.view.Rank.valid(rank)
                        || pending.contains(view + ":" + recordId)) {
                    continue;
                }
                put.setObject(1, recordId);
                put.setString(2, rank);
                put.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                put.setObject(4, view);
                if (put.executeUpdate() > 0) UnrankedIndex.ranked(c, view, recordId);
            }
        }
    }
}
