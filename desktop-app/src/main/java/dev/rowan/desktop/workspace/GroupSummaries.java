package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
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
 * (and one for the total) when a column asks for it. A grouping by each value of a multi-value field reads its
 * records' whole sets once and folds them into every level and the total ({@link EachValueFold}); it falls back to
 * the table joined to positions ({@code sql.EachValue}) where a fold cannot answer. Field references become quoted
 * column names from the table definition; values are bound, never written into the SQL.
 */
public final class GroupSummaries {
    /**
     * Deepest-level groups read with their summaries; the groups after these are read with their counts only
     * ({@link Group#summarised()} false, and their upper levels too), so the grid still lays out a header per group.
     */
    public static final int MAX_GROUPS = 5_000;
    /** Deepest-level groups listed at most (with counts); more are reported as {@link Result#truncated()}. */
    public static final int MAX_LISTED = 100_000;
    private static final SqlDialect D = SqlDialect.H2;
    private static final MathContext AVG = MathContext.DECIMAL64;

    private final Workspace ws;
    private final RecordSql sql = new RecordSql(D);
    private final int maxSets;

    /**
     * One group: its key (one value per level down to its own; empty for all records), its record count, and the
     * summary of each column asked for (null where there is nothing to summarise, e.g. the sum of no values).
     */
    public record Group(List<@Nullable Object> key, long count, Map<UUID, @Nullable Object> values, boolean summarised) {
        public Group {
            key = Collections.unmodifiableList(new ArrayList<>(key));
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** A group with its summaries. */
        public Group(List<@Nullable Object> key, long count, Map<UUID, @Nullable Object> values) {
            this(key, count, values, true);
        }

        /** 1 for a top-level group, 2 and 3 below it; 0 for all records. */
        public int level() {
            return key.size();
        }
    }

    /**
     * The total (all records of the view) and the groups, depth first in group order (a group, then its subgroups).
     * {@code truncated}: more deepest-level groups exist than were listed ({@link #MAX_LISTED}); the total is still
     * exact. Past {@link #MAX_GROUPS} deepest groups, groups come with counts only ({@link Group#summarised()}).
     */
    public record Result(Group total, List<Group> groups, boolean truncated) {
        public Result {
            groups = List.copyOf(groups);
        }
    }

    public GroupSummaries(Workspace ws) {
        this(ws, EachValueFold.MAX_SETS);
    }

    /** With a smaller bound on the sets {@link EachValueFold} folds (tests reach the fallback with it). */
    GroupSummaries(Workspace ws, int maxSets) {
        this.ws = ws;
        this.maxSets = maxSets;
    }

    /** The view's groups and summaries for the records matching {@code filter}. Groups and summaries on fields
     * that are no longer in the table are left out. */
    public Result summarize(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy, Map<UUID, Summary> asked) {
        filter = RecordStore.mine(ws, t, filter);
        List<GroupBy> groups = activeGroups(t, groupBy);
        Map<FieldDef, Summary> summaries = summariesOf(t, asked);
        SqlFragment where = sql.where(t, filter);
        // kept (folding a group, switching views and reopening read it again) and brought up to date by each record
        // write (Kept), unless a formula may read the clock (NOW, TODAY): then its result can change without a write
        if (timeless(t)) {
            @Nullable Filter f = filter;
            return ws.readMaintained(new Key(t, filter, groups, Map.copyOf(asked)),
                    c -> servedOrComputed(c, t, f, where, groups, summaries), p -> restore(p, t, where, groups, summaries));
        }
        return ws.read(c -> compute(c, t, where, groups, summaries).value());
    }

    /** Rolled up from the table's summary when it holds this question ({@link TableSummary}), else read in full. */
    private Kept servedOrComputed(Connection c, TableDef t, @Nullable Filter filter, SqlFragment where,
                                  List<GroupBy> groups, Map<FieldDef, Summary> summaries) throws SQLException {
        Kept served = TableSummary.served(this, ws, c, t, filter, where, groups, summaries);
        return served != null ? served : compute(c, t, where, groups, summaries);
    }

    /** Full reads made so far in this JVM (screen tests tell a grouping served by {@link TableSummary}). */
    public static long fullReads() {
        return FULL_READS.get();
    }

    /** The same as {@link #summarize}, always read in full (never the kept result): what tests compare with. */
    Result recompute(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy, Map<UUID, Summary> asked) {
        List<GroupBy> groups = activeGroups(t, groupBy);
        Map<FieldDef, Summary> summaries = summariesOf(t, asked);
        SqlFragment where = sql.where(t, filter);
        return ws.read(c -> compute(c, t, where, groups, summaries).value());
    }

    /** The summaries asked of fields the table still has (sum and average of numeric ones). */
    private static Map<FieldDef, Summary> summariesOf(TableDef t, Map<UUID, Summary> asked) {
        Map<FieldDef, Summary> summaries = new LinkedHashMap<>();
        asked.forEach((id, s) -> {
            FieldDef f = active(t, id);
            if (f != null && s.appliesTo(f.type())) summaries.put(f, s);
        });
        return summaries;
    }

    /** {@link #recompute} by the join to positions alone (never {@link EachValueFold}): what tests compare the fold
     * with. */
    Result recomputeByPositions(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy, Map<UUID, Summary> asked) {
        List<GroupBy> groups = activeGroups(t, groupBy);
        Map<FieldDef, Summary> summaries = summariesOf(t, asked);
        SqlFragment where = sql.where(t, filter);
        return ws.read(c -> compute(c, t, where, groups, summaries, false).value());
    }

    /** Pairs of a group and a value a kept result holds at most to follow unique counts ({@code Kept.holdValues}). */
    static volatile int maxHeldValues = 400_000;
    /** Kept results that read the values their groups hold (tests). */
    static final java.util.concurrent.atomic.AtomicLong HELD_BUILDS = new java.util.concurrent.atomic.AtomicLong();
    /** Unique counts read again for one group by a scan (tests). */
    static final java.util.concurrent.atomic.AtomicLong UNIQUE_RECOUNTS = new java.util.concurrent.atomic.AtomicLong();

    /** Full reads so far (in this JVM): tests tell a result brought up to date from one read again. */
    static final java.util.concurrent.atomic.AtomicLong FULL_READS = new java.util.concurrent.atomic.AtomicLong();

