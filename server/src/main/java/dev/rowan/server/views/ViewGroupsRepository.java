package dev.rowan.server.views;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups of a view's records in one statement ({@code GROUP BY g1, g2, g3} with {@code count(*)} and count/sum/min/max
 * of every numeric field; the upper levels rolled up from it, as {@code GROUPING SETS} would give them), read into a tree (values as the API shows them:
 * select labels, not option ids). Single-select groups come in option order, others ascending; no value is last.
 */
public final class ViewGroupsRepository {
    public static final int MAX_LEVELS = 3;
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    private static final MathContext AVG = new MathContext(12);
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
     * answered from the answers kept while the company's data has not changed.
     */
    public Map<String, Object> groups(Connection c, java.util.UUID company, TableDef t, @Nullable Filter filter,
                                      List<FieldDef> by, List<FieldDef> numbers) throws SQLException {
        return cache.answer(c, company, t, filter, by, numbers, () -> groups(c, t, filter, by, numbers));
    }

    /** Answers kept until the company's data changes ({@link GroupsCache}). */
    private final GroupsCache cache = new GroupsCache();

    /**
     * {@code {groupBy: [names], count, aggregates: {field: {sum, avg, min, max}}, groups: [{value, count, aggregates,
     * groups?}]}} read now (never a kept answer) for the records matching {@code filter}, summing up the numeric fields {@code numbers}. One statement groups by every level at once (one pass, which
     * PostgreSQL may run in parallel); the upper levels and the totals are rolled up from its rows here, which is exact
     * for count, sum, min and max, and avg is sum / count of values. More than {@link #MAX_GROUPS} groups is a 422.
     */
    public Map<String, Object> groups(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                      List<FieldDef> numbers) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT ");
        for (FieldDef g : by) q.append("t.").append(PG.quote(g.columnName())).append(", ");
        q.append("count(*)");
        for (FieldDef n : numbers) {
            String col = "t." + PG.quote(n.columnName());
            q.append(", count(").append(col).append("), sum(").append(col).append("), min(").append(col)
                    .append("), max(").append(col).append(")");
        }
        SqlFragment where = sql.where(t, filter);
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        q.append(" FROM ").append(source.sql()).append(" WHERE ").append(where.sql());
        if (!by.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < by.size(); i++) q.append(i == 0 ? "" : ", ").append("t.").append(PG.quote(by.get(i).columnName()));
            q.append(" LIMIT ").append(MAX_GROUPS + 1);
        }
        Node root = new Node(null, numbers.size());
        int rows = 0;
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            where.bind(PG, ps, source.bind(PG, ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (++rows > MAX_GROUPS) {
                        throw RowanException.invalid("groupBy", "More than " + MAX_GROUPS + " groups: group by fields "
                                + "with fewer distinct values, or filter first");
                    }
                    Object[] keys = new Object[by.size()];
                    for (int i = 0; i < by.size(); i++) keys[i] = PG.read(rs, i + 1, by.get(i).type());
                    int col = by.size() + 1;
                    long count = rs.getLong(col++);
                    long[] counts = new long[numbers.size()];
                    BigDecimal[][] sums = new BigDecimal[numbers.size()][3];
                    for (int k = 0; k < numbers.size(); k++) {
                        counts[k] = rs.getLong(col++);
                        for (int a = 0; a < 3; a++) sums[k][a] = rs.getBigDecimal(col++);
                    }
                    Node node = root;
                    node.add(count, counts, sums);
                    for (int i = 0; i < by.size(); i++) {
                        node = node.child(keys[i], numbers.size());
                        node.add(count, counts, sums);
                    }
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groupBy", by.stream().map(FieldDef::name).toList());
        out.put("count", root.count);
        out.put("aggregates", root.aggregates(numbers));
        if (!by.isEmpty()) out.put("groups", json(root.children(), by, numbers, 0));
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

    /** One group while rolling up: its count and, per numeric field, count of values, sum, min and max. */
    private static final class Node {
        final @Nullable Object key;
        long count;
        final long[] valueCounts;
        final @Nullable BigDecimal[] sum;
        final @Nullable BigDecimal[] min;
        final @Nullable BigDecimal[] max;
        private final Map<Object, Node> children = new java.util.HashMap<>();
        private final List<Node> nullChild = new ArrayList<>(1);

        Node(@Nullable Object key, int numbers) {
            this.key = key;
            valueCounts = new long[numbers];
            sum = new BigDecimal[numbers];
            min = new BigDecimal[numbers];
            max = new BigDecimal[numbers];
        }

        Node child(@Nullable Object k, int numbers) {
            if (k == null) {
                if (nullChild.isEmpty()) nullChild.add(new Node(null, numbers));
                return nullChild.getFirst();
            }
            return children.computeIfAbsent(k, x -> new Node(x, numbers));
        }

        List<Node> children() {
            List<Node> all = new ArrayList<>(children.values());
            all.addAll(nullChild);
            return all;
        }

        void add(long n, long[] counts, BigDecimal[][] aggs) {
            count += n;
            for (int k = 0; k < counts.length; k++) {
                valueCounts[k] += counts[k];
                BigDecimal s = aggs[k][0], lo = aggs[k][1], hi = aggs[k][2];
                if (s != null) sum[k] = sum[k] == null ? s : sum[k].add(s);
                if (lo != null && (min[k] == null || lo.compareTo(min[k]) < 0)) min[k] = lo;
                if (hi != null && (max[k] == null || hi.compareTo(max[k]) > 0)) max[k] = hi;
            }
        }

        Map<String, Object> aggregates(List<FieldDef> numbers) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int k = 0; k < numbers.size(); k++) {
                FieldType type = numbers.get(k).type();
                Map<String, @Nullable Object> a = new LinkedHashMap<>();
                a.put("sum", sum[k] == null ? null : FieldValues.toApi(type, sum[k]));
                a.put("avg", sum[k] == null || valueCounts[k] == 0 ? null
                        : sum[k].divide(BigDecimal.valueOf(valueCounts[k]), AVG).stripTrailingZeros());
                a.put("min", min[k] == null ? null : FieldValues.toApi(type, min[k]));
                a.put("max", max[k] == null ? null : FieldValues.toApi(type, max[k]));
                out.put(numbers.get(k).name(), a);
            }
            return out;
        }
    }

    private static List<Map<String, Object>> json(List<Node> nodes, List<FieldDef> by, List<FieldDef> numbers,
                                                  int depth) {
        FieldDef f = by.get(depth);
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(order(f.type()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Node n : sorted) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", FieldValues.toApi(f.type(), n.key));
            m.put("count", n.count);
            m.put("aggregates", n.aggregates(numbers));
            if (depth + 1 < by.size()) m.put("groups", json(n.children(), by, numbers, depth + 1));
            out.add(m);
        }
        return out;
    }

    /** Option order for a single select, else the stored values' natural order; no value last. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Node> order(FieldType type) {
        Comparator<Object> values;
        if (type instanceof FieldType.SingleSelect s) {
            values = Comparator.comparingInt(k -> {
                for (int i = 0; i < s.options().size(); i++) if (s.options().get(i).id().equals(k)) return i;
                return Integer.MAX_VALUE;
            });
        } else {
            values = (a, b) -> a instanceof Comparable ca && a.getClass() == b.getClass()
                    ? ca.compareTo(b) : String.valueOf(a).compareTo(String.valueOf(b));
        }
        return Comparator.comparing((Node n) -> n.key, Comparator.nullsLast(values));
    }
}
