package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The grouped grid's numbers, computed by SQL in the workspace (never by loading the records): the groups of a
 * view's records (up to three levels, each with its record count) and the footer's summary per column (count, empty,
 * filled, unique, sum, average, min, max), per group and for all records.
 *
 * <p>One {@code GROUP BY} over the deepest level gives every additive figure; the upper levels and the total are
 * rolled up from it in Java. Only "unique" is not additive: it is counted by one more {@code GROUP BY} per upper level
 * (and one for the total) when a column asks for it. Field references become quoted column names from the table
 * definition; values are bound, never written into the SQL.
 */
public final class GroupSummaries {
    /** Deepest-level groups read at most; more are reported as {@link Result#truncated()}. */
    public static final int MAX_GROUPS = 5_000;
    private static final SqlDialect D = SqlDialect.H2;
    private static final MathContext AVG = MathContext.DECIMAL64;

    private final Workspace ws;
    private final RecordSql sql = new RecordSql(D);

    /**
     * One group: its key (one value per level down to its own; empty for all records), its record count, and the
     * summary of each column asked for (null where there is nothing to summarise, e.g. the sum of no values).
     */
    public record Group(List<@Nullable Object> key, long count, Map<UUID, @Nullable Object> values) {
        public Group {
            key = Collections.unmodifiableList(new ArrayList<>(key));
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** 1 for a top-level group, 2 and 3 below it; 0 for all records. */
        public int level() {
            return key.size();
        }
    }

    /**
     * The total (all records of the view) and the groups, depth first in group order (a group, then its subgroups).
     * {@code truncated}: more deepest-level groups exist than were read; the total is still exact.
     */
    public record Result(Group total, List<Group> groups, boolean truncated) {
        public Result {
            groups = List.copyOf(groups);
        }
    }

    public GroupSummaries(Workspace ws) {
        this.ws = ws;
    }

    /** The view's groups and summaries for the records matching {@code filter}. Groups and summaries on fields
     * that are no longer in the table are left out. */
    public Result summarize(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy, Map<UUID, Summary> asked) {
        filter = RecordStore.mine(ws, t, filter);
        List<GroupBy> groups = groupBy.stream().filter(g -> active(t, g.fieldId()) != null).toList();
        Map<FieldDef, Summary> summaries = new LinkedHashMap<>();
        asked.forEach((id, s) -> {
            FieldDef f = active(t, id);
            if (f != null && (!s.numericOnly() || dev.rowan.model.kind.FieldKinds.valueType(f.type()).numeric())) summaries.put(f, s);
        });
        SqlFragment where = sql.where(t, filter);
        // kept until the workspace's next write (folding a group, switching views and reopening read it again),
        // unless a formula may read the clock (NOW, TODAY): then its result can change without a write
        Workspace.SqlWork<Result> work = c -> {
            List<Acc> leaves = new ArrayList<>();
            boolean truncated = leaves(c, t, where, groups, summaries, leaves);
            if (groups.isEmpty()) return new Result(leaves.getFirst().group(), List.of(), false);
            // roll up: every prefix of a leaf's key is a group; the empty prefix is the total
            Map<List<@Nullable Object>, Acc> byKey = new LinkedHashMap<>();
            List<List<@Nullable Object>> order = new ArrayList<>();
            Acc total = new Acc(List.of(), summaries);
            for (Acc leaf : leaves) {
                for (int level = 1; level < groups.size(); level++) {
                    List<@Nullable Object> prefix = Collections.unmodifiableList(new ArrayList<>(leaf.key.subList(0, level)));
                    Acc parent = byKey.get(prefix);
                    if (parent == null) {
                        parent = new Acc(prefix, summaries);
                        byKey.put(prefix, parent);
                        order.add(prefix);
                    }
                    parent.add(leaf);
                }
                byKey.put(leaf.key, leaf);
                order.add(leaf.key);
                total.add(leaf);
            }
            // unique values are not additive: counted per upper level by SQL
            List<FieldDef> unique = summaries.entrySet().stream().filter(e -> e.getValue() == Summary.UNIQUE)
                    .map(Map.Entry::getKey).toList();
            if (!unique.isEmpty()) {
                for (int level = 0; level < groups.size(); level++) uniques(c, t, where, groups.subList(0, level), unique, byKey, total);
            }
            if (truncated) total = totalOnly(c, t, where, summaries);
            List<Group> out = new ArrayList<>(order.size());
            for (List<@Nullable Object> k : order) out.add(byKey.get(k).group());
            return new Result(total.group(), out, truncated);
        };
        return timeless(t) ? ws.readDerived(new Key(t, filter, groups, Map.copyOf(asked)), work) : ws.read(work);
    }