    /** Everything read again: the groups, their figures and the total. */
    private Kept compute(Connection c, TableDef t, SqlFragment where, List<GroupBy> groups,
                         Map<FieldDef, Summary> summaries) throws SQLException {
        return compute(c, t, where, groups, summaries, true);
    }

    /** {@link #compute}; without {@code fold} a grouping by each value is read by the join to positions alone. */
    private Kept compute(Connection c, TableDef t, SqlFragment where, List<GroupBy> groups,
                         Map<FieldDef, Summary> summaries, boolean fold) throws SQLException {
        FULL_READS.incrementAndGet();
        {
            List<Acc> leaves = new ArrayList<>();
            // by each value: the sets read once and folded (EachValueFold), unless they cannot be
            List<FieldDef> keys = keysOf(t, groups);
            EachValueFold folded = fold && EachValueFold.applies(keys, summaries)
                    ? EachValueFold.read(c, sql.source(t), where, keys, groups, summaries, maxSets).orElse(null) : null;
            boolean truncated = folded != null ? folded.groups(groups.size(), leaves)
                    : leaves(c, t, where, groups, summaries, leaves);
            if (groups.isEmpty()) {
                return new Kept(t, where, groups, summaries, new LinkedHashMap<>(), leaves.getFirst(), false, true);
            }
            boolean partial = leaves.size() > MAX_GROUPS;
            Map<List<@Nullable Object>, Acc> byKey = new LinkedHashMap<>();
            Acc total = rollUp(leaves, groups.size(), summaries, byKey);
            List<List<@Nullable Object>> order = new ArrayList<>(byKey.keySet());
            // unique values are not additive: counted per upper level by SQL
            List<FieldDef> unique = summaries.entrySet().stream().filter(e -> e.getValue() == Summary.UNIQUE)
                    .map(Map.Entry::getKey).toList();
            if (!unique.isEmpty()) {
                for (int level = 0; level < groups.size(); level++) uniques(c, t, where, groups.subList(0, level), unique, byKey, total);
            }
            if (truncated || partial) total = folded != null ? folded.total() : totalOnly(c, t, where, summaries);
            // grouped by each value of a field (FieldKind.groupsByEachValue): a record sits in several groups below,
            // so the upper levels count it once by their own grouping (the total was read above or is read here)
            if (eachValue(t, groups)) {
                if (!truncated && !partial) total = folded != null ? folded.total() : totalOnly(c, t, where, summaries);
                for (int level = 1; level < groups.size(); level++) {
                    List<Acc> upper = new ArrayList<>();
                    if (folded != null) folded.groups(level, upper);
                    else leaves(c, t, where, groups.subList(0, level), summaries, upper);
                    for (Acc u : upper) {
                        Acc mine = byKey.get(u.key);
                        if (mine != null) mine.takeFigures(u);
                    }
                }
            }
            Map<List<@Nullable Object>, Acc> ordered = new LinkedHashMap<>();
            for (List<@Nullable Object> k : order) ordered.put(k, byKey.get(k));
            // followed by record writes only when every group has its figures and a record sits in one group per level
            return new Kept(t, where, groups, summaries, ordered, total, truncated, !truncated && !partial
                    && !(eachValue(t, groups) && keyedExtremes(t, groups, summaries)));
        }
    }

    /**
     * Rolls up deepest groups (in group order) into {@code byKey}: every prefix of a leaf's key is a group, placed
     * before its first leaf (depth first); returns the total (the empty prefix).
     */
    private static Acc rollUp(List<Acc> leaves, int depth, Map<FieldDef, Summary> summaries,
                              Map<List<@Nullable Object>, Acc> byKey) {
        Acc total = new Acc(List.of(), summaries);
        for (Acc leaf : leaves) {
            for (int level = 1; level < depth; level++) {
                List<@Nullable Object> prefix = Collections.unmodifiableList(new ArrayList<>(leaf.key.subList(0, level)));
                Acc parent = byKey.get(prefix);
                if (parent == null) {
                    parent = new Acc(prefix, summaries);
                    byKey.put(prefix, parent);
                }
                parent.add(leaf);
            }
            byKey.put(leaf.key, leaf);
            total.add(leaf);
        }
        return total;
    }

    /**
     * A followed result made from deepest groups with all their figures (no unique count, no level by each value),
     * in group order: the existing roll-up, as {@link #compute} would keep it. {@link TableSummary}'s way in.
     */
    Kept keptOf(TableDef t, SqlFragment where, List<GroupBy> groups, Map<FieldDef, Summary> summaries, List<Acc> leaves) {
        return keptOf(t, where, groups, summaries, leaves, Map.of());
    }

    /**
     * {@link #keptOf} with the unique counts of every group, by group key (the empty key: the total): they are not
     * additive, so the caller counts them (a table summary from the distinct values of a dimension in its cells).
     */
    Kept keptOf(TableDef t, SqlFragment where, List<GroupBy> groups, Map<FieldDef, Summary> summaries, List<Acc> leaves,
                Map<List<@Nullable Object>, Map<FieldDef, Long>> unique) {
        Map<List<@Nullable Object>, Acc> byKey = new LinkedHashMap<>();
        Acc total = groups.isEmpty() ? (leaves.isEmpty() ? new Acc(List.of(), summaries) : leaves.getFirst())
                : rollUp(leaves, groups.size(), summaries, byKey);
        for (Acc a : byKey.values()) a.unique.putAll(unique.getOrDefault(a.key, Map.of()));
        total.unique.putAll(unique.getOrDefault(List.of(), Map.of()));
        return new Kept(t, where, groups, summaries, byKey, total, false, true);
    }

