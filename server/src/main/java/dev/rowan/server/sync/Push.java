package dev.rowan.server.sync;

import dev.rowan.model.error.DetailedException;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.db.Tx;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

    /** A pushed mutation with its payload parsed. */
    record Incoming(Mutation m, Map<String, @Nullable Object> payload) {
    }

    private final Tx tx;
    private final SyncRepository repo;
    private final SchemaCache schemas;
    private final RecordRepository records;
    private final RecordWrites writes;
    private final TablesService tablesService;
    private final Journal journal;

    Push(Tx tx, SyncRepository repo, SchemaCache schemas, RecordRepository records, TablesService tablesService,
         Journal journal) {
        this.tx = tx;
        this.repo = repo;
        this.schemas = schemas;
        this.records = records;
        this.writes = new RecordWrites(records, journal);
        this.tablesService = tablesService;
        this.journal = journal;
    }

    List<Map<String, Object>> push(Principal p, UUID clientId, List<Incoming> mutations) {
        List<Map<String, Object>> results = new ArrayList<>(mutations.size());
        int i = 0;
        while (i < mutations.size()) {
            int end = i + 1;
            if (mutations.get(i).m().entity() == Mutation.Entity.RECORD) {
                while (end < mutations.size() && end - i < UNIT
                        && mutations.get(end).m().entity() == Mutation.Entity.RECORD) {
                    end++;
                }
            }
            List<Incoming> unit = mutations.subList(i, end);
            boolean records = unit.getFirst().m().entity() == Mutation.Entity.RECORD;
            List<Map<String, Object>> done;
            try {
                // fast path: no savepoints; the first mutation that fails sends the whole unit to the careful path
                done = tx.inTransaction(c -> unit(c, p, clientId, unit, !records));
            } catch (Careful e) {
                done = tx.inTransaction(c -> unit(c, p, clientId, unit, true));
            }
            results.addAll(done);
            i = end;
        }
        return results;
    }

    /** State of one unit: locked tables and a block of reserved sequences. */
    private final class Unit {
        final Map<UUID, TableDef> locked = new HashMap<>();
        final Set<Long> mine = new HashSet<>();
        final UUID clientId;

        Unit(UUID clientId) {
            this.clientId = clientId;
        }
        long nextSeq;
        long endSeq;

        long seq(Connection c, Principal p, int want) throws SQLException {
            if (nextSeq >= endSeq) throw new IllegalStateException("sequence block exhausted");
            mine.add(nextSeq);
            return nextSeq++;
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
        repo.lockClient(c, p.companyId(), clientId);
        Map<UUID, String> stored = repo.storedResults(c, p.companyId(), clientId,
                unit.stream().map(in -> in.m().mutationId()).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        List<SyncRepository.Stored> toStore = new ArrayList<>();
        Unit u = new Unit(clientId);
        Set<UUID> seen = new HashSet<>();
        int fresh = (int) unit.stream().filter(in -> !stored.containsKey(in.m().mutationId())).count();
        if (fresh > 0 && unit.getFirst().m().entity() == Mutation.Entity.RECORD) {
            // one reservation for the unit, taken before any savepoint so no rollback can undo it; unused numbers
            // are gaps, which cursors skip harmlessly
            u.nextSeq = journal.reserve(c, p.companyId(), fresh);
            u.endSeq = u.nextSeq + fresh;
        }
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
                    toStore.add(store(m, r, null));
                    continue;
                }
            }
            Savepoint sp = careful ? c.setSavepoint() : null;
            try {
                r = apply(c, p, u, in);
                Object s = r.get("seq");
                seq = s instanceof Long l ? l : null;
            } catch (RowanException e) {
                if (sp == null) throw new Careful();
                c.rollback(sp);
                r = rejected(m, e);
            } catch (SQLException e) {
                RuntimeException t = Tx.translate(e);
                if (!(t instanceof RowanException re)) throw e;
                if (sp == null) throw new Careful();
                c.rollback(sp);
                r = rejected(m, re);
            }
            out.add(r);
            toStore.add(store(m, r, seq));
        }
        repo.store(c, p.companyId(), clientId, p.userId(), toStore);
        return out;
    }

    private static SyncRepository.Stored store(Mutation m, Map<String, Object> r, @Nullable Long seq) {
        return new SyncRepository.Stored(m.mutationId(), m.entity().name().toLowerCase(Locale.ROOT), m.entityId(),
                m.op().name().toLowerCase(Locale.ROOT), (String) r.get("status"), r, seq);
    }

    private Map<String, Object> apply(Connection c, Principal p, Unit u, Incoming in) throws SQLException {
        Mutation m = in.m();
        return switch (m.entity()) {
            case RECORD -> record(c, p, u, in);
            case TABLE -> table(c, p, in);
            case FIELD -> field(c, p, in);
            case VIEW -> view(c, p, in);
            case APP, FOLDER -> throw new RowanException(422, "unsupported", "Apps and folders do not sync yet; "
                    + "create them online (POST /api/apps, /api/apps/{id}/folders)");
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
        switch (m.op()) {
            case CREATE -> {
                long seq = u.seq(c, p, 1);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", id.toString());
                body.put("fields", fields);
                writes.create(c, p, t, body, seq);
                Map<String, Object> r = result(m, "applied");
                r.put("seq", seq);
                r.put("rowVersion", seq);
                return r;
            }
            case UPDATE -> {
                var current = records.lockVersion(c, t, id);
                if (current.isEmpty()) {
                    if (repo.deletedAt(c, p.companyId(), id, "delete").isPresent()) {
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
                    for (SyncRepository.Change ch : repo.recordChangesSince(c, p.companyId(), id, base, u.clientId)) {
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
                    seq = u.seq(c, p, 1);
                    writes.update(c, p, t, id, Map.of("fields", write), false, seq);
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
                var current = records.lockVersion(c, t, id);
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
                long seq = u.seq(c, p, 1);
                writes.delete(c, p, t, id, seq);
                Map<String, Object> r = result(m, "applied");
                r.put("seq", seq);
                return r;
            }
        }
        throw new IllegalStateException();
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
        if (m.op() != Mutation.Op.CREATE) {
            throw new RowanException(422, "unsupported", "Renaming and deleting tables do not sync yet; do it online "
                    + "(PATCH/DELETE /api/tables/{id})");
        }
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
                if (current == null || current.hidden()) {
                    Map<String, Object> cr = result(m, "conflict");
                    cr.put("kind", "removed");
                    cr.put("reason", "The field " + (current == null ? m.entityId() : "'" + current.name() + "'")
                            + " was removed on the server by another designer, so your change to it cannot apply. "
                            + (current == null ? "It is gone for good." : "Restore it first to keep your change, or "
                            + "drop your change."));
                    cr.put("mine", in.payload());
                    return cr;
                }
                Map<String, @Nullable Object> body = new LinkedHashMap<>(in.payload());
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
                String asked = body.get("name") instanceof String s ? s : null;
                Map<String, Object>[] res = new Map[1];
                withFreeName(c, asked, body, r, () -> {
                    res[0] = tablesService.changeField(c, p, tableId, m.entityId(), body, clearInvalid, false);
                    return null;
                });
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
                if (!"duplicate-name".equals(e.type()) || asked == null || n >= MAX_RENAMES) throw e;
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
        r.put("reason", e.getMessage());
        r.put("type", e.type());
        if (!e.errors().isEmpty()) r.put("errors", e.errors());
        if (e instanceof DetailedException d) r.putAll(d.extra());
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
