package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * An index that would serve a query shape: btree keys (equality columns first, then the sort keys in their
 * direction, then id, which is how {@link RecordSql#page} orders) or a trigram index for text contains. Derived
 * from a table definition and a parsed query, so its columns and name come from ids only.
 *
 * @param kind btree or trigram
 * @param keys the indexed columns in order ({@code id} last when the index serves an ordered page)
 */
public record IndexShape(Kind kind, List<Key> keys) {
    /** At most this many columns before id: wider keys cost more on writes than they save on reads. */
    public static final int MAX_KEYS = 4;

    public enum Kind { BTREE, TRIGRAM }

    /** One indexed column: a field (by id) or a system column ({@code createdAt}, {@code updatedAt}, {@code id}). */
    public record Key(String column, @Nullable UUID fieldId, boolean descending) {
        static final Key ID = new Key("id", null, false);

        /** The field id, or the system column's API name: what the shape is stored and shown as. */
        public String ref() {
            if (fieldId != null) return fieldId.toString();
            return switch (column) {
                case "created_at" -> "createdAt";
                case "updated_at" -> "updatedAt";
                default -> column;
            };
        }

        static Key of(Column c, boolean descending) {
            return new Key(c.sqlName(), c.field() == null ? null : c.field().id(), descending);
        }
    }

    public IndexShape {
        keys = List.copyOf(keys);
        for (Key k : keys) PhysicalNames.checked(k.column());
    }

    /** The shape as text, e.g. {@code b:f_1a2b…+,f_3c4d…-,id+}; equal shapes have equal signatures. */
    public String signature() {
        StringBuilder sb = new StringBuilder(kind == Kind.BTREE ? "b:" : "t:");
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(keys.get(i).column()).append(keys.get(i).descending() ? '-' : '+');
        }
        return sb.toString();
    }

    /** {@code ax_<table>_<12 hex of the signature>}: a generated identifier of at most 48 characters. */
    public String indexName(TableDef table) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(signature().getBytes(StandardCharsets.UTF_8));
            return PhysicalNames.checked("ax_" + table.physicalName() + "_" + HexFormat.of().formatHex(h, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The indexes that would serve this query on {@code table}, best first. Only conditions that every matching
     * row meets (those of the top-level AND, or nested ANDs) count; conditions under an OR are left alone.
     * Fields whose manual {@code indexed}/{@code unique} flag already gives the same index are skipped.
     *
     * @param trigram whether trigram indexes can be built (pg_trgm)
     */
    private static boolean computed(Column c) {
        return c.field() != null && Ddl.computed(c.field());
    }

    public static List<IndexShape> forQuery(TableDef table, @Nullable Filter filter, List<Sort> sorts,
                                            boolean trigram) {
        List<Column> equal = new ArrayList<>();
        List<Column> range = new ArrayList<>();
        List<Column> contains = new ArrayList<>();
        if (filter != null) collect(table, filter, equal, range, contains);

        List<Key> btree = new ArrayList<>();
        for (Column c : equal) {
            if (btree.size() < MAX_KEYS && btree.stream().noneMatch(k -> k.column().equals(c.sqlName()))) {
                btree.add(Key.of(c, false));
            }
        }
        int beforeSort = btree.size();
        for (Sort s : sorts) {
            Column c = RecordSql.column(table, s.field(), "sort");
            // a single select sorts by its option order (an expression of the option list), not by the column
            if (!btreeable(c.type()) || c.type() instanceof FieldType.SingleSelect || btree.size() >= MAX_KEYS
                    || computed(c)) break;
            if (btree.stream().noneMatch(k -> k.column().equals(c.sqlName()))) btree.add(Key.of(c, s.descending()));
        }
        boolean sorted = btree.size() > beforeSort;
        if (!sorted && !range.isEmpty() && btree.size() < MAX_KEYS
                && btree.stream().noneMatch(k -> k.column().equals(range.getFirst().sqlName()))) {
            btree.add(Key.of(range.getFirst(), false));
        } else if (!btree.isEmpty() && (sorted || sorts.isEmpty())) {
            btree.add(Key.ID); // the tie-breaker of every page: the index then delivers rows in page order
        }

        List<IndexShape> out = new ArrayList<>();
        if (!btree.isEmpty() && !coveredByManual(table, btree) && !isBuiltIn(btree)) {
            out.add(new IndexShape(Kind.BTREE, btree));
        }
        if (trigram) {
            for (Column c : contains) {
                if (c.field() != null && !c.field().indexed() && c.type().textual()
                        && out.stream().noneMatch(s -> s.kind() == Kind.TRIGRAM && s.keys().getFirst().column()
                        .equals(c.sqlName()))) {
                    out.add(new IndexShape(Kind.TRIGRAM, List.of(Key.of(c, false))));
                }
            }
        }
        return out;
    }

    private static void collect(TableDef table, Filter f, List<Column> equal, List<Column> range,
                                List<Column> contains) {
        switch (f) {
            case Filter.Group g -> {
                if (g.logic() == Filter.Logic.AND || g.conditions().size() == 1) {
                    for (Filter inner : g.conditions()) collect(table, inner, equal, range, contains);
                }
            }
            case Filter.Condition c -> {
                Column col;
                try {
                    col = RecordSql.column(table, c.field(), "filter");
                } catch (RowanException e) {
                    return; // the query itself reports it
                }
                if (computed(col)) return; // a formula has no column to index
                Operator op = c.operator();
                switch (op) {
                    case EQ, IN -> {
                        if (btreeable(col.type())) equal.add(col);
                        else if (col.type().textual()) contains.add(col); // trigram indexes serve = as well
                    }
                    case GT, GTE, LT, LTE, BETWEEN -> {
                        if (btreeable(col.type())) range.add(col);
                    }
                    case CONTAINS, STARTS_WITH, ENDS_WITH -> {
                        if (col.type().textual()) contains.add(col);
                    }
                    case NE, NOT_IN, NOT_CONTAINS, IS_NULL, IS_NOT_NULL, HAS_ANY_OF, HAS_NONE_OF -> {
                        // match most rows: an index would not be used
                    }
                }
            }
        }
    }

    /**
     * Types an automatic btree serves: numbers, dates, booleans, single selects. Not text: a btree entry holds at
     * most about 2.7 KB and text values may be longer, so an index nobody asked for would make such writes fail.
     */
    private static boolean btreeable(FieldType t) {
        FieldKind<?> kind = FieldKinds.of(t);
        return !kind.textual() && kind.indexable();
    }

    /** One field the user marked indexed or unique already has this index (see {@link Ddl#indexes}). */
    private static boolean coveredByManual(TableDef table, List<Key> keys) {
        List<Key> own = keys.getLast() == Key.ID && keys.size() > 1 ? keys.subList(0, keys.size() - 1) : keys;
        if (own.size() != 1 || own.getFirst().fieldId() == null) return false;
        FieldDef f = table.field(own.getFirst().fieldId().toString()).orElse(null);
        return f != null && (f.indexed() || f.unique()) && !own.getFirst().descending() && keys.size() == 1;
    }

    /** The primary key and the (created_at, id) index every table has. */
    private static boolean isBuiltIn(List<Key> keys) {
        if (keys.size() == 1 && keys.getFirst().equals(Key.ID)) return true;
        return keys.size() == 2 && keys.getFirst().column().equals("created_at") && !keys.getFirst().descending()
                && keys.get(1).equals(Key.ID);
    }
}
