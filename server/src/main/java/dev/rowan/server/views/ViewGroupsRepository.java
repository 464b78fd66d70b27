package dev.rowan.server.views;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Groups of a view's records in one statement ({@code GROUP BY g1, g2, g3} with {@code count(*)} and count/sum/min/max
 * of every numeric field; the upper levels rolled up from it, as {@code GROUPING SETS} would give them), read into a
 * tree by {@link GroupRows} (values as the API shows them: select labels, not option ids). Single-select groups come
 * in option order, others ascending; no value is last.
 */
public final class ViewGroupsRepository implements dev.rowan.server.records.RecordWriteFollowers {
    public static final int MAX_LEVELS = 3;
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    /** The most groups (at the deepest level) one answer holds. */
    public static final int MAX_GROUPS = 10_000;
    private final RecordSql sql = new RecordSql(PG);

    /** Whether records can be grouped by a field of this type (not long text or JSON). */
    public static boolean groupable(FieldType t) {
        return !(t instanceof FieldType.LongText) && !(t instanceof FieldType.Json);
    }

    /** Whether a field of this type is summed up (number, currency, percent, and a formula with such a result). */
    public static boolean numeric(FieldType t) {
        return dev.rowan.model.kind.FieldKinds.valueType(t).numeric();
    }

    /**
     * The groups of {@code company}'s table as {@link #groups(Connection, TableDef, Filter, List, List)} reads them,
     * answered from the answers kept while the company's data has not changed, or brought up to date by the
     * single-record writes since ({@link GroupsCache}).
     */
    public Map<String, Object> groups(Connection c, java.util.UUID company, TableDef t, @Nullable Filter filter,
                                      List<FieldDef> by, List<FieldDef> numbers) throws SQLException {
        return named(c, t, by, cache.answer(c, company, t, filter, by, numbers,
                () -> rows(c, t, filter, by, numbers, null)).answer(by, numbers));
    }

    /** Answers kept until the company's data changes, or followed by deltas ({@link GroupsCache}). */
    private final GroupsCache cache = new GroupsCache(this);

    /**
     * Called inside a single-record write's transaction, after its change-log sequence {@code seq} was reserved (so
     * the company's writers wait for this one) and before the record is written: reads the record's part of every
     * kept answer of its table, so {@link GroupsCache.Write#written} and, after commit, {@link GroupsCache.Write#publish}
     * can bring those answers up to date without a full read. {@code record} is null for a create.
     */
    @Override
    public GroupsCache.Write writing(Connection c, java.util.UUID company, TableDef t, long seq,
                                     java.util.@Nullable UUID record) throws SQLException {
        return cache.writing(c, company, t, seq, record);
    }

    /**
     * {@code {groupBy: [names], count, aggregates: {field: {sum, avg, min, max}}, groups: [{value, count, aggregates,
     * groups?}]}} read now (never a kept answer) for the records matching {@code filter}, summing up the numeric
     * fields {@code numbers}. More than {@link #MAX_GROUPS} groups is a 422.
     */
    public Map<String, Object> groups(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                      List<FieldDef> numbers) throws SQLException {
        return named(c, t, by, rows(c, t, filter, by, numbers, null).answer(by, numbers));
    }

    /** An answer whose user-field group values read as {@code {id, name}} (the member directory, read now). */
    private static Map<String, Object> named(Connection c, TableDef t, List<FieldDef> by, Map<String, Object> out)
            throws SQLException {
        Map<String, String> names = dev.rowan.server.records.MemberNames.load(c, t, by);
        if (!names.isEmpty()) nameMembers(out.get("groups"), by, 0, names);
        return out;
    }

    /** A user field's group values as {@code {id, name}} (the member directory), level by level. */
    @SuppressWarnings("unchecked")
    private static void nameMembers(@Nullable Object groups, List<FieldDef> by, int depth, Map<String, String> names) {
        if (!(groups instanceof List<?> list) || depth >= by.size()) return;
        for (Object g : list) {
            if (!(g instanceof Map<?, ?> m)) continue;
            Map<String, Object> group = (Map<String, Object>) m;
            if (by.get(depth).type() instanceof FieldType.User) {
                group.put("value", dev.rowan.server.records.MemberNames.named(group.get("value"), names));
            }
            nameMembers(group.get("groups"), by, depth + 1, names);
        }
    }

