package dev.rowan.server.records;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.journal.Journal;
import org.jspecify.annotations.Nullable;

import dev.rowan.model.error.FieldError;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Single-record writes as application operations, inside the caller's transaction, on a table the caller has
 * locked, with a change-log sequence the caller reserved. The REST handlers and sync push both go through here,
 * so validation, SQL, change log and audit are one implementation.
 */
public final class RecordWrites {
    /** The most rows {@link #bulkCreate} takes at once (one COPY chunk). */
    public static final int MAX_BULK_CREATE = BulkLoader.CHUNK;

    /** What a bulk create did: rows inserted, and the rows skipped as {@code {"id", "reason"}}. */
    public record BulkCreated(int created, List<Map<String, Object>> rejected) {
    }

    private final RecordRepository records;
    private final Journal journal;
    private final dev.rowan.model.sql.LinkWriter linkWriter =
            new dev.rowan.model.sql.LinkWriter(dev.rowan.model.sql.SqlDialect.POSTGRES);

    public RecordWrites(RecordRepository records, Journal journal) {
        this.records = records;
        this.journal = journal;
    }

    /**
     * Every write's attachment values through the one check ({@code files.AttachmentRefs}): each file id must be a
     * file of this table, and the value stored carries the server's metadata of it.
     */
    static RecordInput files(Connection c, Principal p, TableDef t, RecordInput in, String path) throws SQLException {
        dev.rowan.server.files.AttachmentRefs.resolve(c, p, t, in.values(), path);
        MemberNames.check(c, p, t, in.values(), path);
        return in;
    }

    /** As {@link #files(Connection, Principal, TableDef, RecordInput, String)} for one of many rows of a request. */
    static RecordInput files(Connection c, Principal p, TableDef t, RecordInput in, String path,
                             MemberNames.Batch members) throws SQLException {
        dev.rowan.server.files.AttachmentRefs.resolve(c, p, t, in.values(), path);
        members.check(in.values(), path);
        return in;
    }

    /** Creates a record from {@code {"id"?, "fields": {...}}} (fields by name or id); returns its API JSON. */
    public Map<String, Object> create(Connection c, Principal p, TableDef t, @Nullable Object body, long seq)
            throws SQLException {
        return create(c, p, t, body, seq, null);
    }

    /** As {@link #create(Connection, Principal, TableDef, Object, long)}; journal rows go to {@code pending}. */
    public Map<String, Object> create(Connection c, Principal p, TableDef t, @Nullable Object body, long seq,
                                      Journal.@Nullable Pending pending) throws SQLException {
        RecordInput in = files(c, p, t, RecordInput.parse(t, body, RecordInput.Mode.CREATE, ""), "");
        var createdAt = records.insert(c, t, in, p, seq);
        writeLinks(c, p, t, in.id(), in);
        journal.changeAndAudit(c, p, pending, seq, "record", in.id(), t.id(), "insert", null, "record.create",
                Map.of("table", t.id()));
        if (t.activeFields().stream().anyMatch(f -> dev.rowan.model.sql.Ddl.computed(f)
                || dev.rowan.model.kind.FieldKinds.of(f.type()).assignedByServer())) {
            // computed values exist only in a read, an autonumber once the row is in: answer with the record as read
            var read = records.get(c, t, in.id());
            if (read.isPresent()) return read.get();
        }
        return RecordJson.of(in.id(), createdAt, p.userId(), seq, t.activeFields(), in.values(),
                MemberNames.load(c, t, t.activeFields()));
    }

    /**
     * Writes the link fields of a record after its row: unknown ids, ids of another company (never in this
     * company's tables) and a second link where one is the limit are refused naming the field, and the caller's
     * transaction is rolled back, so nothing changes.
     */
    private void writeLinks(Connection c, Principal p, TableDef t, UUID id, RecordInput in) throws SQLException {
        for (var e : in.links().entrySet()) {
            var applied = linkWriter.apply(c, t, id, e.getKey(), e.getValue(), "fields." + e.getKey().name());
            otherSide(c, p, e.getKey(), applied, id);
        }
    }

