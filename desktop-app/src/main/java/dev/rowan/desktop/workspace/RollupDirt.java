package dev.rowan.desktop.workspace;

import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Column;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.StoredRollups;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which records of a table have a stored rollup's inputs changed since its side table was last refreshed (issue 12,
 * stored rollups on the desktop). One per open workspace.
 *
 * <p>Every change reaches it through H2 itself, whatever path made it: {@link RollupTrigger}, an AFTER row trigger,
 * sits on each table a stored rollup reads — its own table (a record created or deleted: that record), the
 * junction (a link added, moved or removed, also by the cascade of a deleted record on either side: the record of
 * the rollup's side), the linked table (a linked record changed or deleted: the records linked to it, found through
 * the junction at refresh time; a deleted one's junction rows cascade and are caught as links) — and statement
 * triggers sit on {@code rowan.tables} and {@code rowan.fields}, so any schema change (a rollup re-saved, the
 * rolled-up field retyped or removed, a table removed or restored, a column converted by ALTER without row
 * triggers) forgets everything: every rollup is then refreshed whole on its next use. So are they when the workspace
 * opens (nothing is known yet) and when a rollup's definition differs from the one last refreshed. Triggers are
 * created with the first whole refresh of a rollup, before its values are read, so no change after that refresh
 * goes unseen; a refresh checks they are still there (a table dropped and made again loses them).
 *
 * <p>What is recorded is a superset: a change rolled back afterwards is only extra work. A refresh runs only outside
 * a write's transaction (the caller holds the workspace's lock), so what it clears is what it wrote for good.
 */