    /**
     * The deepest-level rows in one statement ({@code GROUP BY g1, g2, g3} with {@code count(*)} and count/sum/min/max
     * of every numeric field; one pass, which PostgreSQL may run in parallel; the upper levels are rolled up from
     * them, exact for count, sum, min and max, and avg is sum / count of values). With {@code record}, only that
     * record's part (no row when the filter leaves it out or it does not exist).
     */
    GroupRows rows(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by, List<FieldDef> numbers,
                   java.util.@Nullable UUID record) throws SQLException {
        GroupRows out = deepest(c, t, filter, by, numbers, record);
        if (dev.rowan.model.sql.EachValue.any(by)) {
            // a record is counted under each of its values: the levels above (and the total) count it once, by
            // their own grouping, never by summing the groups below
            for (int level = 0; level < by.size(); level++) {
                GroupRows upper = deepest(c, t, filter, by.subList(0, level), numbers, record);
                upper.forEach(out::exact);
            }
        }
        return out;
    }

    private GroupRows deepest(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                              List<FieldDef> numbers, java.util.@Nullable UUID record) throws SQLException {
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        // a level grouped by each value (FieldKind.groupsByEachValue) joins the positions of its values
        List<String> keys = new java.util.ArrayList<>();
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < by.size(); i++) {
            String col = "t." + PG.quote(by.get(i).columnName());
            if (dev.rowan.model.sql.EachValue.applies(by.get(i))) {
                joins.append(dev.rowan.model.sql.EachValue.join(i, col,
                        dev.rowan.model.sql.EachValue.widest(c, PG, source, col)));
                keys.add(dev.rowan.model.sql.EachValue.value(i, col));
            } else {
                keys.add(col);
            }
        }
        StringBuilder q = new StringBuilder("SELECT ");
        for (String k : keys) q.append(k).append(", ");
        q.append("count(*)");
        for (FieldDef n : numbers) {
            String col = "t." + PG.quote(n.columnName());
            q.append(", count(").append(col).append("), sum(").append(col).append("), min(").append(col)
                    .append("), max(").append(col).append(")");
        }
        q.append(" FROM ").append(source.sql()).append(joins).append(" WHERE ").append(where.sql());
        if (record != null) q.append(" AND t.id = ?");
        if (!by.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(keys.get(i));
            q.append(" LIMIT ").append(MAX_GROUPS + 1);
        }
        GroupRows out = new GroupRows(numbers.size());
        int rows = 0;
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(PG, ps, source.bind(PG, ps, 1));
            if (record != null) ps.setObject(next, record);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (++rows > MAX_GROUPS) {
                        throw RowanException.invalid("groupBy", "More than " + MAX_GROUPS + " groups: group by fields "
                                + "with fewer distinct values, or filter first");
                    }
                    Object[] keyValues = new Object[by.size()];
                    for (int i = 0; i < by.size(); i++) {
                        keyValues[i] = dev.rowan.model.sql.EachValue.applies(by.get(i))
                                ? dev.rowan.model.sql.EachValue.read(rs, i + 1) : PG.read(rs, i + 1, by.get(i).type());
                    }
                    int col = by.size() + 1;
                    GroupRows.Row row = new GroupRows.Row(numbers.size());
                    row.count = rs.getLong(col++);
                    if (row.count == 0) continue; // no GROUP BY and no record: the empty total
                    for (int k = 0; k < numbers.size(); k++) {
                        row.valueCounts[k] = rs.getLong(col++);
                        row.sum[k] = rs.getBigDecimal(col++);
                        row.min[k] = rs.getBigDecimal(col++);
                        row.max[k] = rs.getBigDecimal(col++);
                    }
                    out.put(GroupRows.key(keyValues), row);
                }
            }
        }
        return out;
    }

    /**
     * Whether a record other than {@code record}, in the same group of this grouping and matching {@code filter},
     * holds the same value of {@code number} as {@code record} does now (read before the record's write: the other
     * records do not change while the company's writers wait for it).
     */
    boolean sameValueElsewhere(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by, FieldDef number,
                               java.util.UUID record) throws SQLException {
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t);
        StringBuilder q = new StringBuilder("WITH r AS (SELECT ");
        for (int i = 0; i < by.size(); i++) q.append("t.").append(PG.quote(by.get(i).columnName())).append(" AS g").append(i).append(", ");
        q.append("t.").append(PG.quote(number.columnName())).append(" AS v FROM ").append(source.sql())
                .append(" WHERE t.id = ?) SELECT EXISTS (SELECT 1 FROM ").append(source.sql()).append(", r WHERE ")
                .append(where.sql()).append(" AND t.id <> ?");
        for (int i = 0; i < by.size(); i++) {
            q.append(" AND t.").append(PG.quote(by.get(i).columnName())).append(" IS NOT DISTINCT FROM r.g").append(i);
        }
        q.append(" AND t.").append(PG.quote(number.columnName())).append(" = r.v)");
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = source.bind(PG, ps, 1);
            ps.setObject(next++, record);
            next = where.bind(PG, ps, source.bind(PG, ps, next));
            ps.setObject(next, record);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

}
