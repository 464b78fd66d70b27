package dev.rowan.server.views;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The table summary of a big table (issue 11): one kept grouping of all its records by all its low-cardinality stored
 * fields at once (the <em>dimensions</em>), with count and count/sum/min/max of every number it can sum up per cell.
 * A {@code /groups} question whose levels are dimensions, whose filter (if any) names only dimensions and whose
 * numbers the summary holds is rolled up from the summary's cells ({@link #rollUp}: exact, as the upper levels of any
 * answer are rolled up from its deepest rows) instead of grouping every record again, and becomes a kept answer of its
 * own ({@link GroupsCache}). The cells passing a filter are chosen by PostgreSQL itself ({@link #passing},
 * {@code sql.SummaryCells}: the scan's own WHERE over the cells' values).
 *
 * <p>The summary is a {@link GroupsQuestion} like any other ({@link GroupsQuestion#summaryOf}), so the existing
 * machinery keeps it, follows record writes into it, catches it up from the change log and stores it across restarts;
 * up to {@link #MAX_DIMENSIONS} levels internally, while the API still groups by at most
 * {@link ViewGroupsRepository#MAX_LEVELS}.
 *
 * <p>Built on {@link GroupsStore}'s background thread, never on a user's read: when a table is read or written
 * ({@link #seen}, {@link #written}) and its summary for its current definition is neither kept nor stored. A write
 * waits {@link #debounceMs} for the next one (a bulk import in batches builds once, after its last batch). Only tables
 * with at least {@link #minRecords} records get one. The dimensions come from a bounded sample of the records
 * ({@link #sample}, one bound query): fields with at most {@link #MAX_DISTINCT} values there, fewest first, while the
 * product of their sampled counts stays within {@link #cells}; the cells are read with that cap plus one, and more
 * cells than the cap means no summary for this table definition (not tried again until it changes).
 */
final class TableSummaries {
    private static final Logger LOG = LoggerFactory.getLogger(TableSummaries.class);
    private static final SqlDialect PG = SqlDialect.POSTGRES;
    /** Dimensions of a summary at most. */
    static final int MAX_DIMENSIONS = dev.rowan.model.sql.SummaryDimensions.MAX_DIMENSIONS;
    /** Records sampled to estimate each field's distinct values (tests lower it). */
    static volatile int sample = dev.rowan.model.sql.SummaryDimensions.SAMPLE;
    /** Distinct values in the sample a dimension has at most. */
    static final int MAX_DISTINCT = dev.rowan.model.sql.SummaryDimensions.MAX_DISTINCT;
    /** Cells a summary holds at most (no more than an answer's groups); tests lower it. */
    static volatile int cells = ViewGroupsRepository.MAX_GROUPS;
    /** Records a table has at least to get a summary; tests lower it ({@code rowan.summary.minRecords} too). */
    static volatile int minRecords = Integer.getInteger("rowan.summary.minRecords", 20_000);
    /** How long after a write the summary is built (each later write moves it on). */
    static volatile long debounceMs = 1_000;
    /**
     * The least time between two builds of one table (or twenty times the last build's, if longer): a table whose
     * writes keep taking cells' min or max is not scanned again after every write. Tests lower it.
     */
    static volatile long rebuildGapMs = 10_000;
    /** A small table is checked again at a read when its last check is this old (it may have grown in a transaction). */
    static final long SMALL_AGAIN_MS = 60_000;
    /** Summaries built (one scan each). */
    static final AtomicLong BUILT = new AtomicLong();
    /** Tables that were checked and got no summary (too small, no dimension, too many cells). */
    static final AtomicLong REFUSED = new AtomicLong();
    /** Answers rolled up from a summary (never a full read). */
    static final AtomicLong ROLLED_UP = new AtomicLong();
    /**
     * Why tables were refused a summary, by table id ({@code "<table id>: <reason>"}), the most recent 64, for tests
     * (one "last refused" was overwritten by another table's refusal before a test could read it).
     */
    private static final Map<UUID, String> REFUSALS = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
                    return size() > 64;
                }
            });

    /** Why {@code table} was last refused a summary ("" if it was not). */
    static String refusal(UUID table) {
        return REFUSALS.getOrDefault(table, "");
    }
    /** How long the last build's cell read took (ms), for benchmarks. */
    static volatile long lastBuildMs = -1;

    /** A summary that can serve: its question, dimensions and numbers, for the table definition it was made for. */
    record Ready(GroupsQuestion question, List<FieldDef> by, List<FieldDef> numbers) {
    }

    /** What was decided for a table definition ({@link #definition}). */
    private enum Decision { SMALL, NONE, READY }

    private record Decided(String definition, Decision decision, long at) {
        Decided(String definition, Decision decision) {
            this(definition, decision, System.nanoTime());
        }

        /** Whether a check of {@code definition} at a read ({@code read}) or after a write can be left out. */
        boolean settles(String now, boolean read) {
            if (!definition.equals(now)) return false;
            if (decision != Decision.SMALL) return true;
            return read && System.nanoTime() - at < SMALL_AGAIN_MS * 1_000_000;
        }
    }

    private final GroupsCache cache;
    private final GroupsStore store;
    private final RecordSql sql = new RecordSql(PG);
    /** Per (company, table): the summary that serves. */
    private final Map<List<UUID>, Ready> ready = new ConcurrentHashMap<>();
    /** Per (company, table): what the last check decided, for which definition. */
    private final Map<List<UUID>, Decided> decided = new ConcurrentHashMap<>();
    /** Per (company, table): the newest definition seen (what a check works on). */
    private final Map<List<UUID>, TableDef> latest = new ConcurrentHashMap<>();
    /** Per (company, table) with a check queued: when it is due (System.nanoTime). Guarded by itself. */
    private final Map<List<UUID>, Long> due = new HashMap<>();
    /** (company, table) whose summary could not be caught up: built again, not taken from memory or the store. */
    private final Set<List<UUID>> rebuild = ConcurrentHashMap.newKeySet();
    /** Per (company, table): when its last build ended (System.nanoTime) and how long it took (ms). */
    private final Map<List<UUID>, long[]> builtAt = new ConcurrentHashMap<>();
    /** (company, table) whose stored summary this process looked for. */
    private final Set<List<UUID>> looked = ConcurrentHashMap.newKeySet();

    TableSummaries(GroupsCache cache, GroupsStore store) {
        this.cache = cache;
        this.store = store;
    }

    // ------------------------------------------------------------------------------------------- triggers

    /** {@code t} was read: a check at once unless one is queued or this definition was decided. */
    void seen(UUID company, TableDef t) {
        trigger(company, t, 0);
    }

    /** Whether a server start checks its biggest tables ({@link #atStart}); tests that count builds turn it off. */
    static volatile boolean checkAtStart = !Boolean.getBoolean("rowan.summary.notAtStart");
    /** Tables a start checks at most, biggest first. */
    static final int START_TABLES = 100;
    /** The one company a start checks (tests, on a database other tests share); null: every company. */
    static volatile @Nullable UUID startCompany;

    /**
     * At a server start, on the background thread: each table the planner estimates at {@link #minRecords} records
     * or more ({@code pg_class.reltuples}; a table never analysed is unknown and comes after the known ones), biggest
     * first, at most {@link #START_TABLES}, is checked as a read would check it. A stored summary is taken in (so the
     * first grouping after a start is rolled up, not read in full or from the store at a user's read), a missing one
     * is built (a table that grew big before summaries existed, or whose summary was never stored). Returns at once.
     */
    void atStart(ViewGroupsRepository.Definitions definitions) {
        var tx = store.tx();
        if (!checkAtStart || tx == null) return;
        store.later(() -> {
            List<Object[]> big = tx.read(c -> {
                List<Object[]> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT t.company_id, co.schema_name, t.id"
                        + " FROM rowan.tables t JOIN rowan.companies co ON co.id = t.company_id"
                        + " JOIN pg_namespace n ON n.nspname = co.schema_name"
                        + " JOIN pg_class pc ON pc.relnamespace = n.oid AND pc.relname = t.physical_name"
                        + " WHERE (pc.reltuples >= ? OR pc.reltuples < 0) AND (?::uuid IS NULL OR t.company_id = ?)"
                        + " ORDER BY pc.reltuples DESC LIMIT ?")) {
                    UUID only = startCompany;
                    ps.setLong(1, minRecords);
                    ps.setObject(2, only);
                    ps.setObject(3, only);
                    ps.setInt(4, START_TABLES);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new Object[]{rs.getObject(1, UUID.class), rs.getString(2),
                                    rs.getObject(3, UUID.class)});
                        }
                    }
                }
                return out;
            });
            for (Object[] row : big) {
                if (store.closing()) return;
                UUID company = (UUID) row[0];
                tx.read(c -> definitions.load(c, company, (String) row[1], (UUID) row[2]))
                        .ifPresent(t -> seen(company, t));
            }
            STARTED.addAndGet(big.size());
        }, 0);
    }

    /** Tables the start-up checks queued (tests). */
    static final AtomicLong STARTED = new AtomicLong();

    /** {@code t}'s records were written: a check {@link #debounceMs} after the last write. */
    void written(UUID company, TableDef t) {
        trigger(company, t, debounceMs);
    }

    /** The summary of {@code t} could not be caught up (a write it could not follow): built again later. */
    void stale(UUID company, TableDef t) {
        List<UUID> key = List.of(company, t.id());
        ready.remove(key);
        rebuild.add(key);
        decided.remove(key);
        trigger(company, t, debounceMs);
    }

    private void trigger(UUID company, TableDef t, long delayMs) {
        if (store.tx() == null) return;
        List<UUID> key = List.of(company, t.id());
        latest.put(key, t);
        Decided d = decided.get(key);
        // decided for this definition: a small table is checked again after writes (it may have grown)
        if (d != null && d.settles(definition(t), delayMs == 0)) return;
        long at = System.nanoTime() + delayMs * 1_000_000;
        synchronized (due) {
            Long queued = due.get(key);
            if (queued != null) {
                if (delayMs > 0 && at > queued) due.put(key, at); // a write moves a queued check on
                return;
            }
            due.put(key, at);
        }
        store.later(() -> check(key), delayMs);
    }

    /** On the background thread: waits for the check's time, then decides and builds. */
    private void check(List<UUID> key) {
        long wait;
        synchronized (due) {
            Long at = due.get(key);
            if (at == null) return;
            wait = (at - System.nanoTime()) / 1_000_000;
            if (wait <= 0 || store.closing()) due.remove(key);
        }
        if (store.closing()) return; // a stop does not scan tables
        if (wait > 0) {
            store.later(() -> check(key), wait);
            return;
        }
        TableDef t = latest.get(key);
        var tx = store.tx();
        if (t == null || tx == null) return;
        long[] last = builtAt.get(key);
        if (last != null) { // not again right after the last build
            long gap = Math.max(rebuildGapMs, 20 * last[1]);
            long left = gap - (System.nanoTime() - last[0]) / 1_000_000;
            if (left > 0) {
                synchronized (due) {
                    if (due.putIfAbsent(key, System.nanoTime() + left * 1_000_000) != null) return;
                }
                store.later(() -> check(key), left);
                return;
            }
        }
        try {
            tx.read(c -> {
                decide(c, key.getFirst(), t);
                return null;
            });
        } catch (RuntimeException e) { // e.g. the table deleted meanwhile
            LOG.info("No table summary for now: {}", e.getMessage());
        } finally {
            latest.remove(key, t); // a definition is held only while a check of it is queued
        }
    }

    private void decide(Connection c, UUID company, TableDef t) throws SQLException {
        List<UUID> key = List.of(company, t.id());
        String definition = definition(t);
        Decided d = decided.get(key);
        if (d != null && d.settles(definition, false)) return;
        if (countUpTo(c, t, minRecords) < minRecords) {
            decided.put(key, new Decided(definition, Decision.SMALL));
            REFUSALS.put(t.id(), t.id() + ": fewer than " + minRecords + " records");
            REFUSED.incrementAndGet();
            return;
        }
        List<FieldDef> numbers = numbers(t);
        // the summary kept (or stored, after a restart) still fits the table and holds every number: no new scan
        boolean again = rebuild.remove(key);
        Ready r = again ? null : ready.get(key);
        if (r == null && !again) r = stored(c, company, t).filter(s -> serves(s, t, numbers)).orElse(null);
        if (r != null && !serves(r, t, numbers)) r = null;
        if (r != null && cache.holds(c, r)) {
            ready.put(key, r);
            decided.put(key, new Decided(definition, Decision.READY));
            return;
        }
        List<FieldDef> dimensions = dimensions(c, t);
        if (dimensions.isEmpty()) {
            refuse(key, definition, t, "no field with few values");
            return;
        }
        GroupsQuestion q = GroupsQuestion.summaryOf(company, t, dimensions, numbers);
        long start = System.nanoTime();
        int cellsRead = cache.build(c, q, t, dimensions, numbers, cells);
        long ms = (System.nanoTime() - start) / 1_000_000;
        builtAt.put(key, new long[]{System.nanoTime(), ms});
        if (cellsRead < 0) {
            refuse(key, definition, t, "more than " + cells + " cells");
            return;
        }
        lastBuildMs = ms;
        BUILT.incrementAndGet(); // before it can serve (tests tell answers of the old summary from the new one's)
        ready.put(key, new Ready(q, dimensions, numbers));
        decided.put(key, new Decided(definition, Decision.READY));
        LOG.info("Table summary of table {} built in {} ms: {} cells by {} dimensions, {} numbers", t.id(), ms,
                cellsRead, dimensions.size(), numbers.size());
    }

    private void refuse(List<UUID> key, String definition, TableDef t, String why) {
        decided.put(key, new Decided(definition, Decision.NONE));
        REFUSALS.put(t.id(), t.id() + ": " + why);
        REFUSED.incrementAndGet();
        LOG.info("No table summary for table {}: {}", t.id(), why);
    }

    /**
     * What a summary is made of: the table and its candidate dimensions and numbers with their types. A change of
     * anything else (a name, a description, another kind of field) keeps the decision.
     */
    private static String definition(TableDef t) {
        StringBuilder s = new StringBuilder(t.qualifiedName());
        for (FieldDef f : t.activeFields()) {
            if (candidate(f) || ViewGroupsRepository.numeric(f.type()) && followedNumber(f)) {
                s.append('|').append(f.id()).append(':').append(f.type());
            }
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------- serving

    /**
     * The summary that can answer {@code by} and {@code numbers} of {@code t} (a filter is for the caller to check
     * against its dimensions): it fits {@code t} as
     * it is now, every level is one of its dimensions and every number one it holds. At the first such question in
     * this process, a summary stored earlier is looked for (and kept at its stored version).
     */
    Optional<Ready> servable(Connection c, UUID company, TableDef t, List<FieldDef> by, List<FieldDef> numbers)
            throws SQLException {
        if (by.isEmpty() && numbers.isEmpty()) return Optional.empty();
        List<UUID> key = List.of(company, t.id());
        Ready r = ready.get(key);
        if (r == null && looked.add(key)) {
            r = stored(c, company, t).orElse(null);
            if (r != null && cache.holds(c, r)) ready.put(key, r);
            else r = null;
        }
        if (r == null || !r.question().fits(t)) return Optional.empty();
        Set<UUID> dims = new HashSet<>();
        r.by().forEach(f -> dims.add(f.id()));
        Set<UUID> held = new HashSet<>();
        r.numbers().forEach(f -> held.add(f.id()));
        for (FieldDef f : by) if (!dims.contains(f.id())) return Optional.empty();
        for (FieldDef f : numbers) if (!held.contains(f.id())) return Optional.empty();
        return Optional.of(r);
    }

    /** A summary stored for {@code t} whose question, built again against {@code t} as it is now, is the stored one. */
    private Optional<Ready> stored(Connection c, UUID company, TableDef t) throws SQLException {
        for (GroupsStore.Asked a : store.summaries(c, company, t.id())) {
            if (!a.summary() || a.filter() != null) continue;
            List<FieldDef> by = new ArrayList<>();
            List<FieldDef> numbers = new ArrayList<>();
            if (!GroupsCache.active(t, a.by(), by) || !GroupsCache.active(t, a.numbers(), numbers)) continue;
            if (!by.stream().allMatch(TableSummaries::candidate)) continue;
            GroupsQuestion q = GroupsQuestion.summaryOf(company, t, by, numbers);
            if (!q.hash().equals(a.hash())) continue;
            cache.adopt(q, a.version(), a.rows(), by, numbers);
            return Optional.of(new Ready(q, by, numbers));
        }
        return Optional.empty();
    }

    /** Whether {@code r} fits {@code t} and holds every one of {@code numbers}. */
    private static boolean serves(Ready r, TableDef t, List<FieldDef> numbers) {
        return r.question().fits(t) && r.numbers().stream().map(FieldDef::id).toList()
                .containsAll(numbers.stream().map(FieldDef::id).toList());
    }

    /**
     * The deepest rows of the grouping by {@code by} summing up {@code numbers}, rolled up from the summary's cells
     * (grouped by {@code dimensions}, summing up {@code held}): each cell's key projected onto {@code by}'s levels, its
     * count and per number its count of values, sum, min and max added (exact, as any answer's upper levels are).
     */
    static GroupRows rollUp(GroupRows summary, List<FieldDef> dimensions, List<FieldDef> held, List<FieldDef> by,
                            List<FieldDef> numbers) {
        int[] level = new int[by.size()];
        for (int i = 0; i < by.size(); i++) level[i] = indexOf(dimensions, by.get(i));
        int[] number = new int[numbers.size()];
        for (int k = 0; k < numbers.size(); k++) number[k] = indexOf(held, numbers.get(k));
        GroupRows out = new GroupRows(numbers.size());
        summary.forEach((key, cell) -> {
            Object[] projected = new Object[level.length];
            for (int i = 0; i < level.length; i++) projected[i] = key.get(level[i]);
            GroupRows.Row row = new GroupRows.Row(numbers.size());
            row.count = cell.count;
            for (int k = 0; k < number.length; k++) {
                row.valueCounts[k] = cell.valueCounts[number[k]];
                row.sum[k] = cell.sum[number[k]];
                row.min[k] = cell.min[number[k]];
                row.max[k] = cell.max[number[k]];
            }
            out.put(GroupRows.key(projected), row);
        });
        return out;
    }

    /**
     * The summary's cells whose dimension values pass {@code cells}' filter, as the database decides it
     * ({@code sql.SummaryCells}: the scan's own WHERE over the cells' values); null when it could not decide (a value
     * it cannot take back into its column type: the question is read in full).
     */
    static @Nullable GroupRows passing(Connection c, dev.rowan.model.sql.SummaryCells cells, GroupRows summary) {
        List<List<@Nullable Object>> keys = new ArrayList<>(summary.size());
        summary.forEach((key, cell) -> keys.add(key));
        java.util.BitSet pass;
        try {
            pass = cells.passing(c, keys);
        } catch (SQLException e) {
            LOG.info("Table summary cells not filtered, read in full: {}", e.getMessage());
            return null;
        }
        GroupRows out = new GroupRows(summary.numbers);
        for (int i = pass.nextSetBit(0); i >= 0; i = pass.nextSetBit(i + 1)) {
            GroupRows.Row row = summary.get(keys.get(i));
            if (row != null) out.put(keys.get(i), row.copy());
        }
        return out;
    }

    private static int indexOf(List<FieldDef> fields, FieldDef f) {
        for (int i = 0; i < fields.size(); i++) if (fields.get(i).id().equals(f.id())) return i;
        throw new IllegalArgumentException("not in the summary: " + f.id());
    }

    // ------------------------------------------------------------------------------------------- choosing

    /**
     * Whether {@code f} may be a dimension: a stored, single-valued field a view can group by whose values change
     * only with writes of the table's records (no each-value field, link, lookup, rollup, formula or other computed
     * field, no member names).
     */
    static boolean candidate(FieldDef f) {
        var k = FieldKinds.of(f.type());
        return ViewGroupsRepository.groupable(f.type()) && !LinkFields.readsLinks(f.type()) && !k.showsMemberName()
                && dev.rowan.model.sql.SummaryDimensions.candidate(f);
    }

    /** A number whose sums a summary can follow: stored on the table's records (no formula, lookup or rollup). */
    private static boolean followedNumber(FieldDef f) {
        var k = FieldKinds.of(f.type());
        return !k.computed() && !LinkFields.readsLinks(f.type()) && !k.showsMemberName();
    }

    /** Every number of {@code t} the API sums up that a summary can hold. */
    static List<FieldDef> numbers(TableDef t) {
        return t.activeFields().stream().filter(f -> ViewGroupsRepository.numeric(f.type()) && followedNumber(f))
                .toList();
    }

    /** The records of {@code t}, counted up to {@code cap}. */
    private long countUpTo(Connection c, TableDef t, int cap) throws SQLException {
        SqlFragment source = sql.source(t);
        SqlFragment where = sql.where(t, null);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + source.sql()
                + " WHERE " + where.sql() + " LIMIT ?) n")) {
            int next = where.bind(PG, ps, source.bind(PG, ps, 1));
            ps.setInt(next, cap);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The dimensions of {@code t}: its candidate fields with at most {@link #MAX_DISTINCT} distinct values (no value
     * counting as one) among {@link #sample} records, fewest first, while the product of their counts stays within
     * {@link #cells}; at most {@link #MAX_DIMENSIONS}.
     */
    private List<FieldDef> dimensions(Connection c, TableDef t) throws SQLException {
        List<FieldDef> candidates = t.activeFields().stream().filter(TableSummaries::candidate).toList();
        if (candidates.isEmpty()) return List.of();
        SqlFragment source = sql.source(t);
        SqlFragment where = sql.where(t, null);
        String q = dev.rowan.model.sql.SummaryDimensions.sampleQuery(source.sql(), where.sql(),
                candidates.stream().map(f -> "t." + PG.quote(f.columnName())).toList());
        long[] distinct = new long[candidates.size()];
        try (PreparedStatement ps = c.prepareStatement(q)) {
            int next = where.bind(PG, ps, source.bind(PG, ps, 1));
            ps.setInt(next, sample);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < distinct.length; i++) distinct[i] = rs.getLong(i + 1);
            }
        }
        return dev.rowan.model.sql.SummaryDimensions.choose(candidates, distinct, cells);
    }

    /** The summary serving {@code t} now, if any (tests and benchmarks). */
    @Nullable Ready of(UUID company, UUID table) {
        return ready.get(List.of(company, table));
    }
}
