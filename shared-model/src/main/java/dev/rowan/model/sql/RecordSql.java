package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compiles record queries for one dialect: filters, keyset-paged sorted selects, inserts, updates and deletes
 * on a user table. Identifiers come from ids; every value is a bound parameter.
 */
public final class RecordSql {
    public static final String SYSTEM_COLUMNS = "id, created_at, updated_at, created_by, updated_by, row_version";
    public static final int SYSTEM_COLUMN_COUNT = 6;
    static final FieldType TEXT = new FieldType.Text();
    static final FieldType UUID_TYPE = new FieldType.Text();
    private static final FieldType MAX_PRECISION = new FieldType.NumberType(10);

    private final SqlDialect dialect;
    private final LinkSql links;
    /** Rollup fields whose side table the caller vouches is fresh ({@link #withStoredRollups}). */
    private final java.util.Set<UUID> storedRollups;

    public RecordSql(SqlDialect dialect) {
        this(dialect, java.util.Set.of());
    }

    private RecordSql(SqlDialect dialect, java.util.Set<UUID> storedRollups) {
        this.dialect = dialect;
        this.links = new LinkSql(dialect, this);
        this.storedRollups = java.util.Set.copyOf(storedRollups);
    }

    /**
     * This compiler reading the rollups {@code fresh} (field ids whose side table is fresh, see
     * {@link StoredRollups}) from their side tables where a page or count picks its rows: filtering and sorting by
     * them then costs an index read instead of the rollup computed for every record. Values shown are still computed
     * (for the page's rows only). A field that is not a {@link StoredRollups#storable} rollup of the table queried,
     * or whose linked table the reader cannot see, is computed as before.
     */
    public RecordSql withStoredRollups(java.util.Set<UUID> fresh) {
        return new RecordSql(dialect, fresh);
    }

    /** The rollup expression of the record {@code b} that a side table stores: the one a page computes. */
    SqlFragment storedRollupValue(TableDef table, FieldDef rollup) {
        return links.value(table, rollup);
    }