    /** Whether the table's values depend on its data alone: no formula field (system fields such as "created" are
     * stored columns). */
    static boolean timeless(TableDef t) {
        return t.activeFields().stream().noneMatch(f -> dev.rowan.model.kind.FieldKinds.of(f.type()).computed()
                && dev.rowan.model.kind.FieldKinds.of(f.type()).systemColumn().isEmpty());
    }

    /** What a result depends on besides the data (the table's definition includes its fields and their types). */
    private record Key(TableDef table, @Nullable Filter filter, List<GroupBy> groups, Map<UUID, Summary> asked) { }

    private static @Nullable FieldDef active(TableDef t, UUID id) {
        return t.fieldById(id).filter(f -> !f.hidden()).orElse(null);
    }

    private String col(FieldDef f) {
        return "t." + D.quote(f.columnName());
    }

    /** The aggregate columns one summary needs, in {@link Acc#read} order. */
    private String aggregates(FieldDef f, Summary s) {
        String c = col(f);
        return switch (s) {
            case COUNT -> "";
            case EMPTY, FILLED -> ", count(" + c + ")";
            case UNIQUE -> ", count(DISTINCT " + c + ")";
            case SUM, AVG -> ", count(" + c + "), sum(" + c + ")";
            case MIN -> ", min(" + c + ")";
            case MAX -> ", max(" + c + ")";
        };
    }

    /**
     * What groups are ordered by: the column, or for a single select its option's position (as the grid sorts it,
     * so groups and the grid's rows come in the same order; no value and unknown options after every option). The
     * option ids are bound, in order, into {@code options}.
     */
    private String order(FieldDef f, List<String> options) {
        if (!(f.type() instanceof FieldType.SingleSelect s)) return col(f);
        StringBuilder sb = new StringBuilder("(CASE ").append(col(f));
        for (int i = 0; i < s.options().size(); i++) {
            sb.append(" WHEN ? THEN ").append(i);
            options.add(s.options().get(i).id());
        }
        return sb.append(" ELSE ").append(s.options().size()).append(" END)").toString();
    }