    /**
     * A link written on one side changes the inverse field of every record linked or unlinked on the other side:
     * each of those gets its own change-log row (fresh sequences, same transaction) naming the inverse field, so a
     * pull brings those records too and field-level conflict checks see the change on both sides.
     */
    private void otherSide(Connection c, Principal p, dev.rowan.model.schema.FieldDef field,
                           dev.rowan.model.sql.LinkWriter.Applied applied, UUID self) throws SQLException {
        if (!applied.changed() || !(field.type() instanceof dev.rowan.model.schema.FieldType.Link l)
                || l.inverseField() == null) {
            return;
        }
        java.util.LinkedHashSet<UUID> others = new java.util.LinkedHashSet<>(applied.added());
        others.addAll(applied.removed());
        others.remove(self); // a record linked to itself has its own row already
        if (others.isEmpty()) return;
        long seq = journal.reserve(c, p.companyId(), others.size());
        Map<String, Object> data = Map.of("fields", List.of(l.inverseField().toString()));
        for (UUID other : others) {
            journal.change(c, p, seq++, "record", other, l.targetTable(), "update", data);
        }
    }

    /**
     * Updates the fields given (PATCH) or all fields (replace); false if there is no such record. The change log
     * names the fields written, which is what field-level conflict detection reads.
     */
    public boolean update(Connection c, Principal p, TableDef t, UUID id, @Nullable Object body, boolean replace,
                          long seq) throws SQLException {
        return update(c, p, t, id, body, replace, seq, null);
    }

    /** As {@link #update(Connection, Principal, TableDef, UUID, Object, boolean, long)}; journal rows to {@code pending}. */
    public boolean update(Connection c, Principal p, TableDef t, UUID id, @Nullable Object body, boolean replace,
                          long seq, Journal.@Nullable Pending pending) throws SQLException {
        RecordInput in = files(c, p, t, RecordInput.parse(t, body,
                replace ? RecordInput.Mode.REPLACE : RecordInput.Mode.PATCH, ""), "");
        if (in.idGiven() && !in.id().equals(id)) {
            throw RowanException.invalid("id", "The id in the body differs from the id in the path");
        }
        if (!records.update(c, t, id, in.values(), p, seq)) return false;
        writeLinks(c, p, t, id, in);
        List<String> changed = new ArrayList<>(in.values().keySet().stream().map(f -> f.id().toString()).toList());
        for (var f : in.links().keySet()) changed.add(f.id().toString());
        journal.changeAndAudit(c, p, pending, seq, "record", id, t.id(), "update", Map.of("fields", changed),
                "record.update", Map.of("table", t.id(), "fields", changed.size()));
        return true;
    }

    /**
     * Inserts rows {@code {"id", "fields"}} (ids required, at most {@link #MAX_BULK_CREATE}) with the bulk loader
     * (COPY; a chunk that breaks a constraint is redone row by row), each with its own change-log row. The caller
     * reserved {@code rows.size()} sequence numbers from {@code firstSeq}; the row at list position i gets at
     * most {@code firstSeq + i}, and numbers of skipped rows stay unused. Rows that fail validation or a
     * constraint are skipped and reported with their id and reason.
     */
    public BulkCreated bulkCreate(Connection c, Principal p, TableDef t, List<?> rows, long firstSeq)
            throws SQLException {
        if (rows.size() > MAX_BULK_CREATE) {
            throw RowanException.invalid("records", "At most " + MAX_BULK_CREATE + " records at once");
        }
        FieldLookup lookup = new FieldLookup(t);
        BulkResults results;
        int created;
        MemberNames.Batch members = new MemberNames.Batch(c, p); // members read once for all rows
        try (BulkLoader loader = new BulkLoader(c, t, p, journal, records, n -> firstSeq)) {
            for (int i = 0; i < rows.size(); i++) {
                String path = "records[" + i + "].";
                try {
                    RecordInput in = files(c, p, t,
                            RecordInput.parse(t, lookup, rows.get(i), RecordInput.Mode.CREATE, path), path, members);
                    if (!in.idGiven()) {
                        throw RowanException.invalid(path + "id", "id is required: the client makes record ids");
                    }
                    loader.add(in, i);
                } catch (RowanException e) {
                    loader.reject(i, e.errors().isEmpty() ? List.of(new FieldError("records[" + i + "]",
                            e.getMessage())) : e.errors());
                }
            }
            results = loader.finish();
            created = loader.created();
        }
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (var e : results.failures().entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            Object raw = rows.get(e.getKey()) instanceof Map<?, ?> m ? m.get("id") : null;
            r.put("id", raw instanceof String s ? s : null);
            r.put("index", e.getKey());
            r.put("reason", e.getValue().stream().map(fe -> fe.field() + ": " + fe.message())
                    .collect(Collectors.joining("; ")));
            rejected.add(r);
        }
        if (created > 0) {
            journal.audit(c, p, "record.bulk-create", "table", t.id(), Map.of("created", created,
                    "failed", rejected.size()));
        }
        return new BulkCreated(created, rejected);
    }