    /** The fresh stored rollups of {@code table} this compiler may read from side tables. */
    private java.util.Set<UUID> stored(TableDef table) {
        return storedRollups.isEmpty() ? java.util.Set.of() : StoredRollups.storable(table, storedRollups);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Resolves a filter/sort field reference: field name or id, or createdAt/updatedAt. */
    public static Column column(TableDef table, String ref, String errorKey) {
        if (ref.equals("createdAt")) return Column.CREATED_AT;
        if (ref.equals("updatedAt")) return Column.UPDATED_AT;
        return table.field(ref).map(RecordSql::columnOf).orElseThrow(() -> RowanException.invalid(errorKey,
                "Unknown field '" + (ref.length() > 60 ? ref.substring(0, 60) + "…" : ref) + "' in table "
                        + table.name()));
    }

    /** A field as filters and sorts see it: a computed field compares by its result's plain type. */
    private static Column columnOf(FieldDef f) {
        if (f.type() instanceof FieldType.Link) return new Column(LinkSql.sortColumn(f), TEXT, f.name(), f);
        FieldType v = FieldKinds.valueType(f.type());
        return v == f.type() ? Column.of(f) : new Column(f.columnName(), v, f.name(), f);
    }

    /**
     * What record queries read from, aliased {@code t}: the user table, or when it has computed fields a derived
     * table that adds each one as a column under the field's column name (links, lookups and rollups first, then
     * formulas, which may read them), so select lists, filters, sorts and cursors address a computed field exactly
     * like a stored one. A link also gets its sort column ({@code s_…}, its first linked title). Its parameters
     * come first in any query that uses it.
     */
    public SqlFragment source(TableDef table) {
        SqlFragment body = sourceBody(table);
        return new SqlFragment(body.sql() + " t", body.params());
    }

    /** {@link #source} without its alias. */
    SqlFragment sourceBody(TableDef table) {
        return sourceBody(table, new SqlFragment(from(table), List.of()), true, false, java.util.Set.of());
    }

    /**
     * {@link #sourceBody} over {@code base} instead of the whole user table: a relation with the table's columns (a
     * page's rows, see {@link #page}); its parameters come last. Without {@code linkSortColumns} the links' sort
     * columns are left out (a page not sorted or filtered by a link has no use for them). With {@code cutLinks} a
     * link lists at most {@link dev.rowan.model.link.LinkValues#CELL_LIMIT} linked records and then their total
     * (pages; {@link #linkPage} reads the rest).
     */
    private SqlFragment sourceBody(TableDef table, SqlFragment base, boolean linkSortColumns, boolean cutLinks) {
        return sourceBody(table, base, linkSortColumns, cutLinks, java.util.Set.of());
    }

    /**
     * As above, the rollups {@code stored} (fresh, storable; see {@link #withStoredRollups}) read from their side
     * tables, each joined to the record by its primary key.
     */
    private SqlFragment sourceBody(TableDef table, SqlFragment base, boolean linkSortColumns, boolean cutLinks,
                                   java.util.Set<UUID> stored) {
        List<FieldDef> active = table.activeFields();
        List<FieldDef> linked = active.stream().filter(f -> dev.rowan.model.link.LinkFields.readsLinks(f.type()))
                .toList();
        // formulas, buttons' URLs and the system-column kinds (created/last modified time); they may read links
        List<FieldDef> formulas = active.stream().filter(f -> FieldKinds.of(f.type()).computed()
                && !dev.rowan.model.link.LinkFields.readsLinks(f.type())).toList();
        if (linked.isEmpty() && formulas.isEmpty()) return base;
        String inner = base.sql();
        List<SqlFragment.Param> innerParams = new ArrayList<>();
        if (!linked.isEmpty()) {
            StringBuilder sql = new StringBuilder("(SELECT b.*");
            StringBuilder joins = new StringBuilder();
            for (FieldDef f : linked) {
                if (stored.contains(f.id())) {
                    String alias = "sr" + joins.length();
                    joins.append(" JOIN ").append(new Ddl(dialect).storedRollupName(table.schemaName(), f.id()))
                            .append(' ').append(alias).append(" ON ").append(alias).append(".id = b.id");
                    sql.append(", ").append(alias).append(".v AS ").append(dialect.quote(f.columnName()));
                    continue;
                }
                SqlFragment e = links.value(table, f, cutLinks);
                sql.append(", ").append(e.sql()).append(" AS ").append(dialect.quote(f.columnName()));
                innerParams.addAll(e.params());
                if (linkSortColumns && f.type() instanceof FieldType.Link) {
                    SqlFragment s = links.sortValue(table, f);
                    sql.append(", ").append(s.sql()).append(" AS ").append(dialect.quote(LinkSql.sortColumn(f)));
                    innerParams.addAll(s.params());
                }
            }
            inner = sql.append(" FROM ").append(base.sql()).append(" b").append(joins).append(')').toString();
        }
        innerParams.addAll(base.params());
        if (formulas.isEmpty()) return new SqlFragment(inner, innerParams);
        StringBuilder sql = new StringBuilder("(SELECT l.*");
        List<SqlFragment.Param> params = new ArrayList<>();
        for (FieldDef f : formulas) {
            java.util.Optional<String> system = FieldKinds.of(f.type()).systemColumn();
            SqlFragment e = system.isEmpty() ? dev.rowan.model.formula.FormulaFields.sql(dialect, active, f, "l")
                    : FieldKinds.of(f.type()).showsMemberName() ? memberName(table, "l." + system.get())
                    : new SqlFragment("l." + system.get(), List.of());
            sql.append(", ").append(e.sql()).append(" AS ").append(dialect.quote(f.columnName()));
            params.addAll(e.params());
        }
        sql.append(" FROM ").append(inner).append(" l)");
        params.addAll(innerParams);
        return new SqlFragment(sql.toString(), params);
    }

    /**
     * The value a cursor keeps for a sort key, from the value read for its field: a link sorts by the title of its
     * first linked record.
     */
    public static @Nullable Object sortValue(Column key, @Nullable Object read) {
        if (key.field() != null && key.field().type() instanceof FieldType.Link && read instanceof List<?> l) {
            return l.isEmpty() ? null : dev.rowan.model.link.LinkValues.title(String.valueOf(l.getFirst()));
        }
        if (key.type() instanceof FieldType.User && read instanceof List<?> l) {
            // a user field sorts by its first member's name; the cursor keeps that member's id
            return l.isEmpty() ? null : List.of(String.valueOf(l.getFirst()));
        }
        return read;
    }

    /**
     * The member directory beside a table's records ({@code members(id, name)} in the same schema): on the server a
     * view over the company's memberships, on the desktop the members pulled on sync. Created by / last modified by
     * read names from it.
     */
    public static final String MEMBERS = "members";

    public String members(TableDef table) {
        String schema = table.schemaName().isEmpty() ? "" : dialect.quote(table.schemaName()) + ".";
        return schema + dialect.quote(MEMBERS);
    }

    private SqlFragment memberName(TableDef table, String userColumn) {
        return new SqlFragment("(SELECT m.name FROM " + members(table) + " m WHERE m.id = " + userColumn + ")",
                List.of());
    }

    /** The name of the member whose id (text) {@code idExpr} is, from the member directory beside the table. */
    private String memberNameOf(TableDef table, String idExpr) {
        return "(SELECT m.name FROM " + members(table) + " m WHERE CAST(m.id AS VARCHAR) = " + idExpr + ")";
    }

    /**
     * The fields an insert from a client's values writes: the stored ones but those the server assigns (autonumber),
     * whose column takes its default.
     */
    public static List<FieldDef> written(List<FieldDef> fields) {
        return fields.stream().filter(f -> !FieldKinds.of(f.type()).computed()
                && !FieldKinds.of(f.type()).assignedByServer()).toList();
    }

    /** The fields that have a column to write: the active fields but computed ones. */
    public static List<FieldDef> stored(List<FieldDef> fields) {
        return fields.stream().filter(f -> !FieldKinds.of(f.type()).computed()).toList();
    }

    // ---------------------------------------------------------------- filters

    public SqlFragment where(TableDef table, @Nullable Filter filter) {
        if (filter == null) return new SqlFragment("TRUE", List.of());
        StringBuilder sql = new StringBuilder();
        List<SqlFragment.Param> params = new ArrayList<>();
        filter(table, filter, sql, params);
        return new SqlFragment(sql.toString(), params);
    }

    private void filter(TableDef table, Filter f, StringBuilder sql, List<SqlFragment.Param> params) {
        switch (f) {
            case Filter.Group g -> {
                if (g.conditions().isEmpty()) {
                    sql.append("TRUE");
                    return;
                }
                sql.append('(');
                for (int i = 0; i < g.conditions().size(); i++) {
                    if (i > 0) sql.append(g.logic() == Filter.Logic.AND ? " AND " : " OR ");
                    filter(table, g.conditions().get(i), sql, params);
                }
                sql.append(')');
            }
            case Filter.Condition c -> condition(table, c, sql, params);
        }
    }

    private void condition(TableDef table, Filter.Condition c, StringBuilder sql, List<SqlFragment.Param> params) {
        Column col = column(table, c.field(), "filter");
        if (col.field() != null && col.field().type() instanceof FieldType.Link) {
            links.condition(table, col, c, sql, params);
            return;
        }
        if (col.field() != null && col.field().type() instanceof FieldType.Lookup
                && !FieldKinds.of(col.field().type()).operators(col.field().type()).contains(c.operator())) {
            throw unsupported(col, c.operator());
        }
        String q = "t." + dialect.quote(col.sqlName());
        FieldType type = col.type();
        FieldKind<?> kind = FieldKinds.of(type);
        StorageClass storage = FieldKinds.storage(type);
        Operator op = c.operator();
        switch (op) {
            case IS_NULL -> {
                sql.append(storage instanceof StorageClass.TextArray ? dialect.arrayEmpty(q) : q + " IS NULL");
                return;
            }
            case IS_NOT_NULL -> {
                sql.append(storage instanceof StorageClass.TextArray ? "NOT " + dialect.arrayEmpty(q) : q + " IS NOT NULL");
                return;
            }
            default -> {
            }
        }
        if (type instanceof FieldType.User) {
            userCondition(col, c, q, sql, params);
            return;
        }
        if (storage instanceof StorageClass.TextArray) {
            // arrays compare by element; only the multiple select (labels to option ids) says how so far
            if (!(type instanceof FieldType.MultipleSelect m)) throw unsupported(col, op);
            multiSelect(col, m, c, q, sql, params);
            return;
        }
        if (storage instanceof StorageClass.Json) {
            if (op != Operator.CONTAINS && op != Operator.NOT_CONTAINS) {
                throw unsupported(col, op);
            }
            like(dialect.jsonAsText(q), op, c, col, sql, params);
            return;
        }
        switch (op) {
            case CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH -> {
                if (!kind.textual()) throw unsupported(col, op);
                like(q, op, c, col, sql, params);
            }
            case EQ -> {
                sql.append(q).append(" = ").append(dialect.placeholder(type));
                params.add(value(col, c.value()));
            }
            case NE -> {
                sql.append(q).append(" IS DISTINCT FROM ").append(dialect.placeholder(type));
                params.add(value(col, c.value()));
            }
            case GT, GTE, LT, LTE -> {
                if (!kind.ordered()) throw unsupported(col, op);
                String sym = switch (op) {
                    case GT -> " > ";
                    case GTE -> " >= ";
                    case LT -> " < ";
                    default -> " <= ";
                };
                sql.append(q).append(sym).append(dialect.placeholder(type));
                params.add(value(col, c.value()));
            }
            case BETWEEN -> {
                if (!kind.ordered()) throw unsupported(col, op);
                List<?> l = list(c, col);
                if (l.size() != 2) throw RowanException.invalid("filter", "between needs [low, high]");
                sql.append('(').append(q).append(" >= ? AND ").append(q).append(" <= ?)");
                params.add(value(col, l.get(0)));
                params.add(value(col, l.get(1)));
            }
            case IN, NOT_IN -> {
                List<?> l = list(c, col);
                if (l.isEmpty()) {
                    sql.append(op == Operator.IN ? "FALSE" : "TRUE");
                    return;
                }
                sql.append(op == Operator.IN ? "" : "(" + q + " IS NULL OR ").append(q)
                        .append(op == Operator.IN ? " IN (" : " NOT IN (");
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sql.append(", ");
                    sql.append(dialect.placeholder(type));
                    params.add(value(col, l.get(i)));
                }
                sql.append(op == Operator.IN ? ")" : "))");
            }
            default -> throw unsupported(col, op);
        }
    }

