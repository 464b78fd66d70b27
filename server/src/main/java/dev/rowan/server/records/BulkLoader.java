package dev.rowan.server.records;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.journal.ChangeLogCopy;
import dev.rowan.server.journal.Journal;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Loads records into a table in chunks, each streamed to PostgreSQL with COPY while the next rows are still being
 * parsed, so parsing and loading overlap. A chunk whose COPY breaks a constraint is redone row by row under
 * savepoints, so every row gets its own result. Sequence numbers are reserved per chunk before its COPY starts
 * (the connection is busy during COPY); numbers of rows that fail stay unused. The chunk's change-log rows are
 * encoded beside its records and follow them with a second COPY when the chunk went in whole.
 */
final class BulkLoader implements AutoCloseable {
    static final int CHUNK = 5_000;
    private static final int FLUSH_BYTES = 256 * 1024;
    private static final SqlDialect PG = SqlDialect.POSTGRES;

    /** Hands out the first of {@code n} consecutive change-log sequence numbers for a chunk. */
    @FunctionalInterface
    interface Seqs {
        long reserve(int n) throws SQLException;
    }

    private final Connection c;
    private final Seqs seqs;
    private final TableDef table;
    private final Principal p;
    private final Journal journal;
    private final RecordRepository records;
    private final List<FieldDef> fields;
    private final String copySql;
    private final List<RecordInput> chunk = new ArrayList<>(CHUNK);
    private final List<Integer> indexes = new ArrayList<>(CHUNK);
    private final BulkResults results = new BulkResults();
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
    private final Object[] system = new Object[RecordSql.SYSTEM_COLUMN_COUNT];
    private final Object[] values;
    private final ChangeLogCopy changes;
    private CopyIn copy;
    private Savepoint savepoint;
    private long firstSeq;
    private int created;
    private int failed;

    BulkLoader(Connection c, TableDef table, Principal p, Journal journal, RecordRepository records) {
        this(c, table, p, journal, records, n -> journal.reserve(c, p.companyId(), n));
    }

    /** With sequence numbers from {@code seqs} instead of a reservation per chunk. */
    BulkLoader(Connection c, TableDef table, Principal p, Journal journal, RecordRepository records, Seqs seqs) {
        this.c = c;
        this.seqs = seqs;
        this.table = table;
        this.p = p;
        this.journal = journal;
        this.records = records;
        this.fields = RecordSql.stored(table.activeFields());
        this.values = new Object[fields.size()];
        this.changes = new ChangeLogCopy(p, table.id(), "insert");
        StringBuilder cols = new StringBuilder(RecordSql.SYSTEM_COLUMNS);
        for (FieldDef f : fields) cols.append(", ").append(PG.quote(f.columnName()));
        this.copySql = "COPY " + new RecordSql(PG).from(table) + " (" + cols + ") FROM STDIN WITH (FORMAT csv)";
    }

    void add(RecordInput in, int index) throws SQLException {
        if (chunk.isEmpty()) begin();
        OffsetDateTime now = Clock.next();
        system[0] = in.id();
        system[1] = now;
        system[2] = now;
        system[3] = p.userId();
        system[4] = p.userId();
        system[5] = firstSeq + chunk.size();
        for (int k = 0; k < fields.size(); k++) values[k] = in.values().get(fields.get(k));
        CopyEncoder.row(buffer, system, fields, values);
        changes.add(firstSeq + chunk.size(), in.id());
        chunk.add(in);
        indexes.add(index);
        if (buffer.length() >= FLUSH_BYTES) write();
        if (chunk.size() == CHUNK) end();
    }

    void reject(int index, List<FieldError> errors) {
        results.failed(index, errors);
        failed++;
    }

    /** Ends the last chunk; returns the per-row results. */
    BulkResults finish() throws SQLException {
        if (!chunk.isEmpty()) end();
        return results;
    }

    int created() {
        return created;
    }

    int failed() {
        return failed;
    }

    private void begin() throws SQLException {
        firstSeq = seqs.reserve(CHUNK);
        savepoint = c.setSavepoint();
        copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    }

    private void write() throws SQLException {
        if (buffer.isEmpty()) return;
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            // the server rejected the COPY already; endCopy reports it
            if (!copy.isActive()) return;
            throw e;
        }
    }

    private void end() throws SQLException {
        boolean ok;
        try {
            write();
            copy.endCopy();
            c.releaseSavepoint(savepoint);
            ok = true;
        } catch (SQLException e) {
            if (copy.isActive()) copy.cancelCopy();
            c.rollback(savepoint);
            if (!"23505".equals(e.getSQLState()) && !"23502".equals(e.getSQLState())) throw e;
            ok = false;
        }
        if (ok) {
            // every row went in: their change-log rows, collected as they were encoded, go in with one COPY too
            changes.copy(c);
            for (int r = 0; r < chunk.size(); r++) results.created(indexes.get(r), chunk.get(r).id());
            created += chunk.size();
        } else {
            changes.clear();
            redoRowByRow();
        }
        chunk.clear();
        indexes.clear();
    }

    /** The chunk broke a constraint: each row again under its own savepoint, so each gets its own result. */
    private void redoRowByRow() throws SQLException {
        List<UUID> done = new ArrayList<>(chunk.size());
        List<Long> used = new ArrayList<>(chunk.size());
        for (int r = 0; r < chunk.size(); r++) {
            RecordInput in = chunk.get(r);
            Savepoint one = c.setSavepoint();
            try {
                records.insert(c, table, in, p, firstSeq + r);
                c.releaseSavepoint(one);
            } catch (RowanException e) {
                c.rollback(one);
                reject(indexes.get(r), List.of(new FieldError("records[" + indexes.get(r) + "]", e.getMessage())));
                continue;
            }
            done.add(in.id());
            used.add(firstSeq + r);
            results.created(indexes.get(r), in.id());
            created++;
        }
        journal.recordChanges(c, p, used, table.id(), "insert", done);
    }

    /**
     * Cancels a COPY still in progress (the request failed mid-chunk), so the connection can roll back; a
     * connection left in COPY mode would hang the rollback.
     */
    @Override
    public void close() throws SQLException {
        if (copy != null && copy.isActive()) copy.cancelCopy();
    }

}