    /**
     * Before a bulk delete: per link field of the table, the records on the other side linked to any of {@code ids}
     * (their inverse field changes when the junction rows go with the deleted records).
     */
    Map<dev.rowan.model.schema.FieldDef, List<UUID>> linkedOtherSide(Connection c, TableDef t, List<UUID> ids)
            throws SQLException {
        Map<dev.rowan.model.schema.FieldDef, List<UUID>> out = new java.util.LinkedHashMap<>();
        for (var f : t.activeFields()) {
            if (!(f.type() instanceof dev.rowan.model.schema.FieldType.Link)) continue;
            var linked = otherSideOf(c, t, f, ids);
            if (!linked.isEmpty()) out.put(f, linked);
        }
        return out;
    }

    /** After a bulk delete: change-log rows for the other side's records (not for records deleted themselves). */
    void journalOtherSide(Connection c, Principal p, Map<dev.rowan.model.schema.FieldDef, List<UUID>> linked,
                          java.util.Set<UUID> deleted) throws SQLException {
        for (var e : linked.entrySet()) {
            List<UUID> others = e.getValue().stream().filter(id -> !deleted.contains(id)).toList();
            if (!others.isEmpty()) {
                otherSide(c, p, e.getKey(), new dev.rowan.model.sql.LinkWriter.Applied(List.of(), others),
                        new UUID(0, 0));
            }
        }
    }

    /**
     * The records on the other side of a link field linked to any of {@code ids}, read from the junction even when
     * the deleting member cannot see the other table (its links go with the record all the same, so its records
     * change and must be journalled — stored rollups and replicas rely on that); none when the junction is gone.
     */
    private static List<UUID> otherSideOf(Connection c, TableDef t, dev.rowan.model.schema.FieldDef f,
                                          List<UUID> ids) throws SQLException {
        if (ids.isEmpty() || !(f.type() instanceof dev.rowan.model.schema.FieldType.Link l) || l.junction() == null) {
            return List.of();
        }
        var ddl = new dev.rowan.model.sql.Ddl(dev.rowan.model.sql.SqlDialect.POSTGRES);
        String junction = ddl.junctionName(t.schemaName(), l.junction());
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, junction);
            try (var rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) return List.of(); // the other table and its junctions deleted
            }
        }
        String own = l.forward() ? "src" : "dst";
        String other = l.forward() ? "dst" : "src";
        List<UUID> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT DISTINCT " + other + " FROM " + junction + " WHERE " + own
                + " = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    /** Deletes a record; false if there is no such record. */
    public boolean delete(Connection c, Principal p, TableDef t, UUID id, long seq) throws SQLException {
        return delete(c, p, t, id, seq, null);
    }

    /** As {@link #delete(Connection, Principal, TableDef, UUID, long)}; journal rows go to {@code pending}. */
    public boolean delete(Connection c, Principal p, TableDef t, UUID id, long seq, Journal.@Nullable Pending pending)
            throws SQLException {
        // the junction rows go with the record (ON DELETE CASCADE): the records on the other side change as well
        Map<dev.rowan.model.schema.FieldDef, List<UUID>> linked = new java.util.LinkedHashMap<>();
        for (var f : t.activeFields()) {
            if (f.type() instanceof dev.rowan.model.schema.FieldType.Link) {
                List<UUID> ids = otherSideOf(c, t, f, List.of(id));
                if (!ids.isEmpty()) linked.put(f, ids);
            }
        }
        if (!records.delete(c, t, id)) return false;
        for (var e : linked.entrySet()) {
            otherSide(c, p, e.getKey(), new dev.rowan.model.sql.LinkWriter.Applied(List.of(), e.getValue()), id);
        }
        journal.changeAndAudit(c, p, pending, seq, "record", id, t.id(), "delete", null, "record.delete",
                Map.of("table", t.id()));
        return true;
    }
}
