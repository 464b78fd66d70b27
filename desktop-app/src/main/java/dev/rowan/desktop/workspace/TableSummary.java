package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A big table's summary (issue 11's first read of a grouping nobody read before): one grouping of the table by all
 * its low-cardinality fields at once (the dimensions), with every figure a footer needs but the unique count, per
 * cell. A question whose levels are dimensions, whose filter (if any) names only dimensions and whose figures the
 * summary holds is then rolled up from the cells in Java ({@link #served}) — exact, in the database's group order —
 * instead of a scan: the cells passing the filter are chosen by H2 itself ({@code sql.SummaryCells}: the scan's own
 * WHERE over the cells' values), and a unique count of a dimension is its distinct values among a group's cells.
 *
 * <p>The summary is three kept results of {@link GroupSummaries} made from one scan ({@link #build}): the count, the
 * filled count of every field and the sum of every numeric one ({@link Part#SUM}), the min ({@link Part#MIN}) and the max
 * ({@link Part#MAX}) of every field with an order Java repeats exactly. Each is an ordinary {@code Kept}: followed by
 * record writes (a record landing in a cell the summary does not have drops it; it is built again at the next idle),
 * saved at close and made back at the next open. A {@link Plan} beside them names the dimensions (or that the table
 * has no summary for this definition: too many cells). Every key holds the table's definition, so after a schema
 * change nothing is served until the summary is built again.
 *
 * <p>The build's scan runs on a second connection, outside the workspace's lock: a user's read meanwhile takes its
 * own path (a scan at worst) and never waits for the build. What the build read is kept only if no write began
 * since it started ({@link Workspace#writes}); else it is dropped and built again later.
 */
public final class TableSummary {
    private static final Logger LOG = Logger.getLogger(TableSummary.class.getName());
    private static final SqlDialect D = SqlDialect.H2;
    /** Tables with fewer records get no summary (a scan of them is fast enough). */
    public static final int MIN_RECORDS = 20_000;
    /** Records the dimensions are estimated from (one bound query). */
    static final int SAMPLE = dev.rowan.model.sql.SummaryDimensions.SAMPLE;
    /** A field with more distinct values than this in the sample is not a dimension. */
    static final int MAX_DISTINCT = dev.rowan.model.sql.SummaryDimensions.MAX_DISTINCT;
    /** The product of the dimensions' distinct counts in the sample stays at most this; the cells read at most this. */
    static final int MAX_CELLS = dev.rowan.model.sql.SummaryDimensions.MAX_CELLS;
    static final int MAX_DIMENSIONS = dev.rowan.model.sql.SummaryDimensions.MAX_DIMENSIONS;

    private final Workspace ws;
    private final GroupSummaries groups;
    private final RecordSql sql = new RecordSql(D);
    /** Runs after the build's scan, before what it read is kept (tests: the lock is free meanwhile). */
    Runnable afterScan = () -> { };

    public TableSummary(Workspace ws) {
        this.ws = ws;
        this.groups = new GroupSummaries(ws);
    }

    /** The fewest records a table has for a summary: {@link #MIN_RECORDS}, or the system property
     * {@code rowan.summary.minRecords} (tests lower it). */
    static int minRecords() {
        return Integer.getInteger("rowan.summary.minRecords", MIN_RECORDS);
    }

    /** The summary's three kept results: each asks one figure of every field it holds. */
    enum Part {
        SUM, MIN, MAX
    }

    /** What a build did. */
    public enum Outcome {
        /** Built and kept now. */
        BUILT,
        /** Kept already (or made back from the last close). */
        KEPT,
        /** Fewer records than {@link #minRecords}, or values that may change without a write (a formula). */
        NOT_NEEDED,
        /** No summary for this table definition (no dimension, or more cells than {@link #MAX_CELLS}). */
        REFUSED,
        /** A write began while it was read: dropped, to be built again. */
        STALE
    }

    /** The dimensions of a table's summary, in the cells' level order; none: no summary for this definition. */
    record Plan(List<UUID> dimensions) implements Workspace.Maintained<Plan>, SavedResults.Savable {
        Plan {
            dimensions = List.copyOf(dimensions);
        }

        @Override
        public Plan value() {
            return this;
        }

        /** The plan depends on the table's definition only: record writes keep it. */
        @Override
        public boolean removing(Connection c, UUID table, Collection<UUID> ids) {
            return true;
        }

        @Override
        public boolean adding(Connection c, UUID table, Collection<UUID> ids) {
            return true;
        }

        @Override
        public String save() {
            return KeptText.json(dimensions.stream().map(UUID::toString).toList());
        }

        static @Nullable Plan restore(String payload) {
            try {
                List<UUID> ids = new ArrayList<>();
                for (Object o : (List<?>) java.util.Objects.requireNonNull(KeptText.parse(payload))) {
                    ids.add(UUID.fromString((String) o));
                }
                return new Plan(ids);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Where the plan is kept: per table definition. */
    record PlanKey(TableDef table) implements SavedResults.Fingerprinted {
        @Override
        public String fingerprintText() {
            return "table-summary/1|plan|" + GroupSummaries.tableText(table);
        }

        @Override
        public UUID tableId() {
            return table.id();
        }
    }

    /** Where a part is kept: per table definition and dimensions. */
    record PartKey(TableDef table, Part part, List<UUID> dimensions) implements SavedResults.Fingerprinted {
        @Override
        public String fingerprintText() {
            return "table-summary/1|" + part + "|" + dimensions + "|" + GroupSummaries.tableText(table);
        }

        @Override
        public UUID tableId() {
            return table.id();
        }
    }

    // ------------------------------------------------------------------------------------------------ the rules

    /**
     * Whether the field's values are read as one Java value each whose {@code compareTo} and {@code equals} are the
     * database's ({@code VARCHAR} compares as {@link String#compareTo}, decimals are read at the column's scale,
     * instants in UTC): {@code SummaryDimensions.plain}.
     */
    private static boolean plain(FieldDef f) {
        return dev.rowan.model.sql.SummaryDimensions.plain(f);
    }

    /** Fields a summary may group by: stored, single-valued, plain ({@code SummaryDimensions.candidate}). */
    private static boolean candidate(FieldDef f) {
        return dev.rowan.model.sql.SummaryDimensions.candidate(f);
    }

    /** The figures each part asks of every field it holds (fields of the table's definition, in its order). */
    static Map<FieldDef, Summary> figures(TableDef t, Part part) {
        Map<FieldDef, Summary> m = new LinkedHashMap<>();
        for (FieldDef f : t.activeFields()) {
            if (f.hidden() || !plain(f)) continue;
            switch (part) {
                case SUM -> m.put(f, Summary.SUM.appliesTo(f.type()) ? Summary.SUM : Summary.FILLED);
                case MIN -> {
                    if (Summary.MIN.appliesTo(f.type())) m.put(f, Summary.MIN);
                }
                case MAX -> {
                    if (Summary.MAX.appliesTo(f.type())) m.put(f, Summary.MAX);
                }
            }
        }
        return m;
    }

    private static List<GroupBy> levels(List<UUID> dimensions) {
        return dimensions.stream().map(id -> new GroupBy(id, false)).toList();
    }

    // ------------------------------------------------------------------------------------------------ serving

    /**
     * The question rolled up from the table's summary, or null when the summary does not hold it (a filter naming a
     * field that is not a dimension or that the cells cannot decide, a level that is not a dimension, a unique count
     * of another field, a figure it lacks, no current summary) or its groups are too many to carry figures
     * ({@link GroupSummaries#MAX_GROUPS}). Called under the workspace's lock, on its connection {@code c} (the cell
     * filter's one query).
     */
    static GroupSummaries.@Nullable Kept served(GroupSummaries gs, Workspace ws, Connection c, TableDef t,
                                                @Nullable Filter filter, SqlFragment where, List<GroupBy> groups,
                                                Map<FieldDef, Summary> summaries) {
        Plan plan = ws.<Plan>kept(new PlanKey(t), Plan::restore).map(Workspace.Maintained::value).orElse(null);
        if (plan == null || plan.dimensions().isEmpty()) return null;
        List<UUID> dims = plan.dimensions();
        int[] at = new int[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            at[i] = dims.indexOf(groups.get(i).fieldId());
            if (at[i] < 0) return null;
        }
        List<FieldDef> dimFields = new ArrayList<>(dims.size());
        for (UUID id : dims) {
            FieldDef f = t.fieldById(id).orElse(null);
            if (f == null) return null;
            dimFields.add(f);
        }
        // a filter over dimensions alone: the cells passing it, as the database evaluates the scan's own condition
        dev.rowan.model.sql.SummaryCells cellFilter = null;
        if (filter != null && !(where.sql().equals("TRUE") && where.params().isEmpty())) {
            cellFilter = dev.rowan.model.sql.SummaryCells.of(D, t, filter, dimFields).orElse(null);
            if (cellFilter == null) return null;
        }
        // a unique count of a dimension: the distinct values among a group's cells (no value not counted)
        Map<FieldDef, Integer> uniqueAt = new LinkedHashMap<>();
        for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
            if (e.getValue() != Summary.UNIQUE) continue;
            int i = dims.indexOf(e.getKey().id());
            if (i < 0) return null; // of another field: only a scan counts it
            uniqueAt.put(e.getKey(), i);
        }
        // the parts this question needs (a min or max part may have given up on an edit while the sums still hold)
        java.util.Set<Part> needed = java.util.EnumSet.of(Part.SUM);
        if (summaries.containsValue(Summary.MIN)) needed.add(Part.MIN);
        if (summaries.containsValue(Summary.MAX)) needed.add(Part.MAX);
        Map<Part, GroupSummaries.Kept> parts = parts(gs, ws, t, dims, needed);
        if (parts == null) return null;
        Map<FieldDef, Summary> sums = figures(t, Part.SUM);
        for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
            FieldDef f = e.getKey();
            boolean held = switch (e.getValue()) {
                case COUNT -> true;
                case EMPTY, FILLED -> sums.containsKey(f);
                case SUM, AVG -> sums.get(f) == Summary.SUM;
                case MIN -> figures(t, Part.MIN).containsKey(f);
                case MAX -> figures(t, Part.MAX).containsKey(f);
                case UNIQUE -> uniqueAt.containsKey(f);
            };
            if (!held) return null;
        }
        // the cells (deepest groups of the parts) folded into the question's deepest groups
        Map<List<@Nullable Object>, GroupSummaries.Acc> sumCells = parts.get(Part.SUM).groupsByKey();
        Map<List<@Nullable Object>, GroupSummaries.Acc> minCells = cells(parts.get(Part.MIN));
        Map<List<@Nullable Object>, GroupSummaries.Acc> maxCells = cells(parts.get(Part.MAX));
        List<List<@Nullable Object>> cellKeys = new ArrayList<>();
        for (Map.Entry<List<@Nullable Object>, GroupSummaries.Acc> e : sumCells.entrySet()) {
            if (e.getKey().size() == dims.size() && e.getValue().count > 0) cellKeys.add(e.getKey());
        }
        java.util.BitSet passing;
        if (cellFilter == null) {
            passing = new java.util.BitSet(cellKeys.size());
            passing.set(0, cellKeys.size());
        } else {
            try {
                passing = cellFilter.passing(c, cellKeys);
            } catch (SQLException e) { // a value H2 could not take back into its column type: read in full
                LOG.log(Level.FINE, "table summary cells not filtered", e);
                return null;
            }
        }
        Map<List<@Nullable Object>, GroupSummaries.Acc> leaves = new HashMap<>();
        Map<List<@Nullable Object>, Map<FieldDef, java.util.Set<Object>>> distinct = new HashMap<>();
        for (int n = passing.nextSetBit(0); n >= 0; n = passing.nextSetBit(n + 1)) {
            List<@Nullable Object> cellKey = cellKeys.get(n);
            GroupSummaries.Acc cell = sumCells.get(cellKey);
            List<@Nullable Object> key = new ArrayList<>(at.length);
            for (int i : at) key.add(cellKey.get(i));
            for (int level = 0; level <= key.size() && !uniqueAt.isEmpty(); level++) {
                Map<FieldDef, java.util.Set<Object>> of = distinct.computeIfAbsent(
                        Collections.unmodifiableList(new ArrayList<>(key.subList(0, level))), k -> new HashMap<>());
                uniqueAt.forEach((f, i) -> {
                    Object v = cellKey.get(i);
                    if (v != null) of.computeIfAbsent(f, k -> new java.util.HashSet<>()).add(v);
                });
            }
            GroupSummaries.Acc leaf = leaves.computeIfAbsent(Collections.unmodifiableList(key),
                    k -> new GroupSummaries.Acc(k, summaries));
            GroupSummaries.Acc min = minCells.get(cellKey);
            GroupSummaries.Acc max = maxCells.get(cellKey);
            if (needed.contains(Part.MIN) && min == null || needed.contains(Part.MAX) && max == null) {
                return null; // the parts disagree: not current together
            }
            fold(leaf, cell, min, max, summaries);
        }
        if (leaves.size() > GroupSummaries.MAX_GROUPS) return null;
        List<GroupSummaries.Acc> ordered = new ArrayList<>(leaves.values());
        ordered.sort(Comparator.comparing(a -> a.key, groupOrder(t, groups)));
        Map<List<@Nullable Object>, Map<FieldDef, Long>> unique = new HashMap<>();
        distinct.forEach((k, byField) -> {
            Map<FieldDef, Long> counts = new HashMap<>();
            for (FieldDef f : uniqueAt.keySet()) counts.put(f, (long) byField.getOrDefault(f, java.util.Set.of()).size());
            unique.put(k, counts);
        });
        if (!uniqueAt.isEmpty()) { // no passing cell: every unique count of the total is 0
            Map<FieldDef, Long> none = new HashMap<>();
            for (FieldDef f : uniqueAt.keySet()) none.put(f, 0L);
            unique.putIfAbsent(List.of(), none);
        }
        return gs.keptOf(t, where, groups, summaries, ordered, unique);
    }

    private static Map<List<@Nullable Object>, GroupSummaries.Acc> cells(GroupSummaries.@Nullable Kept part) {
        return part == null ? Map.of() : part.groupsByKey();
    }

    /** A cell's figures added to a deepest group of the question ({@code min}/{@code max}: when asked). */
    private static void fold(GroupSummaries.Acc leaf, GroupSummaries.Acc cell, GroupSummaries.@Nullable Acc min,
                             GroupSummaries.@Nullable Acc max, Map<FieldDef, Summary> summaries) {
        leaf.count += cell.count;
        for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
            FieldDef f = e.getKey();
            switch (e.getValue()) {
                case COUNT, UNIQUE -> { }
                case EMPTY, FILLED -> leaf.filled.merge(f, cell.filled.getOrDefault(f, 0L), Long::sum);
                case SUM, AVG -> {
                    leaf.filled.merge(f, cell.filled.getOrDefault(f, 0L), Long::sum);
                    BigDecimal s = cell.sum.get(f);
                    if (s != null) leaf.sum.merge(f, s, BigDecimal::add);
                }
                case MIN -> extreme(leaf, f, java.util.Objects.requireNonNull(min).extreme.get(f), false);
                case MAX -> extreme(leaf, f, java.util.Objects.requireNonNull(max).extreme.get(f), true);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void extreme(GroupSummaries.Acc leaf, FieldDef f, @Nullable Object v, boolean max) {
        if (v == null) {
            leaf.extreme.putIfAbsent(f, null); // as a full read: the min of no values is there, and null
            return;
        }
        Object mine = leaf.extreme.get(f);
        int c = mine == null ? 0 : ((Comparable) v).compareTo(mine);
        if (mine == null || (max ? c > 0 : c < 0)) leaf.extreme.put(f, v);
    }

    /**
     * The order of deepest groups as the database's {@code ORDER BY} gives it ({@code GroupSummaries.groupOrder}):
     * per level, a single select by its option's position (no value and unknown options after every option), then
     * the key; ascending with empty last, descending with empty first.
     */
    static Comparator<List<@Nullable Object>> groupOrder(TableDef t, List<GroupBy> groups) {
        List<Comparator<List<@Nullable Object>>> levels = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            int level = i;
            FieldDef f = t.fieldById(groups.get(i).fieldId()).orElseThrow();
            boolean desc = groups.get(i).descending();
            Map<String, Integer> rank = new HashMap<>();
            if (f.type() instanceof FieldType.SingleSelect s) {
                List<SelectOption> options = s.options();
                for (int r = options.size() - 1; r >= 0; r--) rank.put(options.get(r).id(), r); // the first wins
            }
            int unknown = rank.size();
            Comparator<List<@Nullable Object>> c = (a, b) -> {
                Object x = a.get(level);
                Object y = b.get(level);
                if (!rank.isEmpty() || f.type() instanceof FieldType.SingleSelect) {
                    int r = Integer.compare(x == null ? unknown : rank.getOrDefault(x, unknown),
                            y == null ? unknown : rank.getOrDefault(y, unknown));
                    if (r != 0) return desc ? -r : r;
                }
                if (x == null || y == null) {
                    if (x == y) return 0;
                    return (x == null) == desc ? -1 : 1; // asc: nulls last; desc: nulls first
                }
                int v = compare(x, y);
                return desc ? -v : v;
            };
            levels.add(c);
        }
        return (a, b) -> {
            for (Comparator<List<@Nullable Object>> c : levels) {
                int r = c.compare(a, b);
                if (r != 0) return r;
            }
            return 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    /** The parts asked for, kept (or made back from the last close), or null when one is not. */
    private static @Nullable Map<Part, GroupSummaries.Kept> parts(GroupSummaries gs, Workspace ws, TableDef t,
                                                                   List<UUID> dims, java.util.Set<Part> asked) {
        Map<Part, GroupSummaries.Kept> out = new java.util.EnumMap<>(Part.class);
        SqlFragment where = new RecordSql(D).where(t, null);
        for (Part p : asked) {
            Map<FieldDef, Summary> figures = figures(t, p);
            Optional<Workspace.Maintained<GroupSummaries.Result>> m = ws.kept(new PartKey(t, p, dims), payload -> {
                GroupSummaries.Kept back = gs.restore(payload, t, where, levels(dims), figures);
                return back == null ? null : back.neverReadingAgain();
            });
            if (m.isEmpty() || !(m.get() instanceof GroupSummaries.Kept k)) return null;
            out.put(p, k);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ building

    /** Whether the table's summary is kept and current (made back from the last close when it was saved). */
    public boolean ready(TableDef t) {
        return ws.read(c -> {
            Plan plan = ws.<Plan>kept(new PlanKey(t), Plan::restore).map(Workspace.Maintained::value).orElse(null);
            return plan != null && !plan.dimensions().isEmpty() && whole(t, plan);
        });
    }

    /**
     * Builds the table's summary unless it is kept, not needed or refused for this definition: one bounded sample
     * for the dimensions and one scan for the cells, both on a second connection outside the workspace's lock.
     * Runs on the caller's thread (a background one; never the FX thread).
     */
    public Outcome build(TableDef t) {
        if (!GroupSummaries.timeless(t)) return Outcome.NOT_NEEDED;
        long[] start = new long[1];
        Outcome before = ws.read(c -> {
            Plan plan = ws.<Plan>kept(new PlanKey(t), Plan::restore).map(Workspace.Maintained::value).orElse(null);
            if (plan != null && plan.dimensions().isEmpty()) return Outcome.REFUSED;
            if (plan != null && whole(t, plan)) return Outcome.KEPT;
            if (count(c, t) < minRecords()) return Outcome.NOT_NEEDED;
            start[0] = ws.writes(); // under the lock: no write is under way
            return null;
        });
        if (before != null) return before;
        long t0 = System.nanoTime();
        Built built;
        try (Connection c = ws.readerConnection()) {
            built = read(c, t);
            afterScan.run();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "table summary not built", e);
            return Outcome.STALE;
        }
        Built b = built;
        Outcome out = ws.read(c -> {
            if (ws.writes() != start[0]) return Outcome.STALE;
            if (b == null) {
                ws.keep(new PlanKey(t), new Plan(List.of()));
                return Outcome.REFUSED;
            }
            ws.keep(new PlanKey(t), new Plan(b.dimensions()));
            b.parts().forEach((p, k) -> ws.keep(new PartKey(t, p, b.dimensions()), k));
            return Outcome.BUILT;
        });
        LOG.fine(() -> String.format("table summary of %s: %s in %.0f ms", t.id(), out, (System.nanoTime() - t0) / 1e6));
        return out;
    }

    /** Whether all three parts of the plan's summary are kept (under the workspace's lock). */
    private boolean whole(TableDef t, Plan plan) {
        return parts(groups, ws, t, plan.dimensions(), java.util.EnumSet.allOf(Part.class)) != null;
    }

    private record Built(List<UUID> dimensions, Map<Part, GroupSummaries.Kept> parts) { }

    private long count(Connection c, TableDef t) throws SQLException {
        SqlFragment source = sql.source(t);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + source.sql())) {
            source.bind(D, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The dimensions and the cells, or null when the table has no summary for this definition. */
    private @Nullable Built read(Connection c, TableDef t) throws SQLException {
        List<UUID> dims = dimensions(c, t);
        if (dims.isEmpty()) return null;
        List<FieldDef> keys = dims.stream().map(id -> t.fieldById(id).orElseThrow()).toList();
        Map<Part, Map<FieldDef, Summary>> figures = new java.util.EnumMap<>(Part.class);
        for (Part p : Part.values()) figures.put(p, figures(t, p));
        Map<FieldDef, Summary> sums = figures.get(Part.SUM);
        List<FieldDef> ordered = new ArrayList<>(figures.get(Part.MIN).keySet());
        for (FieldDef f : figures.get(Part.MAX).keySet()) if (!ordered.contains(f)) ordered.add(f);
        StringBuilder q = new StringBuilder("SELECT ");
        for (FieldDef k : keys) q.append(GroupSummaries.col(k)).append(", ");
        q.append("count(*)");
        for (Map.Entry<FieldDef, Summary> e : sums.entrySet()) {
            String col = GroupSummaries.col(e.getKey());
            q.append(", count(").append(col).append(')');
            if (e.getValue() == Summary.SUM) q.append(", sum(").append(col).append(')');
        }
        for (FieldDef f : ordered) {
            q.append(", min(").append(GroupSummaries.col(f)).append("), max(").append(GroupSummaries.col(f)).append(')');
        }
        SqlFragment source = sql.source(t);
        SqlFragment where = sql.where(t, null);
        q.append(" FROM ").append(source.sql()).append(" WHERE ").append(where.sql()).append(" GROUP BY ");
        for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(GroupSummaries.col(keys.get(i)));
        q.append(" LIMIT ").append(MAX_CELLS + 1);
        Map<Part, List<GroupSummaries.Acc>> cells = new java.util.EnumMap<>(Part.class);
        for (Part p : Part.values()) cells.put(p, new ArrayList<>());
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            where.bind(D, ps, source.bind(D, ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (cells.get(Part.SUM).size() == MAX_CELLS) return null;
                    List<@Nullable Object> key = new ArrayList<>(keys.size());
                    for (int i = 0; i < keys.size(); i++) key.add(D.read(rs, i + 1, keys.get(i).type()));
                    key = Collections.unmodifiableList(key);
                    GroupSummaries.Acc sum = new GroupSummaries.Acc(key, sums);
                    GroupSummaries.Acc min = new GroupSummaries.Acc(key, figures.get(Part.MIN));
                    GroupSummaries.Acc max = new GroupSummaries.Acc(key, figures.get(Part.MAX));
                    int i = keys.size() + 1;
                    long n = rs.getLong(i++);
                    sum.count = n;
                    min.count = n;
                    max.count = n;
                    for (Map.Entry<FieldDef, Summary> e : sums.entrySet()) {
                        sum.filled.put(e.getKey(), rs.getLong(i++));
                        if (e.getValue() == Summary.SUM) {
                            BigDecimal s = rs.getBigDecimal(i++);
                            if (s != null) sum.sum.put(e.getKey(), s);
                        }
                    }
                    for (FieldDef f : ordered) {
                        Object lo = D.read(rs, i++, f.type());
                        Object hi = D.read(rs, i++, f.type());
                        if (min.summaries.containsKey(f)) min.extreme.put(f, lo);
                        if (max.summaries.containsKey(f)) max.extreme.put(f, hi);
                    }
                    cells.get(Part.SUM).add(sum);
                    cells.get(Part.MIN).add(min);
                    cells.get(Part.MAX).add(max);
                }
            }
        }
        List<GroupBy> levels = levels(dims);
        Map<Part, GroupSummaries.Kept> parts = new java.util.EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            List<GroupSummaries.Acc> leaves = cells.get(p);
            leaves.sort(Comparator.comparing(a -> a.key, groupOrder(t, levels)));
            parts.put(p, groups.keptOf(t, where, levels, figures.get(p), leaves).neverReadingAgain());
        }
        return new Built(dims, parts);
    }

    /**
     * The dimensions by the rules: candidate fields with at most {@link #MAX_DISTINCT} values (no value counts as
     * one) in a sample of {@link #SAMPLE} records, fewest first while the product of their counts stays at most
     * {@link #MAX_CELLS}, at most {@link #MAX_DIMENSIONS}.
     */
    List<UUID> dimensions(Connection c, TableDef t) throws SQLException {
        List<FieldDef> candidates = t.activeFields().stream().filter(TableSummary::candidate).toList();
        if (candidates.isEmpty()) return List.of();
        SqlFragment source = sql.source(t);
        String q = dev.rowan.model.sql.SummaryDimensions.sampleQuery(source.sql(), "TRUE",
                candidates.stream().map(GroupSummaries::col).toList());
        long[] distinct = new long[candidates.size()];
        try (PreparedStatement ps = c.prepareStatement(q)) {
            int next = source.bind(D, ps, 1);
            ps.setInt(next, SAMPLE);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return List.of();
                for (int i = 0; i < distinct.length; i++) distinct[i] = rs.getLong(i + 1);
            }
        }
        return dev.rowan.model.sql.SummaryDimensions.choose(candidates, distinct, MAX_CELLS).stream()
                .map(FieldDef::id).toList();
    }
}
