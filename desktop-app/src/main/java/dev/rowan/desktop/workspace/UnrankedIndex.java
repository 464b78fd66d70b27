package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * The records a view in manual order has not ranked, kept per view in created order ({@code rowan.view_unranked},
 * workspace migration V17; issue 11, h-kanban4), so a big column's first unranked page is an index range read
 * ({@link RecordSql#VIEW_UNRANKED}) rather than an anti-join over every record of the column.
 *
 * <p>The one rule: for a kept view, every record of its table without a rank in it has a row. More rows are
 * harmless (reads join the records and skip ranked ones), fewer would hide cards, so rows are added wherever a
 * record is written ({@link #added}: RecordStore's inserts and restores, Replica's pulled records) or loses its rank
 * ({@link RankStore}), and removed, to keep the index short, where a record gets a rank. A view is kept from the
 * moment manual order is saved for it ({@link #follow}) or, for views that came otherwise (pulled, older
 * workspaces), from its first manual-order read ({@link #ensure}); both fill it in one INSERT … SELECT.
 */
final class UnrankedIndex {
    private static final RecordSql SQL = new RecordSql(SqlDialect.H2);

    private UnrankedIndex() {
    }

    /** Whether {@code viewId}'s unranked records are kept. */
    static boolean kept(Connection c, UUID viewId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.kept_orders WHERE view_id = ?")) {
            ps.setObject(1, viewId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Keeps the view's unranked records when it is in manual order, stops (and forgets them) when it is not. */
    static void follow(Connection c, TableDef t, UUID viewId, boolean manualOrder) throws SQLException {
        if (!manualOrder) {
            SchemaStore.exec(c, "DELETE FROM rowan.kept_orders WHERE view_id = ?", viewId);
            return;
        }
        if (kept(c, viewId)) return;
        SchemaStore.exec(c, "INSERT INTO rowan.kept_orders (view_id, table_id) VALUES (?, ?)", viewId, t.id());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RecordSql.VIEW_UNRANKED + " (view_id, "
                + "record_id, created_at) SELECT ?, t.id, t.created_at FROM " + SQL.from(t) + " t LEFT JOIN "
                + RecordSql.VIEW_RANKS + " r ON r.view_id = ? AND r.record_id = t.id WHERE r.record_id IS NULL")) {
            ps.setObject(1, viewId);
            ps.setObject(2, viewId);
            ps.executeUpdate();
        }
    }

    /** Keeps the view's unranked records from now on if they are not yet (a stored view in manual order). */
    static void ensure(Workspace ws, TableDef t, UUID viewId) {
        if (ws.read(c -> kept(c, viewId))) return;
        ws.write(c -> {
            // only a stored view has ranks (and the foreign key needs it)
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.views WHERE id = ? AND table_id = ?")) {
                ps.setObject(1, viewId);
                ps.setObject(2, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                }
            }
            follow(c, t, viewId, true);
            return null;
        });
    }

    /**
     * Records of {@code t} were written (inserted, put back, pulled): those without a rank in a kept view of the
     * table get their row there (again: a row already there is left as it is).
     */
    static void added(Connection c, TableDef t, Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty() || !anyKept(c, t.id())) return;
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + RecordSql.VIEW_UNRANKED + " (view_id, "
                + "record_id, created_at) KEY (view_id, record_id) SELECT k.view_id, t.id, t.created_at FROM "
                + "rowan.kept_orders k JOIN " + SQL.from(t) + " t ON t.id = ? WHERE k.table_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM " + RecordSql.VIEW_RANKS + " r WHERE r.view_id = k.view_id AND r.record_id = t.id)")) {
            int n = 0;
            for (UUID id : ids) {
                ps.setObject(1, id);
                ps.setObject(2, t.id());
                ps.addBatch();
                if (++n % 1000 == 0) ps.executeBatch();
            }
            ps.executeBatch();
        }
    }

    /** The record has a rank in the view now: its row goes (if the view is kept at all). */
    static void ranked(Connection c, UUID viewId, UUID recordId) throws SQLException {
        SchemaStore.exec(c, "DELETE FROM " + RecordSql.VIEW_UNRANKED + " WHERE view_id = ? AND record_id = ?",
                viewId, recordId);
    }

    /** The record lost its rank in the view: back in the view's unranked records, if the view is kept. */
    static void unranked(Connection c, TableDef t, UUID viewId, UUID recordId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + RecordSql.VIEW_UNRANKED + " (view_id, "
                + "record_id, created_at) KEY (view_id, record_id) SELECT k.view_id, t.id, t.created_at FROM "
                + "rowan.kept_orders k JOIN " + SQL.from(t) + " t ON t.id = ? WHERE k.view_id = ?")) {
            ps.setObject(1, recordId);
            ps.setObject(2, viewId);
            ps.executeUpdate();
        }
    }

    private static boolean anyKept(Connection c, UUID tableId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rowan.kept_orders WHERE table_id = ? LIMIT 1")) {
            ps.setObject(1, tableId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
