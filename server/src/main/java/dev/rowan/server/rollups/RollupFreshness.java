package dev.rowan.server.rollups;

import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Column;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.StoredRollups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the server's stored rollups ({@link StoredRollups}) fresh by the change log, not by hooking every write
 * path: a company's writers serialize on {@code rowan.companies.change_seq} ({@code Journal.reserve} holds its row
 * lock until commit), so once a reader sees {@code change_seq = S} committed, every change up to S is visible. Each
 * stored rollup has a stamp N in {@code rowan.stored_rollups} (V26): its side table reflects every change up to N.
 *
 * <p>Before a read that filters or sorts by rollups, {@link #fresh} brings each of them to S under an advisory lock
 * per field (several server instances share the database), in a snapshot of the data as of S: with no stamp, or a schema change of the
 * table T or the linked table L in (N, S], or too many changes, it refreshes all; else it refreshes T's records that
 * changed in (N, S] (bulk blocks expanded) and T's records now linked to L's records that changed. A deleted L record
 * has lost its junction rows; its T records are found because the delete journals them (the inverse field's
 * change-log rows, {@code RecordWrites.otherSide}) — where it cannot (L has no active inverse field with an id to
 * name), an L delete in the range refreshes all. A write path that changes rollup inputs without a change-log row
 * must call {@link #reset} in its transaction. A wrong stored value is worse than a slow one: when in doubt, all.
 */
public final class RollupFreshness {
    private static final Logger LOG = LoggerFactory.getLogger(RollupFreshness.class);
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    /** Changed records of T and L beyond which refreshing them one by one costs more than refreshing all. */
    static final int MAX_CHANGES = 20_000;
    /** Sequences in (N, S] (all tables of the company) beyond which the change log is not read: all are refreshed. */
    static final long MAX_SCAN = 200_000;

    private final StoredRollups stored = new StoredRollups(PG);

    /**
     * The compiler for a read of {@code t} filtered by {@code filter} and sorted by {@code sorts}: with the side
     * tables of the storable rollups they read, brought up to date first; {@code base} itself when they read none.
     * Runs the refresh in a short transaction of its own on {@code c} when {@code c} is in autocommit (a read), else
     * inside the caller's transaction.
     */
    public RecordSql compiler(Connection c, RecordSql base, TableDef t,
                              @org.jspecify.annotations.Nullable Filter filter, List<Sort> sorts) throws SQLException {
        Set<FieldDef> read = rollupsRead(t, filter, sorts);
        if (read.isEmpty()) return base;
        Set<UUID> fresh = new HashSet<>();
        for (FieldDef f : read) {
            if (fresh(c, t, f)) fresh.add(f.id());
        }
        return fresh.isEmpty() ? base : base.withStoredRollups(fresh);
    }

    /** The storable rollups of {@code t} that a filter or the sort keys read. */
    static Set<FieldDef> rollupsRead(TableDef t, @org.jspecify.annotations.Nullable Filter filter, List<Sort> sorts) {
        Set<FieldDef> out = new LinkedHashSet<>();
        for (Column k : RecordSql.sortColumns(t, sorts)) add(t, k, out);
        if (filter != null) filterFields(t, filter, out);
        return out;
    }

    private static void filterFields(TableDef t, Filter f, Set<FieldDef> out) {
        switch (f) {
            case Filter.Group g -> g.conditions().forEach(c -> filterFields(t, c, out));
            case Filter.Condition c -> add(t, RecordSql.column(t, c.field(), "filter"), out);
        }
    }

    private static void add(TableDef t, Column col, Set<FieldDef> out) {
        FieldDef f = col.field();
        if (f != null && StoredRollups.storable(t, f)) out.add(f);
    }

    /**
     * Brings one rollup's side table up to the committed change sequence; whether it may be read. A read (autocommit)
     * refreshes in a REPEATABLE READ transaction of its own whose first statement reads S: its snapshot is then the
     * data as of S exactly (later writers commit after their higher sequence), so the values written and the stamp S
     * agree even while others write. The lock is a session advisory lock taken before that transaction, so the
     * snapshot also sees what the refresher before it committed.
     */
    private boolean fresh(Connection c, TableDef t, FieldDef rollup) throws SQLException {
        State state = state(c, t.schemaName(), rollup.id());
        if (state.fresh()) return true; // nothing new: no lock, no write
        String key = "rowan.stored_rollup " + rollup.id();
        if (!c.getAutoCommit()) {
            // inside the caller's transaction: its isolation, a transaction-level lock
            lock(c, "pg_advisory_xact_lock", key);
            refresh(c, t, rollup);
            return true;
        }
        try {
            lock(c, "pg_advisory_lock", key);
        } catch (SQLException e) {
            if (timedOut(e, rollup)) return false;
            throw e;
        }
        int isolation = c.getTransactionIsolation();
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            refresh(c, t, rollup);
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            if (timedOut(e, rollup)) return false;
            throw e;
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            c.setTransactionIsolation(isolation);
            lock(c, "pg_advisory_unlock", key);
        }
    }

    /**
     * Another instance refreshing the same rollup for longer than the lock timeout, or a refresh longer than a
     * request may take: this read computes the rollup instead (slow, never wrong); the next read tries again.
     */
    private static boolean timedOut(SQLException e, FieldDef rollup) {
        if ("55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())) {
            LOG.info("Stored rollup {} not refreshed for this read ({}); computed instead", rollup.id(),
                    e.getSQLState());
            return true;
        }
        return false;
    }

    private static void lock(Connection c, String function, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            ps.setString(1, key);
            ps.execute();
        }
    }

    /** The company of a schema, its committed change sequence and a rollup's stamp (-1 when none). */
    private record State(UUID companyId, long seq, long stamp) {
        boolean fresh() {
            return stamp >= 0 && stamp == seq;
        }
    }

    private static State state(Connection c, String schemaName, UUID fieldId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT co.id, co.change_seq, s.seq FROM rowan.companies co "
                + "LEFT JOIN rowan.stored_rollups s ON s.field_id = ? AND s.company_id = co.id "
                + "WHERE co.schema_name = ?")) {
            ps.setObject(1, fieldId);
            ps.setString(2, schemaName);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("no company for a table's schema");
                UUID company = rs.getObject(1, UUID.class);
                long seq = rs.getLong(2);
                long stamp = rs.getLong(3);
                return new State(company, seq, rs.wasNull() ? -1 : stamp);
            }
        }
    }

    /** Under the rollup's lock: S and N read again (another reader may have refreshed meanwhile), then the work. */
    private void refresh(Connection c, TableDef t, FieldDef rollup) throws SQLException {
        State state = state(c, t.schemaName(), rollup.id());
        UUID companyId = state.companyId();
        long s = state.seq();
        long n = state.stamp();
        if (state.fresh()) return;
        LinkFields.Ok ok = (LinkFields.Ok) LinkFields.state(t, rollup);
        Set<UUID> affected = n < 0 ? null : affected(c, companyId, t, ok, n, s);
        if (affected == null) {
            stored.recreate(c, t, rollup); // PostgreSQL's DDL is transactional; the result type may have changed
            LOG.debug("Stored rollup {} of table {} refreshed whole up to {}", rollup.id(), t.id(), s);
        } else if (!affected.isEmpty()) {
            stored.refresh(c, t, rollup, affected);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.stored_rollups (field_id, table_id, "
                + "company_id, seq) VALUES (?, ?, ?, ?) ON CONFLICT (field_id) DO UPDATE SET seq = EXCLUDED.seq")) {
            ps.setObject(1, rollup.id());
            ps.setObject(2, t.id());
            ps.setObject(3, companyId);
            ps.setLong(4, s);
            ps.executeUpdate();
        }
    }

    /**
     * The records of T whose rollup may have changed in (n, s], or null when all must be refreshed (a schema change
     * of T or L, too many changes, an L delete whose T records were not journalled).
     */
    private @org.jspecify.annotations.Nullable Set<UUID> affected(Connection c, UUID companyId, TableDef t, LinkFields.Ok ok, long n, long s)
            throws SQLException {
        UUID tId = t.id();
        UUID lId = ok.target().id();
        if (s - n > MAX_SCAN) return null;
        Set<UUID> mine = new HashSet<>();
        Set<UUID> linked = new HashSet<>();
        boolean linkedDeletes = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT entity, entity_id, table_id, op, record_ids FROM "
                + "rowan.change_log WHERE company_id = ? AND seq > ? AND seq <= ? AND (table_id = ? OR table_id = ? "
                + "OR entity_id = ? OR entity_id = ?)")) {
            ps.setObject(1, companyId);
            ps.setLong(2, n);
            ps.setLong(3, s);
            ps.setObject(4, tId);
            ps.setObject(5, lId);
            ps.setObject(6, tId);
            ps.setObject(7, lId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String entity = rs.getString(1);
                    UUID entityId = rs.getObject(2, UUID.class);
                    UUID tableId = rs.getObject(3, UUID.class);
                    String op = rs.getString(4);
                    switch (entity) {
                        case "record" -> {
                            if (tId.equals(tableId)) mine.add(entityId);
                            if (lId.equals(tableId)) {
                                linked.add(entityId);
                                if ("delete".equals(op)) linkedDeletes = true;
                            }
                        }
                        case "records" -> {
                            // a bulk block: entity id = the table, record_ids = its records
                            Array ids = rs.getArray(5);
                            UUID blockTable = tableId != null ? tableId : entityId;
                            if (ids != null) {
                                for (Object o : (Object[]) ids.getArray()) {
                                    if (tId.equals(blockTable)) mine.add((UUID) o);
                                    if (lId.equals(blockTable)) linked.add((UUID) o);
                                }
                            }
                            if (lId.equals(blockTable) && !"insert".equals(op)) linkedDeletes = true;
                        }
                        case "table", "field" -> {
                            return null; // the schema of T or L changed: its rollup may mean something else now
                        }
                        default -> {
                            // views, ranks, access: no input of a rollup
                        }
                    }
                    if (mine.size() + linked.size() > MAX_CHANGES) return null;
                }
            }
        }
        if (linkedDeletes && !deletesJournalTheOtherSide(ok)) return null;
        if (!linked.isEmpty()) {
            FieldType.Link l = ok.linkType();
            String own = l.forward() ? "src" : "dst";
            String other = l.forward() ? "dst" : "src";
            String j = new Ddl(PG).junctionName(t.schemaName(), java.util.Objects.requireNonNull(l.junction()));
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + own + " FROM " + j + " WHERE "
                    + other + " = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("uuid", linked.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) mine.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return mine.size() > Math.max(1_000, estimate(c, t) / 10) ? null : mine;
    }

    /**
     * Whether deleting a record of the linked table journals the records of T it was linked to: L has an active link
     * field over the same junction naming T's link field as its inverse ({@code RecordWrites.otherSide}).
     */
    private static boolean deletesJournalTheOtherSide(LinkFields.Ok ok) {
        UUID junction = ok.linkType().junction();
        for (FieldDef f : ok.target().activeFields()) {
            if (f.type() instanceof FieldType.Link x && junction != null && junction.equals(x.junction())
                    && x.inverseField() != null && x.inverseField().equals(ok.link().id())
                    && !f.id().equals(ok.link().id())) {
                return true;
            }
        }
        return false;
    }

    private static long estimate(Connection c, TableDef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE "
                + "oid = to_regclass(?)")) {
            ps.setString(1, "\"" + t.schemaName() + "\".\"" + t.physicalName() + "\"");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Marks a rollup's side table stale (the next read refreshes all), in the caller's transaction: for a write that
     * changes rollup inputs without a change-log row (any table of the company: the next reads refresh all).
     */
    public static void reset(Connection c, UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.stored_rollups SET seq = NULL WHERE "
                + "company_id = ? AND seq IS NOT NULL")) {
            ps.setObject(1, companyId);
            ps.executeUpdate();
        }
    }

    /** Drops a rollup field's side table and its stamp (the field purged, its table deleted). */
    public static void forget(Connection c, String schemaName, UUID fieldId) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(new Ddl(PG).dropStoredRollup(schemaName, fieldId));
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rowan.stored_rollups WHERE field_id = ?")) {
            ps.setObject(1, fieldId);
            ps.executeUpdate();
        }
    }
}
