package dev.rowan.server.views;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers of {@code GET /api/views/:id/groups} kept per (company, table definition, filter, group and aggregate
 * fields), each with the data version it describes: the company's change sequence ({@code rowan.companies.change_seq}),
 * which every write that sync must see moves on. A fresh answer reads that sequence and its rows in one snapshot
 * (a REPEATABLE READ transaction), so the version is exactly the data's.
 *
 * <p>A kept answer at an older version is brought up to date by <em>steps</em>: a single-record write (REST create,
 * update, delete) reserves exactly one sequence number, and while the company's writers wait for it
 * ({@link dev.rowan.server.journal.Journal#reserve} holds the company row) it reads that record's part of every kept
 * answer of its table before and after the write ({@link #writing}); after commit the step {@code seq - 1 -> seq}
 * is published. A read chains the steps from the kept version to the current one: the written table's answers
 * take the record's old part out and put its new part in ({@link GroupRows#apply}); other tables' answers stay as
 * they are. Any gap (a bulk load, a sync push, a schema change, a step without this answer's part, a min or max
 * that may have left its group) means a full read. Only tables whose values are all their own are followed by
 * steps (no link, lookup or rollup: a write elsewhere changes those); tables with a clock-reading formula or member
 * names are never kept at all.
 */
public final class GroupsCache {
    /** Answers kept at most (least recently used go first). */
    static final int KEPT = 256;
    /** Steps kept per company (the oldest go first). */
    static final int STEPS = 1024;
    /** Kept answers of one table a write brings along at most (others are read in full next time). */
    static final int FOLLOWED = 8;
    /** Answers served from the cache as kept (tests tell a kept answer from a fresh one). */
    static final AtomicLong HITS = new AtomicLong();
    /** Answers served from the cache after following record writes by steps. */
    static final AtomicLong STEPPED = new AtomicLong();

    private record Spec(UUID company, TableDef table, @Nullable Filter filter, List<UUID> by, List<UUID> numbers) {
    }

    private record Kept(long version, GroupRows rows, List<FieldDef> by, List<FieldDef> numbers) {
    }

    /** One record's part of one answer before and after a write, and which removed values other records still hold. */
    private record Part(GroupRows before, boolean[] stillThere, GroupRows after) {
    }

    /** What the write that took the company from {@code seq - 1} to {@code seq} did to the answers of its table. */
    private record Step(UUID table, Map<Spec, Part> parts) {
    }

    @FunctionalInterface
    interface Read {
        GroupRows run() throws SQLException;
    }

    private final ViewGroupsRepository repo;
    private final Map<Spec, Kept> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Spec, Kept> eldest) {
            return size() > KEPT;
        }
    };
    /**
     * Per company with kept answers, steps by the sequence they lead to (companies least recently written go first).
     * Guarded by {@link #kept}.
     */
    private final Map<UUID, TreeMap<Long, Step>> steps = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, TreeMap<Long, Step>> eldest) {
            return size() > KEPT;
        }
    };

    GroupsCache(ViewGroupsRepository repo) {
        this.repo = repo;
    }

    /** The kept answer, brought up to date by steps where it can be, or {@code read}'s (kept for the next caller). */
    GroupRows answer(Connection c, UUID company, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                     List<FieldDef> numbers, Read read) throws SQLException {
        if (!keepable(t)) return read.run();
        Spec spec = new Spec(company, t, filter, by.stream().map(FieldDef::id).toList(),
                numbers.stream().map(FieldDef::id).toList());
        long now = version(c, company);
        synchronized (kept) {
            Kept e = kept.get(spec);
            if (e != null && e.version() == now) {
                HITS.incrementAndGet();
                return e.rows();
            }
            if (e != null && e.version() < now && followed(t)) {
                GroupRows stepped = follow(spec, e, now);
                if (stepped != null) {
                    kept.put(spec, new Kept(now, stepped, by, numbers));
                    HITS.incrementAndGet();
                    STEPPED.incrementAndGet();
                    return stepped;
                }
            }
        }
        Kept fresh = snapshot(c, company, by, numbers, read);
        synchronized (kept) {
            Kept e = kept.get(spec);
            if (e == null || e.version() < fresh.version()) kept.put(spec, fresh);
        }
        return fresh.rows();
    }

    /** The rows at {@code now} from {@code e} by the steps in between, or null where one is missing or not enough. */
    private @Nullable GroupRows follow(Spec spec, Kept e, long now) {
        TreeMap<Long, Step> mine = steps.get(spec.company());
        if (mine == null) return null;
        GroupRows rows = null;
        for (long v = e.version() + 1; v <= now; v++) {
            Step s = mine.get(v);
            if (s == null) return null;
            if (!s.table().equals(spec.table().id())) continue;
            Part p = s.parts().get(spec);
            if (p == null) return null;
            if (rows == null) rows = e.rows().copy();
            if (!rows.apply(p.before().single(), p.stillThere(), p.after().single())) return null;
            if (rows.size() > ViewGroupsRepository.MAX_GROUPS) return null;
        }
        return rows == null ? e.rows() : rows;
    }

    /** The company's version and {@code read}'s rows in one snapshot. */
    private static Kept snapshot(Connection c, UUID company, List<FieldDef> by, List<FieldDef> numbers, Read read)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        if (!auto) {
            // inside the caller's transaction: its isolation is not ours to change, so the answer is kept under no
            // version (never served again, never followed)
            return new Kept(-1, read.run(), by, numbers);
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long v = version(c, company);
            GroupRows rows = read.run();
            c.commit();
            return new Kept(v, rows, by, numbers);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(true);
        }
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

    /** Values that change only with a write of the company: no clock-reading formula, no member names. */
    static boolean keepable(TableDef t) {
        return t.activeFields().stream().noneMatch(f -> {
            var k = FieldKinds.of(f.type());
            return k.computed() && k.systemColumn().isEmpty() || k.showsMemberName();
        });
    }

    /** Kept and with values of its own records only (no link, lookup or rollup), so steps can follow writes. */
    static boolean followed(TableDef t) {
        return keepable(t) && t.activeFields().stream().noneMatch(f -> LinkFields.readsLinks(f.type()));
    }

    /**
     * Starts following a single-record write (see {@link ViewGroupsRepository#writing}): reads the record's part of
     * each kept answer of its table now, before the write.
     */
    Write writing(Connection c, UUID company, TableDef t, long seq, @Nullable UUID record) throws SQLException {
        List<Map.Entry<Spec, Kept>> mine = new ArrayList<>();
        if (followed(t)) {
            synchronized (kept) {
                for (var e : kept.entrySet()) { // least recently used first: the last ones are followed
                    if (e.getKey().company().equals(company) && e.getKey().table().equals(t)) mine.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
            if (mine.size() > FOLLOWED) mine = new ArrayList<>(mine.subList(mine.size() - FOLLOWED, mine.size()));
        }
        Write w = new Write(company, t, seq);
        for (var e : mine) {
            Spec spec = e.getKey();
            Kept entry = e.getValue();
            if (dev.rowan.model.sql.EachValue.any(entry.by())) continue; // a record's part is several rows: read in full
            GroupRows before = record == null ? new GroupRows(entry.numbers().size())
                    : repo.rows(c, t, spec.filter(), entry.by(), entry.numbers(), record);
            boolean[] stillThere = new boolean[entry.numbers().size()];
            var old = before.single();
            if (old != null && record != null) {
                GroupRows.Row group = entry.rows().get(old.getKey());
                for (int k = 0; k < stillThere.length; k++) {
                    var v = old.getValue().sum[k];
                    if (v == null || group == null) continue;
                    boolean extreme = group.min[k] != null && v.compareTo(group.min[k]) <= 0
                            || group.max[k] != null && v.compareTo(group.max[k]) >= 0;
                    // only a value at its group's edge needs asking (a scan that stops at the first match)
                    if (extreme) stillThere[k] = repo.sameValueElsewhere(c, t, spec.filter(), entry.by(),
                            entry.numbers().get(k), record);
                }
            }
            w.parts.put(spec, new Part(before, stillThere, new GroupRows(entry.numbers().size())));
            w.fields.put(spec, entry);
        }
        return w;
    }

    /** A single-record write being followed: {@link #written} inside its transaction, {@link #publish} after commit. */
    public final class Write implements dev.rowan.server.records.RecordWriteFollowers.Followed {
        private final UUID company;
        private final TableDef table;
        private final long seq;
        private final Map<Spec, Part> parts = new HashMap<>();
        private final Map<Spec, Part> done = new HashMap<>();
        private final Map<Spec, Kept> fields = new HashMap<>();
        private boolean complete;

        private Write(UUID company, TableDef table, long seq) {
            this.company = company;
            this.table = table;
            this.seq = seq;
        }

        /** Reads the record's part of each followed answer after the write (same transaction). */
        @Override
        public void written(Connection c, UUID record) throws SQLException {
            for (var e : parts.entrySet()) {
                Spec s = e.getKey();
                Kept entry = fields.get(s);
                GroupRows after = repo.rows(c, table, s.filter(), entry.by(), entry.numbers(), record);
                done.put(s, new Part(e.getValue().before(), e.getValue().stillThere(), after));
            }
            complete = true;
        }

        /** After commit: the step {@code seq - 1 -> seq} for every answer of the table that was followed. */
        @Override
        public void publish() {
            if (!complete) return;
            synchronized (kept) {
                // a company without kept answers needs no steps (an answer kept later either saw this write or, missing
                // this step, is read in full)
                if (kept.keySet().stream().noneMatch(k -> k.company().equals(company))) return;
                TreeMap<Long, Step> mine = steps.computeIfAbsent(company, x -> new TreeMap<>());
                mine.put(seq, new Step(table.id(), Map.copyOf(done)));
                while (mine.size() > STEPS) mine.pollFirstEntry();
            }
        }
    }
}
