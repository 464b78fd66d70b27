package dev.rowan.server.sync;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Operation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.value.JsonValue;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.records.RecordWrites;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Record operations of a push: the writes go through the same {@link RecordWrites} as the REST record routes;
 * what is the push's own is conflict detection against the change log since the client's {@code baseVersion}.
 * Edits of the same field are compared as typed values (the field's own coercion and API form), not as text.
 */
final class RecordPush {
    private final SyncRepository repo;
    private final RecordRepository records;
    private final RecordWrites writes;

    RecordPush(SyncRepository repo, RecordRepository records, RecordWrites writes) {
        this.repo = repo;
        this.records = records;
        this.writes = writes;
    }

    PushResult create(Connection c, Principal p, PushUnit u, PushResult.Target target, TableDef t,
                      Operation.CreateRecord op) throws SQLException {
        // a version read up front for this id is stale once the record exists: later mutations lock it themselves
        u.takeVersion(t.id(), op.entityId());
        long seq = u.seq(1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", op.entityId().toString());
        body.put("fields", new LinkedHashMap<>(op.values().byField()));
        writes.create(c, p, t, body, seq, u.pending);
        return PushResult.Applied.of(target).withRow(seq, seq, null);
    }

    PushResult update(Connection c, Principal p, PushUnit u, PushResult.Target target, TableDef t,
                      Operation.UpdateRecord op) throws SQLException {
        UUID id = op.entityId();
        Map<String, @Nullable Object> fields = op.values().byField();
        Map<String, @Nullable Object> baseValues = op.base().byField();
        Long base = op.baseVersion();
        Optional<Long> prefetched = u.takeVersion(t.id(), id);
        Optional<Long> current = prefetched != null ? prefetched : records.lockVersion(c, t, id);
        if (current.isEmpty()) {
            if (u.pending.deletes(id) || repo.deletedAt(c, p.companyId(), id, "delete").isPresent()) {
                return PushResult.Conflict.of(target, PushResult.ConflictKind.DELETED, "The record was deleted on "
                        + "the server after you last saw it; your edit was not applied. Re-create it to keep your "
                        + "values, or drop the edit.", new LinkedHashMap<>(fields), null, null);
            }
            throw RowanException.notFound("No record " + id + " in table " + t.name());
        }
        Set<String> changedSince = Set.of();
        boolean allChanged = false;
        if (base != null && current.get() > base) {
            Set<String> s = new HashSet<>();
            for (SyncRepository.Change ch : repo.recordChangesSince(c, p.companyId(), t.id(), id, base, p.userId(),
                    u.clientId)) {
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
        List<PushResult.FieldConflict> conflicts = new ArrayList<>();
        List<FieldDef> contested = new ArrayList<>();
        Map<FieldDef, @Nullable Object> mineByField = new HashMap<>();
        for (Map.Entry<String, @Nullable Object> e : fields.entrySet()) {
            FieldDef f = t.field(e.getKey()).orElse(null);
            if (f == null) {
                FieldDef removed = removedField(t, e.getKey());
                if (removed != null) {
                    conflicts.add(new PushResult.FieldConflict(removed.id(), removed.name(), e.getValue(), null,
                            baseValues.get(e.getKey()), "The field " + removed.name() + " was removed on the server"));
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
                Object their = theirs.get(f.id());
                if (sameValue(f, mine, their)) continue; // the same edit made twice is no conflict
                Object b = baseValues.containsKey(f.id().toString()) ? baseValues.get(f.id().toString())
                        : baseValues.get(f.name());
                conflicts.add(new PushResult.FieldConflict(f.id(), f.name(), mine, their, b,
                        "Changed on the server since your version " + base));
            }
        }
        Long seq = null;
        if (!write.isEmpty()) {
            seq = u.seq(1);
            writes.update(c, p, t, id, Map.of("fields", write), false, seq, u.pending);
        }
        long version = seq != null ? seq : current.get();
        List<String> applied = new ArrayList<>(write.keySet());
        if (conflicts.isEmpty()) return PushResult.Applied.of(target).withRow(seq, version, applied);
        return new PushResult.Conflict(target, false, PushResult.ConflictKind.FIELDS, conflicts.size()
                + " field(s) were changed by someone else since your version; the rest of your edit was applied",
                seq, version, applied, conflicts, null, null, null);
    }

    /**
     * Whether the client's value and the server's current one are the same value of the field: the client's is
     * put in the field's typed API form (the form the server's is read in) and the two are compared as values, so
     * 1.5 equals a stored 1.50 and a JSON object's key order does not matter. A value the field would refuse (a
     * number sent as text) is compared as sent, a number in text as that number.
     */
    static boolean sameValue(FieldDef f, @Nullable Object mine, @Nullable Object theirs) {
        Object a;
        try {
            a = FieldValues.toApi(f.type(), FieldValues.coerce(f, mine, f.name()));
        } catch (RowanException e) {
            if (mine instanceof String s && theirs instanceof Number) {
                try {
                    return same(new java.math.BigDecimal(s.strip()), theirs);
                } catch (NumberFormatException notANumber) {
                    return false;
                }
            }
            a = mine;
        }
        return same(a, theirs);
    }

    private static boolean same(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
            } catch (NumberFormatException e) {
                return a.equals(b); // NaN or infinity
            }
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) return false;
            }
            return true;
        }
        if (a instanceof JsonValue x && b instanceof JsonValue y) {
            try {
                return same(JsonText.parse(x.text()), JsonText.parse(y.text()));
            } catch (IllegalArgumentException e) {
                return x.equals(y);
            }
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!same(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    PushResult delete(Connection c, Principal p, PushUnit u, PushResult.Target target, TableDef t,
                      Operation.DeleteRecord op) throws SQLException {
        UUID id = op.entityId();
        Optional<Long> prefetched = u.takeVersion(t.id(), id);
        Optional<Long> current = prefetched != null ? prefetched : records.lockVersion(c, t, id);
        if (current.isEmpty()) return PushResult.Applied.of(target).withNote("already deleted");
        Long base = op.baseVersion();
        if (base != null && current.get() > base) {
            return PushResult.Conflict.of(target, PushResult.ConflictKind.CHANGED, "The record was changed on the "
                    + "server after you last saw it; it was not deleted. Delete it again to confirm.", null,
                    records.get(c, t, id).orElse(Map.of()), null);
        }
        long seq = u.seq(1);
        writes.delete(c, p, t, id, seq, u.pending);
        return PushResult.Applied.of(target).withSeq(seq);
    }

    /**
     * A bulk create: every valid row goes in (with a change-log row of its own), invalid ones are skipped and
     * listed in {@code rejectedRecords}; applied if at least one row went in. The rows' sequences are one block
     * of the unit's, stored as the mutation's range so this client's later edits of them are not conflicts.
     */
    PushResult bulkCreate(Connection c, Principal p, PushUnit u, PushResult.Target target, TableDef t,
                          Operation.BulkCreateRecords op) throws SQLException {
        u.takeVersion(t.id(), op.entityId());
        Bodies.allowOnly(op.rest().json(), Set.of());
        List<@Nullable Object> rows = op.rows();
        if (rows.size() > RecordWrites.MAX_BULK_CREATE) {
            throw RowanException.invalid("payload.records", "A bulk create holds at most "
                    + RecordWrites.MAX_BULK_CREATE + " records; split it");
        }
        if (!(rows.getFirst() instanceof Map<?, ?> first) || !op.entityId().toString().equals(first.get("id"))) {
            throw RowanException.invalid("entityId", "The entityId of a bulk create is the id of its first record");
        }
        long firstSeq = u.seq(rows.size());
        RecordWrites.BulkCreated done = writes.bulkCreate(c, p, t, rows, firstSeq);
        List<PushResult.RejectedRecord> refused = new ArrayList<>(done.rejected().size());
        for (Map<String, Object> r : done.rejected()) {
            refused.add(new PushResult.RejectedRecord(r.get("id") instanceof String s ? s : null,
                    r.get("index") instanceof Number n ? n.intValue() : -1, String.valueOf(r.get("reason"))));
        }
        if (done.created() > 0) {
            return PushResult.Applied.of(target).bulk(firstSeq, firstSeq + rows.size() - 1, done.created(), refused);
        }
        return new PushResult.Rejected(target, false, "None of the " + rows.size() + " records could be inserted; "
                + "see rejectedRecords", null, List.of(), Map.of(), done.created(), refused);
    }

    private static @Nullable FieldDef removedField(TableDef t, String key) {
        try {
            UUID fid = UUID.fromString(key);
            return t.fieldById(fid).filter(FieldDef::hidden).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