    private void multiSelect(Column col, FieldType.MultipleSelect m, Filter.Condition c, String q, StringBuilder sql,
                             List<SqlFragment.Param> params) {
        Operator op = c.operator();
        List<?> labels = switch (op) {
            case CONTAINS, NOT_CONTAINS, EQ, NE -> List.of(String.valueOf(c.value()));
            case IN, NOT_IN -> list(c, col);
            default -> throw unsupported(col, op);
        };
        boolean negate = op == Operator.NOT_CONTAINS || op == Operator.NE || op == Operator.NOT_IN;
        if (labels.isEmpty()) {
            sql.append(negate ? "TRUE" : "FALSE");
            return;
        }
        sql.append(negate ? "NOT (" + q + " IS NOT NULL AND (" : "(");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) sql.append(" OR ");
            String label = String.valueOf(labels.get(i));
            String id = m.byLabel(label).orElseThrow(() -> RowanException.invalid("filter", "'" + label
                    + "' is not an option of " + col.apiName())).id();
            sql.append(dialect.arrayContains(q));
            params.add(new SqlFragment.Param(id, TEXT));
        }
        sql.append(negate ? "))" : ")");
    }

    /**
     * A user field: "is" / "is any of" hold when the field has (any of) the members, "is not" / "is none of" when it
     * has none of them. Values are member ids; {@code @me} must have been replaced by the caller's id
     * ({@code query.MeFilter}) — left in, it is refused.
     */
    private void userCondition(Column col, Filter.Condition c, String q, StringBuilder sql,
                               List<SqlFragment.Param> params) {
        Operator op = c.operator();
        List<?> values = switch (op) {
            case EQ, NE -> java.util.Collections.singletonList(c.value());
            case IN, NOT_IN -> list(c, col);
            default -> throw unsupported(col, op);
        };
        boolean negate = op == Operator.NE || op == Operator.NOT_IN;
        if (values.isEmpty()) {
            sql.append(negate ? "TRUE" : "FALSE");
            return;
        }
        sql.append(negate ? "NOT (" + q + " IS NOT NULL AND (" : "(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sql.append(" OR ");
            Object v = values.get(i);
            if (dev.rowan.model.kind.UserKind.ME.equals(v)) {
                throw RowanException.invalid("filter", "'is me' on " + col.apiName() + " needs a signed-in user");
            }
            String id = dev.rowan.model.kind.UserKind.id(v).orElseThrow(() -> RowanException.invalid("filter",
                    col.apiName() + " compares with member ids"));
            sql.append(dialect.arrayContains(q));
            params.add(new SqlFragment.Param(id, TEXT));
        }
        sql.append(negate ? "))" : ")");
    }

    private void like(String expr, Operator op, Filter.Condition c, Column col, StringBuilder sql,
                      List<SqlFragment.Param> params) {
        if (!(c.value() instanceof String s)) {
            throw RowanException.invalid("filter", op.api() + " on " + col.apiName() + " needs a text value");
        }
        String esc = s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        String pattern = switch (op) {
            case STARTS_WITH -> esc + "%";
            case ENDS_WITH -> "%" + esc;
            default -> "%" + esc + "%";
        };
        if (op == Operator.NOT_CONTAINS) {
            sql.append("(").append(expr).append(" IS NULL OR ").append(expr).append(" NOT ILIKE ? ESCAPE '\\')");
        } else {
            sql.append(expr).append(" ILIKE ? ESCAPE '\\'");
        }
        params.add(new SqlFragment.Param(pattern, TEXT));
    }

    /** Filters built in code skip QueryParser's shape checks: a wrong shape is still a 422, not a crash. */
    private static List<?> list(Filter.Condition c, Column col) {
        if (c.value() instanceof List<?> l) return l;
        throw RowanException.invalid("filter", c.operator().api() + " on " + col.apiName() + " needs a list value");
    }

    private static RowanException unsupported(Column col, Operator op) {
        return RowanException.invalid("filter", "Operator " + op.api() + " does not apply to " + col.apiName() + " ("
                + col.type().kind() + ")");
    }

    /** Filter values follow the field's type rules but not its input rules (required, min/max, pattern). */
    private static SqlFragment.Param value(Column col, @Nullable Object raw) {
        if (raw == null) {
            throw RowanException.invalid("filter", "Use isNull/isNotNull to test " + col.apiName() + " for empty");
        }
        FieldType type = col.type();
        if (type.textual()) {
            if (!(raw instanceof String) && !(raw instanceof Number)) {
                throw RowanException.invalid("filter", col.apiName() + " compares with text");
            }
            return new SqlFragment.Param(raw.toString(), type);
        }
        // numbers compare exactly: rounding "gt 2.5" to a 0-decimal field's 3 would drop the 3s
        FieldType probeType = type.numeric() ? MAX_PRECISION : type;
        FieldDef probe = new FieldDef(UUID.randomUUID(), col.apiName(), probeType, false, false, false, null,
                Validation.NONE, null, false, 0);
        Object v = FieldValues.coerce(probe, raw, "filter");
        if (v == null) {
            // a value that means empty for the kind (a rating of 0) is no value to compare with
            throw RowanException.invalid("filter", "Use isNull/isNotNull to test " + col.apiName() + " for empty");
        }
        return new SqlFragment.Param(v, type);
    }

    // ---------------------------------------------------------------- select

    /** The columns of a record select: system columns, then the given fields in order. */
    public String selectList(List<FieldDef> fields) {
        StringBuilder sb = new StringBuilder();
        for (String s : SYSTEM_COLUMNS.split(", ")) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append("t.").append(s);
        }
        for (FieldDef f : fields) {
            sb.append(", t.").append(dialect.quote(f.columnName()));
        }
        return sb.toString();
    }

    public String from(TableDef table) {
        String schema = table.schemaName().isEmpty() ? "" : dialect.quote(table.schemaName()) + ".";
        return schema + dialect.quote(table.physicalName());
    }

    /**
     * One page: filter, sort (ties broken by id), rows after the cursor; fetches {@code limit + 1} rows so the
     * caller knows whether another page follows.
     */
    public SqlFragment page(TableDef table, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor,
                            int limit) {
        return page(table, filter, sorts, cursor, limit, 0);
    }

    /**
     * The page starting at row {@code offset} of the list (for jumps where no keyset cursor is known): the
     * {@link #page} query with an OFFSET, so order and filter are the same.
     */
    public SqlFragment pageAt(TableDef table, @Nullable Filter filter, List<Sort> sorts, long offset, int limit) {
        if (offset < 0) throw new IllegalArgumentException("offset " + offset);
        return page(table, filter, sorts, null, limit, offset);
    }

    private SqlFragment page(TableDef table, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor,
                             int limit, long offset) {
        List<Column> keys = sortColumns(table, sorts);
        java.util.Set<UUID> stored = stored(table);
        java.util.Set<UUID> costly = PageLayers.costly(table, stored);
        if (costly.isEmpty() && stored.isEmpty() || PageLayers.touches(table, costly, filter, keys)) {
            return page(table, table.activeFields(), filter, sorts, keys, cursor, limit, offset, java.util.Set.of());
        }
        // the page's rows from the table without its costly fields (fresh stored rollups read from their side
        // tables), then the costly fields for these rows only
        TableDef light = PageLayers.pick(table, costly, filter, keys);
        FieldDef alone = PageLayers.onlyStored(table, stored, filter, keys);
        SqlFragment ids = alone != null ? sideTablePick(table, alone, filter, sorts, keys, cursor, limit, offset)
                : page(light, List.of(), filter, sorts, sortColumns(light, sorts), cursor, limit, offset, stored);
        SqlFragment base = new SqlFragment("(SELECT p.* FROM (" + ids.sql() + ") k JOIN " + from(table)
                + " p ON p.id = k.id)", ids.params());
        SqlFragment source = sourceBody(table, base, false, true);
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList(table.activeFields())).append(" FROM ")
                .append(source.sql()).append(" t");
        orderBy(table, keys, sorts, sql, params);
        return bounded(new SqlFragment(sql.toString(), params));
    }

    /**
     * The ids of a page whose filter and sort read one fresh stored rollup and nothing else: read from its side table
     * alone, its value column named as the field's ({@code sr_… t (id, f_…)}), so both engines walk the side table's
     * index in the sort's order and stop at the LIMIT (no derived table: H2 sorts every match of one). A fresh side
     * table has one row per record (see {@link StoredRollups}), so the ids are the table's.
     */
    private SqlFragment sideTablePick(TableDef table, FieldDef rollup, @Nullable Filter filter, List<Sort> sorts,
                                      List<Column> keys, @Nullable Cursor cursor, int limit, long offset) {
        String side = new Ddl(dialect).storedRollupName(table.schemaName(), rollup.id()) + " t (id, "
                + dialect.quote(rollup.columnName()) + ")";
        return page(table, List.of(), filter, sorts, keys, cursor, limit, offset, new SqlFragment(side, List.of()));
    }

    /** {@link #page} reading every field from the whole {@link #source} ({@code fields} empty: the ids only). */
    private SqlFragment page(TableDef table, List<FieldDef> fields, @Nullable Filter filter, List<Sort> sorts,
                             List<Column> keys, @Nullable Cursor cursor, int limit, long offset,
                             java.util.Set<UUID> stored) {
        SqlFragment body = sourceBody(table, new SqlFragment(from(table), List.of()), true, true, stored);
        return page(table, fields, filter, sorts, keys, cursor, limit, offset,
                new SqlFragment(body.sql() + " t", body.params()));
    }

    /** {@link #page} over {@code source} (aliased {@code t}). */
    private SqlFragment page(TableDef table, List<FieldDef> fields, @Nullable Filter filter, List<Sort> sorts,
                             List<Column> keys, @Nullable Cursor cursor, int limit, long offset, SqlFragment source) {
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        StringBuilder sql = new StringBuilder("SELECT ").append(fields.isEmpty() ? "t.id" : selectList(fields))
                .append(" FROM ").append(source.sql()).append(" WHERE ");
        SqlFragment where = where(table, filter);
        sql.append(where.sql());
        params.addAll(where.params());
        if (cursor != null) {
            if (!cursor.sortSignature().equals(signature(keys, sorts))) {
                throw RowanException.invalid("cursor", "cursor belongs to a different sort; start again without a cursor");
            }
            sql.append(" AND ");
            seekBound(keys, sorts, cursor, sql, params);
            keyset(table, keys, sorts, cursor, sql, params);
        }
        orderBy(table, keys, sorts, sql, params);
        sql.append(" LIMIT ").append(limit + 1);
        if (offset > 0) sql.append(" OFFSET ").append(offset);
        return bounded(new SqlFragment(sql.toString(), params));
    }

    /**
     * When the first sort key is a system time, a range on it before the keyset condition (implied by it, so the
     * rows are the same): both engines then seek the time's index to the cursor instead of reading every row before
     * it (H2 does not see the range inside the OR of the keyset condition).
     */
    private void seekBound(List<Column> keys, List<Sort> sorts, Cursor cursor, StringBuilder sql,
                           List<SqlFragment.Param> params) {
        if (keys.isEmpty() || cursor.values().isEmpty() || cursor.values().getFirst() == null) return;
        Column first = keys.getFirst();
        if (first != Column.CREATED_AT && first != Column.UPDATED_AT) return;
        if (cursor.values().size() != keys.size()) return; // keyset refuses it
        sql.append("t.").append(dialect.quote(first.sqlName())).append(sorts.getFirst().descending() ? " <= ?" : " >= ?")
                .append(" AND ");
        params.add(new SqlFragment.Param(value(first, cursor.values().getFirst()), first.type()));
    }

    /**
     * The terms of {@link #page}'s ORDER BY for {@code sorts} (over the alias {@code t}, ending in {@code t.id}), for a
     * read that lists one part of that order by itself: the desktop's grouped grid reads a group's records with the
     * group's key as a condition, in the order the whole list has within the group.
     */
    public SqlFragment orderTerms(TableDef table, List<Sort> sorts) {
        List<SqlFragment.Param> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        orderBy(table, sortColumns(table, sorts), sorts, sql, params);
        return new SqlFragment(sql.substring(" ORDER BY ".length()), params);
    }

    /**
     * The expression {@link #page} sorts by for {@code sort} (over the alias {@code t}): the column, a single select's
     * option rank, a user field's first member's name. It sorts ASC NULLS LAST or DESC NULLS FIRST as the sort says.
     */
    public SqlFragment sortKey(TableDef table, Sort sort) {
        List<SqlFragment.Param> params = new ArrayList<>();
        Column c = sortColumns(table, List.of(sort)).getFirst();
        return new SqlFragment(sortExpr(table, c, params), params);
    }

    private void orderBy(TableDef table, List<Column> keys, List<Sort> sorts, StringBuilder sql, List<SqlFragment.Param> params) {
        sql.append(" ORDER BY ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(sortExpr(table, keys.get(i), params)).append(sorts.get(i).descending()
                    ? " DESC NULLS FIRST, " : " ASC NULLS LAST, ");
        }
        sql.append("t.id ASC");
    }

    /** Where per-view ranks live, on the server and in the desktop workspace alike (see {@link #rankedPage}). */
    public static final String VIEW_RANKS = "rowan.view_ranks";

    /**
     * Below this many records a column's manual-order page is read from its records (one query, sorting at most this
     * many); from it on, from the ranks' index (see {@link #rankedPage}). {@link #columnProbe} tells which.
     */
    public static final int SMALL_COLUMN = 2_000;

    /**
     * How many records match {@code filter}, counted up to {@link #SMALL_COLUMN} (a single {@code count} over at most
     * that many rows): run before {@link #rankedPage} to choose its plan.
     */
    public SqlFragment columnProbe(TableDef table, @Nullable Filter filter) {
        SqlFragment source = source(table);
        SqlFragment where = where(table, filter);
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        params.addAll(where.params());
        return bounded(new SqlFragment("SELECT count(*) FROM (SELECT 1 FROM " + source.sql() + " WHERE " + where.sql()
                + " LIMIT " + SMALL_COLUMN + ") p", params));
    }

    /** {@link #rankedPage} for a column of {@code probed} records as counted by {@link #columnProbe}. */
    public List<SqlFragment> rankedPage(TableDef table, @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor,
                                        int limit, long probed) {
        return rankedPage(table, filter, viewId, cursor, limit, probed, false);
    }

    /**
     * Where the desktop keeps, per view in manual order, the records the view has not ranked, in created order
     * ({@code (view_id, created_at, record_id)} indexed; workspace migration V17). It may hold more than that (a
     * record ranked or deleted since), never less, for a view it keeps at all.
     */
    public static final String VIEW_UNRANKED = "rowan.view_unranked";

    /**
     * As {@link #rankedPage(TableDef, Filter, UUID, Cursor, int, long)}; with {@code unrankedKept} (the view's
     * unranked records are in {@link #VIEW_UNRANKED}) a big column's unranked records are read from there in its
     * index order instead of by an anti-join over the column's records, so the page after the last ranked card of a
     * column of 100,000 ranked ones reads what it returns and no more.
     */
    public List<SqlFragment> rankedPage(TableDef table, @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor,
                                        int limit, long probed, boolean unrankedKept) {
        if (probed < SMALL_COLUMN) return List.of(rankedPageFromRecords(table, filter, viewId, cursor, limit));
        return rankedPage(table, filter, viewId, cursor, limit, unrankedKept);
    }

    /**
     * One page in a view's manual order, as one or two queries to run in turn until {@code limit + 1} rows are read:
     * first the records ranked in {@code viewId}, driven by the ranks' index in their order {@code (rank, record id)}
     * (so a column of 100,000 ranked records reads its first page without sorting them), then the records never
     * ranked, in created order {@code (created_at, id)}, as an anti-join on the ranks' key {@code (view_id,
     * record_id)} that starts at the cursor's place in the created-order index; a cursor among the unranked skips the
     * first query. Each query's select list is the usual one plus the rank as its last column (null for unranked
     * records). The cursor ({@link #rankCursor}) carries the rank and the creation time and belongs to this view.
     * Meant for big columns: a small one is cheaper read from its records ({@link #rankedPage(TableDef, Filter, UUID,
     * Cursor, int, long)}), since walking the ranks' index for it would pass every other column's ranks.
     */
    public List<SqlFragment> rankedPage(TableDef table, @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor,
                                        int limit) {
        return rankedPage(table, filter, viewId, cursor, limit, false);
    }

    private List<SqlFragment> rankedPage(TableDef table, @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor,
                                         int limit, boolean unrankedKept) {
        RankedAt at = rankedAt(viewId, cursor);
        String r = "r." + dialect.quote("rank");
        List<SqlFragment> parts = new ArrayList<>();
        // as in page: unless the filter reads a link, lookup or rollup, the rows are picked without them first
        java.util.Set<UUID> costly = PageLayers.costly(table);
        boolean layered = !costly.isEmpty() && !PageLayers.touches(table, costly, filter, List.of());
        TableDef pick = layered ? PageLayers.pick(table, costly, filter, List.of()) : table;
        String columns = layered ? "t.id" : selectList(table.activeFields());
        if (cursor == null || at.rank() != null) {
            SqlFragment source = source(pick);
            List<SqlFragment.Param> params = new ArrayList<>(source.params());
            StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(", ")
                    .append(r).append(" FROM ").append(VIEW_RANKS).append(" r JOIN ").append(source.sql())
                    .append(" ON t.id = r.record_id WHERE r.view_id = ? AND ");
            params.add(new SqlFragment.Param(viewId, UUID_TYPE));
            SqlFragment where = where(pick, filter);
            sql.append(where.sql());
            params.addAll(where.params());
            if (at.rank() != null) {
                sql.append(" AND (").append(r).append(" > ? OR (").append(r).append(" = ? AND r.record_id > ?))");
                params.add(new SqlFragment.Param(at.rank(), TEXT));
                params.add(new SqlFragment.Param(at.rank(), TEXT));
                params.add(new SqlFragment.Param(cursor.lastId(), UUID_TYPE));
            }
            // the index's own order (view_id is fixed), so both engines read it in order and stop at the limit
            sql.append(" ORDER BY r.view_id, ").append(r).append(", r.record_id LIMIT ").append(limit + 1);
            SqlFragment q = new SqlFragment(sql.toString(), params);
            parts.add(bounded(layered ? overPicked(table, q, "k." + dialect.quote("rank"), "t.rowan_rank",
                    "t.rowan_rank, t.id") : q));
        }
        if (unrankedKept) {
            parts.add(keptUnranked(table, pick, columns, layered, filter, viewId, cursor, at, limit));
            return parts;
        }
        SqlFragment source = source(pick);
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        // a join on the ranks' primary key rather than NOT EXISTS: H2 runs a correlated subquery per row (1.1 s for
        // 100,000 ranked records), an index lookup per row is a tenth of that; PostgreSQL plans both as an anti-join
        StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                .append(layered ? "" : ", CAST(NULL AS VARCHAR(64))").append(" FROM ").append(source.sql())
                .append(" LEFT JOIN ").append(VIEW_RANKS).append(" r ON r.view_id = ? AND r.record_id = t.id WHERE ");
        params.add(new SqlFragment.Param(viewId, UUID_TYPE));
        SqlFragment where = where(pick, filter);
        sql.append(where.sql());
        params.addAll(where.params());
        sql.append(" AND r.record_id IS NULL");
        if (cursor != null && at.rank() == null) createdAfter(at.created(), cursor.lastId(), sql, params);
        sql.append(" ORDER BY t.created_at, t.id LIMIT ").append(limit + 1);
        SqlFragment q = new SqlFragment(sql.toString(), params);
        parts.add(bounded(layered ? overPicked(table, q, null, "CAST(NULL AS VARCHAR(64))", "t.created_at, t.id")
                : q));
        return parts;
    }

    /**
     * The unranked part of a big column's page read from {@link #VIEW_UNRANKED} in its index order {@code (view_id,
     * created_at, record_id)}, joined to the records (the column's filter) and checked against the ranks (a kept row
     * whose record was ranked since is skipped): the same rows, order and cursors as the anti-join.
     */
    private SqlFragment keptUnranked(TableDef table, TableDef pick, String columns, boolean layered,
                                     @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor, RankedAt at,
                                     int limit) {
        SqlFragment source = source(pick);
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                .append(layered ? "" : ", CAST(NULL AS VARCHAR(64))").append(" FROM ").append(VIEW_UNRANKED)
                .append(" u JOIN ").append(source.sql()).append(" ON t.id = u.record_id LEFT JOIN ").append(VIEW_RANKS)
                .append(" r ON r.view_id = ? AND r.record_id = t.id WHERE u.view_id = ? AND ");
        params.add(new SqlFragment.Param(viewId, UUID_TYPE));
        params.add(new SqlFragment.Param(viewId, UUID_TYPE));
        SqlFragment where = where(pick, filter);
        sql.append(where.sql());
        params.addAll(where.params());
        sql.append(" AND r.record_id IS NULL");
        if (cursor != null && at.rank() == null) createdAfter("u.created_at", "u.record_id", at.created(),
                cursor.lastId(), sql, params);
        // the index's own order (view_id is fixed), so both engines read it in order and stop at the limit
        sql.append(" ORDER BY u.view_id, u.created_at, u.record_id LIMIT ").append(limit + 1);
        SqlFragment q = new SqlFragment(sql.toString(), params);
        return bounded(layered ? overPicked(table, q, null, "CAST(NULL AS VARCHAR(64))", "t.created_at, t.id") : q);
    }

    /**
     * The whole manual order of a small column in one query from its records: ranked ones by {@code (rank, id)},
     * then the unranked by {@code (created_at, id)} — the same rows, order and cursors as {@link #rankedPage}.
     */
    private SqlFragment rankedPageFromRecords(TableDef table, @Nullable Filter filter, UUID viewId,
                                              @Nullable Cursor cursor, int limit) {
        RankedAt at = rankedAt(viewId, cursor);
        String r = "r." + dialect.quote("rank");
        SqlFragment source = source(table);
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList(table.activeFields())).append(", ")
                .append(r).append(" FROM ").append(source.sql()).append(" LEFT JOIN ").append(VIEW_RANKS)
                .append(" r ON r.view_id = ? AND r.record_id = t.id WHERE ");
        params.add(new SqlFragment.Param(viewId, UUID_TYPE));
        SqlFragment where = where(table, filter);
        sql.append(where.sql());
        params.addAll(where.params());
        if (cursor != null && at.rank() != null) {
            sql.append(" AND (").append(r).append(" IS NULL OR ").append(r).append(" > ? OR (").append(r)
                    .append(" = ? AND t.id > ?))");
            params.add(new SqlFragment.Param(at.rank(), TEXT));
            params.add(new SqlFragment.Param(at.rank(), TEXT));
            params.add(new SqlFragment.Param(cursor.lastId(), UUID_TYPE));
        } else if (cursor != null) {
            sql.append(" AND ").append(r).append(" IS NULL");
            createdAfter(at.created(), cursor.lastId(), sql, params);
        }
        sql.append(" ORDER BY CASE WHEN ").append(r).append(" IS NULL THEN 1 ELSE 0 END, ").append(r)
                .append(", CASE WHEN ").append(r).append(" IS NULL THEN t.created_at END, t.id LIMIT ")
                .append(limit + 1);
        return bounded(new SqlFragment(sql.toString(), params));
    }

    /** A rank cursor's place: its rank (null among the unranked) and creation time, checked against the view. */
    private record RankedAt(@Nullable String rank, @Nullable Object created) {
    }

    private RankedAt rankedAt(UUID viewId, @Nullable Cursor cursor) {
        if (cursor == null) return new RankedAt(null, null);
        if (!cursor.sortSignature().equals(rankSignature(viewId)) || cursor.values().size() != 2) {
            throw RowanException.invalid("cursor", "cursor belongs to a different order; start again without a cursor");
        }
        String rank = cursor.values().get(0);
        Object created = value(Column.CREATED_AT, cursor.values().get(1));
        if (created == null || rank != null && !dev.rowan.model.view.Rank.valid(rank)) {
            throw RowanException.invalid("cursor", "cursor does not match this order");
        }
        return new RankedAt(rank, created);
    }

    /**
     * After {@code (created, id)} in created order; the redundant {@code created_at >= ?} lets H2 start its index
     * range at the cursor (it cannot from the OR alone, and would read the index from its first entry each page).
     */
    private static void createdAfter(@Nullable Object created, UUID id, StringBuilder sql,
                                     List<SqlFragment.Param> params) {
        createdAfter("t.created_at", "t.id", created, id, sql, params);
    }

    private static void createdAfter(String createdAt, String idColumn, @Nullable Object created, UUID id,
                                     StringBuilder sql, List<SqlFragment.Param> params) {
        sql.append(" AND ").append(createdAt).append(" >= ? AND (").append(createdAt).append(" > ? OR (")
                .append(createdAt).append(" = ? AND ").append(idColumn).append(" > ?))");
        for (int i = 0; i < 3; i++) params.add(new SqlFragment.Param(created, Column.CREATED_AT.type()));
        params.add(new SqlFragment.Param(id, UUID_TYPE));
    }

    /**
     * The rows a pick query chose (its first column the record id; {@code carried}, a column of it, kept as
     * {@code rowan_rank}) with every field of {@code table} computed for them only, then {@code last} as the last
     * column, in {@code orderBy}.
     */
    private SqlFragment overPicked(TableDef table, SqlFragment pick, @Nullable String carried, String last,
                                   String orderBy) {
        SqlFragment base = new SqlFragment("(SELECT p.*" + (carried == null ? "" : ", " + carried + " AS rowan_rank")
                + " FROM (" + pick.sql() + ") k JOIN " + from(table) + " p ON p.id = k.id)", pick.params());
        SqlFragment source = sourceBody(table, base, false, true);
        return new SqlFragment("SELECT " + selectList(table.activeFields()) + ", " + last + " FROM " + source.sql()
                + " t ORDER BY " + orderBy, source.params());
    }

    /**
     * One page of the records linked to {@code recordId} through the link field {@code field} of {@code table}, in
     * link order, as rows of (linked record id, title, position); {@code limit + 1} rows at most so the caller knows
     * whether more follow, after the linked record {@code afterId} at {@code afterPos} (the values of the last row
     * of the page before) when given. {@code field} must be readable ({@code LinkFields.state} Ok).
     */
    public SqlFragment linkPage(TableDef table, FieldDef field, UUID recordId, @Nullable Integer afterPos,
                                @Nullable UUID afterId, int limit) {
        return links.linkPage(table, field, recordId, afterPos, afterId, limit);
    }

    /** The order a {@link #rankedPage} cursor belongs to. */
    public static String rankSignature(UUID viewId) {
        return "rank:" + viewId;
    }

    /** The cursor after a row of a {@link #rankedPage}: its rank (null when unranked), creation time and id. */
    public static Cursor rankCursor(UUID viewId, @Nullable String rank, java.time.OffsetDateTime createdAt, UUID id) {
        List<@Nullable String> values = new ArrayList<>();
        values.add(rank);
        values.add(FieldValues.toCanonicalText(Column.CREATED_AT.type(), createdAt));
        return new Cursor(rankSignature(viewId), values, id);
    }

    public SqlFragment count(TableDef table, @Nullable Filter filter) {
        java.util.Set<UUID> stored = stored(table);
        java.util.Set<UUID> costly = PageLayers.costly(table, stored);
        boolean light = !PageLayers.touches(table, costly, filter, List.of());
        if (!light) stored = java.util.Set.of();
        if (light && (!costly.isEmpty() || !stored.isEmpty())) {
            table = PageLayers.pick(table, costly, filter, List.of()); // only what the filter reads
        }
        SqlFragment where = where(table, filter);
        SqlFragment body = sourceBody(table, new SqlFragment(from(table), List.of()), true, false, stored);
        SqlFragment source = new SqlFragment(body.sql() + " t", body.params());
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        params.addAll(where.params());
        return bounded(new SqlFragment("SELECT count(*) FROM " + source.sql() + " WHERE " + where.sql(), params));
    }

    /**
     * At most this many bound parameters per query: far below PostgreSQL's 65,535, whatever mix of filter
     * values, cursor and single-select sorts (a parameter per option) a query has, built by the API or in code.
     */
    public static final int MAX_PARAMETERS = 30_000;

    private static SqlFragment bounded(SqlFragment q) {
        if (q.params().size() > MAX_PARAMETERS) {
            throw RowanException.invalid("filter", "This query is too large (" + q.params().size()
                    + " values); use fewer filter values or sort keys");
        }
        return q;
    }

    public static List<Column> sortColumns(TableDef table, List<Sort> sorts) {
        List<Column> keys = new ArrayList<>();
        for (Sort s : sorts) {
            Column c = column(table, s.field(), "sort");
            if (!FieldKinds.of(c.type()).sortable()) {
                throw RowanException.invalid("sort", "Cannot sort by " + c.apiName() + " (" + c.type().kind() + ")");
            }
            keys.add(c);
        }
        return keys;
    }

    /** The sort a cursor belongs to, by field ids (cursors go to clients: no physical column names in them). */
    public static String signature(List<Column> keys, List<Sort> sorts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            Column k = keys.get(i);
            sb.append(k.field() == null ? k.apiName() : k.field().id().toString())
                    .append(sorts.get(i).descending() ? "-" : "+");
        }
        return sb.toString();
    }

    /**
     * Rows strictly after the cursor in (k1, k2, ..., id) order, with ASC NULLS LAST / DESC NULLS FIRST:
     * (k1 after v1) OR (k1 same v1 AND k2 after v2) OR ... OR (all same AND id > lastId).
     */
    private void keyset(TableDef table, List<Column> keys, List<Sort> sorts, Cursor cursor, StringBuilder sql,
                        List<SqlFragment.Param> params) {
        if (cursor.values().size() != keys.size()) {
            throw RowanException.invalid("cursor", "cursor does not match this sort");
        }
        sql.append('(');
        for (int i = 0; i <= keys.size(); i++) {
            if (i > 0) sql.append(" OR ");
            sql.append('(');
            for (int j = 0; j < i; j++) {
                same(table, keys.get(j), value(keys.get(j), cursor.values().get(j)), sql, params);
                sql.append(" AND ");
            }
            if (i == keys.size()) {
                sql.append("t.id > ?");
                params.add(new SqlFragment.Param(cursor.lastId(), UUID_TYPE));
            } else {
                after(table, keys.get(i), sorts.get(i).descending(), value(keys.get(i), cursor.values().get(i)), sql, params);
            }
            sql.append(')');
        }
        sql.append(')');
    }

    /**
     * What a column sorts by. A single select sorts in the order of its options, as people arrange them (not by
     * option id): its rank is the option's position, and empty or unknown values rank after every option.
     */
    private String sortExpr(TableDef table, Column c, List<SqlFragment.Param> params) {
        String q = "t." + dialect.quote(c.sqlName());
        if (c.type() instanceof FieldType.User) {
            // the first member (H2 refuses [1] of an empty array, even where CASE would not need it: CASE first)
            return memberNameOf(table, "CASE WHEN CARDINALITY(" + q + ") > 0 THEN " + q + "[1] END");
        }
        if (!(c.type() instanceof FieldType.SingleSelect s)) return q;
        StringBuilder sb = new StringBuilder("(CASE ").append(q);
        for (int i = 0; i < s.options().size(); i++) {
            sb.append(" WHEN ? THEN ").append(i);
            params.add(new SqlFragment.Param(s.options().get(i).id(), TEXT));
        }
        return sb.append(" ELSE ").append(s.options().size()).append(" END)").toString();
    }

    /** The rank {@link #sortExpr} gives a single-select value. */
    private static java.math.BigDecimal rank(FieldType.SingleSelect s, @Nullable Object optionId) {
        for (int i = 0; i < s.options().size(); i++) {
            if (s.options().get(i).id().equals(optionId)) return java.math.BigDecimal.valueOf(i);
        }
        return java.math.BigDecimal.valueOf(s.options().size());
    }

    private static final FieldType RANK = new FieldType.NumberType(0);

    private static @Nullable Object value(Column c, @Nullable String canonical) {
        try {
            if (c.type() instanceof FieldType.SingleSelect s) return rank(s, canonical);
            if (c.type() instanceof FieldType.User) {
                List<String> ids = dev.rowan.model.kind.UserKind.ids(FieldValues.fromCanonicalText(c.type(), canonical));
                return ids.isEmpty() ? null : ids.getFirst();
            }
            return FieldValues.fromCanonicalText(c.type(), canonical);
        } catch (RuntimeException e) {
            throw RowanException.invalid("cursor", "cursor does not match this table");
        }
    }

    private void same(TableDef table, Column c, @Nullable Object v, StringBuilder sql,
                      List<SqlFragment.Param> params) {
        String q = sortExpr(table, c, params);
        if (c.type() instanceof FieldType.User && v != null) {
            sql.append(q).append(" = ").append(memberNameOf(table, "?"));
            params.add(new SqlFragment.Param(v, TEXT));
        } else if (c.type() instanceof FieldType.SingleSelect) {
            sql.append(q).append(" = ?");
            params.add(new SqlFragment.Param(v, RANK));
        } else if (v == null) {
            sql.append(q).append(" IS NULL");
        } else {
            sql.append(q).append(" = ?");
            params.add(new SqlFragment.Param(v, c.type()));
        }
    }

    private void after(TableDef table, Column c, boolean desc, @Nullable Object v, StringBuilder sql,
                       List<SqlFragment.Param> params) {
        String q = sortExpr(table, c, params);
        if (c.type() instanceof FieldType.User && v != null) {
            // the cursor keeps the first member's id; its name is read where the rows' names are
            String n = memberNameOf(table, "?");
            if (!desc) sql.append('(').append(q).append(" > ").append(n).append(" OR ").append(q).append(" IS NULL)");
            else sql.append(q).append(" < ").append(n);
            params.add(new SqlFragment.Param(v, TEXT));
        } else if (c.type() instanceof FieldType.SingleSelect) {
            // ranks are never null
            sql.append(q).append(desc ? " < ?" : " > ?");
            params.add(new SqlFragment.Param(v, RANK));
        } else if (!desc) {
            if (v == null) {
                sql.append("FALSE");
            } else {
                sql.append('(').append(q).append(" > ? OR ").append(q).append(" IS NULL)");
                params.add(new SqlFragment.Param(v, c.type()));
            }
        } else {
            if (v == null) {
                sql.append(q).append(" IS NOT NULL");
            } else {
                sql.append(q).append(" < ?");
                params.add(new SqlFragment.Param(v, c.type()));
            }
        }
    }

    // ---------------------------------------------------------------- writes

    /** INSERT of one record with the given fields; parameters: id, created_at, updated_at, created_by,
     * updated_by, row_version, then one per field. */
    public String insert(TableDef table, List<FieldDef> fields) {
        refuseComputed(fields);
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(from(table)).append(" (")
                .append(SYSTEM_COLUMNS);
        for (FieldDef f : fields) {
            sql.append(", ").append(dialect.quote(f.columnName()));
        }
        sql.append(") VALUES (?, ?, ?, ?, ?, ?");
        for (FieldDef f : fields) {
            sql.append(", ").append(dialect.placeholder(f.type()));
        }
        return sql.append(')').toString();
    }

    /** UPDATE of the given fields; parameters: one per field, then updated_at, updated_by, row_version, id. */
    public String update(TableDef table, List<FieldDef> fields) {
        refuseComputed(fields);
        StringBuilder sql = new StringBuilder("UPDATE ").append(from(table)).append(" SET ");
        for (FieldDef f : fields) {
            sql.append(dialect.quote(f.columnName())).append(" = ").append(dialect.placeholder(f.type())).append(", ");
        }
        return sql.append("updated_at = ?, updated_by = ?, row_version = ? WHERE id = ?").toString();
    }

    /** A computed field has no column: a caller that writes one has a bug (inputs refuse them earlier). */
    private static void refuseComputed(List<FieldDef> fields) {
        for (FieldDef f : fields) {
            if (FieldKinds.of(f.type()).computed()) {
                throw new IllegalArgumentException("a computed field has no column to write: " + f.id());
            }
        }
    }

    public String delete(TableDef table) {
        return "DELETE FROM " + from(table) + " WHERE id = ?";
    }

    /**
     * One record by id, the id as the only parameter: for tables without formula fields only (their source has
     * parameters of its own); {@link #selectById(TableDef, UUID)} reads any table.
     */
    public String selectById(TableDef table) {
        SqlFragment source = source(table);
        if (!source.params().isEmpty()) throw new IllegalStateException("a table with formulas: bind its source");
        return "SELECT " + selectList(table.activeFields()) + " FROM " + source.sql() + " WHERE t.id = ?";
    }

    /** One record by id, with the table's active fields (computed ones included). */
    public SqlFragment selectById(TableDef table, UUID id) {
        return select(table, table.activeFields(), "t.id = ?", List.of(new SqlFragment.Param(id, UUID_TYPE)));
    }

    /**
     * SELECT of the system columns and {@code fields} from {@link #source} with a condition and its parameters
     * (after the source's).
     */
    public SqlFragment select(TableDef table, List<FieldDef> fields, String where, List<SqlFragment.Param> whereParams) {
        SqlFragment source = source(table);
        List<SqlFragment.Param> params = new ArrayList<>(source.params());
        params.addAll(whereParams);
        return new SqlFragment("SELECT " + selectList(fields) + " FROM " + source.sql() + " WHERE " + where, params);
    }
}