    /**
     * Whether a min, max or unique count is asked of a field that a level groups by each value: its figures are not
     * followed by record writes (a group's key there is one value, the column the whole set).
     */
    private static boolean keyedExtremes(TableDef t, List<GroupBy> groups, Map<FieldDef, Summary> summaries) {
        for (GroupBy g : groups) {
            FieldDef f = t.fieldById(g.fieldId()).orElseThrow();
            Summary s = summaries.get(f);
            if (dev.rowan.model.sql.EachValue.applies(f) && (s == Summary.MIN || s == Summary.MAX || s == Summary.UNIQUE)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a level groups by each value of a multi-value field (a record then sits in several groups). */
    private static boolean eachValue(TableDef t, List<GroupBy> groups) {
        return groups.stream().anyMatch(g -> dev.rowan.model.sql.EachValue.applies(t.fieldById(g.fieldId()).orElseThrow()));
    }

    /** Whether the table's values depend on its data alone: no formula field (system fields such as "created" are
     * stored columns). */
    static boolean timeless(TableDef t) {
        return t.activeFields().stream().noneMatch(f -> dev.rowan.model.kind.FieldKinds.of(f.type()).computed()
                && dev.rowan.model.kind.FieldKinds.of(f.type()).systemColumn().isEmpty());
    }

    /** What a result depends on besides the data (the table's definition includes its fields and their types). */
    private record Key(TableDef table, @Nullable Filter filter, List<GroupBy> groups, Map<UUID, Summary> asked)
            implements SavedResults.Fingerprinted {
        /** Everything above as text, in a stable order (maps sorted by id): a result saved at close matches only an
         * identical question after the next open. */
        @Override
        public String fingerprintText() {
            StringBuilder b = new StringBuilder("groups/1|").append(tableText(table));
            b.append("|filter ").append(filter).append("|groups ").append(groups).append("|asked ")
                    .append(new java.util.TreeMap<>(asked));
            return b.toString();
        }

        @Override
        public UUID tableId() {
            return table.id();
        }
    }

    /** A table's definition as text, in a stable order: what a saved result's fingerprint names it by. */
    static String tableText(TableDef t) {
        StringBuilder b = new StringBuilder().append(t.id()).append('|').append(t.schemaName()).append('|')
                .append(t.physicalName()).append('|').append(t.fields());
        new java.util.TreeMap<>(t.linked()).forEach((id, l) -> b.append("|linked ").append(id).append(' ')
                .append(l.physicalName()).append(' ').append(l.fields()));
        return b.toString();
    }

    /** A result saved at the last close made back (null when its text does not fit this question: read again). */
    @Nullable Kept restore(String payload, TableDef t, SqlFragment where, List<GroupBy> groups,
                                   Map<FieldDef, Summary> summaries) {
        try {
            Map<?, ?> m = (Map<?, ?>) KeptText.parse(payload);
            List<FieldDef> levels = keysOf(t, groups);
            Map<List<@Nullable Object>, Acc> byKey = new LinkedHashMap<>();
            for (Object g : (List<?>) m.get("groups")) {
                Acc a = KeptText.read(g, levels, summaries);
                if (a.key.isEmpty() || byKey.put(a.key, a) != null) return null;
            }
            Acc total = KeptText.read(m.get("total"), levels, summaries);
            return total.key.isEmpty() ? new Kept(t, where, groups, summaries, byKey, total, false, true) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static @Nullable FieldDef active(TableDef t, UUID id) {
        return t.fieldById(id).filter(f -> !f.hidden()).orElse(null);
    }

    static String col(FieldDef f) {
        return "t." + D.quote(f.columnName());
    }

    /** The aggregate columns one summary needs, in {@link Acc#read} order. */
    private String aggregates(FieldDef f, Summary s) {
        StringBuilder sb = new StringBuilder();
        for (String a : aggregateList(f, s)) sb.append(", ").append(a);
        return sb.toString();
    }

    /** {@link #aggregates} as a list of expressions. */
    static List<String> aggregateList(FieldDef f, Summary s) {
        String c = col(f);
        return switch (s) {
            case COUNT -> List.of();
            case EMPTY, FILLED -> List.of("count(" + c + ")");
            case UNIQUE -> List.of("count(DISTINCT " + c + ")");
            case SUM, AVG -> List.of("count(" + c + ")", "sum(" + c + ")");
            case MIN -> List.of("min(" + c + ")");
            case MAX -> List.of("max(" + c + ")");
        };
    }

    /**
     * What groups are ordered by: the column, or for a single select its option's position (as the grid sorts it,
     * so groups and the grid's rows come in the same order; no value and unknown options after every option). The
     * option ids are bound, in order, into {@code options}.
     */
    static String order(FieldDef f, String key, List<String> options) {
        List<dev.rowan.model.schema.SelectOption> listed = f.type() instanceof FieldType.SingleSelect s ? s.options()
                : f.type() instanceof FieldType.MultipleSelect m && dev.rowan.model.sql.EachValue.applies(f) ? m.options()
                : null;
        if (listed == null) return key;
        StringBuilder sb = new StringBuilder("(CASE ").append(key);
        for (int i = 0; i < listed.size(); i++) {
            sb.append(" WHEN ? THEN ").append(i);
            options.add(listed.get(i).id());
        }
        return sb.append(" ELSE ").append(listed.size()).append(" END)").toString();
    }

    /**
     * The FROM of a grouping query (aliased {@code t}, bound as {@code source}) and each level's key expression into
     * {@code keys}: the column, or for a level grouped by each value ({@code sql.EachValue}) the value at the row's
     * position, computed in a derived table (H2 orders by an expression over a grouped expression only by name).
     */
    private String levels(Connection c, TableDef t, SqlFragment source, List<FieldDef> fields, List<String> keys)
            throws SQLException {
        StringBuilder joins = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            FieldDef f = fields.get(i);
            if (dev.rowan.model.sql.EachValue.applies(f)) {
                joins.append(dev.rowan.model.sql.EachValue.join(i, col(f), KeptWidest.of(ws, t, col(f))));
                values.append(", ").append(dev.rowan.model.sql.EachValue.value(i, col(f))).append(" AS ek").append(i);
                keys.add("t.ek" + i);
            } else {
                keys.add(col(f));
            }
        }
        if (joins.isEmpty()) return source.sql();
        return "(SELECT t.*" + values + " FROM " + source.sql() + joins + ") t";
    }

    static @Nullable Object readKey(ResultSet rs, int column, FieldDef f) throws SQLException {
        return dev.rowan.model.sql.EachValue.applies(f) ? dev.rowan.model.sql.EachValue.read(rs, column)
                : D.read(rs, column, f.type());
    }

    /**
     * The ORDER BY terms that put groups in their order (shared by the groups and by {@link #listed}, so records
     * come under their headers): per level its order ({@link #order}), then its key where the order is a rank.
     */
    private String groupOrder(List<FieldDef> keys, List<String> exprs, List<GroupBy> groups, List<String> options) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            String dir = groups.get(i).descending() ? " DESC NULLS FIRST" : " ASC NULLS LAST";
            String o = order(keys.get(i), exprs.get(i), options);
            q.append(i == 0 ? "" : ", ").append(o).append(dir);
            if (!o.equals(exprs.get(i))) q.append(", ").append(exprs.get(i)).append(dir);
        }
        return q.toString();
    }

    /**
     * The view's records in group order, a record once per group it is in (each value of a field that groups by
     * each value): the grid's list when its group fields do not sort (a multiple select, a link, a lookup, an
     * attachment) or group by each value, so its record offsets are those the header rows count
     * ({@code grid.GroupedRows}). Within a group, records come in creation order. Offset pages: there is no keyset
     * cursor over a record listed more than once. Read group by group ({@code ListedPages}) from the kept deepest
     * groups' counts when every group key can be a condition, else by {@link #listedInOneQuery}.
     */
    public List<Row> listed(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy, long offset, int limit) {
        return byGroupKeys(t, filter, activeGroups(t, groupBy), ListedPages.Within.CREATION, k -> true, offset, limit)
                .orElseGet(() -> listedInOneQuery(t, filter, groupBy, offset, limit));
    }

    /**
     * A page of a grouped grid whose group fields sort, read group by group like {@link #listed} (by each group's key)
     * over the deepest groups {@code shown} keeps (a grid leaves its collapsed groups out), each group's records in
     * the order of {@code within} (the grid's sorts after its group fields, ending in creation order): the same rows
     * as the grid's sorted query, without sorting the whole table — which a new grouping of a 1,000,000-row table did
     * until its automatic index was built (1-2.5 s). Empty when the groups cannot be read this way (a group field
     * gone, a key that is no condition, more than {@link #MAX_LISTED} groups): the caller reads its query.
     */
    public java.util.Optional<List<Row>> listedInGroups(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy,
                                                        List<Sort> within,
                                                        java.util.function.Predicate<List<@Nullable Object>> shown,
                                                        long offset, int limit) {
        List<GroupBy> groups = activeGroups(t, groupBy);
        if (groups.size() != groupBy.size()) return java.util.Optional.empty();
        Sort first = within.isEmpty() ? null : within.getFirst();
        boolean own = first != null && !first.field().equals("createdAt") && !first.field().equals("updatedAt");
        var order = new ListedPages.Within(sql.orderTerms(t, within), own ? sql.sortKey(t, first) : null,
                own && first.descending());
        var page = byGroupKeys(t, filter, groups, order, shown, offset, limit);
        if (page.isPresent()) LISTED_IN_GROUPS.incrementAndGet();
        return page;
    }

    /** The page read by {@link ListedPages} over the deepest groups {@code shown} keeps; empty when it cannot be. */
    private java.util.Optional<List<Row>> byGroupKeys(TableDef t, @Nullable Filter filter, List<GroupBy> groups,
                                                      ListedPages.Within within,
                                                      java.util.function.Predicate<List<@Nullable Object>> shown,
                                                      long offset, int limit) {
        if (groups.isEmpty() || !ListedPages.pageable(keysOf(t, groups))) return java.util.Optional.empty();
        Filter f = RecordStore.mine(ws, t, filter);
        Counted counted = counted(t, f, groups);
        if (counted.truncated()) return java.util.Optional.empty();
        List<List<@Nullable Object>> keys = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < counted.keys().size(); i++) {
            if (!shown.test(counted.keys().get(i))) continue;
            keys.add(counted.keys().get(i));
            counts.add(counted.counts().get(i));
        }
        SqlFragment where = sql.where(t, f);
        return java.util.Optional.of(ws.read(c -> ListedPages.read(c, t, where, keysOf(t, groups), keys, counts, within,
                offset, limit)));
    }

    /** Pages read by {@link #listedInGroups} (tests tell them from the sorted query). */
    public static final java.util.concurrent.atomic.AtomicLong LISTED_IN_GROUPS = new java.util.concurrent.atomic.AtomicLong();

    /** {@link #listed} by one query over the table expanded by each value, sorted whole (groups that cannot be read
     * by key, or more than {@link #MAX_LISTED}); what tests compare the per-group pages with. */
    List<Row> listedInOneQuery(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy, long offset, int limit) {
        Filter f = RecordStore.mine(ws, t, filter);
        List<GroupBy> groups = activeGroups(t, groupBy);
        SqlFragment where = sql.where(t, f);
        return ws.read(c -> {
            List<FieldDef> keys = keysOf(t, groups);
            SqlFragment source = sql.source(t);
            List<String> exprs = new ArrayList<>();
            List<String> options = new ArrayList<>();
            String from = levels(c, t, source, keys, exprs);
            StringBuilder q = new StringBuilder("SELECT ").append(sql.selectList(t.activeFields())).append(" FROM ")
                    .append(from).append(" WHERE ").append(where.sql()).append(" ORDER BY ");
            if (!groups.isEmpty()) q.append(groupOrder(keys, exprs, groups, options)).append(", ");
            q.append("t.created_at ASC, t.id ASC LIMIT ? OFFSET ?");
            List<Row> out = new ArrayList<>(limit);
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                int next = where.bind(D, ps, source.bind(D, ps, 1));
                for (String option : options) D.bind(ps, next++, new FieldType.Text(), option);
                ps.setInt(next++, limit);
                ps.setLong(next, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(RecordStore.read(rs, t.activeFields()));
                }
            }
            return out;
        });
    }

