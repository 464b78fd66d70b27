package dev.rowan.server.sync;

import dev.rowan.model.error.Conflict;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.apps.AppsService;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
import dev.rowan.server.folders.FoldersService;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.records.RecordWrites;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.TablesService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies pushed mutations in order, each (client, mutation) at most once. Record mutations go in units of up to
 * {@link #UNIT} per transaction (one change-log reservation, one batch of stored results); each schema mutation
 * gets a transaction of its own, so what it creates is committed before the data behind it needs it. A unit first
 * runs without savepoints; if any mutation in it fails, the unit is rolled back and redone with a savepoint per
 * mutation, so a rejected one is rolled back alone. Results are stored in the same commit as everything the unit
 * applied, which is what makes a replay after a crash exact.
 */
final class Push {
    private static final Logger LOG = LoggerFactory.getLogger(Push.class);
    /** Careful units stay below PostgreSQL's 64 cached subtransactions per backend (past it, other sessions' snapshots slow down); 500 measured no faster. */
    static final int UNIT = 60;
    private static final int MAX_RENAMES = 50;

    /** Bytes of mutations one unit holds in memory at most (a single larger mutation is a unit of its own). */
    static final long UNIT_BYTES = 1 << 20;

    /** A pushed mutation with its payload parsed; {@code bytes} is its size in the request body. */
    record Incoming(Mutation m, Map<String, @Nullable Object> payload, long bytes) {
    }

    private final Tx tx;
    private final SyncRepository repo;
    private final SchemaCache schemas;
    private final RecordRepository records;
    private final RecordWrites writes;
    private final TablesService tablesService;
    private final AppsService appsService;
    private final FoldersService foldersService;
    private final Journal journal;

    Push(Tx tx, SyncRepository repo, SchemaCache schemas, RecordRepository records, TablesService tablesService,
         AppsService appsService, FoldersService foldersService, Journal journal) {
        this.tx = tx;
        this.repo = repo;
        this.schemas = schemas;
        this.records = records;
        this.writes = new RecordWrites(records, journal);
        this.tablesService = tablesService;
        this.appsService = appsService;
        this.foldersService = foldersService;
        this.journal = journal;
    }

    /**
     * Applies the mutations in order, taking them from {@code source} one unit at a time: only the current unit is
     * held in memory (at most {@link #UNIT} mutations and about {@link #UNIT_BYTES} bytes of them).
     */
    List<Map<String, Object>> push(Principal p, UUID clientId, Iterator<Incoming> source) {
        List<Map<String, Object>> results = new ArrayList<>();
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
            List<Map<String, Object>> done;
            try {
                // fast path: no savepoints; the first mutation that fails sends the whole unit to the careful path
                done = tx.inLongTransaction(c -> unit(c, p, clientId, unit, !records));
            } catch (Careful e) {
                done = tx.inLongTransaction(c -> unit(c, p, clientId, unit, true));
            }
            results.addAll(done);
        }
        return results;
    }

    /**
     * State of one unit: locked tables, a block of reserved sequences, the row versions read up front for its
     * record updates and deletes, and its record writes' journal rows, written together at the end.
     */
    private final class Unit {
        final Map<UUID, TableDef> locked = new HashMap<>();
        final Set<Long> mine = new HashSet<>();
        final UUID clientId;
        final Journal.Pending pending = new Journal.Pending();
        /** table -> record ids whose rows were locked up front -> version (absent: no such record then) */
        final Map<UUID, Set<UUID>> prefetched = new HashMap<>();
        final Map<UUID, Map<UUID, Long>> versions = new HashMap<>();

        /**
         * The record's version as read up front, used once: null if it was not read up front or a mutation of
         * this unit has touched the record since (the caller then locks and reads it itself).
         */
        @Nullable Optional<Long> takeVersion(UUID tableId, UUID id) {
            Set<UUID> ids = prefetched.get(tableId);
            if (ids == null || !ids.remove(id)) return null;
            return Optional.ofNullable(versions.get(tableId).get(id));
        }

        Unit(UUID clientId) {
            this.clientId = clientId;
        }
        long nextSeq;
        long endSeq;

        /** The first of {@code n} consecutive sequences from the unit's block. */
        long seq(int n) {
            if (nextSeq + n > endSeq) throw new IllegalStateException("sequence block exhausted");
            long first = nextSeq;
            for (long s = first; s < first + n; s++) mine.add(s);
            nextSeq += n;
            return first;
        }
    }

    /** Thrown on the fast path when a mutation fails: the unit is rolled back and redone with savepoints. */
    private static final class Careful extends RuntimeException {
        Careful() {
            super(null, null, false, false);
        }
    }

    private List<Map<String, Object>> unit(Connection c, Principal p, UUID clientId, List<Incoming> unit,
                                           boolean careful) throws SQLException {
        repo.lockClient(c, p.companyId(), p.userId(), clientId);
        Map<UUID, String> stored = repo.storedResults(c, p.companyId(), p.userId(), clientId,
                unit.stream().map(in -> in.m().mutationId()).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        List<SyncRepository.Stored> toStore = new ArrayList<>();
        Unit u = new Unit(clientId);
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
        }
        if (fresh > 0 && unit.getFirst().m().entity() == Mutation.Entity.RECORD) prefetch(c, p, u, unit, stored);
        for (Incoming in : unit) {
            Mutation m = in.m();
            String old = stored.get(m.mutationId());
            if (old != null || !seen.add(m.mutationId())) {
                Map<String, Object> r = old != null ? new LinkedHashMap<>(asMap(SyncRepository.parse(old)))
                        : result(m, "rejected");
                if (old == null) r.put("reason", "The same mutationId appears twice in this push");
                r.put("replayed", true);
                out.add(r);
                continue;
            }
            Map<String, Object> r;
            Long seq = null;
            if (m.entity() == Mutation.Entity.RECORD && m.parentId() != null) {
                // lock the table outside the savepoint: a lock taken inside would be released by its rollback
                try {
                    if (!u.locked.containsKey(m.parentId())) {
                        u.locked.put(m.parentId(), schemas.lock(c, p, m.parentId(), false));
                    }
                } catch (RowanException e) {
                    r = rejected(m, e);
                    out.add(r);
                    toStore.add(store(m, r, null, null));
                    continue;
                }
            }
            Savepoint sp = careful ? c.setSavepoint() : null;
            int journaled = u.pending.size();
            try {
                r = apply(c, p, u, in);
                Object s = r.get("seq");
                seq = s instanceof Long l ? l : null;
            } catch (RowanException e) {
                if (sp == null) throw new Careful();
                c.rollback(sp);
                u.pending.truncate(journaled);
                r = rejected(m, e);
            } catch (SQLException e) {
                RuntimeException t = Tx.translate(e);
                if (!(t instanceof RowanException re)) throw e;
                if (sp == null) throw new Careful();
                c.rollback(sp);
                u.pending.truncate(journaled);
                r = rejected(m, re);
            }
            out.add(r);
            toStore.add(store(m, r, seq, r.get("lastSeq") instanceof Long l ? l : null));
        }
        journal.flush(c, p, u.pending);
        repo.store(c, p.companyId(), clientId, p.userId(), toStore);
        return out;
    }

    /**
     * Locks the tables of the unit's record updates and deletes and, one statement per table, the rows they
     * touch, reading their versions: instead of a round trip per mutation. Before any savepoint, so no rollback
     * releases these locks. A table that cannot be locked is left to the mutation, which is rejected with why.
     */
    private void prefetch(Connection c, Principal p, Unit u, List<Incoming> unit, Map<UUID, String> stored)
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

    private static SyncRepository.Stored store(Mutation m, Map<String, Object> r, @Nullable Long seq,
                                               @Nullable Long seqLast) {
        return new SyncRepository.Stored(m.mutationId(), m.entity().name().toLowerCase(Locale.ROOT), m.entityId(),
                m.op().name().toLowerCase(Locale.ROOT), (String) r.get("status"), r, seq, seqLast);
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

    private Map<String, Object> apply(Connection c, Principal p, Unit u, Incoming in) throws SQLException {
        Mutation m = in.m();
        return switch (m.entity()) {
            case RECORD -> record(c, p, u, in);
            case TABLE -> table(c, p, in);
            case FIELD -> field(c, p, in);
            case VIEW -> view(c, p, in);
            case APP -> app(c, p, in);
            case FOLDER -> folder(c, p, in);
        };
    }

    // ---------------------------------------------------------------- records

    @SuppressWarnings("unchecked")
    private Map<String, Object> record(Connection c, Principal p, Unit u, Incoming in) throws SQLException {
        Mutation m = in.m();
        if (m.parentId() == null) throw RowanException.invalid("parentId", "A record mutation names its table in parentId");
        TableDef t = u.locked.get(m.parentId());
        Map<String, @Nullable Object> payload = in.payload();
        Object rawFields = payload.getOrDefault("fields", Map.of());
        if (!(rawFields instanceof Map<?, ?> fm)) throw RowanException.invalid("payload.fields", "fields must be an object");
        Map<String, @Nullable Object> fields = (Map<String, @Nullable Object>) fm;
        Long base = payload.get("baseVersion") instanceof Number n ? n.longValue() : null;
        Map<String, @Nullable Object> baseValues = payload.get("base") instanceof Map<?, ?> bm
                ? (Map<String, @Nullable Object>) bm : Map.of();
        UUID id = m.entityId();
        Optional<Long> prefetched = u.takeVersion(t.id(), id);
        switch (m.op()) {
            case CREATE -> {
                if (payload.containsKey("records")) return bulkCreate(c, p, u, t, in);
                long seq = u.seq(1);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", id.toString());
                body.put("fields", fields);
                writes.create(c, p, t, body, seq, u.pending);
                Map<String, Object> r = result(m, "applied");
                r.put("seq", seq);
                r.put("rowVersion", seq);
                return r;
            }
            case UPDATE -> {
                var current = prefetched != null ? prefetched : records.lockVersion(c, t, id);
                if (current.isEmpty()) {
                    if (u.pending.deletes(id) || repo.deletedAt(c, p.companyId(), id, "delete").isPresent()) {
                        Map<String, Object> r = result(m, "conflict");
                        r.put("reason", "The record was deleted on the server after you last saw it; your edit "
                                + "was not applied. Re-create it to keep your values, or drop the edit.");
                        r.put("kind", "deleted");
                        r.put("mine", fields);
                        return r;
                    }
                    throw RowanException.notFound("No record " + id + " in table " + t.name());
                }
                Set<String> changedSince = Set.of();
                boolean allChanged = false;
                if (base != null && current.get() > base) {
                    Set<String> s = new HashSet<>();
                    for (SyncRepository.Change ch : repo.recordChangesSince(c, p.companyId(), id, base, p.userId(), u.clientId)) {
                        if (u.mine.contains(ch.seq())) continue; // this client's own edit earlier in this unit
                        if (!"update".equals(ch.op())) {
                            allChanged = true;
                            continue;
                        }
                        Object d = SyncRepository.parse(ch.data());
                        if (d instanceof Map<?, ?> dm && dm.get("fields") instanceof List<?> l) {
                            for (Object f : l) s.add(String.valueOf(f));
                        }
                    }
                    changedSince = s;
                }
                Map<String, @Nullable Object> write = new LinkedHashMap<>();
                List<Map<String, Object>> conflicts = new ArrayList<>();
                List<FieldDef> contested = new ArrayList<>();
                Map<FieldDef, @Nullable Object> mineByField = new HashMap<>();
                for (Map.Entry<String, @Nullable Object> e : fields.entrySet()) {
                    FieldDef f = t.field(e.getKey()).orElse(null);
                    if (f == null) {
                        FieldDef removed = removedField(t, e.getKey());
                        if (removed != null) {
                            conflicts.add(conflict(removed, e.getValue(), null, baseValues.get(e.getKey()),
                                    "The field " + removed.name() + " was removed on the server"));
                            continue;
                        }
                        write.put(e.getKey(), e.getValue()); // unknown: the write rejects it with its reason
                        continue;
                    }
                    if (allChanged || changedSince.contains(f.id().toString())) {
                        contested.add(f);
                        mineByField.put(f, e.getValue());
                    } else {
                        write.put(f.id().toString(), e.getValue());
                    }
                }
                if (!contested.isEmpty()) {
                    Map<UUID, @Nullable Object> theirs = records.values(c, t, id, contested);
                    for (FieldDef f : contested) {
                        Object mine = mineByField.get(f);
                        Object mineApi;
                        try {
                            mineApi = FieldValues.toApi(f.type(), FieldValues.coerce(f, mine, f.name()));
                        } catch (RowanException ex) {
                            mineApi = mine;
                        }
                        Object their = theirs.get(f.id());
                        if (Objects.equals(String.valueOf(mineApi), String.valueOf(their))) continue; // same edit
                        Object b = baseValues.containsKey(f.id().toString()) ? baseValues.get(f.id().toString())
                                : baseValues.get(f.name());
                        conflicts.add(conflict(f, mine, their, b, "Changed on the server since your version "
                                + base));
                    }
                }
                Long seq = null;
                if (!write.isEmpty()) {
                    seq = u.seq(1);
                    writes.update(c, p, t, id, Map.of("fields", write), false, seq, u.pending);
                }
                Map<String, Object> r = result(m, conflicts.isEmpty() ? "applied" : "conflict");
                if (seq != null) r.put("seq", seq);
                r.put("rowVersion", seq != null ? seq : current.get());
                r.put("appliedFields", new ArrayList<>(write.keySet()));
                if (!conflicts.isEmpty()) {
                    r.put("kind", "fields");
                    r.put("reason", conflicts.size() + " field(s) were changed by someone else since your version; "
                            + "the rest of your edit was applied");
                    r.put("conflicts", conflicts);
                }
                return r;
            }
            case DELETE -> {
                var current = prefetched != null ? prefetched : records.lockVersion(c, t, id);
                if (current.isEmpty()) {
                    Map<String, Object> r = result(m, "applied");
                    r.put("note", "already deleted");
                    return r;
                }
                if (base != null && current.get() > base) {
                    Map<String, Object> r = result(m, "conflict");
                    r.put("kind", "changed");
                    r.put("reason", "The record was changed on the server after you last saw it; it was not "
                            + "deleted. Delete it again to confirm.");
                    r.put("theirs", records.get(c, t, id).orElse(Map.of()));
                    return r;
                }
                long seq = u.seq(1);
                writes.delete(c, p, t, id, seq, u.pending);
                Map<String, Object> r = result(m, "applied");
                r.put("seq", seq);
                return r;
            }
        }
        throw new IllegalStateException();
    }

    /**
     * A bulk create: every valid row goes in (with a change-log row of its own), invalid ones are skipped and
     * listed in {@code rejectedRecords}; applied if at least one row went in. The rows' sequences are one block
     * of the unit's, stored as the mutation's range so this client's later edits of them are not conflicts.
     */
    private Map<String, Object> bulkCreate(Connection c, Principal p, Unit u, TableDef t, Incoming in)
            throws SQLException {
        Mutation m = in.m();
        Map<String, @Nullable Object> payload = in.payload();
        Bodies.allowOnly(payload, Set.of("records"));
        if (!(payload.get("records") instanceof List<?> rows) || rows.isEmpty()) {
            throw RowanException.invalid("payload.records", "records must be a non-empty list of {\"id\", \"fields\"}");
        }
        if (rows.size() > RecordWrites.MAX_BULK_CREATE) {
            throw RowanException.invalid("payload.records", "A bulk create holds at most "
                    + RecordWrites.MAX_BULK_CREATE + " records; split it");
        }
        if (!(rows.getFirst() instanceof Map<?, ?> first) || !m.entityId().toString().equals(first.get("id"))) {
            throw RowanException.invalid("entityId", "The entityId of a bulk create is the id of its first record");
        }
        long firstSeq = u.seq(rows.size());
        RecordWrites.BulkCreated done = writes.bulkCreate(c, p, t, rows, firstSeq);
        Map<String, Object> r = result(m, done.created() > 0 ? "applied" : "rejected");
        if (done.created() > 0) {
            r.put("seq", firstSeq);
            r.put("lastSeq", firstSeq + rows.size() - 1);
        } else {
            r.put("reason", "None of the " + rows.size() + " records could be inserted; see rejectedRecords");
        }
        r.put("created", done.created());
        r.put("rejectedRecords", done.rejected());
        return r;
    }

    private static @Nullable FieldDef removedField(TableDef t, String key) {
        try {
            UUID fid = UUID.fromString(key);
            return t.fieldById(fid).filter(FieldDef::hidden).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, Object> conflict(FieldDef f, @Nullable Object mine, @Nullable Object theirs,
                                                @Nullable Object base, String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fieldId", f.id());
        m.put("field", f.name());
        m.put("mine", mine);
        m.put("theirs", theirs);
        m.put("base", base);
        m.put("reason", why);
        return m;
    }

    // ---------------------------------------------------------------- schema

    private Map<String, Object> table(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        return switch (m.op()) {
            case CREATE -> createTable(c, p, in);
            case UPDATE -> updateTable(c, p, in);
            case DELETE -> {
                Bodies.allowOnly(in.payload(), Set.of());
                Map<String, Object> r = result(m, "applied");
                if (repo.tableMeta(c, p.companyId(), m.entityId()).isEmpty()) {
                    r.put("note", "already deleted");
                } else {
                    tablesService.deleteTable(c, p, m.entityId());
                }
                yield r;
            }
        };
    }

    private Map<String, Object> createTable(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        Map<String, @Nullable Object> body = new LinkedHashMap<>(in.payload());
        body.remove("appId");
        body.put("id", m.entityId().toString());
        UUID appId = m.parentId() != null ? m.parentId()
                : in.payload().get("appId") instanceof String s ? parseUuid(s, "payload.appId") : null;
        if (appId == null) throw RowanException.invalid("parentId", "A table mutation names its app in parentId");
        String asked = FieldSpec_name(body);
        Map<String, Object> r = result(m, "applied");
        withFreeName(c, asked, body, r, () -> tablesService.createTable(c, p, appId, body));
        return r;
    }

    /**
     * {@code {name?, description?, folderId?: uuid|null, position?, fieldOrder?: [fieldId, ...]}}: a rename whose
     * name was taken meanwhile becomes "Name (2)"; field ids in fieldOrder the table no longer has are skipped
     * (listed in {@code skippedFieldIds}).
     */
    private Map<String, Object> updateTable(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        Bodies.allowOnly(in.payload(), TABLE_UPDATE_KEYS);
        Map<String, @Nullable Object> body = new LinkedHashMap<>(in.payload());
        List<UUID> order = null;
        if (body.containsKey("fieldOrder")) {
            if (!(body.remove("fieldOrder") instanceof List<?> raw)) {
                throw RowanException.invalid("payload.fieldOrder", "fieldOrder must be a list of field ids");
            }
            order = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                if (!(raw.get(i) instanceof String s)) {
                    throw RowanException.invalid("payload.fieldOrder[" + i + "]", "a field id (UUID)");
                }
                order.add(parseUuid(s, "payload.fieldOrder[" + i + "]"));
            }
        }
        if (body.isEmpty() && order == null) {
            throw RowanException.invalid("payload", "A table update names at least one of " + TABLE_UPDATE_KEYS);
        }
        Map<String, Object> r = result(m, "applied");
        if (!body.isEmpty()) {
            withFreeName(c, FieldSpec_name(body), body, r, () -> {
                tablesService.updateTable(c, p, m.entityId(), body);
                return null;
            });
        }
        if (order != null) {
            List<UUID> skipped = tablesService.reorderFields(c, p, m.entityId(), order);
            if (!skipped.isEmpty()) r.put("skippedFieldIds", skipped);
        }
        return r;
    }

    private static final Set<String> TABLE_UPDATE_KEYS = Set.of("name", "description", "folderId", "position",
            "fieldOrder");

    // ---------------------------------------------------------------- apps and folders

    private static final Set<String> APP_CREATE_KEYS = Set.of("name", "description", "icon", "color");
    private static final Set<String> APP_UPDATE_KEYS = Set.of("name", "description", "icon", "color", "position");
    private static final Set<String> FOLDER_CREATE_KEYS = Set.of("name", "description", "parentFolderId");
    private static final Set<String> FOLDER_UPDATE_KEYS = Set.of("name", "description", "position",
            "parentFolderId");

    /**
     * CREATE {@code {name, description?, icon?, color?}} with the client's id, UPDATE any of
     * {@code {name, description, icon, color, position}}, DELETE {@code {}} (the app's tables are dropped, as
     * DELETE /api/apps/{id} does). App names need not be unique.
     */
    private Map<String, Object> app(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        Map<String, Object> r = result(m, "applied");
        switch (m.op()) {
            case CREATE -> {
                Bodies.allowOnly(in.payload(), APP_CREATE_KEYS);
                Map<String, @Nullable Object> body = new LinkedHashMap<>(in.payload());
                body.put("id", m.entityId().toString());
                appsService.createApp(c, p, body);
            }
            case UPDATE -> {
                Bodies.allowOnly(in.payload(), APP_UPDATE_KEYS);
                if (in.payload().isEmpty()) {
                    throw RowanException.invalid("payload", "An app update names at least one of " + APP_UPDATE_KEYS);
                }
                appsService.updateApp(c, p, m.entityId(), in.payload());
            }
            case DELETE -> {
                Bodies.allowOnly(in.payload(), Set.of());
                if (!appsService.deleteApp(c, p, m.entityId())) r.put("note", "already deleted");
            }
        }
        return r;
    }

    /**
     * CREATE (parentId = the app) {@code {name, description?, parentFolderId?}}, UPDATE any of
     * {@code {name, description, position, parentFolderId}}, DELETE {@code {}} (its tables move to the app's top
     * level, its subfolders go with it).
     */
    private Map<String, Object> folder(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        Map<String, Object> r = result(m, "applied");
        switch (m.op()) {
            case CREATE -> {
                if (m.parentId() == null) {
                    throw RowanException.invalid("parentId", "A folder mutation names its app in parentId");
                }
                Bodies.allowOnly(in.payload(), FOLDER_CREATE_KEYS);
                foldersService.createFolder(c, p, m.parentId(), folderBody(in.payload(), m.entityId()));
            }
            case UPDATE -> {
                Bodies.allowOnly(in.payload(), FOLDER_UPDATE_KEYS);
                if (in.payload().isEmpty()) {
                    throw RowanException.invalid("payload", "A folder update names at least one of "
                            + FOLDER_UPDATE_KEYS);
                }
                foldersService.updateFolder(c, p, m.entityId(), folderBody(in.payload(), null));
            }
            case DELETE -> {
                Bodies.allowOnly(in.payload(), Set.of());
                if (!foldersService.deleteFolder(c, p, m.entityId())) r.put("note", "already deleted");
            }
        }
        return r;
    }

    /** The REST shape of a folder body: the parent folder is {@code parentId} there. */
    private static Map<String, @Nullable Object> folderBody(Map<String, @Nullable Object> payload, @Nullable UUID id) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>(payload);
        if (body.containsKey("parentFolderId")) {
            Object parent = body.remove("parentFolderId");
            if (parent != null && (!(parent instanceof String s) || s.length() != 36)) {
                throw RowanException.invalid("payload.parentFolderId", "payload.parentFolderId must be a UUID");
            }
            if (parent != null) parseUuid((String) parent, "payload.parentFolderId");
            body.put("parentId", parent);
        }
        if (id != null) body.put("id", id.toString());
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> field(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        UUID tableId = m.parentId();
        if (tableId == null) throw RowanException.invalid("parentId", "A field mutation names its table in parentId");
        Map<String, Object> r = result(m, "applied");
        switch (m.op()) {
            case CREATE -> {
                Map<String, @Nullable Object> body = new LinkedHashMap<>(in.payload());
                body.put("id", m.entityId().toString());
                String asked = FieldSpec_name(body);
                withFreeName(c, asked, body, r, () -> tablesService.addField(c, p, tableId, body));
            }
            case UPDATE -> {
                TableDef def = schemas.lock(c, p, tableId, true);
                FieldDef current = def.fieldById(m.entityId()).orElse(null);
                Map<String, @Nullable Object> body = new LinkedHashMap<>(in.payload());
                Object removed = body.remove("removed");
                if (removed != null && !(removed instanceof Boolean)) {
                    throw RowanException.invalid("payload.removed", "removed must be true or false");
                }
                if (Boolean.TRUE.equals(removed)) {
                    throw RowanException.invalid("payload.removed", "To remove a field, send a FIELD DELETE");
                }
                // {"removed": false} brings a removed field back (POST /api/tables/{id}/fields/{fieldId}/restore)
                boolean restore = Boolean.FALSE.equals(removed) && current != null && current.hidden();
                if (current == null || current.hidden() && !restore) {
                    Map<String, Object> cr = result(m, "conflict");
                    cr.put("kind", "removed");
                    cr.put("reason", "The field " + (current == null ? m.entityId() : "'" + current.name() + "'")
                            + " was removed on the server by another designer, so your change to it cannot apply. "
                            + (current == null ? "It is gone for good." : "Restore it first to keep your change, or "
                            + "drop your change."));
                    cr.put("mine", in.payload());
                    return cr;
                }
                boolean clearInvalid = Boolean.TRUE.equals(body.remove("clearInvalid"));
                Map<String, Object> base = body.remove("base") instanceof Map<?, ?> bm ? (Map<String, Object>) bm
                        : Map.of();
                if (body.get("name") instanceof String mine && base.get("name") instanceof String baseName
                        && !current.name().equals(baseName) && !current.name().equals(mine)) {
                    Map<String, Object> cr = result(m, "conflict");
                    cr.put("kind", "rename");
                    cr.put("reason", "Someone else renamed this field to '" + current.name() + "' while you renamed "
                            + "it to '" + mine + "'; it keeps '" + current.name() + "'. Rename it again to use yours.");
                    cr.put("mine", mine);
                    cr.put("theirs", current.name());
                    cr.put("base", baseName);
                    return cr;
                }
                Map<String, Object>[] res = new Map[1];
                if (restore) {
                    // restored under its name, or "Name (2)" if a visible field took the name meanwhile
                    String asked = body.get("name") instanceof String s ? s : current.name();
                    withFreeName(c, asked, body, r, () -> {
                        tablesService.restoreField(c, p, tableId, m.entityId(),
                                body.get("name") instanceof String s ? s : null);
                        Map<String, @Nullable Object> rest = new LinkedHashMap<>(body);
                        rest.remove("name");
                        if (!rest.isEmpty()) {
                            res[0] = tablesService.changeField(c, p, tableId, m.entityId(), rest, clearInvalid,
                                    false);
                        }
                        return null;
                    });
                    r.put("restored", true);
                } else {
                    String asked = body.get("name") instanceof String s ? s : null;
                    withFreeName(c, asked, body, r, () -> {
                        res[0] = tablesService.changeField(c, p, tableId, m.entityId(), body, clearInvalid, false);
                        return null;
                    });
                }
                if (res[0] != null && res[0].get("conversion") != null) r.put("conversion", res[0].get("conversion"));
            }
            case DELETE -> {
                TableDef def = schemas.lock(c, p, tableId, true);
                FieldDef current = def.fieldById(m.entityId()).orElse(null);
                if (current == null || current.hidden()) {
                    r.put("note", "already removed");
                } else {
                    tablesService.removeField(c, p, tableId, m.entityId(), false);
                }
            }
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> view(Connection c, Principal p, Incoming in) throws SQLException {
        Mutation m = in.m();
        UUID tableId = m.parentId();
        if (tableId == null) throw RowanException.invalid("parentId", "A view mutation names its table in parentId");
        schemas.lock(c, p, tableId, true);
        Map<String, Object> r = result(m, "applied");
        if (m.op() == Mutation.Op.DELETE) {
            if (!repo.deleteView(c, tableId, m.entityId())) r.put("note", "already deleted");
        } else {
            Map<String, @Nullable Object> b = in.payload();
            String name = dev.rowan.model.schema.FieldSpec.checkName("View", b.get("name"));
            Object kind = b.get("type");
            if (!(kind instanceof String k) || !VIEW_KINDS.contains(k)) {
                throw RowanException.invalid("payload.type", "type must be one of " + VIEW_KINDS);
            }
            Object config = b.getOrDefault("config", Map.of());
            if (!(config instanceof Map<?, ?> cfg)) throw RowanException.invalid("payload.config", "config must be an object");
            if (!repo.upsertView(c, tableId, m.entityId(), name, k, (Map<String, Object>) cfg)) {
                throw RowanException.conflict("The view id " + m.entityId() + " belongs to another table");
            }
        }
        long seq = journal.reserve(c, p.companyId(), 1);
        journal.change(c, p, seq, "view", m.entityId(), tableId, m.op().name().toLowerCase(Locale.ROOT), null);
        journal.audit(c, p, "view." + m.op().name().toLowerCase(Locale.ROOT), "view", m.entityId(),
                Map.of("table", tableId));
        r.put("seq", seq);
        return r;
    }

    private static final Set<String> VIEW_KINDS = Set.of("grid", "kanban", "calendar", "gallery", "form");

    @FunctionalInterface
    private interface Work {
        @Nullable Object run() throws SQLException;
    }

    /**
     * Runs a schema write; if its name clashes with one another designer took meanwhile, it is retried as
     * "Name (2)", "Name (3)"... and the result says so. Ids are the identity and names are labels, so the
     * offline designer's field (and every record value pushed for it) survives instead of being rejected.
     */
    private static void withFreeName(Connection c, @Nullable String asked, Map<String, @Nullable Object> body,
                                     Map<String, Object> result, Work work) throws SQLException {
        for (int n = 1; ; n++) {
            Savepoint sp = c.setSavepoint();
            try {
                work.run();
                if (n > 1) {
                    result.put("renamedTo", body.get("name"));
                    result.put("note", "The name '" + asked + "' was taken meanwhile; it was saved as '"
                            + body.get("name") + "'");
                }
                return;
            } catch (RowanException e) {
                c.rollback(sp);
                if (!(e instanceof Conflict dup && dup.reason() == Conflict.Reason.DUPLICATE_NAME) || asked == null || n >= MAX_RENAMES) throw e;
                body.put("name", asked + " (" + (n + 1) + ")");
            }
        }
    }

    private static @Nullable String FieldSpec_name(Map<String, @Nullable Object> body) {
        return body.get("name") instanceof String s ? s : null;
    }

    private static UUID parseUuid(String s, String key) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw RowanException.invalid(key, key + " must be a UUID");
        }
    }

    // ---------------------------------------------------------------- results

    static Map<String, Object> result(Mutation m, String status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mutationId", m.mutationId());
        r.put("entity", m.entity().name());
        r.put("op", m.op().name());
        r.put("entityId", m.entityId());
        r.put("status", status);
        return r;
    }

    private static Map<String, Object> rejected(Mutation m, RowanException e) {
        Map<String, Object> r = result(m, "rejected");
        r.put("reason", dev.rowan.server.http.Problems.safeDetail(e.getMessage()));
        r.put("type", e.type());
        if (!e.errors().isEmpty()) r.put("errors", e.errors());
        r.putAll(e.extra());
        LOG.debug("Mutation {} rejected: {}", m.mutationId(), e.getMessage());
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(@Nullable Object o) {
        return o instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
    }

    static String json(Object o) {
        return SyncRepository.json(o);
    }

}
