package dev.rowan.server.sync;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.Operation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.server.apps.AppHandler;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.folders.FolderHandler;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.records.RecordWrites;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.TableHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The push runner: applies pushed mutations in order, each (client, mutation) at most once, by reading each as a
 * typed {@link Operation} and handing it to its handler ({@link RecordPush}, {@link SchemaPush}, which call the
 * features' operation handlers). Record mutations go in units of up to {@link #UNIT} per transaction (one
 * change-log reservation, one batch of stored results); each schema mutation gets a transaction of its own, so
 * what it creates is committed before the data behind it needs it. A unit first runs without savepoints; if any
 * mutation in it fails, the unit is rolled back and redone with a savepoint per mutation, so a rejected one is
 * rolled back alone. Results are stored in the same commit as everything the unit applied, which is what makes a
 * replay after a crash exact.
 */
final class Push {
    private static final Logger LOG = LoggerFactory.getLogger(Push.class);
    /** Careful units stay below PostgreSQL's 64 cached subtransactions per backend (past it, other sessions' snapshots slow down); 500 measured no faster. */
    static final int UNIT = 60;

    /** Bytes of mutations one unit holds in memory at most (a single larger mutation is a unit of its own). */
    static final long UNIT_BYTES = 1 << 20;

    /** A pushed mutation with its payload parsed; {@code bytes} is its size in the request body. */
    record Incoming(Mutation m, Map<String, @Nullable Object> payload, long bytes) {
    }

    private final Tx tx;
    private final SyncRepository repo;
    private final SchemaCache schemas;
    private final RecordRepository records;
    private final Journal journal;
    private final RecordPush recordPush;
    private final SchemaPush schemaPush;
    private final dev.rowan.server.views.ViewRankHandler ranks;
    private final BiConsumer<TableDef, Long> bulkLoaded;

    /** @param bulkLoaded told after a bulk create commits (the table and its rows), to keep planner statistics fresh */
    Push(Tx tx, SyncRepository repo, SchemaCache schemas, RecordRepository records, TableHandler tables,
         AppHandler apps, FolderHandler folders, dev.rowan.server.views.ViewHandler views, Journal journal,
         BiConsumer<TableDef, Long> bulkLoaded) {
        this.tx = tx;
        this.repo = repo;
        this.schemas = schemas;
        this.records = records;
        this.journal = journal;
        this.recordPush = new RecordPush(repo, records, new RecordWrites(records, journal));
        this.schemaPush = new SchemaPush(repo, schemas, journal, apps, folders, tables, views);
        this.ranks = new dev.rowan.server.views.ViewRankHandler(new dev.rowan.server.views.ViewRepository(),
                new dev.rowan.server.views.ViewRankRepository(), records, schemas, journal);
        this.bulkLoaded = bulkLoaded;
    }

    /**
     * Applies the mutations in order, taking them from {@code source} one unit at a time: only the current unit is
     * held in memory (at most {@link #UNIT} mutations and about {@link #UNIT_BYTES} bytes of them).
     */
    List<PushResult> push(Principal p, UUID clientId, Iterator<Incoming> source) {
        List<PushResult> results = new ArrayList<>();
        Incoming ahead = source.hasNext() ? source.next() : null;
        while (ahead != null) {
            List<Incoming> unit = new ArrayList<>();
            unit.add(ahead);
            long bytes = ahead.bytes();
            ahead = source.hasNext() ? source.next() : null;
            if (unit.getFirst().m().entity() == Mutation.Entity.RECORD) {
                // a bulk create (up to 5,000 rows) ends its unit, which keeps units' transactions bounded
                while (ahead != null && unit.size() < UNIT && bytes + ahead.bytes() <= UNIT_BYTES
                        && !isBulk(unit.getLast()) && ahead.m().entity() == Mutation.Entity.RECORD) {
                    unit.add(ahead);
                    bytes += ahead.bytes();
                    ahead = source.hasNext() ? source.next() : null;
                }
            }
            boolean records = unit.getFirst().m().entity() == Mutation.Entity.RECORD;
            List<PushResult> done;
            try {
                // fast path: no savepoints; the first mutation that fails sends the whole unit to the careful path
                done = tx.inLongTransaction(c -> unit(c, p, clientId, unit, !records));
            } catch (Careful e) {
                done = tx.inLongTransaction(c -> unit(c, p, clientId, unit, true));
            }
            results.addAll(done);
            Incoming last = unit.getLast();
            if (isBulk(last) && last.m().parentId() != null && done.getLast() instanceof PushResult.Applied) {
                // as after a REST bulk load: rows pushed from an offline desktop in batches of any size count too
                bulkLoaded.accept(schemas.get(p, last.m().parentId()), (long) seqsNeeded(last));
            }
        }
        return results;
    }