    /** Reads the deepest-level groups (or, without groups, the one total row) into {@code out}; true if cut. */
    private boolean leaves(Connection c, TableDef t, SqlFragment where, List<GroupBy> groups,
                           Map<FieldDef, Summary> summaries, List<Acc> out) throws SQLException {
        List<String> options = new ArrayList<>();
        StringBuilder q = new StringBuilder("SELECT ");
        List<FieldDef> keys = new ArrayList<>();
        for (GroupBy g : groups) {
            FieldDef f = t.fieldById(g.fieldId()).orElseThrow();
            keys.add(f);
            q.append(col(f)).append(", ");
        }
        q.append("count(*)");
        summaries.forEach((f, s) -> q.append(aggregates(f, s)));
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        q.append(" FROM ").append(source.sql()).append(" WHERE ").append(where.sql());
        if (!groups.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(col(keys.get(i)));
            q.append(" ORDER BY ");
            for (int i = 0; i < keys.size(); i++) {
                q.append(i == 0 ? "" : ", ").append(order(keys.get(i), options))
                        .append(groups.get(i).descending() ? " DESC NULLS FIRST" : " ASC NULLS LAST");
            }
            q.append(" LIMIT ").append(MAX_GROUPS + 1);
        }
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(D, ps, source.bind(D, ps, 1));
            for (String option : options) D.bind(ps, next++, new FieldType.Text(), option);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (out.size() == MAX_GROUPS) return true;
                    List<@Nullable Object> key = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) key.add(D.read(rs, i + 1, keys.get(i).type()));
                    Acc a = new Acc(Collections.unmodifiableList(key), summaries);
                    a.read(rs, keys.size() + 1);
                    out.add(a);
                }
            }
        }
        return false;
    }

    /** The total alone (when the groups were cut), from its own aggregate query. */
    private Acc totalOnly(Connection c, TableDef t, SqlFragment where, Map<FieldDef, Summary> summaries)
            throws SQLException {
        List<Acc> one = new ArrayList<>();
        leaves(c, t, where, List.of(), summaries, one);
        return one.getFirst();
    }

    /** Distinct counts per group of the first {@code level.size()} levels (the total when none). */
    private void uniques(Connection c, TableDef t, SqlFragment where, List<GroupBy> level, List<FieldDef> unique,
                         Map<List<@Nullable Object>, Acc> byKey, Acc total) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT ");
        List<FieldDef> keys = new ArrayList<>();
        for (GroupBy g : level) {
            FieldDef f = t.fieldById(g.fieldId()).orElseThrow();
            keys.add(f);
            q.append(col(f)).append(", ");
        }
        for (int i = 0; i < unique.size(); i++) q.append(i == 0 ? "" : ", ").append("count(DISTINCT ").append(col(unique.get(i))).append(')');
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        q.append(" FROM ").append(source.sql()).append(" WHERE ").append(where.sql());
        if (!keys.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(col(keys.get(i)));
        }
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            where.bind(D, ps, source.bind(D, ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<@Nullable Object> key = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) key.add(D.read(rs, i + 1, keys.get(i).type()));
                    Acc a = keys.isEmpty() ? total : byKey.get(Collections.unmodifiableList(key));
                    if (a == null) continue; // a group beyond the cut
                    for (int i = 0; i < unique.size(); i++) a.unique.put(unique.get(i), rs.getLong(keys.size() + 1 + i));
                }
            }
        }
    }

    /** One group's running figures: count, and per summarised column what its summary needs. */
    private static final class Acc {
        final List<@Nullable Object> key;
        final Map<FieldDef, Summary> summaries;
        long count;
        final Map<FieldDef, Long> filled = new HashMap<>();
        final Map<FieldDef, BigDecimal> sum = new HashMap<>();
        final Map<FieldDef, @Nullable Object> extreme = new HashMap<>();
        final Map<FieldDef, Long> unique = new HashMap<>();

        Acc(List<@Nullable Object> key, Map<FieldDef, Summary> summaries) {
            this.key = key;
            this.summaries = summaries;
        }

        void read(ResultSet rs, int start) throws SQLException {
            int i = start;
            count = rs.getLong(i++);
            for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
                FieldDef f = e.getKey();
                switch (e.getValue()) {
                    case COUNT -> { }
                    case EMPTY, FILLED -> filled.put(f, rs.getLong(i++));
                    case UNIQUE -> unique.put(f, rs.getLong(i++));
                    case SUM, AVG -> {
                        filled.put(f, rs.getLong(i++));
                        BigDecimal s = rs.getBigDecimal(i++);
                        if (s != null) sum.put(f, s);
                    }
                    case MIN, MAX -> extreme.put(f, D.read(rs, i++, f.type()));
                }
            }
        }

        /** Adds a subgroup's figures (unique counts are not added: they come from their own query). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void add(Acc child) {
            count += child.count;
            child.filled.forEach((f, n) -> filled.merge(f, n, Long::sum));
            child.sum.forEach((f, s) -> sum.merge(f, s, BigDecimal::add));
            for (Map.Entry<FieldDef, @Nullable Object> e : child.extreme.entrySet()) {
                Object v = e.getValue();
                if (v == null) continue;
                Object mine = extreme.get(e.getKey());
                boolean max = summaries.get(e.getKey()) == Summary.MAX;
                if (mine == null || (max ? ((Comparable) v).compareTo(mine) > 0 : ((Comparable) v).compareTo(mine) < 0)) {
                    extreme.put(e.getKey(), v);
                }
            }
        }

        Group group() {
            Map<UUID, @Nullable Object> values = new LinkedHashMap<>();
            for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
                FieldDef f = e.getKey();
                long n = filled.getOrDefault(f, 0L);
                Object v = switch (e.getValue()) {
                    case COUNT -> count;
                    case EMPTY -> count - n;
                    case FILLED -> n;
                    case UNIQUE -> unique.getOrDefault(f, 0L);
                    case SUM -> n == 0 ? null : sum.getOrDefault(f, BigDecimal.ZERO).stripTrailingZeros();
                    case AVG -> n == 0 ? null : sum.getOrDefault(f, BigDecimal.ZERO).divide(BigDecimal.valueOf(n), AVG)
                            .stripTrailingZeros();
                    case MIN, MAX -> extreme.get(f);
                };
                values.put(f.id(), v);
            }
            return new Group(key, count, values);
        }
    }
}
