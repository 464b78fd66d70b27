package dev.rowan.server.records;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
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
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
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

    public record Page(List<Map<String, Object>> data, @Nullable String nextCursor) {
    }

    public Page page(Connection c, TableDef t, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor,
                     int limit) throws SQLException {
        SqlFragment q = sql.page(t, filter, sorts, cursor, limit);
        List<FieldDef> fields = t.activeFields();
        List<Column> keys = RecordSql.sortColumns(t, sorts);
        List<Map<String, Object>> rows = new ArrayList<>();
        Object[] raw = new Object[fields.size()];
        List<@Nullable String> lastKeys = null;
        UUID lastId = null;
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rows.size() == limit) {
                        return new Page(rows, new Cursor(RecordSql.signature(keys, sorts), lastKeys, lastId).encode());
                    }
                    Map<String, Object> row = RecordJson.read(rs, fields, PG, raw);
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

    public long count(Connection c, TableDef t, @Nullable Filter filter) throws SQLException {
        SqlFragment q = sql.count(t, filter);
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            q.bind(PG, ps, 1);
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
        try (PreparedStatement ps = c.prepareStatement(sql.selectById(t))) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(RecordJson.read(rs, t.activeFields(), PG, new Object[t.activeFields().size()]));
            }
        }
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
            return now;
        } catch (SQLException e) {
            throw translate(e, t);
        }
    }

    /** Updates the given fields; empty if no such record. */
    public boolean update(Connection c, TableDef t, UUID id, Map<FieldDef, @Nullable Object> values, Principal p,
                          long version) throws SQLException {
        List<FieldDef> fields = new ArrayList<>(values.keySet());
        try (PreparedStatement ps = c.prepareStatement(sql.update(t, fields))) {
            int i = 1;
            for (FieldDef f : fields) PG.bind(ps, i++, f.type(), values.get(f));
            ps.setObject(i++, Clock.next());
            ps.setObject(i++, p.userId());
            ps.setLong(i++, version);
            ps.setObject(i, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw translate(e, t);
        }
    }

    public boolean delete(Connection c, TableDef t, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.delete(t))) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    public List<UUID> deleteMany(Connection c, TableDef t, List<UUID> ids) throws SQLException {
        List<UUID> deleted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.from(t) + " WHERE id = ANY(?) RETURNING id")) {
            Array arr = c.createArrayOf("uuid", ids.toArray());
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) deleted.add(rs.getObject(1, UUID.class));
            }
        }
        return deleted;
    }

    public boolean analyze(Connection c, TableDef t) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            return s.execute("ANALYZE " + sql.from(t));
        }
    }

    /** Names the field behind a unique violation instead of its physical column. */
    static RuntimeException translate(SQLException e, TableDef t) {
        if ("23505".equals(e.getSQLState()) && e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            String constraint = pe.getServerErrorMessage().getConstraint();
            if (constraint != null && constraint.endsWith("_pkey")) {
                return RowanException.conflict("A record with this id already exists");
            }
            for (FieldDef f : t.fields()) {
                if (constraint != null && constraint.endsWith(f.columnName())) {
                    return new RowanException(409, "conflict", "Another record already has this value of " + f.name()
                            + ", which must be unique", List.of(new FieldError(f.name(), "must be unique")));
                }
            }
        }
        return Tx.translate(e);
    }
}