    /** Thrown on the fast path when a mutation fails: the unit is rolled back and redone with savepoints. */
    private static final class Careful extends RuntimeException {
        Careful() {
            super(null, null, false, false);
        }
    }

    private List<PushResult> unit(Connection c, Principal p, UUID clientId, List<Incoming> unit, boolean careful)
            throws SQLException {
        repo.lockClient(c, p.companyId(), p.userId(), clientId);
        Map<UUID, String> stored = repo.storedResults(c, p.companyId(), p.userId(), clientId,
                unit.stream().map(in -> in.m().mutationId()).toList());
        List<PushResult> out = new ArrayList<>();
        List<SyncRepository.Stored> toStore = new ArrayList<>();
        PushUnit u = new PushUnit(clientId);
        Set<UUID> seen = new HashSet<>();
        int fresh = 0;
        for (Incoming in : unit) {
            if (!stored.containsKey(in.m().mutationId())) fresh += seqsNeeded(in);
        }
        if (fresh > 0 && unit.getFirst().m().entity() == Mutation.Entity.RECORD) {
            // one reservation for the unit, taken before any savepoint so no rollback can undo it; unused numbers
            // are gaps, which cursors skip harmlessly
            u.nextSeq = journal.reserve(c, p.companyId(), fresh);
            u.endSeq = u.nextSeq + fresh;
            prefetch(c, p, u, unit, stored);
        }
        for (Incoming in : unit) {
            Mutation m = in.m();
            PushResult.Target target = PushResult.Target.of(m);
            String old = stored.get(m.mutationId());
            if (old != null) {
                out.add(replay(old));
                continue;
            }
            if (!seen.add(m.mutationId())) {
                out.add(PushResult.Rejected.of(target, "The same mutationId appears twice in this push").asReplay());
                continue;
            }
            PushResult r;
            if (m.entity() == Mutation.Entity.RECORD && m.parentId() != null) {
                // lock the table outside the savepoint: a lock taken inside would be released by its rollback
                try {
                    if (!u.locked.containsKey(m.parentId())) {
                        u.locked.put(m.parentId(), schemas.lock(c, p, m.parentId(), false));
                    }
                } catch (RowanException e) {
                    r = rejected(target, e);
                    out.add(r);
                    toStore.add(store(m, r));
                    continue;
                }
            }
            Savepoint sp = careful ? c.setSavepoint() : null;
            int journaled = u.pending.size();
            try {
                r = apply(c, p, u, target, in);
            } catch (RowanException e) {
                if (sp == null) throw new Careful();
                c.rollback(sp);
                u.pending.truncate(journaled);
                r = rejected(target, e);
            } catch (SQLException e) {
                RuntimeException t = Tx.translate(e);
                if (!(t instanceof RowanException re)) throw e;
                if (sp == null) throw new Careful();
                c.rollback(sp);
                u.pending.truncate(journaled);
                r = rejected(target, re);
            }
            out.add(r);
            toStore.add(store(m, r));
        }
        journal.flush(c, p, u.pending);
        repo.store(c, p.companyId(), clientId, p.userId(), toStore);
        return out;
    }

    /** The stored answer of a mutation this client pushed before, marked as a replay. */
    private static PushResult replay(String storedJson) {
        Object parsed = SyncRepository.parse(storedJson);
        @SuppressWarnings("unchecked")
        Map<String, ?> json = parsed instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
        return PushResult.fromJson(json).asReplay();
    }

    /**
     * Reads the mutation as an operation and runs it: one exhaustive switch, so a new operation does not compile
     * until it has a handler here.
     */
    private PushResult apply(Connection c, Principal p, PushUnit u, PushResult.Target target, Incoming in)
            throws SQLException {
        Operation op = Operation.of(in.m(), in.payload());
        return switch (op) {
            case Operation.CreateRecord o -> recordPush.create(c, p, u, target, table(u, o), o);
            case Operation.UpdateRecord o -> recordPush.update(c, p, u, target, table(u, o), o);
            case Operation.DeleteRecord o -> recordPush.delete(c, p, u, target, table(u, o), o);
            case Operation.BulkCreateRecords o -> recordPush.bulkCreate(c, p, u, target, table(u, o), o);
            case Operation.CreateApp o -> schemaPush.createApp(c, p, target, o);
            case Operation.UpdateApp o -> schemaPush.updateApp(c, p, target, o);
            case Operation.DeleteApp o -> schemaPush.deleteApp(c, p, target, o);
            case Operation.CreateFolder o -> schemaPush.createFolder(c, p, target, o);
            case Operation.UpdateFolder o -> schemaPush.updateFolder(c, p, target, o);
            case Operation.DeleteFolder o -> schemaPush.deleteFolder(c, p, target, o);
            case Operation.CreateTable o -> schemaPush.createTable(c, p, target, o);
            case Operation.UpdateTable o -> schemaPush.updateTable(c, p, target, o);
            case Operation.DeleteTable o -> schemaPush.deleteTable(c, p, target, o);
            case Operation.CreateField o -> schemaPush.createField(c, p, target, o);
            case Operation.UpdateField o -> schemaPush.updateField(c, p, target, o);
            case Operation.DeleteField o -> schemaPush.deleteField(c, p, target, o);
            case Operation.CreateView o -> schemaPush.view(c, p, u.clientId, target, o, o.entityId(), o.parentId(), o.view());
            case Operation.UpdateView o -> schemaPush.view(c, p, u.clientId, target, o, o.entityId(), o.parentId(), o.view());
            case Operation.DeleteView o -> schemaPush.view(c, p, u.clientId, target, o, o.entityId(), o.parentId(), null);
            case Operation.SetViewRank o -> viewRank(c, p, target, o);
        };
    }

