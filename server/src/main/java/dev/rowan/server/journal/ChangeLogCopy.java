package dev.rowan.server.journal;

import dev.rowan.server.db.CopyBinary;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The change log of a bulk load: one row per block of records with consecutive sequences instead of one row per
 * record ({@link #ENTITY}, entity id = the table, {@code record_ids} = the records in sequence order, the row at the
 * block's last sequence; migration V25). A pull expands it into one change per record
 * ({@code sync.SyncRepository.changes}), so clients see exactly what per-record rows gave them, while PostgreSQL
 * writes one row and two index entries per block: measured before (issue 14, JFR of {@code ./rowan bench --only
 * bulk}), the per-record rows were 45 % of the time a bulk request waited for PostgreSQL.
 *
 * <p>Per-record conflict checks do not read inserts (a client's base version of a record is never below its
 * creation), and every later update or delete of a record still writes a row of its own.
 */
public final class ChangeLogCopy {
    /** The entity of a block row. */
    public static final String ENTITY = "records";
    private static final String SQL = "COPY rowan.change_log (seq, entity_id, company_id, table_id, user_id, entity, op,"
            + " record_ids) FROM STDIN WITH (FORMAT binary)";

    private final Actor actor;
    private final UUID tableId;
    private final String op;
    private final List<UUID> ids = new ArrayList<>();
    /** The blocks kept so far, encoded: written with one COPY at the end of the load. */
    private final CopyBinary rows = new CopyBinary(1024);
    private int kept;
    private long first;

    /** For records of {@code tableId} changed by {@code actor} with {@code op} ("insert"). */
    public ChangeLogCopy(Actor actor, UUID tableId, String op) {
        this.actor = actor;
        this.tableId = tableId;
        this.op = op;
    }

    /** The record that got sequence {@code seq}: the block's first, or the one right after the last added. */
    public void add(long seq, UUID recordId) {
        if (ids.isEmpty()) {
            first = seq;
        } else if (seq != first + ids.size()) {
            throw new IllegalStateException("A change-log block needs consecutive sequences");
        }
        ids.add(recordId);
    }

    /** Records in the block being collected. */
    public int size() {
        return ids.size();
    }

    /** Drops the block being collected (its records were rolled back); blocks kept before stay. */
    public void clear() {
        ids.clear();
    }

    /**
     * Keeps the block being collected (its records went in) for {@link #copy}, and starts the next. Blocks are
     * written together at the end: a statement per chunk was a round trip per 5,000 records that waited for
     * PostgreSQL each time.
     */
    public void keep() {
        if (ids.isEmpty()) return;
        if (kept == 0) rows.header();
        rows.row(8);
        rows.int8(first + ids.size() - 1);
        rows.uuid(tableId);
        rows.uuid(actor.companyId());
        rows.uuid(tableId);
        rows.uuid(actor.userId());
        rows.text(ENTITY);
        rows.text(op);
        rows.uuidArray(ids);
        kept++;
        ids.clear();
    }

    /** Writes the kept blocks' rows on the caller's connection (its transaction) and forgets them. */
    public void copy(Connection c) throws SQLException {
        keep();
        if (kept == 0) return;
        rows.trailer();
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            copy.writeToCopy(rows.array(), 0, rows.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
            rows.clear();
            kept = 0;
        }
    }
}
