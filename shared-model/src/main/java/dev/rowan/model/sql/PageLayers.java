package dev.rowan.model.sql;

import dev.rowan.model.link.LinkFields;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which fields of a table are costly to read — links, lookups and rollups (a correlated subquery per record) and the
 * formulas and buttons that read them — and the table without them. A page whose filter and sort touch none of them
 * picks its rows from the table without them ({@link #light}) and computes the costly fields for those rows only
 * (see {@link RecordSql#page}): 50 rows of subqueries instead of one per record of the table, which is what kept a
 * page of 100,000 linked records from returning on H2.
 */
final class PageLayers {
    private PageLayers() {
    }

    /** The ids of the costly active fields of {@code table}. */
    static Set<UUID> costly(TableDef table) {
        return costly(table, Set.of());
    }

    /**
     * As {@link #costly(TableDef)}, the rollups {@code stored} (read from fresh side tables, see
     * {@link StoredRollups}) not costly, nor the formulas that read only them.
     */
    static Set<UUID> costly(TableDef table, Set<UUID> stored) {
        Set<UUID> out = new HashSet<>();
        List<FieldDef> active = table.activeFields();
        for (FieldDef f : active) if (LinkFields.readsLinks(f.type()) && !stored.contains(f.id())) out.add(f.id());
        if (out.isEmpty()) return out;
        // formulas (and buttons' URL formulas) that read a costly field, through other formulas too
        boolean grew = true;
        while (grew) {
            grew = false;
            for (FieldDef f : active) {
                if (out.contains(f.id())) continue;
                String formula = formula(f.type());
                if (formula == null) continue;
                for (UUID c : out) {
                    if (formula.contains("{fld:" + c + "}")) {
                        out.add(f.id());
                        grew = true;
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static @Nullable String formula(FieldType type) {
        return switch (type) {
            case FieldType.Formula f -> f.formula();
            case FieldType.Button b -> b.formula();
            default -> null;
        };
    }

    /** {@code table} without its costly fields (ids, names and the rest unchanged). */
    static TableDef light(TableDef table, Set<UUID> costly) {
        return new TableDef(table.id(), table.appId(), table.name(), table.schemaName(), table.physicalName(),
                table.fields().stream().filter(f -> !costly.contains(f.id())).toList(), table.linked());
    }

    /**
     * The table a page picks its rows from when neither its filter nor its sort reads a costly field: {@link #light},
     * or when they read no computed field at all the stored fields only, so the pick is a plain query on the user
     * table (its indexes, the primary key's order, a LIMIT that stops the scan) with no derived table around it.
     */
    static TableDef pick(TableDef table, Set<UUID> costly, @Nullable Filter filter, List<Column> keys) {
        Set<UUID> computed = new HashSet<>();
        Set<UUID> others = new HashSet<>(); // computed, and not a rollup read from its fresh side table
        for (FieldDef f : table.activeFields()) {
            if (!dev.rowan.model.kind.FieldKinds.of(f.type()).computed()) continue;
            computed.add(f.id());
            if (!LinkFields.readsLinks(f.type()) || costly.contains(f.id())) others.add(f.id());
        }
        if (!touches(table, computed, filter, keys)) return light(table, computed);
        // only stored rollups read: the plain table and their side tables, no formula layer around them
        return light(table, touches(table, others, filter, keys) ? costly : others);
    }

    /**
     * A linked table as a reader of one of its fields sees it: its stored fields only when {@code read} is stored
     * (the plain table), without its costly fields when {@code read} is not one of them, else whole.
     */
    static TableDef reading(TableDef table, @Nullable FieldDef read) {
        if (read == null) return table;
        boolean computed = dev.rowan.model.kind.FieldKinds.of(read.type()).computed();
        if (!computed) {
            return new TableDef(table.id(), table.appId(), table.name(), table.schemaName(), table.physicalName(),
                    table.fields().stream().filter(f -> !dev.rowan.model.kind.FieldKinds.of(f.type()).computed())
                            .toList(), table.linked());
        }
        Set<UUID> costly = costly(table);
        return costly.contains(read.id()) ? table : light(table, costly);
    }

    /**
     * The one stored rollup a page's filter and sort keys read when they read nothing else (no other field, no system
     * column), else null: such a page's rows can be picked from the side table alone.
     */
    static @Nullable FieldDef onlyStored(TableDef table, Set<UUID> stored, @Nullable Filter filter, List<Column> keys) {
        Set<UUID> read = new HashSet<>();
        for (Column k : keys) {
            if (k.field() == null) return null;
            read.add(k.field().id());
        }
        if (filter != null && !fieldsOf(table, filter, read)) return null;
        if (read.size() != 1) return null;
        UUID only = read.iterator().next();
        return stored.contains(only) ? table.fieldById(only).orElse(null) : null;
    }

    private static boolean fieldsOf(TableDef table, Filter filter, Set<UUID> out) {
        return switch (filter) {
            case Filter.Group g -> g.conditions().stream().allMatch(c -> fieldsOf(table, c, out));
            case Filter.Condition c -> {
                Column col = RecordSql.column(table, c.field(), "filter");
                if (col.field() == null) yield false;
                out.add(col.field().id());
                yield true;
            }
        };
    }

    /** Whether a filter or the sort keys read one of {@code fields}. */
    static boolean touches(TableDef table, Set<UUID> fields, @Nullable Filter filter, List<Column> keys) {
        for (Column k : keys) if (k.field() != null && fields.contains(k.field().id())) return true;
        return filter != null && touches(table, fields, filter);
    }

    private static boolean touches(TableDef table, Set<UUID> costly, Filter filter) {
        return switch (filter) {
            case Filter.Group g -> g.conditions().stream().anyMatch(c -> touches(table, costly, c));
            case Filter.Condition c -> {
                Column col = RecordSql.column(table, c.field(), "filter");
                yield col.field() != null && costly.contains(col.field().id());
            }
        };
    }
}
