package dev.rowan.server.views;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.journal.ChangeLogCopy;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers of {@code GET /api/views/:id/groups} kept per (company, table definition, filter, group and aggregate
 * fields), each with the data version it describes: the company's change sequence ({@code rowan.companies.change_seq}),
 * which every write that sync must see moves on. A fresh answer reads that sequence and its rows in one snapshot
 * (a REPEATABLE READ transaction), so the version is exactly the data's.
 *
 * <p>A kept answer at an older version is <em>caught up from the change log</em> ({@link #caughtUp}), in one snapshot
 * with the current version: the change-log rows of its table after the kept version say what happened, whatever path
 * wrote them (REST single and bulk, sync push, public form):
 * <ul>
 *   <li>records created (single rows or bulk blocks): their part is read as they are now, by id, and added;</li>
 *   <li>updates naming only fields the answer does not read (data {@code fields}): nothing to do;</li>
 *   <li>other updates and deletes: the <em>step</em> a {@link dev.rowan.server.records.RecordWriteFollowers} call
 *       recorded at write time (the records' part before and after, {@link #writing}) takes the old part out and puts
 *       the new one in ({@link GroupRows#apply}); a step is found by the write's sequence and record;</li>
 *   <li>anything else of other entities (views, ranks, fields) does not change records; a schema change of the table
 *       comes with a new table definition, which is a new question.</li>
 * </ul>
 * Any row without what it needs (an update or delete without its step, a min or max that may have left its group,
 * too many rows) means a full read. Only answers whose group, summed-up and filter fields are values of the table's
 * own records are caught up ({@link #followed}): a link, lookup or rollup among them changes with writes elsewhere.
 * Answers that read a formula (it may read the clock) or member names are never kept ({@link #keepable}).
 *
 * <p>Steps are recorded before commit, keyed by their sequences: the change log, committed with the data, is what
 * says a sequence happened, and a writer that takes sequences a rolled-back one had taken first drops the steps left
 * there (writers of a company wait for each other at {@code Journal.reserve}).
 */
public final class GroupsCache {
    /** Answers kept at most (least recently used go first). */
    static final int KEPT = 256;
    /** Steps kept per company (the oldest go first). */
    static final int STEPS = 1024;
    /** Kept answers of one table a write brings along at most (others are read in full next time). */
    static final int FOLLOWED = 8;
    /** Records of one write followed at most (a larger bulk delete makes the next read a full one). */
    static final int MAX_FOLLOWED_SET = 20_000;
    /** Up to this many records a write's part is read record by record, with their groups' edges (else at once). */
    static final int PIECES = 32;
    /** Change-log rows read to catch up at most; records created since the kept version read by id at most. */
    static final int MAX_LOG_ROWS = 20_000;
    static final int MAX_CREATED = 50_000;
    /** Answers served from the cache as kept (tests tell a kept answer from a fresh one). */
    static final AtomicLong HITS = new AtomicLong();
    /** Answers served from the cache after catching up with writes since their version. */
    static final AtomicLong STEPPED = new AtomicLong();
    /** Answers read in full (the grouping query over all records) to be kept. */
    static final AtomicLong FULL = new AtomicLong();
    /** Answers taken from the store ({@link GroupsStore}) on their question's first read in this process. */
    static final AtomicLong LOADED = new AtomicLong();
    /** Answers taken from the store at this process's first write to their table ({@link #warm}). */
    static final AtomicLong WARMED = new AtomicLong();

    private record Kept(long version, GroupRows rows, List<FieldDef> by, List<FieldDef> numbers) {
    }

    /** Records' part of one answer before (piece by piece) and after a write. */
    private record Part(List<Piece> before, GroupRows after) {
    }

    /**
     * One record's part before the write (or, for a large set, all of theirs at once) with what is known about its
     * group's edges without it and the records taken out before it in the same write.
     */
    private record Piece(GroupRows part, GroupRows.Edges edges) {
    }

    /** What the write with sequences {@code first..last} did to records {@code records} of a table. */
    private record Step(long first, long last, UUID table, Set<UUID> records, Map<GroupsQuestion, Part> parts) {
    }

    @FunctionalInterface
    interface Read {
        GroupRows run() throws SQLException;
    }

    private static final GroupRows EMPTY = new GroupRows(0);

    private final ViewGroupsRepository repo;
    private final GroupsStore store;
    private final Map<GroupsQuestion, Kept> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupsQuestion, Kept> eldest) {
            return size() > KEPT;
        }
    };
    /**
     * Per company with kept answers, steps by their first sequence (companies least recently written go first).
     * Guarded by {@link #kept}.
     */
    private final Map<UUID, TreeMap<Long, Step>> steps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, TreeMap<Long, Step>> eldest) {
            return size() > KEPT;
        }
    };

    /** Companies with a background catch-up queued ({@link #refreshLater}). Guarded by {@link #kept}. */
    private final Set<UUID> refreshing = new HashSet<>();
    /** (company, table) whose stored answers this process has looked at ({@link #warm}). Guarded by {@link #kept}. */
    private final Map<List<UUID>, Boolean> warmed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<UUID>, Boolean> eldest) {
            return size() > 4 * KEPT;
        }
    };

    /** The table summaries answers without a filter are rolled up from ({@link TableSummaries}). */
    private final TableSummaries summaries;

    GroupsCache(ViewGroupsRepository repo, GroupsStore store) {
        this.repo = repo;
        this.store = store;
        this.summaries = new TableSummaries(this, store);
    }

    /** The table summaries (tests and benchmarks look at them). */
    TableSummaries summaries() {
        return summaries;
    }

    /** {@code t} was read ({@code /records}, {@code /groups}): its summary is built in the background if it is due. */
    void seen(UUID company, TableDef t) {
        summaries.seen(company, t);
    }

    /** Records of {@code t} were created: its summary is checked in the background a moment after the last write. */
    void created(UUID company, TableDef t) {
        summaries.written(company, t);
    }

    /** Runs the queued background work (catch-ups, saves) now and stops the background thread. */
    void close() {
        store.close();
    }

    /** The kept answer, caught up with the writes since where it can be, or {@code read}'s (kept for the next caller). */
    GroupRows answer(Connection c, UUID company, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                     List<FieldDef> numbers, Read read) throws SQLException {
        summaries.seen(company, t);
        if (!keepable(t, filter, by, numbers)) return read.run();
        GroupsQuestion q = GroupsQuestion.of(company, t, filter, by, numbers).orElse(null);
        if (q == null) return read.run();
        long now = version(c, company);
        Kept e;
        synchronized (kept) {
            e = kept.get(q);
            if (e != null && e.version() == now) {
                HITS.incrementAndGet();
                return e.rows();
            }
        }
        if (e == null) { // the question's first read in this process: an answer stored earlier, if any
            var stored = store.load(c, q);
            if (stored.isPresent()) {
                LOADED.incrementAndGet();
                e = new Kept(stored.get().version(), stored.get().rows(), by, numbers);
                if (e.version() == now) {
                    HITS.incrementAndGet();
                    keep(q, e);
                    return e.rows();
                }
            }
        }
        Kept fresh = null;
        if (e != null && e.version() >= 0 && e.version() < now && followed(t, filter, by, numbers)) {
            fresh = catchUp(c, q, t, e);
            if (fresh != null) {
                HITS.incrementAndGet();
                STEPPED.incrementAndGet();
            }
        }
        if (fresh == null && q.storable()) fresh = fromSummary(c, q, t, filter, by, numbers);
        if (fresh == null) {
            FULL.incrementAndGet();
            fresh = inSnapshot(c, () -> new Kept(version(c, company), read.run(), by, numbers));
            if (fresh == null) return read.run(); // inside the caller's transaction: not kept
        }
        if (keep(q, fresh)) store.save(q, fresh.version(), fresh.rows());
        return fresh.rows();
    }

    /**
     * The answer to {@code q} rolled up from the table's summary, caught up to the current version first
     * ({@link TableSummaries}); null when no current summary holds its levels and numbers, or its filter names
     * anything but the summary's dimensions (then the cells passing it are chosen by the database,
     * {@code sql.SummaryCells}). A summary that cannot be caught up is built again in the background.
     */
    private @Nullable Kept fromSummary(Connection c, GroupsQuestion q, TableDef t, @Nullable Filter filter,
                                       List<FieldDef> by, List<FieldDef> numbers) throws SQLException {
        if (!c.getAutoCommit()) return null; // inside the caller's transaction: nothing is caught up or kept
        var ready = summaries.servable(c, q.company(), t, by, numbers).orElse(null);
        if (ready == null) return null;
        dev.rowan.model.sql.SummaryCells cellFilter = null;
        if (filter != null) {
            cellFilter = dev.rowan.model.sql.SummaryCells.of(dev.rowan.model.sql.SqlDialect.POSTGRES, t, filter,
                    ready.by()).orElse(null);
            if (cellFilter == null) return null;
        }
        GroupsQuestion sq = ready.question();
        Kept s;
        synchronized (kept) {
            s = kept.get(sq);
        }
        if (s == null) {
            var stored = store.load(c, sq);
            if (stored.isEmpty()) {
                summaries.stale(q.company(), t);
                return null;
            }
            LOADED.incrementAndGet();
            s = new Kept(stored.get().version(), stored.get().rows(), ready.by(), ready.numbers());
            keep(sq, s);
        }
        if (s.version() < 0) return null;
        if (s.version() != version(c, q.company())) {
            Kept caught = catchUp(c, sq, t, s);
            if (caught == null) {
                summaries.stale(q.company(), t);
                return null;
            }
            if (keep(sq, caught)) store.save(sq, caught.version(), caught.rows());
            s = caught;
        }
        GroupRows cells = s.rows();
        if (cellFilter != null) {
            cells = TableSummaries.passing(c, cellFilter, cells);
            if (cells == null) return null; // a value the database could not take back: read in full
        }
        TableSummaries.ROLLED_UP.incrementAndGet();
        return new Kept(s.version(), TableSummaries.rollUp(cells, ready.by(), ready.numbers(), by, numbers), by,
                numbers);
    }

    /**
     * Whether the summary {@code r} is kept, or stored and now kept again (at its stored version: it is caught up
     * when it serves).
     */
    boolean holds(Connection c, TableSummaries.Ready r) throws SQLException {
        synchronized (kept) {
            if (kept.containsKey(r.question())) return true;
        }
        var stored = store.load(c, r.question());
        if (stored.isEmpty()) return false;
        keep(r.question(), new Kept(stored.get().version(), stored.get().rows(), r.by(), r.numbers()));
        return true;
    }

    /** Keeps a stored summary at its stored version unless a newer one is kept. */
    void adopt(GroupsQuestion q, long version, GroupRows rows, List<FieldDef> by, List<FieldDef> numbers) {
        if (keep(q, new Kept(version, rows, by, numbers))) LOADED.incrementAndGet();
    }

    /**
     * Reads the summary {@code q} of {@code t} (grouped by {@code by}, summing up {@code numbers}) in one snapshot with
     * its version, keeps and stores it; the number of its cells, or -1 when there are more than {@code cap} (nothing
     * kept).
     */
    int build(Connection c, GroupsQuestion q, TableDef t, List<FieldDef> by, List<FieldDef> numbers, int cap)
            throws SQLException {
        Kept fresh;
        try {
            fresh = inSnapshot(c, () -> new Kept(version(c, q.company()), repo.rows(c, t, null, by, numbers, null),
                    by, numbers));
        } catch (dev.rowan.model.error.RowanException tooMany) { // more than MAX_GROUPS cells
            return -1;
        }
        if (fresh == null || fresh.rows().size() > cap) return -1;
        if (keep(q, fresh)) store.save(q, fresh.version(), fresh.rows());
        return fresh.rows().size();
    }

    /** Keeps {@code fresh} unless a newer answer is kept; whether it was. */
    private boolean keep(GroupsQuestion q, Kept fresh) {
        synchronized (kept) {
            Kept k = kept.get(q);
            if (k != null && k.version() >= fresh.version()) return false;
            kept.put(q, fresh);
            return true;
        }
    }

    /** {@code e} caught up to the current version in one snapshot, or null where it cannot be. */
    private @Nullable Kept catchUp(Connection c, GroupsQuestion q, TableDef t, Kept e) throws SQLException {
        return inSnapshot(c, () -> {
            long v = version(c, q.company());
            GroupRows rows = caughtUp(c, q, t, e, v);
            return rows == null ? null : new Kept(v, rows, e.by(), e.numbers());
        });
    }

    /**
     * After a followed write of {@code t}'s records: catches the company's kept answers of that table up in the
     * background a moment later (one run for a burst of writes) and stores them, so the stored answer a restart
     * finds is close to the head and the next read is a plain hit. An answer that cannot be caught up is left for
     * its next read (a full read then).
     */
    private void refreshLater(UUID company, TableDef t) {
        synchronized (kept) {
            if (!refreshing.add(company)) return;
        }
        store.later(() -> {
            synchronized (kept) {
                refreshing.remove(company);
            }
            var tx = store.tx();
            if (tx == null) return;
            List<Map.Entry<GroupsQuestion, Kept>> mine = new ArrayList<>();
            synchronized (kept) {
                for (var e : kept.entrySet()) {
                    if (e.getKey().company().equals(company) && e.getKey().fits(t)) mine.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
            Map<GroupsQuestion, Kept> caught = new LinkedHashMap<>();
            tx.read(c -> {
                for (var e : mine) {
                    Kept k = e.getValue();
                    if (k.version() < 0 || !followed(t, e.getKey().filter(), k.by(), k.numbers())) continue;
                    Kept fresh = catchUp(c, e.getKey(), t, k);
                    if (fresh != null && fresh.version() > k.version() && keep(e.getKey(), fresh)) {
                        caught.put(e.getKey(), fresh);
                    }
                    if (fresh == null && e.getKey().summary()) summaries.stale(company, t);
                }
                return null;
            });
            // saved with the connection given back (while closing, a save is written at once on this thread)
            caught.forEach((q, fresh) -> store.save(q, fresh.version(), fresh.rows()));
        });
    }

    @FunctionalInterface
    private interface SnapshotWork {
        @Nullable Kept run() throws SQLException;
    }

    /**
     * {@code work} in one REPEATABLE READ snapshot, so the version it reads is exactly its data's; null inside the
     * caller's transaction (its isolation is not ours to change).
     */
    private static @Nullable Kept inSnapshot(Connection c, SnapshotWork work) throws SQLException {
        if (!c.getAutoCommit()) return null;
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            Kept k = work.run();
            c.commit();
            return k;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(true);
        }
    }

    /** One change-log row of the table. */
    private record Logged(long seq, String entity, @Nullable UUID id, String op, @Nullable List<String> fields,
                          @Nullable UUID[] records) {
    }

    /**
     * The rows at version {@code now} from {@code e} and the change log in between (in the caller's snapshot), or
     * null where something needed is missing.
     */
    private @Nullable GroupRows caughtUp(Connection c, GroupsQuestion spec, TableDef t, Kept e, long now)
            throws SQLException {
        if (now == e.version()) return e.rows();
        List<Logged> log = log(c, spec.company(), t.id(), e.version(), now);
        if (log == null) return null;
        Set<UUID> read = readFields(t, spec.filter(), e.by(), e.numbers());
        Set<UUID> readColumns = spec.fieldIds();
        Set<UUID> created = new HashSet<>();
        boolean createdChanged = false;
        List<Step> apply = new ArrayList<>();
        List<Long> wanted = new ArrayList<>(); // seq of each row that needs a step, in order
        List<UUID> wantedIds = new ArrayList<>();
        for (Logged l : log) {
            if (ChangeLogCopy.ENTITY.equals(l.entity())) {
                if (!"insert".equals(l.op()) || l.records() == null) return null;
                created.addAll(Arrays.asList(l.records()));
            } else if ("record".equals(l.entity()) && l.id() != null) {
                switch (l.op()) {
                    case "insert" -> created.add(l.id());
                    case "update", "delete" -> {
                        if (created.contains(l.id())) { // read as it is now
                            createdChanged = true;
                            continue;
                        }
                        if ("update".equals(l.op()) && read != null && l.fields() != null
                                && l.fields().stream().noneMatch(f -> read.contains(parse(f)))) {
                            continue; // fields this answer does not read
                        }
                        wanted.add(l.seq());
                        wantedIds.add(l.id());
                    }
                    default -> {
                        return null;
                    }
                }
            }
            // a read field's definition changed (its data may have been converted, even if the definition came back
            // to what it was): a full read. Other entities (other fields, views, ranks) do not change its values.
            else if ("field".equals(l.entity()) && l.id() != null && readColumns.contains(l.id())) return null;
            if (created.size() > MAX_CREATED) return null;
        }
        // the steps, in order; a set step (bulk delete) is applied once
        synchronized (kept) {
            TreeMap<Long, Step> mine = steps.get(spec.company());
            if (!wanted.isEmpty() && mine == null) return null;
            for (int i = 0; i < wanted.size(); i++) {
                long seq = wanted.get(i);
                var at = mine.floorEntry(seq);
                if (at == null) return null;
                Step s = at.getValue();
                if (s.last() < seq || !s.table().equals(t.id()) || !s.records().contains(wantedIds.get(i))
                        || !s.parts().containsKey(spec)) {
                    return null;
                }
                if (apply.isEmpty() || apply.getLast() != s) apply.add(s);
            }
        }
        // a step that takes out a record created since the kept version took out what was never put in
        if (!takesOutOnlyOlderRecords(log, apply)) return null;
        GroupRows rows = e.rows().copy();
        for (Step s : apply) {
            Part p = s.parts().get(spec);
            // a group's min or max without a removed record was read from the records there at the write, records
            // created since the kept version among them; those are added only at the end, as they are now: then the
            // edges read at the write are not used (a removed min or max gives up)
            boolean trusted = created.isEmpty() && !createdChanged;
            for (Piece piece : p.before()) {
                GroupRows.Edges edges = trusted ? piece.edges() : GroupRows.Edges.none(rows.numbers);
                if (!rows.apply(piece.part(), edges, EMPTY)) return null;
            }
            rows.addAll(p.after());
        }
        if (!created.isEmpty()) {
            rows.addAll(repo.rows(c, t, spec.filter(), e.by(), e.numbers(), created));
        }
        return rows.size() > ViewGroupsRepository.MAX_GROUPS ? null : rows;
    }

    /**
     * False when a step of {@code apply} (in sequence order) names a record created before it in {@code log}: that
     * record's part is read as it is now, so taking its old part out would take out what was never put in.
     */
    private static boolean takesOutOnlyOlderRecords(List<Logged> log, List<Step> apply) {
        if (apply.isEmpty()) return true;
        Set<UUID> created = new HashSet<>();
        int next = 0;
        for (Logged l : log) {
            while (next < apply.size() && apply.get(next).first() <= l.seq()) {
                if (!Collections.disjoint(apply.get(next).records(), created)) return false;
                next++;
            }
            if (ChangeLogCopy.ENTITY.equals(l.entity()) && l.records() != null) created.addAll(Arrays.asList(l.records()));
            else if ("record".equals(l.entity()) && "insert".equals(l.op()) && l.id() != null) created.add(l.id());
        }
        for (; next < apply.size(); next++) if (!Collections.disjoint(apply.get(next).records(), created)) return false;
        return true;
    }

    private static @Nullable UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The change-log rows of table {@code table} with sequences in {@code (after, upTo]}, or null if too many. */
    private static @Nullable List<Logged> log(Connection c, UUID company, UUID table, long after, long upTo)
            throws SQLException {
        List<Logged> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, entity, entity_id, op, "
                + "CASE WHEN jsonb_typeof(data -> 'fields') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text("
                + "data -> 'fields')) END, record_ids FROM rowan.change_log WHERE company_id = ? AND seq > ? "
                + "AND seq <= ? AND table_id = ? ORDER BY seq LIMIT ?")) {
            ps.setObject(1, company);
            ps.setLong(2, after);
            ps.setLong(3, upTo);
            ps.setObject(4, table);
            ps.setInt(5, MAX_LOG_ROWS + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (out.size() == MAX_LOG_ROWS) return null;
                    java.sql.Array f = rs.getArray(5);
                    java.sql.Array r = rs.getArray(6);
                    out.add(new Logged(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                            f == null ? null : Arrays.asList((String[]) f.getArray()),
                            r == null ? null : (UUID[]) r.getArray()));
                }
            }
        }
        return out;
    }

    private static long version(Connection c, UUID company) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT change_seq FROM rowan.companies WHERE id = ?")) {
            ps.setObject(1, company);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("Unknown company " + company);
                return rs.getLong(1);
            }
        }
    }

    /**
     * An answer whose values change only with a write of the company: its group, summed-up and filter fields hold no
     * formula or button (a formula may read the clock) and no member names (the directory changes apart from the
     * change log). Links, lookups and rollups change only with journalled writes. A filter naming a field the table
     * does not have is not kept.
     */
    static boolean keepable(TableDef t, @Nullable Filter filter, List<FieldDef> by, List<FieldDef> numbers) {
        List<FieldDef> used = new ArrayList<>(by);
        used.addAll(numbers);
        if (!conditionFields(t, filter, used)) return false;
        // grouped by each value (FieldKind.groupsByEachValue): a record's part is several rows, upper levels count it
        // once — read in full
        if (dev.rowan.model.sql.EachValue.any(by)) return false;
        return used.stream().noneMatch(f -> {
            var k = FieldKinds.of(f.type());
            return k.computed() && k.systemColumn().isEmpty() && !LinkFields.readsLinks(f.type())
                    || k.showsMemberName();
        });
    }

    /**
     * Kept, and the answer reads values of the table's own records only: no link, lookup or rollup among its group,
     * summed-up and filter fields, and no formula among them on a table that has those (a formula may read them).
     * A filter naming a field the table does not have counts as reading anything.
     */
    static boolean followed(TableDef t, @Nullable Filter filter, List<FieldDef> by, List<FieldDef> numbers) {
        if (!keepable(t, filter, by, numbers)) return false;
        boolean links = t.activeFields().stream().anyMatch(f -> LinkFields.readsLinks(f.type()));
        if (!links) return true;
        List<FieldDef> used = new ArrayList<>(by);
        used.addAll(numbers);
        if (!conditionFields(t, filter, used)) return false;
        return used.stream().noneMatch(f -> LinkFields.readsLinks(f.type()) || FieldKinds.of(f.type()).computed());
    }

    /**
     * The ids of the fields an answer reads, whose change by an update matters; null when every update matters (a
     * computed or system-column field among them changes without being named, or a filter field is unknown).
     */
    static @Nullable Set<UUID> readFields(TableDef t, @Nullable Filter filter, List<FieldDef> by,
                                          List<FieldDef> numbers) {
        List<FieldDef> used = new ArrayList<>(by);
        used.addAll(numbers);
        if (!conditionFields(t, filter, used)) return null;
        Set<UUID> ids = new HashSet<>();
        for (FieldDef f : used) {
            var k = FieldKinds.of(f.type());
            if (k.computed() || k.systemColumn().isPresent() || LinkFields.readsLinks(f.type())) return null;
            ids.add(f.id());
        }
        return ids;
    }

    /** Adds the fields {@code filter}'s conditions name to {@code into}; false if one is not a field of {@code t}. */
    private static boolean conditionFields(TableDef t, @Nullable Filter filter, List<FieldDef> into) {
        return switch (filter) {
            case null -> true;
            case Filter.Group g -> g.conditions().stream().allMatch(f -> conditionFields(t, f, into));
            case Filter.Condition cnd -> {
                var f = t.field(cnd.field());
                f.ifPresent(into::add);
                yield f.isPresent();
            }
        };
    }

    /**
     * Starts following an update or delete of {@code records} (see {@link ViewGroupsRepository#writing}): drops steps
     * a rolled-back writer left at these sequences and reads the records' part of each kept answer of their table now,
     * before the write.
     */
    dev.rowan.server.records.RecordWriteFollowers.Followed writing(Connection c, UUID company, TableDef t,
                                                                    long firstSeq, List<UUID> records)
            throws SQLException {
        summaries.written(company, t);
        if (!records.isEmpty() && records.size() <= MAX_FOLLOWED_SET) warm(c, company, t);
        List<Map.Entry<GroupsQuestion, Kept>> mine = new ArrayList<>();
        synchronized (kept) {
            TreeMap<Long, Step> old = steps.get(company);
            if (old != null) old.tailMap(firstSeq, true).clear();
            if (!records.isEmpty() && records.size() <= MAX_FOLLOWED_SET) {
                for (var e : kept.entrySet()) { // least recently used first: the last ones are followed
                    GroupsQuestion s = e.getKey();
                    if (s.company().equals(company) && s.fits(t) && e.getValue().version() >= 0) {
                        mine.add(Map.entry(s, e.getValue()));
                    }
                }
            }
        }
        if (mine.isEmpty()) return x -> {
        };
        if (mine.size() > FOLLOWED) {
            // the table's summary is always followed (every grouping of its dimensions is rolled up from it)
            List<Map.Entry<GroupsQuestion, Kept>> last = new ArrayList<>(mine.subList(mine.size() - FOLLOWED,
                    mine.size()));
            for (var e : mine.subList(0, mine.size() - FOLLOWED)) if (e.getKey().summary()) last.add(e);
            mine = last;
        }
        Map<GroupsQuestion, Part> before = new HashMap<>();
        Map<GroupsQuestion, Kept> fields = new HashMap<>();
        for (var e : mine) {
            GroupsQuestion spec = e.getKey();
            Kept entry = e.getValue();
            if (!followed(t, spec.filter(), entry.by(), entry.numbers())) continue;
            List<Piece> pieces = new ArrayList<>();
            if (records.size() > PIECES) {
                pieces.add(new Piece(repo.rows(c, t, spec.filter(), entry.by(), entry.numbers(), records),
                        GroupRows.Edges.none(entry.numbers().size())));
            } else {
                // record by record, as if written one after the other: each one's group edges without it and
                // without the records before it
                for (int i = 0; i < records.size(); i++) {
                    UUID one = records.get(i);
                    GroupRows part = repo.rows(c, t, spec.filter(), entry.by(), entry.numbers(), List.of(one));
                    pieces.add(new Piece(part, edges(c, t, spec, entry, part, one, records.subList(0, i + 1))));
                }
            }
            before.put(spec, new Part(pieces, EMPTY));
            fields.put(spec, entry);
        }
        if (before.isEmpty()) return x -> {
        };
        Set<UUID> named = Set.copyOf(records);
        long last = firstSeq + records.size() - 1;
        return c1 -> {
            Map<GroupsQuestion, Part> done = new HashMap<>();
            for (var e : before.entrySet()) {
                Kept entry = fields.get(e.getKey());
                GroupRows after = repo.rows(c1, t, e.getKey().filter(), entry.by(), entry.numbers(), records);
                done.put(e.getKey(), new Part(e.getValue().before(), after));
            }
            synchronized (kept) {
                TreeMap<Long, Step> forCompany = steps.computeIfAbsent(company, x -> new TreeMap<>());
                forCompany.put(firstSeq, new Step(firstSeq, last, t.id(), named, Map.copyOf(done)));
                while (forCompany.size() > STEPS) forCompany.pollFirstEntry();
            }
            refreshLater(company, t);
        };
    }

    /**
     * At this process's first followed write to {@code t} (after a start, or after the table was forgotten): the
     * table's stored answers whose question, built again against {@code t} as it is now, is the stored one, are kept
     * at their stored version, so this write records its step for them and they can be caught up past it. Whether
     * the writes between their version and this one can be followed is decided, as always, when one is caught up.
     */
    private void warm(Connection c, UUID company, TableDef t) throws SQLException {
        synchronized (kept) {
            if (warmed.put(List.of(company, t.id()), Boolean.TRUE) != null) return;
        }
        for (GroupsStore.Asked a : store.ofTable(c, company, t.id())) {
            List<FieldDef> by = new ArrayList<>();
            List<FieldDef> numbers = new ArrayList<>();
            if (!active(t, a.by(), by) || !active(t, a.numbers(), numbers)) continue;
            if (!keepable(t, a.filter(), by, numbers)) continue;
            GroupsQuestion q = a.summary() ? GroupsQuestion.summaryOf(company, t, by, numbers)
                    : GroupsQuestion.of(company, t, a.filter(), by, numbers).orElse(null);
            if (q == null || !q.storable() || !q.hash().equals(a.hash())) continue;
            synchronized (kept) {
                if (kept.containsKey(q)) continue;
                kept.put(q, new Kept(a.version(), a.rows(), by, numbers));
            }
            WARMED.incrementAndGet();
        }
    }

    /** Adds {@code t}'s active fields {@code ids} to {@code into}; false when one is gone. */
    static boolean active(TableDef t, List<UUID> ids, List<FieldDef> into) {
        for (UUID id : ids) {
            var f = t.fieldById(id).filter(x -> !x.hidden());
            if (f.isEmpty()) return false;
            into.add(f.get());
        }
        return true;
    }

    /**
     * What the answer's group of {@code record} looks like without {@code gone} (the record and those written before
     * it in the same write), asked only for numbers whose value sits at the kept group's edge: first whether another
     * record holds the same value (a scan that stops at the first match), else the group's min and max without them.
     */
    private GroupRows.Edges edges(Connection c, TableDef t, GroupsQuestion spec, Kept entry, GroupRows part, UUID record,
                                  List<UUID> gone) throws SQLException {
        GroupRows.Edges edges = GroupRows.Edges.none(entry.numbers().size());
        var old = part.single();
        if (old == null) return edges;
        GroupRows.Row group = entry.rows().get(old.getKey());
        for (int k = 0; k < entry.numbers().size(); k++) {
            var v = old.getValue().sum[k];
            if (v == null || group == null) continue;
            boolean extreme = group.min[k] != null && v.compareTo(group.min[k]) <= 0
                    || group.max[k] != null && v.compareTo(group.max[k]) >= 0;
            if (!extreme) continue;
            FieldDef number = entry.numbers().get(k);
            edges.stillThere()[k] = repo.sameValueElsewhere(c, t, spec.filter(), entry.by(), number, record, gone);
            if (!edges.stillThere()[k]) {
                var rest = repo.restOfGroup(c, t, spec.filter(), entry.by(), number, record, gone);
                edges.known()[k] = true;
                edges.min()[k] = rest[0];
                edges.max()[k] = rest[1];
            }
        }
        return edges;
    }
}
