package dev.rowan.desktop.workspace;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.EachValue;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of the group-order listing ({@code GroupSummaries.listed}) read group by group from the deepest groups'
 * counts: the page's offset falls in one group, whose records are read with the group's key as a condition (a
 * level grouped by each value: {@code ARRAY_CONTAINS}, or "holds none"; any other level: equal to the key, or null)
 * in creation order from the offset within that group, then the next groups until the page is full. So a page never
 * expands or sorts the whole table; H2 walks the table's {@code (created_at, id)} index and keeps the group's records.
 * The lines are those of the one-query listing (a record once per group it is in, creation order within a group),
 * for sets without a value twice. A grouped grid with sorts of its own reads its groups the same way, each group in
 * its sorts' order ({@code within}): H2 then sorts one group's records, not the whole table.
 */
final class ListedPages {
    private static final SqlDialect D = SqlDialect.H2;

    private ListedPages() {
    }

    /**
     * Whether every group field's key can be a bound condition: a level grouped by each value, or a stored scalar
     * (text, number, yes/no, date, time). Others (sets compared whole, JSON) are listed by the one query.
     */
    static boolean pageable(List<FieldDef> keys) {
        for (FieldDef f : keys) {
            if (EachValue.applies(f)) continue;
            StorageClass s = FieldKinds.storage(f.type());
            if (s instanceof StorageClass.Computed computed) s = computed.value();
            if (!(s instanceof StorageClass.Text || s instanceof StorageClass.Decimal || s instanceof StorageClass.Bool
                    || s instanceof StorageClass.Date || s instanceof StorageClass.Timestamp)) {
                return false;
            }
        }
        return true;
    }

    /** Within a group: creation order. */
    static final SqlFragment CREATED = new SqlFragment("t.created_at ASC, t.id ASC", List.of());

    /**
     * A group's order: its ORDER BY terms, and the expression of its first term with its direction when that is a
     * sort of the view's own (null for creation order, which H2 reads from its index without sorting).
     */
    record Within(SqlFragment terms, @Nullable SqlFragment firstKey, boolean descending) {
        static final Within CREATION = new Within(CREATED, null, false);
    }

    /** Groups of at least this many records are read with a bound on their first sort key ({@link #bounded}). */
    static volatile long boundFrom = 20_000;
    /** Records sampled from a group to choose the bound. */
    static final int SAMPLE = 2_000;
    /** Pages read with a bound that held (tests). */
    static final java.util.concurrent.atomic.AtomicLong BOUNDED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Lines {@code offset}.. of the listing, at most {@code limit}, from the deepest groups in group order, each
     * group's records in the order of {@code within} (ORDER BY terms over {@code t}, {@link #CREATED} for the listing).
     */
    static List<Row> read(Connection c, TableDef t, SqlFragment where, List<FieldDef> keys,
                          List<List<@Nullable Object>> groups, List<Long> counts, Within within, long offset,
                          int limit) throws SQLException {
        List<Row> out = new ArrayList<>(Math.min(limit, 1_000));
        long skip = offset;
        for (int g = 0; g < groups.size() && out.size() < limit; g++) {
            long n = counts.get(g);
            if (skip >= n) {
                skip -= n;
                continue;
            }
            int want = (int) Math.min(limit - out.size(), n - skip);
            List<Row> rows = n >= boundFrom && within.firstKey() != null && skip + want <= SAMPLE
                    ? bounded(c, t, where, keys, groups.get(g), within, n, skip, want) : null;
            out.addAll(rows != null ? rows : group(c, t, where, keys, groups.get(g), within.terms(), null, skip, want));
            skip = 0;
        }
        return out;
    }

