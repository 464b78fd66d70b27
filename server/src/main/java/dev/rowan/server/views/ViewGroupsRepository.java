package dev.rowan.server.views;

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
 * Groups of a view's records in one statement: {@code GROUP BY GROUPING SETS ((g1, g2, g3), (g1, g2), (g1), ())}
 * with {@code count(*)} and sum/avg/min/max of every numeric field, read into a tree (values as the API shows them:
 * select labels, not option ids). Single-select groups come in option order, others ascending; no value is last.
 */
public final class ViewGroupsRepository {
    public static final int MAX_LEVELS = 3;
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    private static final MathContext AVG = new MathContext(12);
    private final RecordSql sql = new RecordSql(PG);

    /** Whether records can be grouped by a field of this type (not long text or JSON). */
    public static boolean groupable(FieldType t) {
        return !(t instanceof FieldType.LongText) && !(t instanceof FieldType.Json);
    }

    static boolean numeric(FieldType t) {
        return t instanceof FieldType.NumberType || t instanceof FieldType.Currency || t instanceof FieldType.Percent;
    }

    /**
     * {@code {groupBy: [names], count, aggregates: {field: {sum, avg, min, max}}, groups: [{value, count, aggregates,
     * groups?}]}} for the records matching {@code filter}.
     */
    public Map<String, Object> groups(Connection c, TableDef t, @Nullable Filter filter, List<FieldDef> by)
            throws SQLException {
        List<FieldDef> numbers = t.activeFields().stream().filter(f -> numeric(f.type())).toList();
        StringBuilder q = new StringBuilder("SELECT ");
        for (FieldDef g : by) q.append("t.").append(PG.quote(g.columnName())).append(", ");
        if (by.isEmpty()) {
            q.append("0, ");
        } else {
            q.append("GROUPING(");
            for (int i = 0; i < by.size(); i++) q.append(i == 0 ? "" : ", ").append("t.").append(PG.quote(by.get(i).columnName()));
            q.append("), ");
        }
        q.append("count(*)");
        for (FieldDef n : numbers) {
            String col = "t." + PG.quote(n.columnName());
            q.append(", sum(").append(col).append("), avg(").append(col).append("), min(").append(col)
                    .append("), max(").append(col).append(")");
        }
        SqlFragment where = sql.where(t, filter);
        q.append(" FROM ").append(sql.from(t)).append(" t WHERE ").append(where.sql());
        if (!by.isEmpty()) {
            q.append(" GROUP BY GROUPING SETS (");
            for (int level = by.size(); level >= 0; level--) {
                q.append("(");
                for (int i = 0; i < level; i++) q.append(i == 0 ? "" : ", ").append("t.").append(PG.quote(by.get(i).columnName()));
                q.append(")").append(level > 0 ? ", " : "");
            }
            q.append(")");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groupBy", by.stream().map(FieldDef::name).toList());
        List<Node> top = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            where.bind(PG, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] keys = new Object[by.size()];
                    for (int i = 0; i < by.size(); i++) keys[i] = PG.read(rs, i + 1, by.get(i).type());
                    int grouping = rs.getInt(by.size() + 1);
                    int level = levelOf(grouping, by.size());
                    int col = by.size() + 2;
                    long count = rs.getLong(col++);
                    Map<String, Object> aggs = new LinkedHashMap<>();
                    for (FieldDef n : numbers) {
                        Map<String, @Nullable Object> a = new LinkedHashMap<>();
                        a.put("sum", FieldValues.toApi(n.type(), PG.read(rs, col++, n.type())));
                        BigDecimal avg = rs.getBigDecimal(col++);
                        a.put("avg", avg == null ? null : avg.round(AVG).stripTrailingZeros());
                        a.put("min", FieldValues.toApi(n.type(), PG.read(rs, col++, n.type())));
                        a.put("max", FieldValues.toApi(n.type(), PG.read(rs, col++, n.type())));
                        aggs.put(n.name(), a);
                    }
                    if (level == 0) {
                        root.put("count", count);
                        root.put("aggregates", aggs);
                    } else {
                        place(top, by, keys, level, count, aggs);
                    }
                }
            }
        }
        root.putIfAbsent("count", 0L);
        root.putIfAbsent("aggregates", Map.of());
        if (!by.isEmpty()) root.put("groups", json(top, by, 0));
        return root;
    }

    /** How many leading grouping columns a row is grouped by (GROUPING's bit i set: column i rolled up). */
    private static int levelOf(int grouping, int n) {
        int level = 0;
        for (int i = 0; i < n; i++) {
            if ((grouping & (1 << (n - 1 - i))) == 0) level = i + 1;
            else break;
        }
        return level;
    }

    private static final class Node {
        final @Nullable Object key;
        long count;
        Map<String, Object> aggregates = Map.of();
        final List<Node> children = new ArrayList<>();

        Node(@Nullable Object key) {
            this.key = key;
        }
    }

    private static void place(List<Node> top, List<FieldDef> by, Object[] keys, int level, long count,
                              Map<String, Object> aggs) {
        List<Node> siblings = top;
        Node node = null;
        for (int i = 0; i < level; i++) {
            node = null;
            for (Node s : siblings) {
                if (java.util.Objects.equals(s.key, keys[i])) {
                    node = s;
                    break;
                }
            }
            if (node == null) {
                node = new Node(keys[i]);
                siblings.add(node);
            }
            siblings = node.children;
        }
        node.count = count;
        node.aggregates = aggs;
    }

    private static List<Map<String, Object>> json(List<Node> nodes, List<FieldDef> by, int depth) {
        FieldDef f = by.get(depth);
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(order(f.type()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Node n : sorted) {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            m.put("value", FieldValues.toApi(f.type(), n.key));
            m.put("count", n.count);
            m.put("aggregates", n.aggregates);
            if (depth + 1 < by.size()) m.put("groups", json(n.children, by, depth + 1));
            @SuppressWarnings("unchecked") Map<String, Object> cast = (Map<String, Object>) (Map<String, ?>) m;
            out.add(cast);
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
