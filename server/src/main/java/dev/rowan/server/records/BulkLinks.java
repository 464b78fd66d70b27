package dev.rowan.server.records;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.link.LinkEdit;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.LinkWriter;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.server.db.CopyBinary;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The links of records made by a bulk load (REST bulk and pushed bulk creates), the one place their junction rows
 * are written: {@link #write} for a chunk that went in whole, {@link #writeOne} for a row of a chunk redone row by
 * row. Anything that must follow a link change (other-side change-log rows, stored rollups) hooks in at these two.
 *
 * <p>A chunk's links go in with one binary COPY per junction after the chunk's records, inside the chunk's savepoint.
 * The checks of a single create ({@link LinkWriter}) hold by construction: an unknown id, or one of another company
 * (never in this company's tables), breaks the junction's foreign key; a second link where the other side allows one
 * is found by one query after the COPY; a field that cannot be written, or more than one id where the field allows
 * one, is caught before the chunk ends. Any of those sends the chunk to {@link BulkLoader}'s row-by-row redo, where
 * each row's links go through {@link LinkWriter} exactly as a single create's do, so the row that is wrong gets
 * the single create's error and nothing of it is stored.
 */
final class BulkLinks {
    private static final SqlDialect PG = SqlDialect.POSTGRES;

    /** Thrown by {@link #write} when a link of the chunk breaks a limit of one: the chunk is redone row by row. */
    static final class Refused extends Exception {
        Refused() {
            super(null, null, false, false);
        }
    }

    /** One junction row to be: the record made, the record it links to (or is linked from), its order. */
    private record Pair(UUID record, UUID other, int order) {
    }

    private final TableDef table;
    private final LinkWriter writer = new LinkWriter(PG);
    private final Ddl ddl = new Ddl(PG);
    private final Map<FieldDef, List<Pair>> pending = new IdentityHashMap<>();
    /**
     * The records on the other side whose inverse field the load changed, per link field: of the chunk (or redone
     * row) being written, and of those kept. They get change-log rows at the end ({@link #journalOtherSides}), as
     * a single create's links give them ({@code RecordWrites.otherSide}).
     */
    private final Map<FieldDef, java.util.LinkedHashSet<UUID>> touching = new IdentityHashMap<>();
    private final Map<FieldDef, java.util.LinkedHashSet<UUID>> touched = new IdentityHashMap<>();
    /** A row of this chunk needs the row-by-row checks (a field not writable, several ids where one is allowed). */
    private boolean redo;

    BulkLinks(TableDef table) {
        this.table = table;
    }

    /** Collects the links of a record of the chunk being loaded. */
    void add(RecordInput in) {
        for (Map.Entry<FieldDef, LinkEdit> e : in.links().entrySet()) {
            if (!(LinkFields.state(table, e.getKey()) instanceof LinkFields.Ok ok)) {
                redo = true;
                continue;
            }
            // a new record has no links yet: a set and an add both link these ids, a remove has nothing to remove
            List<UUID> ids = e.getValue().linking();
            if (ok.linkType().limitOne() && ids.size() > 1) redo = true;
            List<Pair> pairs = pending.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            for (int i = 0; i < ids.size(); i++) pairs.add(new Pair(in.id(), ids.get(i), i));
        }
    }

    /** Forgets the chunk's links (it was rolled back). */
    void clear() {
        pending.clear();
        redo = false;
        touching.clear();
    }

    /** The chunk (or redone row) whose links were written stays: its other-side records are kept for the log. */
    void keep() {
        for (var e : touching.entrySet()) {
            touched.computeIfAbsent(e.getKey(), k -> new java.util.LinkedHashSet<>()).addAll(e.getValue());
        }
        touching.clear();
    }

    /** The redone row was rolled back: its other-side records are not changed. */
    void drop() {
        touching.clear();
    }

    private void touch(FieldDef field, java.util.Collection<UUID> others) {
        if (!(field.type() instanceof FieldType.Link l) || l.inverseField() == null || others.isEmpty()) return;
        touching.computeIfAbsent(field, k -> new java.util.LinkedHashSet<>()).addAll(others);
    }

    /**
     * Change-log rows for the records on the other side of the links the load wrote, naming their inverse field, so
     * a pull brings them too (one statement per link field).
     */
    void journalOtherSides(Connection c, dev.rowan.server.journal.Actor p, dev.rowan.server.journal.Journal journal)
            throws SQLException {
        for (var e : touched.entrySet()) {
            FieldType.Link l = (FieldType.Link) e.getKey().type();
            List<UUID> others = new ArrayList<>(e.getValue());
            // (a self-link's other side may be a record of this same load: an update row after its insert is harmless)
            long seq = journal.reserve(c, p.companyId(), others.size());
            journal.recordChanges(c, p, seq, l.targetTable(), "update", others,
                    Map.of("fields", List.of(l.inverseField().toString())));
        }
        touched.clear();
    }

    /**
     * Writes the chunk's links after its records, on the caller's connection inside the chunk's savepoint; an
     * unknown or foreign id ends in the foreign key's SQLException (23503), a broken limit of one in {@link Refused}.
     */
    void write(Connection c) throws SQLException, Refused {
        try {
            if (redo) throw new Refused();
            for (Map.Entry<FieldDef, List<Pair>> e : pending.entrySet()) {
                LinkFields.Ok ok = (LinkFields.Ok) LinkFields.state(table, e.getKey());
                copy(c, ok, e.getValue());
            }
        } finally {
            pending.clear(); // the other-side records wait for keep() or drop()
            redo = false;
        }
    }

    private void copy(Connection c, LinkFields.Ok ok, List<Pair> pairs) throws SQLException, Refused {
        FieldType.Link l = ok.linkType();
        String j = ddl.junctionName(table.schemaName(), Objects.requireNonNull(l.junction()));
        // the forward side keeps the order the ids were given in; a record made on the inverse side goes after the
        // links the other record has, as a single create puts it
        Map<UUID, Integer> next = l.forward() ? Map.of() : nextPositions(c, j, pairs);
        CopyBinary rows = new CopyBinary(64 + 48 * pairs.size());
        rows.header();
        Set<UUID> linked = new LinkedHashSet<>();
        for (Pair pr : pairs) {
            rows.row(3);
            if (l.forward()) {
                rows.uuid(pr.record());
                rows.uuid(pr.other());
                rows.int4(pr.order());
            } else {
                rows.uuid(pr.other());
                rows.uuid(pr.record());
                rows.int4(next.merge(pr.other(), 1, Integer::sum) - 1);
            }
            linked.add(pr.other());
        }
        touch(ok.link(), linked);
        rows.trailer();
        var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + j + " (src, dst, pos) FROM STDIN "
                + "WITH (FORMAT binary)");
        try {
            copy.writeToCopy(rows.array(), 0, rows.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
        FieldDef partner = l.inverseField() == null ? null
                : ok.target().fieldById(l.inverseField()).filter(f -> !f.hidden()).orElse(null);
        if (partner != null && partner.type() instanceof FieldType.Link pl && pl.limitOne()
                && linkedMoreThanOnce(c, j, l.forward() ? "dst" : "src", linked)) {
            throw new Refused();
        }
    }

    /** For each other-side record, the position after its last link ({@code pos} is the forward side's order). */
    private static Map<UUID, Integer> nextPositions(Connection c, String j, List<Pair> pairs) throws SQLException {
        Map<UUID, Integer> next = new HashMap<>();
        Set<UUID> others = new LinkedHashSet<>();
        for (Pair pr : pairs) others.add(pr.other());
        try (PreparedStatement ps = c.prepareStatement("SELECT src, max(pos) + 1 FROM " + j
                + " WHERE src = ANY(?) GROUP BY src")) {
            ps.setArray(1, c.createArrayOf("uuid", others.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) next.put(rs.getObject(1, UUID.class), rs.getInt(2));
            }
        }
        for (UUID o : others) next.putIfAbsent(o, 0);
        return next;
    }

    private static boolean linkedMoreThanOnce(Connection c, String j, String column, Set<UUID> ids)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + j + " WHERE " + column + " = ANY(?) "
                + "GROUP BY " + column + " HAVING count(*) > 1 LIMIT 1")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The links of one record of a chunk redone row by row, after its row and inside its savepoint, through the
     * single create's checks and writer; a refusal names {@code records[i].fields.<name>}.
     */
    void writeOne(Connection c, RecordInput in, String path) throws SQLException {
        for (Map.Entry<FieldDef, LinkEdit> e : in.links().entrySet()) {
            var applied = writer.apply(c, table, in.id(), e.getKey(), e.getValue(),
                    path + "fields." + e.getKey().name());
            if (applied.changed()) {
                List<UUID> others = new ArrayList<>(applied.added());
                others.addAll(applied.removed());
                others.remove(in.id());
                touch(e.getKey(), others);
            }
        }
    }

    /** The errors of a refused row, as a bulk result lists them. */
    static List<FieldError> errors(RowanException e, int index) {
        return e.errors().isEmpty() ? List.of(new FieldError("records[" + index + "]", e.getMessage())) : e.errors();
    }
}