    /** A record's place in a view's manual order: last writer wins, a record deleted meanwhile is a note. */
    private PushResult viewRank(Connection c, Principal p, PushResult.Target target, Operation.SetViewRank o)
            throws SQLException {
        UUID view = o.parentId();
        if (view == null) throw RowanException.invalid("parentId", "A view rank names its view in parentId");
        dev.rowan.server.views.ViewRankHandler.Result r = ranks.set(c, p, view, o.entityId(), o.rank());
        PushResult.Applied a = PushResult.Applied.of(target);
        return r.recordGone() ? a.withNote("the record was deleted") : a.withSeq(r.seq());
    }

    /** The table a record operation writes to, locked before its savepoint. */
    private static TableDef table(PushUnit u, Operation o) {
        TableDef t = u.locked.get(o.parentId());
        if (t == null) throw new IllegalStateException("record table not locked");
        return t;
    }

    /**
     * Locks the tables of the unit's record updates and deletes and, one statement per table, the rows they
     * touch, reading their versions: instead of a round trip per mutation. Before any savepoint, so no rollback
     * releases these locks. A table that cannot be locked is left to the mutation, which is rejected with why.
     */
    private void prefetch(Connection c, Principal p, PushUnit u, List<Incoming> unit, Map<UUID, String> stored)
            throws SQLException {
        Map<UUID, List<UUID>> byTable = new LinkedHashMap<>();
        for (Incoming in : unit) {
            Mutation m = in.m();
            if (m.entity() != Mutation.Entity.RECORD || m.op() == Mutation.Op.CREATE || m.parentId() == null
                    || stored.containsKey(m.mutationId())) {
                continue;
            }
            byTable.computeIfAbsent(m.parentId(), k -> new ArrayList<>()).add(m.entityId());
        }
        for (Map.Entry<UUID, List<UUID>> e : byTable.entrySet()) {
            TableDef t = u.locked.get(e.getKey());
            if (t == null) {
                try {
                    t = schemas.lock(c, p, e.getKey(), false);
                } catch (RowanException ex) {
                    continue;
                }
                u.locked.put(e.getKey(), t);
            }
            u.versions.put(e.getKey(), records.lockVersions(c, t, e.getValue()));
            u.prefetched.put(e.getKey(), new HashSet<>(e.getValue()));
        }
    }

    private static SyncRepository.Stored store(Mutation m, PushResult r) {
        Long last = r instanceof PushResult.Applied a ? a.lastSeq() : null;
        return new SyncRepository.Stored(m.mutationId(), m.entity().name().toLowerCase(Locale.ROOT), m.entityId(),
                m.op().name().toLowerCase(Locale.ROOT), r.status(), r.toJson(), r.seq(), last);
    }

    /** A RECORD CREATE carrying many rows: {@code {"records": [{"id", "fields"}, ...]}}. */
    private static boolean isBulk(Incoming in) {
        return in.m().entity() == Mutation.Entity.RECORD && in.m().op() == Mutation.Op.CREATE
                && in.payload().containsKey("records");
    }

    /** Change-log sequences a mutation may use: one, or one per row of a bulk create. */
    private static int seqsNeeded(Incoming in) {
        if (isBulk(in) && in.payload().get("records") instanceof List<?> rows) {
            return Math.max(1, Math.min(rows.size(), RecordWrites.MAX_BULK_CREATE));
        }
        return 1;
    }

    private static PushResult rejected(PushResult.Target target, RowanException e) {
        LOG.debug("Mutation {} rejected: {}", target.mutationId(), e.getMessage());
        return PushResult.Rejected.of(target, e, dev.rowan.server.http.Problems.safeDetail(e.getMessage()));
    }
}
