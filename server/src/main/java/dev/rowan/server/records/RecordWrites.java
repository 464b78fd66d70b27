package dev.rowan.server.records;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.journal.Journal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Single-record writes as application operations, inside the caller's transaction, on a table the caller has
 * locked, with a change-log sequence the caller reserved. The REST handlers and sync push both go through here,
 * so validation, SQL, change log and audit are one implementation.
 */
public final class RecordWrites {
    private final RecordRepository records;
    private final Journal journal;

    public RecordWrites(RecordRepository records, Journal journal) {
        this.records = records;
        this.journal = journal;
    }

    /** Creates a record from {@code {"id"?, "fields": {...}}} (fields by name or id); returns its API JSON. */
    public Map<String, Object> create(Connection c, Principal p, TableDef t, @Nullable Object body, long seq)
            throws SQLException {
        RecordInput in = RecordInput.parse(t, body, RecordInput.Mode.CREATE, "");
        var createdAt = records.insert(c, t, in, p, seq);
        journal.changeAndAudit(c, p, seq, "record", in.id(), t.id(), "insert", null, "record.create",
                Map.of("table", t.id()));
        return RecordJson.of(in.id(), createdAt, p.userId(), seq, t.activeFields(), in.values());
    }

    /**
     * Updates the fields given (PATCH) or all fields (replace); false if there is no such record. The change log
     * names the fields written, which is what field-level conflict detection reads.
     */
    public boolean update(Connection c, Principal p, TableDef t, UUID id, @Nullable Object body, boolean replace,
                          long seq) throws SQLException {
        RecordInput in = RecordInput.parse(t, body, replace ? RecordInput.Mode.REPLACE : RecordInput.Mode.PATCH, "");
        if (in.idGiven() && !in.id().equals(id)) {
            throw RowanException.invalid("id", "The id in the body differs from the id in the path");
        }
        if (!records.update(c, t, id, in.values(), p, seq)) return false;
        List<String> changed = in.values().keySet().stream().map(f -> f.id().toString()).toList();
        journal.changeAndAudit(c, p, seq, "record", id, t.id(), "update", Map.of("fields", changed),
                "record.update", Map.of("table", t.id(), "fields", changed.size()));
        return true;
    }

    /** Deletes a record; false if there is no such record. */
    public boolean delete(Connection c, Principal p, TableDef t, UUID id, long seq) throws SQLException {
        if (!records.delete(c, t, id)) return false;
        journal.changeAndAudit(c, p, seq, "record", id, t.id(), "delete", null, "record.delete",
                Map.of("table", t.id()));
        return true;
    }
}
