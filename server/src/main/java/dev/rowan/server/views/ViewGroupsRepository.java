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
 * in option order, others ascending; no value is last. A grouping by each value of a multi-value field is read by
 * {@link EachValueSets} (the sets grouped whole and folded), else by the table joined to positions.
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
     * answered from the answers kept while the company's data has not changed, or caught up with the writes since
     * from the change log ({@link GroupsCache}).
     */
    public Map<String, Object> groups(Connection c, java.util.UUID company, TableDef t, @Nullable Filter filter,
                                      List<FieldDef> by, List<FieldDef> numbers) throws SQLException {
        return named(c, t, by, cache.answer(c, company, t, filter, by, numbers,
                () -> rows(c, t, filter, by, numbers, null)).answer(by, numbers));
    }

    /** Answers kept and caught up with later writes ({@link GroupsCache}), stored for the next start. */
    private final GroupsCache cache;

    /** Answers kept in memory only. */
    public ViewGroupsRepository() {
        this(null);
    }

    /** Answers kept in memory and stored through {@code tx} (in the background) for the next start. */
    public ViewGroupsRepository(dev.rowan.server.db.@Nullable Tx tx) {
        cache = new GroupsCache(this, new GroupsStore(tx));
    }

    /** A table's definition by company, schema and id (the server's table repository's {@code load}). */
    @FunctionalInterface
    public interface Definitions {
        java.util.Optional<TableDef> load(java.sql.Connection c, java.util.UUID company, String schema,
                                          java.util.UUID table) throws java.sql.SQLException;
    }

    /**
     * At a server start: the biggest tables' summaries are taken in from the store, or built, in the background
     * ({@link TableSummaries#atStart}); {@code definitions} loads a table's definition.
     */
    public void summarizeAtStart(Definitions definitions) {
        cache.summaries().atStart(definitions);
    }

    /** Stores what is queued (kept answers caught up, saves) before the database closes; nothing is queued after. */
    public void close() {
        cache.close();
    }

    /**
     * Called by {@code RecordRepository} inside an update's or delete's transaction, after its change-log sequences
     * were reserved (so the company's writers wait for this one) and before the records are written: reads their part
     * of the kept answers of the table, so {@link GroupsCache} can bring those answers up to date without a full read.
     */
    @Override
    public Followed writing(Connection c, java.util.UUID company, TableDef t, long firstSeq,
                            List<java.util.UUID> records) throws SQLException {
        return cache.writing(c, company, t, firstSeq, records);
    }

    /** A table's records were listed: its summary is built in the background if due ({@link TableSummaries}). */
    @Override
    public void read(java.util.UUID company, TableDef t) {
        cache.seen(company, t);
    }

    /** Records were created: the table's summary is checked a moment after the last write ({@link TableSummaries}). */
    @Override
    public void created(java.util.UUID company, TableDef t) {
        cache.created(company, t);
    }

    /** The kept answers (tests and benchmarks look at the table summaries). */
    GroupsCache cache() {
        return cache;
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
     * them, exact for count, sum, min and max, and avg is sum / count of values). With {@code records}, only those
     * records' part (no row when the filter leaves them out or they do not exist).
     */
    GroupRows rows(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by, List<FieldDef> numbers,
                   java.util.@Nullable Collection<java.util.UUID> records) throws SQLException {
        return rows(c, t, filter, by, numbers, records, true);
    }

    /** {@link #rows}; without {@code fold} a grouping by each value is read by the join to positions alone (what
     * {@code EachValueSets} replaced: benchmarks compare the two). */
    GroupRows rows(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by, List<FieldDef> numbers,
                   java.util.@Nullable Collection<java.util.UUID> records, boolean fold) throws SQLException {
        if (fold && dev.rowan.model.sql.EachValue.any(by)) {
            // the sets grouped whole and folded (one scan, no join to positions), unless there are too many of them
            java.util.Optional<GroupRows> folded = EachValueSets.read(c, sql, t, filter, by, numbers, records);
            if (folded.isPresent()) return folded.get();
        }
        GroupRows out = deepest(c, t, filter, by, numbers, records);
        if (dev.rowan.model.sql.EachValue.any(by)) {
            // a record is counted under each of its values: the levels above (and the total) count it once, by
            // their own grouping, never by summing the groups below
            for (int level = 0; level < by.size(); level++) {
                GroupRows upper = deepest(c, t, filter, by.subList(0, level), numbers, records);
                upper.forEach(out::exact);
            }
        }
        return out;
    }

    /** The answer to a grouping with more than {@link #MAX_GROUPS} groups (a 422). */
    static RuntimeException tooManyGroups() {
        return RowanException.invalid("groupBy", "More than " + MAX_GROUPS + " groups: group by fields "
                + "with fewer distinct values, or filter first");
    }

    private GroupRows deepest(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                              List<FieldDef> numbers, java.util.@Nullable Collection<java.util.UUID> records)
            throws SQLException {
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
        q.append(ViewGroupsRepository.onlyRecords(records));
        if (!by.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(keys.get(i));
            q.append(" LIMIT ").append(MAX_GROUPS + 1);
        }
        GroupRows out = new GroupRows(numbers.size());
        int rows = 0;
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(PG, ps, source.bind(PG, ps, 1));
            ViewGroupsRepository.bindRecords(c, ps, next, records);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (++rows > MAX_GROUPS) throw tooManyGroups();
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
     * Whether a record other than those {@code gone} (the record and any written before it in the same write), in the
     * same group as {@code record} of this grouping and matching {@code filter}, holds the same value of {@code number} as {@code record} does now (read before the record's write: the other
     * records do not change while the company's writers wait for it). A scan that stops at the first match.
     */
    boolean sameValueElsewhere(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by, FieldDef number,
                               java.util.UUID record, List<java.util.UUID> gone) throws SQLException {
        String v = "t." + PG.quote(number.columnName());
        try (PreparedStatement ps = inGroupOf(c, t, filter, by, record, gone, "EXISTS (SELECT 1",
                " WHERE " + v + " = r.v)", number); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * The min and max of {@code number} over the records other than {@code gone} in {@code record}'s group (read before the
     * record's write, like {@link #sameValueElsewhere}): what the group's min and max become when it leaves.
     */
    java.math.BigDecimal[] restOfGroup(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                       FieldDef number, java.util.UUID record, List<java.util.UUID> gone)
            throws SQLException {
        String v = "t." + PG.quote(number.columnName());
        try (PreparedStatement ps = inGroupOf(c, t, filter, by, record, gone, "min(" + v + "), max(" + v + ")", "", number);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new java.math.BigDecimal[]{rs.getBigDecimal(1), rs.getBigDecimal(2)};
        }
    }

    /**
     * {@code SELECT <head> FROM x t, r <tail>}, bound: {@code x} the other records of {@code record}'s group (matching
     * the filter), {@code r} the record's group values and its {@code v}, the value of {@code number}.
     */
    private PreparedStatement inGroupOf(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                        java.util.UUID record, List<java.util.UUID> gone, String head, String tail,
                                        FieldDef number)
            throws SQLException {
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t);
        StringBuilder q = new StringBuilder("WITH r AS (SELECT ");
        for (int i = 0; i < by.size(); i++) q.append("t.").append(PG.quote(by.get(i).columnName())).append(" AS g").append(i).append(", ");
        q.append("t.").append(PG.quote(number.columnName())).append(" AS v FROM ").append(source.sql())
                .append(" WHERE t.id = ?), x AS (SELECT t.* FROM ").append(source.sql()).append(", r WHERE ")
                .append(where.sql()).append(" AND t.id <> ALL(?)");
        for (int i = 0; i < by.size(); i++) {
            q.append(" AND t.").append(PG.quote(by.get(i).columnName())).append(" IS NOT DISTINCT FROM r.g").append(i);
        }
        q.append(") SELECT ").append(head).append(" FROM x t, r").append(tail);
        PreparedStatement ps = c.prepareStatement(q.toString());
        try {
            int next = source.bind(PG, ps, 1);
            ps.setObject(next++, record);
            next = where.bind(PG, ps, source.bind(PG, ps, next));
            ps.setArray(next, c.createArrayOf("uuid", gone.toArray()));
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }


    /** The condition that narrows a grouping query to {@code records} (none: every record), after its WHERE. */
    static String onlyRecords(java.util.@Nullable Collection<java.util.UUID> records) {
        return records == null ? "" : records.size() == 1 ? " AND t.id = ?" : " AND t.id = ANY(?)";
    }

    /** Binds {@link #onlyRecords}'s parameter at {@code index} (nothing when {@code records} is null). */
    static void bindRecords(Connection c, PreparedStatement ps, int index, java.util.@Nullable Collection<java.util.UUID> records)
            throws SQLException {
        if (records == null) return;
        if (records.size() == 1) ps.setObject(index, records.iterator().next());
        else ps.setArray(index, c.createArrayOf("uuid", records.toArray()));
    }
}