final class RollupDirt {
    /** Per database, every workspace object open on it (two on one file both hear every change). */
    private static final ConcurrentHashMap<String, java.util.concurrent.CopyOnWriteArrayList<RollupDirt>> OPEN =
            new ConcurrentHashMap<>();
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RollupDirt.class.getName());
    private static final StoredRollups STORED = new StoredRollups(dev.rowan.model.sql.SqlDialect.H2);
    private static final String TRIGGER_CLASS = RollupTrigger.class.getName();
    /** Table keys of the two statement triggers on the workspace's own schema. */
    static final String SCHEMA_TABLES = "schema_tables";
    static final String SCHEMA_FIELDS = "schema_fields";
    /** Changed records above which a rollup is refreshed whole (cheaper than thousands of probes). */
    static final int WHOLE_AT = 20_000;

    private enum Role { OWN, JUNCTION_SRC, JUNCTION_DST, LINKED }

    private record Sink(State state, Role role) {
    }

    /** A rollup's side table as last refreshed: its definition then and the changes since. */
    private static final class State {
        final String definition;
        final Set<UUID> rows = new HashSet<>();
        final Set<UUID> linked = new HashSet<>();
        boolean whole;

        State(String definition) {
            this.definition = definition;
        }

        void add(Set<UUID> to, @Nullable Object id) {
            if (whole || !(id instanceof UUID u)) return;
            to.add(u);
            if (rows.size() + linked.size() > 10 * WHOLE_AT) {
                whole = true; // no use remembering more than a whole refresh costs
                rows.clear();
                linked.clear();
            }
        }
    }

    /** What a refresh has to do for one rollup. */
    sealed interface Need permits Whole, Some {
    }

    /** Recompute the whole side table (and start watching its tables). */
    record Whole() implements Need {
    }

    /** Recompute these records only (none: the side table is fresh). */
    record Some(Set<UUID> ids) implements Need {
    }

    private final Map<UUID, State> states = new HashMap<>();
    private final Map<String, List<Sink>> sinks = new HashMap<>();

    private RollupDirt() {
    }

    /** A workspace opened: nothing is known about its side tables yet. */
    static RollupDirt open(String database) {
        RollupDirt d = new RollupDirt();
        OPEN.computeIfAbsent(database, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(d);
        return d;
    }

    static void closed(String database, RollupDirt d) {
        OPEN.computeIfPresent(database, (k, l) -> {
            l.remove(d);
            return l.isEmpty() ? null : l;
        });
    }

    /** From {@link RollupTrigger}: a row of {@code table} changed in {@code database}. */
    static void fired(String database, String table, Object @Nullable [] oldRow, Object @Nullable [] newRow) {
        var open = OPEN.get(database);
        if (open != null) for (RollupDirt d : open) d.row(table, oldRow, newRow);
    }

    synchronized void row(String table, Object @Nullable [] oldRow, Object @Nullable [] newRow) {
        if (table.equals(SCHEMA_TABLES) || table.equals(SCHEMA_FIELDS)) {
            forgetAll();
            return;
        }
        List<Sink> list = sinks.get(table);
        if (list == null) return;
        for (Sink s : list) {
            switch (s.role()) {
                case OWN -> {
                    // a record created or deleted: its value appears or goes (updates of its own fields do not count)
                    if (oldRow == null && newRow != null) s.state().add(s.state().rows, newRow[0]);
                    if (newRow == null && oldRow != null) s.state().add(s.state().rows, oldRow[0]);
                }
                case JUNCTION_SRC, JUNCTION_DST -> {
                    int side = s.role() == Role.JUNCTION_SRC ? 0 : 1;
                    if (oldRow != null) s.state().add(s.state().rows, oldRow[side]);
                    if (newRow != null) s.state().add(s.state().rows, newRow[side]);
                }
                case LINKED -> {
                    // a new linked record has no links yet; a changed or deleted one counts for those linked to it
                    if (oldRow != null) s.state().add(s.state().linked, oldRow[0]);
                }
            }
        }
    }

    /** Every rollup is refreshed whole on its next use. */
    synchronized void forgetAll() {
        states.clear();
        sinks.clear();
    }

    /** How many rollups have a known state (for tests). */
    synchronized int known() {
        return states.size();
    }

    /**
     * The rollup fields of {@code t} that a page filtered by {@code filter} and sorted by {@code sorts} reads: those
     * named, and every rollup of the table when a formula is named (it may read one).
     */
    static Set<UUID> read(TableDef t, @Nullable Filter filter, List<Sort> sorts) {
        Set<UUID> named = new HashSet<>();
        if (filter != null) fields(t, filter, named);
        try {
            for (Column c : RecordSql.sortColumns(t, sorts)) if (c.field() != null) named.add(c.field().id());
        } catch (RuntimeException e) {
            // a sort the page will refuse itself
        }
        Set<UUID> out = new HashSet<>();
        boolean formula = false;
        for (UUID id : named) {
            FieldDef f = t.fieldById(id).orElse(null);
            if (f == null) continue;
            if (f.type() instanceof FieldType.Rollup) out.add(id);
            else if (dev.rowan.model.kind.FieldKinds.of(f.type()).computed()) formula = true;
        }
        if (formula) {
            for (FieldDef f : t.activeFields()) if (f.type() instanceof FieldType.Rollup) out.add(f.id());
        }
        return out;
    }

    private static void fields(TableDef t, Filter filter, Set<UUID> out) {
        switch (filter) {
            case Filter.Group g -> g.conditions().forEach(c -> fields(t, c, out));
            case Filter.Condition c -> {
                try {
                    Column col = RecordSql.column(t, c.field(), "filter");
                    if (col.field() != null) out.add(col.field().id());
                } catch (RuntimeException e) {
                    // a filter the page will refuse itself
                }
            }
        }
    }

    /**
     * What the side table of {@code rollup} (a storable rollup of {@code t}) needs before it is read; a whole
     * refresh also starts watching its tables (creating the triggers), so call {@link #refreshed} or
     * {@link #failed} after doing it.
     */
    synchronized Need need(Connection c, TableDef t, FieldDef rollup) throws SQLException {
        Watch w = watch(t, rollup);
        State s = states.get(rollup.id());
        if (s == null || s.whole || !s.definition.equals(w.definition()) || !triggersPresent(c, w)) {
            forget(rollup.id());
            createTriggers(c, w);
            State fresh = new State(w.definition());
            states.put(rollup.id(), fresh);
            sink(w.own(), fresh, Role.OWN);
            sink(w.junction(), fresh, w.forward() ? Role.JUNCTION_SRC : Role.JUNCTION_DST);
            sink(w.linked(), fresh, Role.LINKED);
            return new Whole();
        }
        Set<UUID> ids = new HashSet<>(s.rows);
        if (!s.linked.isEmpty()) ids.addAll(linkedTo(c, w, s.linked));
        if (ids.size() > WHOLE_AT) {
            s.rows.clear();
            s.linked.clear();
            return new Whole();
        }
        s.rows.clear();
        s.linked.clear();
        return new Some(ids);
    }

    /**
     * The stored rollups a read of {@code t} filtered by {@code filter} and sorted by {@code sorts} may take from
     * their side tables: each made fresh now (refreshed whole or for the records changed since). Called under the
     * workspace's lock; inside a write's transaction nothing is refreshed and the set is empty (the read computes
     * them), since a rollback would undo the refresh but not what it cleared here.
     */
    Set<UUID> fresh(Connection c, TableDef t, @Nullable Filter filter, List<Sort> sorts) throws SQLException {
        Set<UUID> read = read(t, filter, sorts);
        if (read.isEmpty() || !c.getAutoCommit()) return Set.of();
        Set<UUID> out = new HashSet<>();
        for (UUID id : StoredRollups.storable(t, read)) {
            FieldDef f = t.fieldById(id).orElseThrow();
            try {
                switch (need(c, t, f)) {
                    case Whole w -> STORED.recreate(c, t, f); // its result type may have changed too
                    case Some s -> {
                        if (!s.ids().isEmpty()) STORED.refresh(c, t, f, s.ids());
                    }
                }
                out.add(id);
            } catch (SQLException | RuntimeException e) {
                failed(id);
                LOG.log(java.util.logging.Level.WARNING, "A stored rollup could not be refreshed; it is computed", e);
            }
        }
        return out;
    }

    /** The refresh {@link #need} asked for failed: the next use refreshes the rollup whole. */
    synchronized void failed(UUID rollup) {
        forget(rollup);
    }

    private void forget(UUID rollup) {
        State s = states.remove(rollup);
        if (s == null) return;
        for (List<Sink> l : sinks.values()) l.removeIf(x -> x.state() == s);
    }

    private void sink(String table, State s, Role role) {
        sinks.computeIfAbsent(table, k -> new ArrayList<>()).add(new Sink(s, role));
    }

    /** The tables one rollup reads, by physical name, and its definition (a change of it means a whole refresh). */
    private record Watch(String own, String junction, boolean forward, String linked, String definition) {
    }

    private static Watch watch(TableDef t, FieldDef rollup) {
        if (!(LinkFields.state(t, rollup) instanceof LinkFields.Ok ok) || ok.linkType().junction() == null) {
            throw new IllegalArgumentException("not a readable rollup: " + rollup.id());
        }
        FieldType.Link l = ok.linkType();
        String junction = PhysicalNames.junction(l.junction());
        String definition = rollup.type() + "|" + ok.link().type() + "|" + ok.targetField() + "|"
                + ok.target().physicalName() + "|" + t.physicalName();
        return new Watch(PhysicalNames.checked(t.physicalName()), PhysicalNames.checked(junction), l.forward(),
                PhysicalNames.checked(ok.target().physicalName()), definition);
    }

    /** The records of the rollup's side linked to any of {@code linked}, through the junction as it is now. */
    private static Set<UUID> linkedTo(Connection c, Watch w, Set<UUID> linked) throws SQLException {
        String own = w.forward() ? "src" : "dst";
        String other = w.forward() ? "dst" : "src";
        Set<UUID> out = new HashSet<>();
        List<UUID> all = new ArrayList<>(linked);
        for (int from = 0; from < all.size(); from += 500) {
            List<UUID> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + own + " FROM \"" + w.junction() + "\" WHERE "
                    + other + " IN (" + in + ")")) {
                for (int i = 0; i < chunk.size(); i++) ps.setObject(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    private static boolean triggersPresent(Connection c, Watch w) throws SQLException {
        Set<String> wanted = new HashSet<>(List.of(RollupTrigger.PREFIX + w.own(), RollupTrigger.PREFIX + w.junction(),
                RollupTrigger.PREFIX + w.linked(), RollupTrigger.PREFIX + SCHEMA_TABLES,
                RollupTrigger.PREFIX + SCHEMA_FIELDS));
        String in = String.join(", ", java.util.Collections.nCopies(wanted.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT LOWER(trigger_name) FROM information_schema.triggers"
                + " WHERE LOWER(trigger_name) IN (" + in + ")")) {
            int i = 1;
            for (String n : wanted) ps.setString(i++, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) wanted.remove(rs.getString(1));
            }
        }
        return wanted.isEmpty();
    }

    /** The triggers that report the rollup's tables' changes (DDL: commits; called outside any write). */
    private static void createTriggers(Connection c, Watch w) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String table : List.of(w.own(), w.junction(), w.linked())) {
                s.execute("CREATE TRIGGER IF NOT EXISTS \"" + RollupTrigger.PREFIX + table + "\" AFTER INSERT, UPDATE,"
                        + " DELETE ON \"" + table + "\" FOR EACH ROW CALL '" + TRIGGER_CLASS + "'");
            }
            // statement triggers: any change of the schema at all
            s.execute("CREATE TRIGGER IF NOT EXISTS rowan.\"" + RollupTrigger.PREFIX + SCHEMA_TABLES + "\" AFTER INSERT,"
                    + " UPDATE, DELETE ON rowan.tables CALL '" + TRIGGER_CLASS + "'");
            s.execute("CREATE TRIGGER IF NOT EXISTS rowan.\"" + RollupTrigger.PREFIX + SCHEMA_FIELDS + "\" AFTER INSERT,"
                    + " UPDATE, DELETE ON rowan.fields CALL '" + TRIGGER_CLASS + "'");
        }
    }
}
