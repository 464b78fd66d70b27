package dev.rowan.server.records;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Column;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.PSQLException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Rows of user tables in PostgreSQL, with SQL from shared-model's compiler; values always bound. */
public final class RecordRepository {
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    private final RecordSql sql = new RecordSql(PG);
    /** Told of every update and delete of a record row (see {@link RecordWriteFollowers}). */
    private final RecordWriteFollowers followers;

    public RecordRepository() {
        this(RecordWriteFollowers.NONE);
    }

    public RecordRepository(RecordWriteFollowers followers) {
        this.followers = followers;
    }

    /** Stored rollups read by filters and sorts, brought up to date before the read (issue 12). */
    private final dev.rowan.server.rollups.RollupFreshness rollups = new dev.rowan.server.rollups.RollupFreshness();

    public record Page(List<Map<String, Object>> data, @Nullable String nextCursor) {
    }

    /** Tells the followers {@code company}'s table {@code t} is being read (see {@link RecordWriteFollowers#read}). */
    public void seen(UUID company, TableDef t) {
        followers.read(company, t);
    }

    /** Tells the followers records of {@code t} were created (see {@link RecordWriteFollowers#created}). */
    public void created(UUID company, TableDef t) {
        followers.created(company, t);
    }

    public Page page(Connection c, TableDef t, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor,
                     int limit) throws SQLException {
        SqlFragment q = rollups.compiler(c, sql, t, filter, sorts).page(t, filter, sorts, cursor, limit);
        List<FieldDef> fields = t.activeFields();
        List<Column> keys = RecordSql.sortColumns(t, sorts);
        List<Map<String, Object>> rows = new ArrayList<>();
        Object[] raw = new Object[fields.size()];
        Map<String, String> names = MemberNames.load(c, t, fields);
        List<@Nullable String> lastKeys = null;
        UUID lastId = null;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rows.size() == limit) {
                        return new Page(rows, new Cursor(RecordSql.signature(keys, sorts), lastKeys, lastId).encode());
                    }
                    Map<String, Object> row = RecordJson.read(rs, fields, PG, raw, names);
                    rows.add(row);
                    lastId = (UUID) row.get("id");
                    lastKeys = new ArrayList<>();
                    for (Column k : keys) {
                        Object v = k.field() == null
                                ? OffsetDateTime.parse((String) row.get(k.apiName()))
                                : raw[fields.indexOf(k.field())];
                        lastKeys.add(FieldValues.toCanonicalText(k.type(), v));
                    }
                }
            }
        }
        return new Page(rows, null);
    }

    /**
     * A page in view {@code viewId}'s manual order (see {@link RecordSql#rankedPage}); each row carries its
     * {@code rank} (null when it has none).
     */
    public Page rankedPage(Connection c, TableDef t, @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor,
                           int limit) throws SQLException {
        SqlFragment probe = sql.columnProbe(t, filter);
        long probed;
        try (PreparedStatement ps = c.prepareStatement(probe.sql())) {
            probe.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                probed = rs.getLong(1);
            }
        }
        List<SqlFragment> parts = sql.rankedPage(t, filter, viewId, cursor, limit, probed);
        List<FieldDef> fields = t.activeFields();
        int rankColumn = RecordSql.SYSTEM_COLUMN_COUNT + fields.size() + 1;
        List<Map<String, Object>> rows = new ArrayList<>();
        Object[] raw = new Object[fields.size()];
        Map<String, String> names = MemberNames.load(c, t, fields);
        OffsetDateTime lastCreated = null;
        for (SqlFragment q : parts) {
            try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                q.bind(PG, ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rows.size() == limit) {
                            Map<String, Object> last = rows.getLast();
                            // the stored time, not the JSON's text of it: the cursor compares at full precision
                            Cursor next = RecordSql.rankCursor(viewId, (String) last.get("rank"), lastCreated,
                                    (UUID) last.get("id"));
                            return new Page(rows, next.encode());
                        }
                        String rank = rs.getString(rankColumn);
                        lastCreated = rs.getObject(2, OffsetDateTime.class);
                        Map<String, Object> row = RecordJson.read(rs, fields, PG, raw, names);
                        row.put("rank", rank);
                        rows.add(row);
                    }
                }
            }
        }
        return new Page(rows, null);
    }

    public long count(Connection c, TableDef t, @Nullable Filter filter) throws SQLException {
        SqlFragment q = rollups.compiler(c, sql, t, filter, List.of()).count(t, filter);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Counts matching records but stops after {@code cap + 1}: the answer is the exact count when it is at most
     * {@code cap}, and {@code cap + 1} ("more than cap") otherwise, so it never costs more than reading cap rows.
     */
    public long countCapped(Connection c, TableDef t, @Nullable Filter filter, int cap) throws SQLException {
        if (cap == Integer.MAX_VALUE) return count(c, t, filter);
        RecordSql counting = rollups.compiler(c, sql, t, filter, List.of());
        if (counting != sql) {
            // a filter on a stored rollup: its side table's index counts faster than computing up to the cap
            return Math.min(count(c, t, filter), (long) cap + 1);
        }
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + source.sql()
                + " WHERE " + where.sql() + " LIMIT ?) s")) {
            int next = where.bind(PG, ps, source.bind(PG, ps, 1));
            ps.setLong(next, (long) cap + 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The planner's row estimate: instant on any size, for a first look before the exact count. */
    public long estimate(Connection c, TableDef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE "
                + "oid = to_regclass(?)")) {
            ps.setString(1, t.schemaName() + "." + t.physicalName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    public Optional<Map<String, Object>> get(Connection c, TableDef t, UUID id) throws SQLException {
        SqlFragment q = sql.selectById(t, id);
        Map<String, String> names = MemberNames.load(c, t, t.activeFields());
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(RecordJson.read(rs, t.activeFields(), PG, new Object[t.activeFields().size()], names));
            }
        }
    }

    /** A page of a record's linked records: {@code [{id, title}]} and the cursor of the next page (null at the end). */
    public record LinkPage(List<Map<String, Object>> data, @Nullable String nextCursor) {
    }

    /**
     * One page of the records linked to {@code id} through the readable link field {@code field}, in link order,
     * after the cursor {@code after} ({@link dev.rowan.model.sql.LinkCursor}) when given.
     */
    public LinkPage linkPage(Connection c, TableDef t, FieldDef field, UUID id,
                             dev.rowan.model.sql.@Nullable LinkCursor after, int limit) throws SQLException {
        SqlFragment q = sql.linkPage(t, field, id, after == null ? null : after.position(),
                after == null ? null : after.id(), limit);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                UUID lastId = null;
                int lastPos = 0;
                while (rs.next()) {
                    if (rows.size() == limit) {
                        return new LinkPage(rows, new dev.rowan.model.sql.LinkCursor(lastPos, lastId).encode());
                    }
                    lastId = rs.getObject(1, UUID.class);
                    lastPos = rs.getInt(3);
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", lastId.toString());
                    m.put("title", rs.getString(2));
                    rows.add(m);
                }
            }
        }
        return new LinkPage(rows, null);
    }

    /** Receives rows one at a time (sync reads stream pages without holding them twice). */
    @FunctionalInterface
    public interface RowSink {
        void row(Map<String, Object> record) throws SQLException;
    }

    /** Current rows with the given ids (absent ones are skipped), values keyed by field id. */
    public void byIds(Connection c, TableDef t, List<UUID> ids, RowSink sink) throws SQLException {
        if (ids.isEmpty()) return;
        List<FieldDef> fields = t.activeFields();
        SqlFragment source = sql.source(t);
        Map<String, String> names = MemberNames.load(c, t, fields);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + sql.selectList(fields) + " FROM " + source.sql()
                + " WHERE t.id = ANY(?)")) {
            ps.setArray(source.bind(PG, ps, 1), c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                Object[] raw = new Object[fields.size()];
                while (rs.next()) sink.row(RecordJson.read(rs, fields, PG, raw, true, names));
            }
        }
    }

    /**
     * One page of a snapshot by keyset on id: rows after {@code after} whose last write is at most
     * {@code maxVersion}, values keyed by field id. Returns the number of rows given to the sink.
     */
    public int snapshot(Connection c, TableDef t, @Nullable UUID after, long maxVersion, int limit, RowSink sink)
            throws SQLException {
        return snapshot(c, t, after, maxVersion, limit, () -> false, sink);
    }

    /** As above, stopping early (before the next row) once {@code full} says the page is full. */
    public int snapshot(Connection c, TableDef t, @Nullable UUID after, long maxVersion, int limit,
                        java.util.function.BooleanSupplier full, RowSink sink) throws SQLException {
        List<FieldDef> fields = t.activeFields();
        SqlFragment source = sql.source(t);
        Map<String, String> names = MemberNames.load(c, t, fields);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + sql.selectList(fields) + " FROM " + source.sql()
                + " WHERE t.id > ? AND t.row_version <= ? ORDER BY t.id LIMIT ?")) {
            int at = source.bind(PG, ps, 1);
            ps.setObject(at, after == null ? new UUID(0, 0) : after); // PostgreSQL orders uuids as unsigned bytes
            ps.setLong(at + 1, maxVersion);
            ps.setInt(at + 2, limit);
            ps.setFetchSize(1000);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                Object[] raw = new Object[fields.size()];
                while (!full.getAsBoolean() && rs.next()) {
                    sink.row(RecordJson.read(rs, fields, PG, raw, true, names));
                    n++;
                }
            }
            return n;
        }
    }

    /** Whether the record exists (nothing computed). */
    public boolean exists(Connection c, TableDef t, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + sql.from(t) + " WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The record's row version, locking the row until commit; empty if there is no such record. */
    public Optional<Long> lockVersion(Connection c, TableDef t, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT row_version FROM " + sql.from(t)
                + " WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Row versions of those of the records that exist, locking their rows until commit, in one statement. */
    public Map<UUID, Long> lockVersions(Connection c, TableDef t, List<UUID> ids) throws SQLException {
        Map<UUID, Long> out = new java.util.HashMap<>();
        // in id order, so two transactions locking overlapping sets take the locks in the same order
        try (PreparedStatement ps = c.prepareStatement("SELECT id, row_version FROM " + sql.from(t)
                + " WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getObject(1, UUID.class), rs.getLong(2));
            }
        }
        return out;
    }

    /** Current values of some fields of one record, keyed by field, in API form. */
    public Map<UUID, @Nullable Object> values(Connection c, TableDef t, UUID id, List<FieldDef> fields)
            throws SQLException {
        Map<UUID, @Nullable Object> out = new java.util.LinkedHashMap<>();
        if (fields.isEmpty()) return out;
        SqlFragment source = sql.source(t);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + sql.selectList(fields) + " FROM " + source.sql()
                + " WHERE t.id = ?")) {
            ps.setObject(source.bind(PG, ps, 1), id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return out;
                int i = RecordSql.SYSTEM_COLUMN_COUNT + 1;
                for (FieldDef f : fields) out.put(f.id(), FieldValues.toApi(f.type(), PG.read(rs, i++, f.type())));
            }
        }
        return out;
    }

    /** Inserts one record; returns its creation time. */
    public OffsetDateTime insert(Connection c, TableDef t, RecordInput in, Principal p, long version) throws SQLException {
        List<FieldDef> fields = new ArrayList<>(in.values().keySet());
        OffsetDateTime now = Clock.next();
        try (PreparedStatement ps = c.prepareStatement(sql.insert(t, fields))) {
            ps.setObject(1, in.id());
            ps.setObject(2, now);
            ps.setObject(3, now);
            ps.setObject(4, p.userId());
            ps.setObject(5, p.userId());
            ps.setLong(6, version);
            int i = 7;
            for (FieldDef f : fields) PG.bind(ps, i++, f.type(), in.values().get(f));
            ps.executeUpdate();
            followers.created(p.companyId(), t);
            return now;
        } catch (SQLException e) {
            throw translate(e, t);
        }
    }

    /** Updates the given fields; empty if no such record. */
    /**
     * Updates the given fields; empty if no such record. {@code version} is the write's change-log sequence, reserved
     * by the caller (which holds the company's change-log lock).
     */
    public boolean update(Connection c, TableDef t, UUID id, Map<FieldDef, @Nullable Object> values, Principal p,
                          long version) throws SQLException {
        List<FieldDef> fields = new ArrayList<>(values.keySet());
        var followed = followers.writing(c, p.companyId(), t, version, List.of(id));
        boolean done;
        try (PreparedStatement ps = c.prepareStatement(sql.update(t, fields))) {
            int i = 1;
            for (FieldDef f : fields) PG.bind(ps, i++, f.type(), values.get(f));
            ps.setObject(i++, Clock.next());
            ps.setObject(i++, p.userId());
            ps.setLong(i++, version);
            ps.setObject(i, id);
            done = ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw translate(e, t);
        }
        if (done) followed.written(c);
        return done;
    }

    /** Deletes a record; false if there is none. {@code seq}: the write's change-log sequence (reserved first). */
    public boolean delete(Connection c, TableDef t, UUID id, UUID company, long seq) throws SQLException {
        var followed = followers.writing(c, company, t, seq, List.of(id));
        try (PreparedStatement ps = c.prepareStatement(sql.delete(t))) {
            ps.setObject(1, id);
            if (ps.executeUpdate() != 1) return false;
        }
        followed.written(c);
        return true;
    }

    /**
     * Deletes the records of {@code ids} there are; the caller reserved {@code ids.size()} change-log sequences from
     * {@code firstSeq} (so the company's writers wait for this one) and numbers the deleted ones from it.
     */
    public List<UUID> deleteMany(Connection c, TableDef t, List<UUID> ids, UUID company, long firstSeq)
            throws SQLException {
        var followed = followers.writing(c, company, t, firstSeq, ids);
        List<UUID> deleted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.from(t) + " WHERE id = ANY(?) RETURNING id")) {
            Array arr = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) deleted.add(rs.getObject(1, UUID.class));
            }
        }
        followed.written(c);
        return deleted;
    }


    /** Names the field behind a unique violation instead of its physical column. */
    static RuntimeException translate(SQLException e, TableDef t) {
        if ("23505".equals(e.getSQLState()) && e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            String constraint = pe.getServerErrorMessage().getConstraint();
            if (constraint != null && constraint.endsWith("_pkey")) {
                return dev.rowan.server.db.SqlErrors.idTaken();
            }
            for (FieldDef f : t.fields()) {
                if (constraint != null && constraint.endsWith(f.columnName())) {
                    return new dev.rowan.model.error.Conflict(dev.rowan.model.error.Conflict.Reason.CONFLICT,
                            "Another record already has this value of " + f.name()
                            + ", which must be unique", List.of(new FieldError(f.name(), "must be unique")), Map.of());
                }
            }
        }
        return Tx.translate(e);
    }
}
