package dev.rowan.server.views;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one grouping query at its deepest level: per group key (one value per level), the record count and,
 * per summed-up numeric field, the count of values, sum, min and max. Everything an answer shows is rolled up from
 * these ({@link #answer}), which is what lets a kept answer follow a record write by deltas ({@link #apply}): take the
 * record's old row out, put its new row in.
 */
final class GroupRows {
    private static final MathContext AVG = new MathContext(12);

    /** One deepest group (or one record's part of it). */
    static final class Row {
        long count;
        final long[] valueCounts;
        final @Nullable BigDecimal[] sum;
        final @Nullable BigDecimal[] min;
        final @Nullable BigDecimal[] max;

        Row(int numbers) {
            valueCounts = new long[numbers];
            sum = new BigDecimal[numbers];
            min = new BigDecimal[numbers];
            max = new BigDecimal[numbers];
        }

        Row copy() {
            Row r = new Row(valueCounts.length);
            r.add(this);
            return r;
        }

        /** Adds another row's figures (exact for count, sum, min and max). */
        void add(Row o) {
            count += o.count;
            for (int k = 0; k < valueCounts.length; k++) {
                valueCounts[k] += o.valueCounts[k];
                BigDecimal s = o.sum[k], lo = o.min[k], hi = o.max[k];
                if (s != null) sum[k] = sum[k] == null ? s : sum[k].add(s);
                if (lo != null && (min[k] == null || lo.compareTo(min[k]) < 0)) min[k] = lo;
                if (hi != null && (max[k] == null || hi.compareTo(max[k]) > 0)) max[k] = hi;
            }
        }
    }

    final int numbers;
    private final Map<List<@Nullable Object>, Row> rows = new HashMap<>();
    /**
     * Groups above the deepest level (by key prefix; the empty key is the total) counted by their own query: when a
     * level groups by each value ({@code sql.EachValue}), a record sits in several groups below, so these are not
     * the sum of their subgroups. Such rows are never stepped by deltas (a write's part is not followed).
     */
    private final Map<List<@Nullable Object>, Row> exact = new HashMap<>();

    GroupRows(int numbers) {
        this.numbers = numbers;
    }

    /** A group key as kept: numbers without trailing zeros, so 1.0 and 1.00 (one group in SQL) are one key here. */
    static List<@Nullable Object> key(@Nullable Object[] values) {
        Object[] k = values.clone();
        for (int i = 0; i < k.length; i++) if (k[i] instanceof BigDecimal d) k[i] = d.stripTrailingZeros();
        return Arrays.asList(k);
    }

    void put(List<@Nullable Object> key, Row row) {
        rows.merge(key, row, (a, b) -> {
            a.add(b);
            return a;
        });
    }

    int size() {
        return rows.size();
    }

    /** Each deepest row, by key. */
    void forEach(java.util.function.BiConsumer<List<@Nullable Object>, Row> each) {
        rows.forEach(each);
    }

    /** Whether upper groups were counted by their own query (such rows are never kept). */
    boolean hasExact() {
        return !exact.isEmpty();
    }

    /** An upper group's (or, with the empty key, the total's) figures as counted by its own query. */
    void exact(List<@Nullable Object> key, Row row) {
        exact.put(key, row);
    }

    /** The only row (a single record's part), or null when the record is not counted (filtered out, absent). */
    Map.@Nullable Entry<List<@Nullable Object>, Row> single() {
        if (rows.size() > 1) throw new IllegalStateException("More than one row: " + rows.size());
        return rows.isEmpty() ? null : rows.entrySet().iterator().next();
    }

    @Nullable Row get(List<@Nullable Object> key) {
        return rows.get(key);
    }

    GroupRows copy() {
        GroupRows c = new GroupRows(numbers);
        rows.forEach((k, r) -> c.rows.put(k, r.copy()));
        exact.forEach((k, r) -> c.exact.put(k, r.copy()));
        return c;
    }

    /**
     * Takes one record's old part out and puts its new part in. A removed value that was its group's min or max
     * leaves that figure unknown unless {@code edges} says another record of the group holds the same value or what
     * the group's min and max are without the record; else (or when the old part is not in these rows, which means they do not describe the data the write saw)
     * this answers false and the rows are not to be used.
     */
    boolean apply(Map.@Nullable Entry<List<@Nullable Object>, Row> before, Edges edges,
                  Map.@Nullable Entry<List<@Nullable Object>, Row> after) {
        if (before != null && !takeOut(before, edges)) return false;
        if (after != null) put(after.getKey(), after.getValue().copy());
        return true;
    }

    /**
     * {@link #apply} for the parts of several records (a bulk delete): every old row out, every new row in. A removed
     * value at its group's min or max gives up unless {@code edges} knows (for sets it never does).
     */
    boolean apply(GroupRows before, Edges edges, GroupRows after) {
        for (var e : before.rows.entrySet()) if (!takeOut(e, edges)) return false;
        addAll(after);
        return true;
    }

    /** Adds every row of {@code other} (records created since these rows were read, as they are now). */
    void addAll(GroupRows other) {
        other.rows.forEach((k, r) -> put(k, r.copy()));
    }

    /**
     * What is known, per summed-up number, about a single record's group without it (read before its write):
     * whether another record holds its value ({@code stillThere}), or else the group's min and max without it
     * ({@code known}, {@code min}, {@code max}). Nothing is known for a set of records.
     */
    record Edges(boolean[] stillThere, boolean[] known, @Nullable BigDecimal[] min, @Nullable BigDecimal[] max) {
        static Edges none(int numbers) {
            return new Edges(new boolean[numbers], new boolean[numbers], new BigDecimal[numbers],
                    new BigDecimal[numbers]);
        }
    }

    private boolean takeOut(Map.Entry<List<@Nullable Object>, Row> before, Edges edges) {
        {
            Row r = rows.get(before.getKey());
            Row old = before.getValue();
            if (r == null || r.count < old.count) return false;
            r.count -= old.count;
            for (int k = 0; k < numbers; k++) {
                if (old.valueCounts[k] == 0) continue;
                BigDecimal v = old.sum[k];
                if (r.valueCounts[k] < old.valueCounts[k] || r.sum[k] == null || v == null) return false;
                r.valueCounts[k] -= old.valueCounts[k];
                if (r.valueCounts[k] == 0) {
                    r.sum[k] = null;
                    r.min[k] = null;
                    r.max[k] = null;
                    continue;
                }
                r.sum[k] = r.sum[k].subtract(v);
                // the part's own min and max (one record: its value; several: theirs, never their sum) at or past
                // the group's edge
                BigDecimal lo = old.min[k], hi = old.max[k];
                boolean extreme = r.min[k] == null || lo == null || lo.compareTo(r.min[k]) <= 0
                        || r.max[k] == null || hi == null || hi.compareTo(r.max[k]) >= 0;
                if (extreme && !edges.stillThere()[k]) {
                    if (!edges.known()[k]) return false;
                    r.min[k] = edges.min()[k];
                    r.max[k] = edges.max()[k];
                }
            }
            if (r.count == 0) rows.remove(before.getKey());
        }
        return true;
    }

    /**
     * {@code {groupBy, count, aggregates, groups}} as the API answers: upper levels and the totals rolled up from the
     * deepest rows, groups of a single select in option order, others ascending, no value last.
     */
    Map<String, Object> answer(List<FieldDef> by, List<FieldDef> numberFields) {
        Node root = new Node(null, numbers);
        for (var e : rows.entrySet()) {
            Node node = root;
            node.row.add(e.getValue());
            for (int i = 0; i < by.size(); i++) {
                node = node.child(e.getKey().get(i), numbers);
                node.row.add(e.getValue());
            }
        }
        if (!exact.isEmpty()) root.useExact(List.of(), exact);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groupBy", by.stream().map(FieldDef::name).toList());
        out.put("count", root.row.count);
        out.put("aggregates", aggregates(root.row, numberFields));
        if (!by.isEmpty()) out.put("groups", json(root.children(), by, numberFields, 0));
        return out;
    }

    /** One group while rolling up. */
    private static final class Node {
        final @Nullable Object key;
        Row row;
        private final Map<Object, Node> children = new HashMap<>();
        private final List<Node> nullChild = new ArrayList<>(1);

        Node(@Nullable Object key, int numbers) {
            this.key = key;
            row = new Row(numbers);
        }

        Node child(@Nullable Object k, int numbers) {
            if (k == null) {
                if (nullChild.isEmpty()) nullChild.add(new Node(null, numbers));
                return nullChild.getFirst();
            }
            return children.computeIfAbsent(k, x -> new Node(x, numbers));
        }

        /** This node's and its descendants' figures from {@code exact} where it holds their key prefix. */
        void useExact(List<@Nullable Object> prefix, Map<List<@Nullable Object>, Row> exact) {
            Row r = exact.get(prefix);
            if (r != null) row = r.copy();
            for (Node n : children()) {
                List<@Nullable Object> p = new ArrayList<>(prefix);
                p.add(n.key);
                n.useExact(p, exact);
            }
        }

        List<Node> children() {
            List<Node> all = new ArrayList<>(children.values());
            all.addAll(nullChild);
            return all;
        }
    }

    private static Map<String, Object> aggregates(Row r, List<FieldDef> numbers) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < numbers.size(); k++) {
            FieldType type = numbers.get(k).type();
            BigDecimal sum = r.sum[k], min = r.min[k], max = r.max[k];
            Map<String, @Nullable Object> a = new LinkedHashMap<>();
            a.put("sum", sum == null ? null : FieldValues.toApi(type, sum));
            a.put("avg", sum == null || r.valueCounts[k] == 0 ? null
                    : sum.divide(BigDecimal.valueOf(r.valueCounts[k]), AVG).stripTrailingZeros());
            a.put("min", min == null ? null : FieldValues.toApi(type, min));
            a.put("max", max == null ? null : FieldValues.toApi(type, max));
            out.put(numbers.get(k).name(), a);
        }
        return out;
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
            m.put("count", n.row.count);
            m.put("aggregates", aggregates(n.row, numbers));
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