    /** How many lines {@link #listed} has: a record once per group it is in. */
    public long listedCount(TableDef t, @Nullable Filter filter, List<GroupBy> groupBy) {
        Filter f = RecordStore.mine(ws, t, filter);
        List<GroupBy> groups = activeGroups(t, groupBy);
        SqlFragment where = sql.where(t, f);
        if (!groups.isEmpty()) {
            // the sum of the deepest groups' counts (each listed line is in one deepest group), from the kept group
            // counts the pages then read by
            Counted counted = counted(t, f, groups);
            if (!counted.truncated()) return counted.counts().stream().mapToLong(Long::longValue).sum();
        }
        return ws.read(c -> {
            List<FieldDef> keys = keysOf(t, groups);
            SqlFragment source = sql.source(t);
            String from = levels(c, t, source, keys, new ArrayList<>());
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + from + " WHERE " + where.sql())) {
                where.bind(D, ps, source.bind(D, ps, 1));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The group levels whose field the table still has (a removed field's level is left out). */
    private static List<GroupBy> activeGroups(TableDef t, List<GroupBy> groupBy) {
        return groupBy.stream().filter(g -> active(t, g.fieldId()) != null).toList();
    }

    private static List<FieldDef> keysOf(TableDef t, List<GroupBy> groups) {
        List<FieldDef> keys = new ArrayList<>();
        for (GroupBy g : groups) keys.add(t.fieldById(g.fieldId()).orElseThrow());
        return keys;
    }

    /** The deepest groups of a listing in group order, with their line counts; {@code truncated} past
     * {@link #MAX_LISTED}. */
    private record Counted(List<List<@Nullable Object>> keys, List<Long> counts, boolean truncated) { }

    /**
     * The deepest groups' counts of the listing ({@code filter} already narrowed by {@code RecordStore.mine}): the
     * grouping's count-only result, kept and followed by record writes as {@link #summarize} keeps it (same key), so
     * the listing's count and every page after it read no other grouping, and an edit costs its records.
     */
    private Counted counted(TableDef t, @Nullable Filter filter, List<GroupBy> groups) {
        SqlFragment where = sql.where(t, filter);
        // the groups' counts do not depend on the summaries: a kept result of the same grouping (the grouped grid's
        // header numbers, read just before) has them, so the listing does not read the table again
        Result r = timeless(t)
                ? ws.<Result>keptMaintained(k -> k instanceof Key key && key.table().equals(t)
                        && java.util.Objects.equals(key.filter(), filter) && key.groups().equals(groups))
                        .orElseGet(() -> ws.readMaintained(new Key(t, filter, groups, Map.of()),
                                c -> servedOrComputed(c, t, filter, where, groups, Map.of()),
                                p -> restore(p, t, where, groups, Map.of())))
                : ws.read(c -> compute(c, t, where, groups, Map.of()).value());
        List<List<@Nullable Object>> keys = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Group g : r.groups()) {
            if (g.level() != groups.size()) continue;
            keys.add(g.key());
            counts.add(g.count());
        }
        return new Counted(Collections.unmodifiableList(keys), Collections.unmodifiableList(counts), r.truncated());
    }

    /** Reads the deepest-level groups (or, without groups, the one total row) into {@code out}; true if cut. */
    private boolean leaves(Connection c, TableDef t, SqlFragment where, List<GroupBy> groups,
                           Map<FieldDef, Summary> summaries, List<Acc> out) throws SQLException {
        List<String> options = new ArrayList<>();
        StringBuilder q = new StringBuilder("SELECT ");
        List<FieldDef> keys = keysOf(t, groups);
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        List<String> exprs = new ArrayList<>();
        String from = levels(c, t, source, keys, exprs);
        for (String e : exprs) q.append(e).append(", ");
        q.append("count(*)");
        summaries.forEach((f, s) -> q.append(aggregates(f, s)));
        q.append(" FROM ").append(from).append(" WHERE ").append(where.sql());
        if (!groups.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(exprs.get(i));
            q.append(" ORDER BY ");
            q.append(groupOrder(keys, exprs, groups, options));
            q.append(" LIMIT ").append(MAX_LISTED + 1);
        }
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            int next = where.bind(D, ps, source.bind(D, ps, 1));
            for (String option : options) D.bind(ps, next++, new FieldType.Text(), option);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (out.size() == MAX_LISTED) return true;
                    List<@Nullable Object> key = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) key.add(readKey(rs, i + 1, keys.get(i)));
                    Acc a = new Acc(Collections.unmodifiableList(key), summaries);
                    if (out.size() < MAX_GROUPS) {
                        a.read(rs, keys.size() + 1);
                    } else { // past the summarised groups: the count alone, little memory per group
                        a.count = rs.getLong(keys.size() + 1);
                        a.light = true;
                    }
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
        for (GroupBy g : level) keys.add(t.fieldById(g.fieldId()).orElseThrow());
        SqlFragment source = sql.source(t); // computed fields (formulas) are columns of this derived table
        List<String> exprs = new ArrayList<>();
        String from = levels(c, t, source, keys, exprs);
        for (String e : exprs) q.append(e).append(", ");
        for (int i = 0; i < unique.size(); i++) q.append(i == 0 ? "" : ", ").append("count(DISTINCT ").append(col(unique.get(i))).append(')');
        q.append(" FROM ").append(from).append(" WHERE ").append(where.sql());
        if (!keys.isEmpty()) {
            q.append(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) q.append(i == 0 ? "" : ", ").append(exprs.get(i));
        }
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            where.bind(D, ps, source.bind(D, ps, 1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<@Nullable Object> key = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) key.add(readKey(rs, i + 1, keys.get(i)));
                    Acc a = keys.isEmpty() ? total : byKey.get(Collections.unmodifiableList(key));
                    if (a == null) continue; // a group beyond the cut
                    for (int i = 0; i < unique.size(); i++) a.unique.put(unique.get(i), rs.getLong(keys.size() + 1 + i));
                }
            }
        }
    }

