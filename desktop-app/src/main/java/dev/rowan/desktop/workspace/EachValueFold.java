package dev.rowan.desktop.workspace;

import dev.rowan.desktop.workspace.GroupSummaries.Acc;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.sql.EachValue;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The full read of a grouping with a level by each value ({@code sql.EachValue}) without expanding the table: one
 * {@code GROUP BY} over the records by every level's whole column (a set stays one key: 8 members make at most 256
 * sets), with the count and the summaries' additive figures per combination ("sets"); then folded in Java into the
 * groups of every level — a set holding A and B adds its figures to A's group and to B's, each distinct value once
 * (as {@code GroupSummaries.Kept.keysOf} follows a record), none or an empty set to "no value". Counts, filled, sums
 * add up, min/max combine; the total is the sum of every set; a level above counts a record once because a set row is
 * folded into each of its groups once. So the table is scanned once for the deepest groups, every upper level and
 * the total (the join to positions scanned it once per level, expanded).
 *
 * <p>Group order stays the SQL's: a level that is not by each value gets its rank from H2 ({@code DENSE_RANK} over
 * the sets by exactly {@code GroupSummaries.groupOrder}'s terms, which also tells H2-equal keys as one); a level by
 * each value is ordered here as that ORDER BY orders its text values (a multiple select by its options' order, then
 * the text, by code unit as H2 compares text; no value last, first when descending).
 *
 * <p>Not folded ({@link #read} gives nothing; the caller reads the old way): a unique count (distinct values do not
 * add up), a min/max whose values Java cannot compare, more than {@link #MAX_SETS} sets.
 */
final class EachValueFold {
    /** Sets read at most; past it the grouping is read by the join to positions. */
    static final int MAX_SETS = 50_000;
    private static final SqlDialect D = SqlDialect.H2;
    /** Groupings read by a fold so far (in this JVM): tests tell a fold from the fallback. */
    static final java.util.concurrent.atomic.AtomicLong FOLDS = new java.util.concurrent.atomic.AtomicLong();

    /** One combination of whole key values: each level's groups (identity, key, sort term) and its figures. */
    private record SetRow(List<List<Part>> parts, Acc figures) { }

    /** A value's group at one level: what tells it from others, its key as a group key, how it sorts. */
    private record Part(@Nullable Object identity, @Nullable Object key, int rank, @Nullable String text) { }

    private final List<FieldDef> keys;
    private final List<GroupBy> groups;
    private final Map<FieldDef, Summary> summaries;
    private final List<SetRow> sets;

    private EachValueFold(List<FieldDef> keys, List<GroupBy> groups, Map<FieldDef, Summary> summaries, List<SetRow> sets) {
        this.keys = keys;
        this.groups = groups;
        this.summaries = summaries;
        this.sets = sets;
    }

    /** Whether a grouping may be folded: a level by each value and no unique count. */
    static boolean applies(List<FieldDef> keys, Map<FieldDef, Summary> summaries) {
        return EachValue.any(keys) && !summaries.containsValue(Summary.UNIQUE);
    }

    /**
     * The sets of the records matching {@code where} ({@code source} aliased {@code t}), or nothing when they cannot
     * be folded (see the class; more than {@code maxSets} sets). One scan of the table.
     */
    static Optional<EachValueFold> read(Connection c, SqlFragment source, SqlFragment where, List<FieldDef> keys,
                                        List<GroupBy> groups, Map<FieldDef, Summary> summaries, int maxSets)
            throws SQLException {
        StringBuilder inner = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) inner.append(GroupSummaries.col(keys.get(i))).append(" AS k").append(i).append(", ");
        inner.append("count(*) AS n");
        int a = 0;
        for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
            for (String agg : GroupSummaries.aggregateList(e.getKey(), e.getValue())) inner.append(", ").append(agg).append(" AS a").append(a++);
        }
        inner.append(" FROM ").append(source.sql()).append(" WHERE ").append(where.sql()).append(" GROUP BY ");
        for (int i = 0; i < keys.size(); i++) inner.append(i == 0 ? "" : ", ").append(GroupSummaries.col(keys.get(i)));
        // the rank of each level not by each value, by the groups' own ORDER BY terms over the sets
        List<String> options = new ArrayList<>();
        StringBuilder q = new StringBuilder("SELECT g.*");
        for (int i = 0; i < keys.size(); i++) {
            if (EachValue.applies(keys.get(i))) continue;
            String dir = groups.get(i).descending() ? " DESC NULLS FIRST" : " ASC NULLS LAST";
            String key = "g.k" + i;
            String o = GroupSummaries.order(keys.get(i), key, options);
            q.append(", DENSE_RANK() OVER (ORDER BY ").append(o).append(dir);
            if (!o.equals(key)) q.append(", ").append(key).append(dir);
            q.append(") AS r").append(i);
        }
        q.append(" FROM (").append(inner).append(") g LIMIT ").append(maxSets + 1);
        List<SetRow> sets = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = 1;
            for (String option : options) D.bind(ps, next++, new FieldType.Text(), option); // the ranks come first
            where.bind(D, ps, source.bind(D, ps, next));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (sets.size() == maxSets) return Optional.empty();
                    int rankColumn = keys.size() + 2 + a; // after the keys, the count and the aggregates
                    List<List<Part>> parts = new ArrayList<>(keys.size());
                    for (int i = 0; i < keys.size(); i++) {
                        FieldDef f = keys.get(i);
                        if (EachValue.applies(f)) {
                            parts.add(eachValueParts(f, rs.getArray(i + 1)));
                        } else {
                            int rank = rs.getInt(rankColumn++);
                            parts.add(List.of(new Part(rank, GroupSummaries.readKey(rs, i + 1, f), rank, null)));
                        }
                    }
                    Acc figures = new Acc(List.of(), summaries);
                    figures.read(rs, keys.size() + 1);
                    for (Object v : figures.extreme.values()) {
                        if (v != null && !(v instanceof Comparable<?>)) return Optional.empty(); // e.g. the min of sets
                    }
                    sets.add(new SetRow(parts, figures));
                }
            }
        }
        FOLDS.incrementAndGet();
        return Optional.of(new EachValueFold(keys, groups, summaries, sets));
    }

    /**
     * A set's groups at a level by each value: each distinct value once, as a set of one ({@code EachValue.read}'s
     * key; a null element is no value, as the element at its position is), no value for none or an empty set.
     */
    private static List<Part> eachValueParts(FieldDef f, java.sql.@Nullable Array set) throws SQLException {
        List<String> options = f.type() instanceof FieldType.MultipleSelect m
                ? m.options().stream().map(SelectOption::id).toList() : List.of();
        Object[] elements = set == null ? new Object[0] : (Object[]) set.getArray();
        java.util.Set<@Nullable String> values = new java.util.LinkedHashSet<>();
        for (Object e : elements) values.add(e == null ? null : e.toString());
        if (values.isEmpty()) values.add(null);
        List<Part> out = new ArrayList<>();
        for (String text : values) {
            Object key = text == null ? null : List.of(text);
            // the ORDER BY's terms: an option's position (none and unknown values after the options), then the text
            int rank = options.isEmpty() ? 0 : text == null || !options.contains(text) ? options.size() : options.indexOf(text);
            out.add(new Part(key, key, rank, text));
        }
        return out;
    }

    /** All records: the sum of every set. */
    Acc total() {
        Acc total = new Acc(List.of(), summaries);
        for (SetRow s : sets) total.add(s.figures);
        return total;
    }

    /**
     * The groups of the first {@code levels} levels in group order into {@code out}, as the grouping query reads them:
     * at most {@code GroupSummaries.MAX_LISTED} (true when there are more), past {@code MAX_GROUPS} with their count
     * only.
     */
    boolean groups(int levels, List<Acc> out) {
        Map<List<@Nullable Object>, Acc> byIdentity = new HashMap<>();
        Map<List<@Nullable Object>, List<Part>> partsOf = new HashMap<>();
        for (SetRow s : sets) {
            List<List<Part>> combos = List.of(List.of());
            for (int level = 0; level < levels; level++) {
                List<List<Part>> below = new ArrayList<>();
                for (List<Part> p : combos) {
                    for (Part part : s.parts.get(level)) {
                        List<Part> more = new ArrayList<>(p);
                        more.add(part);
                        below.add(more);
                    }
                }
                combos = below;
            }
            for (List<Part> combo : combos) {
                List<@Nullable Object> identity = Arrays.asList(combo.stream().map(Part::identity).toArray());
                Acc acc = byIdentity.get(identity);
                if (acc == null) {
                    List<@Nullable Object> key = Collections.unmodifiableList(new ArrayList<>(
                            Arrays.asList(combo.stream().map(Part::key).toArray())));
                    acc = new Acc(key, summaries);
                    byIdentity.put(identity, acc);
                    partsOf.put(identity, combo);
                }
                acc.add(s.figures);
            }
        }
        List<List<@Nullable Object>> order = new ArrayList<>(byIdentity.keySet());
        Comparator<List<Part>> byParts = comparator(levels);
        order.sort((x, y) -> byParts.compare(partsOf.get(x), partsOf.get(y)));
        for (List<@Nullable Object> identity : order) {
            if (out.size() == GroupSummaries.MAX_LISTED) return true;
            Acc a = byIdentity.get(identity);
            if (out.size() >= GroupSummaries.MAX_GROUPS) { // past the summarised groups: the count alone
                Acc light = new Acc(a.key, summaries);
                light.count = a.count;
                light.light = true;
                a = light;
            }
            out.add(a);
        }
        return false;
    }

    /** Group order over the first {@code levels} levels (see the class). */
    private Comparator<List<Part>> comparator(int levels) {
        return (x, y) -> {
            for (int i = 0; i < levels; i++) {
                Part p = x.get(i);
                Part o = y.get(i);
                int c;
                if (!EachValue.applies(keys.get(i))) {
                    c = Integer.compare(p.rank, o.rank); // H2's rank, already in the level's direction
                } else {
                    c = Integer.compare(p.rank, o.rank);
                    if (c == 0) c = p.text == null ? (o.text == null ? 0 : 1) : o.text == null ? -1 : p.text.compareTo(o.text);
                    if (groups.get(i).descending()) c = -c; // DESC NULLS FIRST: the same order reversed
                }
                if (c != 0) return c;
            }
            return 0;
        };
    }
}