    /**
     * A first page of a big group sorted by a sort of the view's own, without H2 sorting the whole group (which it
     * does on disk past its {@code MAX_MEMORY_ROWS}, 40,000 at a 1 GB heap: 1.5 s for a group of 125,000 of a
     * 1,000,000-row table). A sample of the group's records ({@link #SAMPLE}, the first the scan meets) gives a value
     * of the first sort key that a few times the wanted rows come before; the group is then read with "the key comes
     * no later than that value" as a condition, which keeps the same order. When that read returns all the rows wanted,
     * they are the group's first ones (every row before them in the group's order meets the condition too); otherwise
     * null, and the caller reads the group unbounded.
     */
    private static @Nullable List<Row> bounded(Connection c, TableDef t, SqlFragment where, List<FieldDef> keys,
                                               List<@Nullable Object> key, Within within, long count, long offset,
                                               int limit) throws SQLException {
        SqlFragment k = within.firstKey();
        if (k == null) return null;
        RecordSql sql = new RecordSql(D);
        SqlFragment source = sql.source(t);
        List<Object> bound = new ArrayList<>();
        List<@Nullable FieldDef> boundFields = new ArrayList<>();
        String cond = keyConditions(keys, key, bound, boundFields);
        // the sampled records' share of the wanted ones, four times over (the sample is not random: the first met)
        long sampled = Math.min(SAMPLE, count);
        long rank = Math.max(0, (long) Math.ceil(4.0 * sampled * (offset + limit) / count) - 1);
        if (rank >= sampled - 1) return null; // about the whole group: nothing to gain
        String q = "SELECT s.k FROM (SELECT " + k.sql() + " AS k FROM " + source.sql() + " WHERE (" + where.sql() + ")"
                + cond + " LIMIT " + SAMPLE + ") s ORDER BY s.k " + (within.descending() ? "DESC NULLS FIRST" : "ASC NULLS LAST")
                + " LIMIT 1 OFFSET " + rank;
        Object edge;
        try (PreparedStatement ps = c.prepareStatement(q)) {
            int next = k.bind(D, ps, 1);
            next = where.bind(D, ps, source.bind(D, ps, next));
            bindKeys(ps, next, bound, boundFields);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                edge = rs.getObject(1);
            }
        }
        // ASC NULLS LAST: the rows up to the edge come first (an empty edge: too few values sampled, no bound);
        // DESC NULLS FIRST: the empty ones, then down to the edge (an empty edge: the empty ones alone)
        if (edge == null && !within.descending()) return null;
        Bound limitTo = edge == null ? new Bound(new SqlFragment(k.sql() + " IS NULL", k.params()), null)
                : new Bound(new SqlFragment(within.descending()
                        ? "(" + k.sql() + " IS NULL OR " + k.sql() + " >= ?)" : k.sql() + " <= ?",
                        concat(k.params(), within.descending() ? k.params() : List.of())), edge);
        List<Row> rows = group(c, t, where, keys, key, within.terms(), limitTo, offset, limit);
        if (rows.size() < limit) return null;
        BOUNDED.incrementAndGet();
        return rows;
    }

    private static List<dev.rowan.model.sql.SqlFragment.Param> concat(List<dev.rowan.model.sql.SqlFragment.Param> a,
                                                                     List<dev.rowan.model.sql.SqlFragment.Param> b) {
        List<dev.rowan.model.sql.SqlFragment.Param> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A condition on a group's first sort key, and the value for its last {@code ?} (none when null). */
    private record Bound(SqlFragment condition, @Nullable Object edge) {
    }

    /** One group's records in the order of {@code within}, {@code limit} from {@code offset} within it; with
     * {@code limitTo} only the records meeting it. */
    private static List<Row> group(Connection c, TableDef t, SqlFragment where, List<FieldDef> keys,
                                   List<@Nullable Object> key, SqlFragment within, @Nullable Bound limitTo,
                                   long offset, int limit) throws SQLException {
        RecordSql sql = new RecordSql(D);
        SqlFragment source = sql.source(t);
        List<@Nullable FieldDef> boundFields = new ArrayList<>();
        List<Object> bound = new ArrayList<>();
        StringBuilder q = new StringBuilder("SELECT ").append(sql.selectList(t.activeFields())).append(" FROM ")
                .append(source.sql()).append(" WHERE (").append(where.sql()).append(')')
                .append(keyConditions(keys, key, bound, boundFields));
        if (limitTo != null) q.append(" AND ").append(limitTo.condition().sql());
        q.append(" ORDER BY ").append(within.sql()).append(" LIMIT ? OFFSET ?");
        List<Row> out = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(D, ps, source.bind(D, ps, 1));
            next = bindKeys(ps, next, bound, boundFields);
            if (limitTo != null) {
                next = limitTo.condition().bind(D, ps, next);
                if (limitTo.edge() != null) ps.setObject(next++, limitTo.edge());
            }
            next = within.bind(D, ps, next);
            ps.setInt(next++, limit);
            ps.setLong(next, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(RecordStore.read(rs, t.activeFields()));
            }
        }
        return out;
    }

    /**
     * A group's key as conditions ({@code AND …} each): a level grouped by each value holds the value (or none),
     * any other equals it (or is null). The values to bind go to {@code bound}, with their field ({@code null}: text).
     */
    static String keyConditions(List<FieldDef> keys, List<@Nullable Object> key, List<Object> bound,
                                        List<@Nullable FieldDef> boundFields) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            FieldDef f = keys.get(i);
            String col = "t." + D.quote(f.columnName());
            Object v = key.get(i);
            if (EachValue.applies(f)) {
                if (v == null) {
                    q.append(" AND (").append(col).append(" IS NULL OR CARDINALITY(").append(col).append(") = 0)");
                } else {
                    q.append(" AND ARRAY_CONTAINS(").append(col).append(", ?)");
                    boundFields.add(null); // the one value, as text
                    bound.add(((List<?>) v).getFirst());
                }
            } else if (v == null) {
                q.append(" AND ").append(col).append(" IS NULL");
            } else {
                q.append(" AND ").append(col).append(" = ?");
                boundFields.add(f);
                bound.add(v);
            }
        }
        return q.toString();
    }

    /** Binds {@link #keyConditions}'s values from {@code next}; the next index. */
    static int bindKeys(PreparedStatement ps, int next, List<Object> bound,
                                List<@Nullable FieldDef> boundFields) throws SQLException {
        for (int i = 0; i < bound.size(); i++) {
            FieldDef f = boundFields.get(i);
            if (f == null) D.bind(ps, next++, new FieldType.Text(), bound.get(i));
            else D.bind(ps, next++, f.type(), bound.get(i));
        }
        return next;
    }
}