    /** One group's running figures: count, and per summarised column what its summary needs. */
    static final class Acc {
        final List<@Nullable Object> key;
        final Map<FieldDef, Summary> summaries;
        long count;
        final Map<FieldDef, Long> filled = new HashMap<>();
        final Map<FieldDef, BigDecimal> sum = new HashMap<>();
        final Map<FieldDef, @Nullable Object> extreme = new HashMap<>();
        final Map<FieldDef, Long> unique = new HashMap<>();
        /** Read with its count only (past {@link #MAX_GROUPS}), or rolled up from such a group: no summaries. */
        boolean light;

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
            light |= child.light;
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

        /** One record's part (its values by field, in summary order) added ({@code sign} 1) or taken out (-1). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void addRow(Map<FieldDef, @Nullable Object> row, int sign, Map<FieldDef, Map<Object, Integer>> net) {
            count += sign;
            for (Map.Entry<FieldDef, Summary> e : summaries.entrySet()) {
                FieldDef f = e.getKey();
                Object v = row.get(f);
                if (v == null) continue;
                switch (e.getValue()) {
                    case COUNT -> { }
                    case EMPTY, FILLED -> filled.merge(f, (long) sign, Long::sum);
                    case SUM, AVG -> {
                        filled.merge(f, (long) sign, Long::sum);
                        BigDecimal d = (BigDecimal) v;
                        sum.merge(f, sign > 0 ? d : d.negate(), BigDecimal::add);
                    }
                    case MIN, MAX -> {
                        net.computeIfAbsent(f, k -> new HashMap<>()).merge(v, sign, Integer::sum);
                        Object mine = extreme.get(f);
                        boolean max = e.getValue() == Summary.MAX;
                        if (sign > 0 && (mine == null || (max ? ((Comparable) v).compareTo(mine) > 0
                                : ((Comparable) v).compareTo(mine) < 0))) {
                            extreme.put(f, v);
                        }
                    }
                    case UNIQUE -> net.computeIfAbsent(f, k -> new HashMap<>()).merge(v, sign, Integer::sum);
                }
            }
        }

        /** Takes the figures (not the unique counts) of the same group read by its own query. */
        void takeFigures(Acc read) {
            count = read.count;
            light = read.light;
            filled.clear();
            filled.putAll(read.filled);
            sum.clear();
            sum.putAll(read.sum);
            extreme.clear();
            extreme.putAll(read.extreme);
        }

        Group group() {
            if (light) return new Group(key, count, Map.of(), false);
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

    /**
     * A result kept by the workspace and brought up to date by each record write (the grouped grid after an edit
     * of a 1,000,000-row table costs the changed records, not a new {@code GROUP BY}): the changed records' old part
     * is taken out before the write and their new part put in after it — counts, filled/empty, sums at once; a min
     * or max whose value left its group is read again for that deepest group only (upper levels roll up from
     * them); a unique count whose values changed is counted again for that group only. A record landing in a group
     * not listed yet (or a cut result) gives up: the next read computes everything again.
     */
    final class Kept implements Workspace.Maintained<Result>, SavedResults.Savable {
        private final TableDef t;
        private final SqlFragment where;
        private final List<GroupBy> groups;
        private final List<FieldDef> keys;
        private final Map<FieldDef, Summary> summaries;
        /** Every group, depth first in group order (upper levels and deepest), by key. */
        private final Map<List<@Nullable Object>, Acc> byKey;
        private final Acc total;
        private final boolean truncated;
        /** Whether a record write can be followed (else the next read is a full one). */
        private final boolean followable;
        /** Whether a min/max whose value left its group is read again (else the result gives up: a table summary's
         * small cells would scan the table on many edits; it is built again in the background instead). */
        private boolean readsAgain = true;
        /** Net change of each value per group and field while a write is under way (min/max, unique). */
        private final Map<Acc, Map<FieldDef, Map<Object, Integer>>> net = new HashMap<>();
        private @Nullable Result value;

        Kept(TableDef t, SqlFragment where, List<GroupBy> groups, Map<FieldDef, Summary> summaries,
             Map<List<@Nullable Object>, Acc> byKey, Acc total, boolean truncated, boolean followable) {
            this.t = t;
            this.where = where;
            this.groups = groups;
            this.keys = GroupSummaries.keysOf(t, groups);
            this.summaries = summaries;
            this.byKey = byKey;
            this.total = total;
            this.truncated = truncated;
            this.followable = followable;
        }

        /** This result, giving up (dropped) where it would read a min or max again ({@link TableSummary}'s parts). */
        Kept neverReadingAgain() {
            readsAgain = false;
            return this;
        }

        /** Every group by key (upper levels and deepest; an emptied one has count 0): what {@link TableSummary} rolls
         * up from. Read under the workspace's lock. */
        Map<List<@Nullable Object>, Acc> groupsByKey() {
            return Collections.unmodifiableMap(byKey);
        }

        @Override
        public Result value() {
            Result r = value;
            if (r == null) {
                List<Group> out = new ArrayList<>(byKey.size());
                for (Acc a : byKey.values()) if (a.count > 0) out.add(a.group()); // an emptied group is gone
                r = new Result(total.group(), out, truncated);
                value = r;
            }
            return r;
        }

        /** Its text for the next open ({@link SavedResults}); null when it cannot be followed or written exactly. */
        @Override
        public @Nullable String save() {
            if (!followable || truncated || !net.isEmpty()) return null;
            try {
                List<Object> out = new ArrayList<>(byKey.size());
                for (Acc a : byKey.values()) out.add(KeptText.write(a, keys));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("groups", out);
                m.put("total", KeptText.write(total, keys));
                return KeptText.json(m);
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public boolean removing(Connection c, java.util.UUID table, java.util.Collection<java.util.UUID> ids)
                throws SQLException {
            return !table.equals(t.id()) || apply(c, ids, -1);
        }

        @Override
        public boolean adding(Connection c, java.util.UUID table, java.util.Collection<java.util.UUID> ids)
                throws SQLException {
            if (!table.equals(t.id())) return true;
            if (!apply(c, ids, 1)) return false;
            return settle(c);
        }

        /** The changed records' part, by the same columns the full read groups and summarises. */
        private boolean apply(Connection c, java.util.Collection<java.util.UUID> ids, int sign) throws SQLException {
            if (!followable) return false;
            value = null;
            if (ids.isEmpty()) return true;
            List<FieldDef> cols = new ArrayList<>(summaries.keySet());
            StringBuilder q = new StringBuilder("SELECT ");
            for (FieldDef f : keys) q.append(col(f)).append(", ");
            for (FieldDef f : cols) q.append(col(f)).append(", ");
            q.append("t.id");
            SqlFragment source = sql.source(t);
            q.append(" FROM ").append(source.sql()).append(" WHERE (").append(where.sql()).append(") AND t.id IN (");
            for (int i = 0; i < ids.size(); i++) q.append(i == 0 ? "?" : ", ?");
            q.append(')');
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                int next = where.bind(D, ps, source.bind(D, ps, 1));
                for (java.util.UUID id : ids) ps.setObject(next++, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // each level's keys of the record: one, or under a level grouped by each value one per value
                        List<List<@Nullable Object>> levelKeys = new ArrayList<>(keys.size());
                        for (int i = 0; i < keys.size(); i++) levelKeys.add(keysOf(keys.get(i), D.read(rs, i + 1, keys.get(i).type())));
                        Map<FieldDef, @Nullable Object> row = new HashMap<>();
                        for (int i = 0; i < cols.size(); i++) {
                            FieldDef f = cols.get(i);
                            Object v = D.read(rs, keys.size() + 1 + i, f.type());
                            row.put(f, v);
                        }
                        // the record's groups at every level, each once (a record under several values of a level is
                        // still counted once in each group above); one not listed yet: give up (its place is unknown)
                        java.util.Set<Acc> path = new java.util.LinkedHashSet<>();
                        path.add(total);
                        List<List<@Nullable Object>> prefixes = List.of(List.of());
                        for (int level = 0; level < keys.size(); level++) {
                            List<List<@Nullable Object>> below = new ArrayList<>();
                            for (List<@Nullable Object> p : prefixes) {
                                for (Object k : levelKeys.get(level)) {
                                    List<@Nullable Object> key = new ArrayList<>(p);
                                    key.add(k);
                                    key = Collections.unmodifiableList(key);
                                    Acc a = byKey.get(key);
                                    if (a == null) return false;
                                    path.add(a);
                                    below.add(key);
                                }
                            }
                            prefixes = below;
                        }
                        for (Acc a : path) a.addRow(row, sign, net.computeIfAbsent(a, k -> new HashMap<>()));
                    }
                }
            }
            return true;
        }

        /** A record's keys at a level: its value, or for a level grouped by each value each distinct value as a set
         * of one (none: null), as {@code EachValue.read} gives them. */
        private static List<@Nullable Object> keysOf(FieldDef f, @Nullable Object v) {
            if (!dev.rowan.model.sql.EachValue.applies(f)) return java.util.Arrays.asList(v);
            if (!(v instanceof List<?> l) || l.isEmpty()) return java.util.Arrays.asList((Object) null);
            List<@Nullable Object> out = new ArrayList<>();
            for (Object x : new java.util.LinkedHashSet<>(l)) out.add(x == null ? null : List.of(x.toString()));
            return out;
        }

        /**
         * After the write: a min or max whose value left a deepest group is read again for that group, the upper
         * levels and the total roll up from the deepest groups; a unique count whose values changed is counted
         * again for that group.
         */
        private boolean settle(Connection c) throws SQLException {
            Map<Acc, Map<FieldDef, Map<Object, Integer>>> changes = new HashMap<>(net);
            net.clear();
            // a unique count that changed: from the values each group holds, read once by one query that already sees
            // this write (a GROUP BY of the table), then followed without reading. Read at once when the total's count
            // changed (counting it again scans the table anyway); when only groups' counts changed (a record moved),
            // they are counted again by key at the first such edit and the values read from the second on
            boolean heldNow = false;
            if (held == null && !heldRefused && changes.values().stream().anyMatch(this::uniqueChanged)
                    && (uniqueChanged(changes.getOrDefault(total, Map.of())) || ++uniqueEdits >= 2)) {
                heldNow = holdValues(c);
                heldRefused = !heldNow;
            }
            boolean extremesMoved = false;
            for (Map.Entry<Acc, Map<FieldDef, Map<Object, Integer>>> e : changes.entrySet()) {
                Acc a = e.getKey();
                List<FieldDef> uniques = new ArrayList<>();
                List<FieldDef> extremes = new ArrayList<>();
                for (Map.Entry<FieldDef, Map<Object, Integer>> fe : e.getValue().entrySet()) {
                    FieldDef f = fe.getKey();
                    Summary s = summaries.get(f);
                    if (s == Summary.UNIQUE) {
                        if (heldNow) continue; // the values were read after this write: every count is right
                        if (fe.getValue().values().stream().noneMatch(n -> n != 0)) continue;
                        if (held == null || !countHeld(a, f, fe.getValue())) uniques.add(f);
                    } else if (keys.indexOf(f) >= 0 && keys.indexOf(f) < a.key.size()) {
                        // the min/max of a field the group is keyed by is its key (none once the group is empty)
                        Object k = a.count > 0 ? a.key.get(keys.indexOf(f)) : null;
                        if (k == null) a.extreme.remove(f);
                        else a.extreme.put(f, k);
                    } else if (a.key.size() == keys.size() || a.key.isEmpty() && keys.isEmpty()) {
                        Object now = a.extreme.get(f);
                        boolean left = fe.getValue().entrySet().stream().anyMatch(x -> x.getValue() < 0
                                && now != null && compare(x.getKey(), now) == 0);
                        if (left) extremes.add(f);
                    } else {
                        extremesMoved = true; // an upper level: rolled up below
                    }
                }
                if (!uniques.isEmpty() || !extremes.isEmpty()) {
                    if (!readsAgain) return false;
                    readAgain(c, a, uniques, extremes);
                }
            }
            if (extremesMoved && keys.size() > 0) rollUpExtremes();
            return true;
        }

        /**
         * Per group (every level and the total) and unique-counted field: how many records hold each value, so an
         * edit changes a unique count without counting again ({@link #countHeld}); null until the first edit that
         * changes the total's, or the second that changes one ({@link #holdValues}), and for good when they cannot
         * be held ({@link #heldRefused}).
         */
        private @Nullable Map<Acc, Map<FieldDef, Map<Object, Integer>>> held;
        private boolean heldRefused;
        /** Edits that changed groups' unique counts (not the total's) before the values were held. */
        private int uniqueEdits;

        /** Whether a group's net change of values ({@link #net}) changes one of its unique counts' values. */
        private boolean uniqueChanged(Map<FieldDef, Map<Object, Integer>> byField) {
            for (Map.Entry<FieldDef, Map<Object, Integer>> fe : byField.entrySet()) {
                if (summaries.get(fe.getKey()) == Summary.UNIQUE
                        && fe.getValue().values().stream().anyMatch(n -> n != 0)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Reads how many records of each deepest group hold each value of every unique-counted field (one
         * {@code GROUP BY} per field over the table as it is now, this write included), adds them up into every
         * level and the total, and sets every group's unique counts from them. Not when a level groups by each value
         * (a record in several groups: the levels above do not add up) or past {@link #maxHeldValues} pairs of a
         * group and a value; false then, and the counts are read again per group as before.
         */
        private boolean holdValues(Connection c) throws SQLException {
            if (!followable || truncated || keys.stream().anyMatch(dev.rowan.model.sql.EachValue::applies)) return false;
            List<FieldDef> unique = summaries.entrySet().stream().filter(e -> e.getValue() == Summary.UNIQUE)
                    .map(Map.Entry::getKey).toList();
            SqlFragment source = sql.source(t);
            List<String> exprs = new ArrayList<>();
            String from = levels(c, t, source, keys, exprs);
            Map<Acc, Map<FieldDef, Map<Object, Integer>>> out = new HashMap<>();
            long pairs = 0;
            for (FieldDef f : unique) {
                StringBuilder q = new StringBuilder("SELECT ");
                for (String e : exprs) q.append(e).append(", ");
                q.append(col(f)).append(", count(*) FROM ").append(from).append(" WHERE (").append(where.sql())
                        .append(") AND ").append(col(f)).append(" IS NOT NULL GROUP BY ");
                for (String e : exprs) q.append(e).append(", ");
                q.append(col(f));
                try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                    where.bind(D, ps, source.bind(D, ps, 1));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            List<@Nullable Object> key = new ArrayList<>(keys.size());
                            for (int i = 0; i < keys.size(); i++) key.add(readKey(rs, i + 1, keys.get(i)));
                            Object v = D.read(rs, keys.size() + 1, f.type());
                            int n = rs.getInt(keys.size() + 2);
                            for (int level = 0; level <= keys.size(); level++) {
                                Acc a = level == 0 ? total : byKey.get(key.subList(0, level));
                                if (a == null) return false; // a group not listed: the result is given up anyway
                                Map<Object, Integer> m = out.computeIfAbsent(a, k -> new HashMap<>())
                                        .computeIfAbsent(f, k -> new HashMap<>());
                                if (m.merge(v, n, Integer::sum) == n && ++pairs > maxHeldValues) return false;
                            }
                        }
                    }
                }
            }
            held = out;
            HELD_BUILDS.incrementAndGet();
            List<Acc> every = new ArrayList<>(byKey.values());
            every.add(total);
            for (Acc a : every) {
                Map<FieldDef, Map<Object, Integer>> mine = out.getOrDefault(a, Map.of());
                for (FieldDef f : unique) a.unique.put(f, (long) mine.getOrDefault(f, Map.of()).size());
            }
            return true;
        }

        /**
         * A write's net change of {@code f}'s values in group {@code a} applied to the values it holds: a value
         * whose first record arrives adds one to the unique count, one whose last record leaves takes one away.
         * False (the held values dropped for good) when they disagree with the change.
         */
        private boolean countHeld(Acc a, FieldDef f, Map<Object, Integer> change) {
            Map<Acc, Map<FieldDef, Map<Object, Integer>>> h = held;
            if (h == null) return false;
            Map<Object, Integer> m = h.computeIfAbsent(a, k -> new HashMap<>()).computeIfAbsent(f, k -> new HashMap<>());
            long unique = a.unique.getOrDefault(f, 0L);
            for (Map.Entry<Object, Integer> ch : change.entrySet()) {
                int before = m.getOrDefault(ch.getKey(), 0);
                int after = before + ch.getValue();
                if (after < 0) {
                    held = null;
                    heldRefused = true;
                    return false;
                }
                if (after == 0) m.remove(ch.getKey());
                else m.put(ch.getKey(), after);
                if (before == 0 && after > 0) unique++;
                if (before > 0 && after == 0) unique--;
            }
            a.unique.put(f, unique);
            return true;
        }

        /** The upper levels' and the total's min/max from their deepest groups (which are right). */
        private void rollUpExtremes() {
            List<FieldDef> ext = summaries.entrySet().stream()
                    .filter(e -> e.getValue() == Summary.MIN || e.getValue() == Summary.MAX).map(Map.Entry::getKey)
                    .toList();
            if (ext.isEmpty()) return;
            List<Acc> upper = new ArrayList<>();
            upper.add(total);
            for (Acc a : byKey.values()) if (a.key.size() < keys.size()) upper.add(a);
            for (Acc u : upper) for (FieldDef f : ext) u.extreme.remove(f);
            for (Acc leaf : byKey.values()) {
                if (leaf.key.size() != keys.size() || leaf.count == 0) continue;
                // its upper groups by key (a table summary's parts have thousands: not every pair is compared)
                for (int level = 0; level < keys.size(); level++) {
                    Acc u = level == 0 ? total : byKey.get(leaf.key.subList(0, level));
                    if (u == null) continue;
                    for (FieldDef f : ext) {
                        Object v = leaf.extreme.get(f);
                        if (v == null) continue;
                        Object mine = u.extreme.get(f);
                        boolean max = summaries.get(f) == Summary.MAX;
                        if (mine == null || (max ? compare(v, mine) > 0 : compare(v, mine) < 0)) u.extreme.put(f, v);
                    }
                }
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static int compare(Object a, Object b) {
            return ((Comparable) a).compareTo(b);
        }

        /** One group's unique counts and min/max read again, restricted to its key. */
        private void readAgain(Connection c, Acc a, List<FieldDef> uniques, List<FieldDef> extremes) throws SQLException {
            if (!uniques.isEmpty()) UNIQUE_RECOUNTS.incrementAndGet();
            StringBuilder q = new StringBuilder("SELECT count(*)");
            for (FieldDef f : uniques) q.append(", count(DISTINCT ").append(col(f)).append(')');
            for (FieldDef f : extremes) {
                q.append(summaries.get(f) == Summary.MAX ? ", max(" : ", min(").append(col(f)).append(')');
            }
            SqlFragment source = sql.source(t);
            q.append(" FROM ").append(source.sql()).append(" WHERE (").append(where.sql()).append(')');
            List<Object> bound = new ArrayList<>();
            List<@Nullable FieldDef> boundFields = new ArrayList<>();
            q.append(ListedPages.keyConditions(keys.subList(0, a.key.size()), a.key, bound, boundFields));
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                ListedPages.bindKeys(ps, where.bind(D, ps, source.bind(D, ps, 1)), bound, boundFields);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int i = 2;
                    for (FieldDef f : uniques) a.unique.put(f, rs.getLong(i++));
                    for (FieldDef f : extremes) {
                        Object v = D.read(rs, i++, f.type());
                        if (v == null) a.extreme.remove(f);
                        else a.extreme.put(f, v);
                    }
                }
            }
        }
    }
}
