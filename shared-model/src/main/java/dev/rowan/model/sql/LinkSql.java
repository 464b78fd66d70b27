package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.link.LinkFields;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.schema.TableDef;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of link, lookup and rollup fields: one correlated subquery per field and row over the junction table
 * (its primary key and reverse index make each an index range scan), so a page of 50 costs 50 small index reads per
 * such field and never a query per record from the caller. The record being read is {@code b} (the derived table
 * of {@link RecordSql#source}); the linked table is {@code t} inside these subqueries, so a rollup's filter compiles
 * with the ordinary filter compiler. A field that cannot be read ({@link LinkFields.Unavailable}) is a typed NULL.
 */
final class LinkSql {
    private final SqlDialect d;
    private final RecordSql records;

    LinkSql(SqlDialect dialect, RecordSql records) {
        this.d = dialect;
        this.records = records;
    }

    private boolean pg() {
        return d == SqlDialect.POSTGRES;
    }

    /** The junction table of a link field, in the schema of {@code table}. */
    String junction(TableDef table, FieldType.Link l) {
        String schema = table.schemaName().isEmpty() ? "" : d.quote(table.schemaName()) + ".";
        return schema + d.quote(PhysicalNames.junction(java.util.Objects.requireNonNull(l.junction())));
    }

    static String own(FieldType.Link l) {
        return l.forward() ? "src" : "dst";
    }

    static String other(FieldType.Link l) {
        return l.forward() ? "dst" : "src";
    }

    /** The order of linked records: the forward side keeps the order links were made in; the inverse by id. */
    private static String order(FieldType.Link l, String j) {
        return (l.forward() ? j + ".pos, " : "") + j + "." + other(l);
    }

    /** The column a link sorts and filters by (the title of its first linked record). */
    static String sortColumn(FieldDef f) {
        return "s_" + PhysicalNames.hex(f.id()).substring(0, 16);
    }

    /** The title of a linked record: its table's first field that is not itself read from links. */
    private String title(TableDef target, String alias) {
        FieldDef f = titleField(target);
        return f == null ? "CAST(NULL AS VARCHAR)"
                : text(alias + "." + d.quote(f.columnName()), FieldKinds.storage(f.type()));
    }

    private static @org.jspecify.annotations.Nullable FieldDef titleField(TableDef target) {
        for (FieldDef f : target.activeFields()) {
            if (!LinkFields.readsLinks(f.type())) return f;
        }
        return null;
    }

    /**
     * What a linked table is read from when only {@code read} of it is needed: the plain table when that is a stored
     * field (no derived table, so both engines probe its primary key; H2 would otherwise compute every link of the
     * linked record too), else its source without the fields that read links (see {@link PageLayers}).
     */
    private SqlFragment bodyFor(TableDef target, @org.jspecify.annotations.Nullable FieldDef read) {
        return records.sourceBody(PageLayers.reading(target, read));
    }

    /** A value as text in the form the kinds read back ({@code FieldKind.fromCanonicalText}). */
    String text(String expr, StorageClass storage) {
        return switch (storage) {
            case StorageClass.Computed c -> text(expr, c.value());
            case StorageClass.Text t -> expr;
            case StorageClass.Bool b -> "(CASE WHEN " + expr + " THEN 'true' WHEN NOT " + expr + " THEN 'false' END)";
            case StorageClass.Timestamp t -> pg()
                    ? "to_char(" + expr + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                    : "FORMATDATETIME(" + expr + ", 'yyyy-MM-dd''T''HH:mm:ss.SSSSSS''Z''', 'en', 'UTC')";
            case StorageClass.Decimal x -> "CAST(" + expr + " AS VARCHAR)";
            case StorageClass.Date x -> "CAST(" + expr + " AS VARCHAR)";
            case StorageClass.Json x -> "CAST(" + expr + " AS VARCHAR)";
            case StorageClass.TextArray x -> "CAST(" + expr + " AS VARCHAR)";
        };
    }

    private String nullOf(StorageClass storage) {
        StorageClass s = storage instanceof StorageClass.Computed c ? c.value() : storage;
        return "CAST(NULL AS " + d.columnType(s) + ")";
    }

    /** SQL text and its parameters in text order. */
    private static final class Parts {
        final StringBuilder sql = new StringBuilder();
        final List<SqlFragment.Param> params = new ArrayList<>();

        Parts add(String s) {
            sql.append(s);
            return this;
        }

        Parts add(SqlFragment f) {
            sql.append(f.sql());
            params.addAll(f.params());
            return this;
        }

        SqlFragment done() {
            return new SqlFragment(sql.toString(), params);
        }
    }

    /**
     * {@code FROM <junction> j JOIN <linked table> t ON … WHERE j.<own> = b.id} when {@code read} of the linked table
     * is read from the plain table (so each linked record is probed once by its primary key, whatever the
     * aggregate reads of it), else null (the linked source has columns of its own: scalar subqueries per junction
     * row, see {@link #linkedValue}).
     */
    private @org.jspecify.annotations.Nullable String joined(TableDef table, FieldType.Link l, TableDef target,
                                                             @org.jspecify.annotations.Nullable FieldDef read) {
        SqlFragment body = bodyFor(target, read);
        if (!body.params().isEmpty() || !body.sql().equals(records.from(target))) return null;
        return " FROM " + junction(table, l) + " j JOIN " + body.sql() + " t ON t.id = j." + other(l) + " WHERE j."
                + own(l) + " = b.id";
    }

    /**
     * A value of the linked record of the junction row {@code j}: a scalar subquery by primary key. Written per
     * junction row rather than as a join so PostgreSQL probes the key for the ten or so links of a record instead of
     * hashing the whole linked table for every record read.
     */
    private SqlFragment linkedValue(TableDef target, @org.jspecify.annotations.Nullable FieldDef read,
                                    FieldType.Link l, String expr) {
        SqlFragment body = bodyFor(target, read);
        return new SqlFragment("(SELECT " + expr + " FROM " + body.sql() + " t WHERE t.id = j." + other(l) + ")",
                body.params());
    }

    /** The expression of a link, lookup or rollup field of the record {@code b}, every linked record listed. */
    SqlFragment value(TableDef table, FieldDef field) {
        return value(table, field, false);
    }

    /**
     * As {@link #value}; when {@code cut}, a link lists its first {@link LinkValues#CELL_LIMIT} linked records and,
     * when it has more, ends with their total (what a page's cell shows).
     */
    SqlFragment value(TableDef table, FieldDef field, boolean cut) {
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) {
            return new SqlFragment(nullOf(FieldKinds.storage(field.type())), List.of());
        }
        FieldType.Link l = ok.linkType();
        String from = " FROM " + junction(table, l) + " j WHERE j." + own(l) + " = b.id";
        Parts p = new Parts();
        // no derived table inside: H2 cannot see the outer record from one, so no LIMIT either
        switch (field.type()) {
            case FieldType.Link x -> {
                String joined = joined(table, l, ok.target(), titleField(ok.target()));
                if (joined != null) from = joined;
                SqlFragment agg = new Parts().add("ARRAY_AGG(CAST(j." + other(l) + " AS VARCHAR) || ' ' || COALESCE(")
                        .add(joined != null ? new SqlFragment(title(ok.target(), "t"), List.of())
                                : linkedValue(ok.target(), titleField(ok.target()), l, title(ok.target(), "t")))
                        .add(", '') ORDER BY " + order(l, "j") + ")").done();
                if (!cut) {
                    p.add("(SELECT ").add(agg).add(from + ")");
                } else {
                    // one aggregate (so each title is read once): its first ones, then the total when there are more
                    int n = LinkValues.CELL_LIMIT;
                    String text = pg() ? "text" : "VARCHAR";
                    p.add("(SELECT CASE WHEN count(*) <= " + n + " THEN ").add(agg).add(" ELSE ")
                            .add(pg() ? "(" : "ARRAY_SLICE(").add(agg).add(pg() ? ")[1:" + n + "]" : ", 1, " + n + ")")
                            .add(" || ARRAY[CAST(count(*) AS " + text + ")] END" + from + ")");
                }
            }
            case FieldType.Lookup x -> {
                String column = "t." + d.quote(ok.targetField().columnName());
                String value = text(column, FieldKinds.storage(x.valueType()));
                String joined = joined(table, l, ok.target(), ok.targetField());
                if (joined != null) {
                    // a plain linked table: joined by its primary key, each linked value read once
                    p.add("(SELECT ARRAY_AGG(" + value + " ORDER BY " + order(l, "j") + ")" + joined + " AND "
                            + column + " IS NOT NULL)");
                } else {
                    SqlFragment v = linkedValue(ok.target(), ok.targetField(), l, value);
                    p.add("(SELECT ARRAY_AGG(").add(v).add(" ORDER BY " + order(l, "j") + ") FILTER (WHERE ").add(v)
                            .add(" IS NOT NULL)" + from + ")");
                }
            }
            case FieldType.Rollup r -> {
                String joined = r.filter() == null ? joined(table, l, ok.target(), ok.targetField()) : null;
                p.add("(SELECT ");
                aggregate(p, r, l, ok.target(), ok.targetField(), "t." + d.quote(ok.targetField().columnName()),
                        FieldKinds.storage(FieldKinds.valueType(ok.targetField().type())), joined != null);
                p.add(joined != null ? joined : from);
                if (r.filter() != null) {
                    SqlFragment body = records.sourceBody(ok.target());
                    p.add(" AND EXISTS (SELECT 1 FROM ").add(body).add(" t WHERE t.id = j." + other(l) + " AND ")
                            .add(filterOrFalse(ok.target(), r.filter())).add(")");
                }
                p.add(")");
            }
            default -> throw new IllegalArgumentException("not a link, lookup or rollup");
        }
        return p.done();
    }

    /** A rollup's filter; one that no longer compiles (a field of it removed) matches nothing rather than fail. */
    private SqlFragment filterOrFalse(TableDef target, Filter filter) {
        try {
            return records.where(target, filter);
        } catch (RowanException e) {
            return new SqlFragment("FALSE", List.of());
        }
    }

    private void aggregate(Parts p, FieldType.Rollup r, FieldType.Link l, TableDef target, FieldDef read,
                           String column, StorageClass targetStorage, boolean joined) {
        SqlFragment col = joined ? new SqlFragment(column, List.of()) : linkedValue(target, read, l, column);
        switch (r.function()) {
            case COUNT -> p.add("count(").add(col).add(")");
            case COUNT_ALL -> p.add("count(*)");
            case COUNT_EMPTY -> p.add("(count(*) - count(").add(col).add("))");
            case UNIQUE_COUNT -> p.add("count(DISTINCT ").add(col).add(")");
            case SUM -> p.add("sum(").add(col).add(")");
            case AVG -> p.add("avg(").add(col).add(")");
            case MIN, EARLIEST -> p.add("min(").add(col).add(")");
            case MAX, LATEST -> p.add("max(").add(col).add(")");
            case CONCAT -> {
                SqlFragment txt = joined ? new SqlFragment(text(column, targetStorage), List.of())
                        : linkedValue(target, read, l, text(column, targetStorage));
                if (pg()) p.add("string_agg(").add(txt).add(", ', ' ORDER BY " + order(l, "j") + ")");
                else p.add("LISTAGG(").add(txt).add(", ', ') WITHIN GROUP (ORDER BY " + order(l, "j") + ")");
            }
            case AND -> p.add(pg() ? "bool_and(" : "BOOL_AND(").add(col).add(")");
            case OR -> p.add(pg() ? "bool_or(" : "BOOL_OR(").add(col).add(")");
        }
    }

    /**
     * One page of the records linked to {@code recordId} through the link field {@code field}, in link order: rows of
     * (linked record id, title, position), {@code limit + 1} of them at most, after the linked record
     * {@code afterId} at position {@code afterPos} when given (the forward side orders by position then id, the
     * inverse by id alone).
     */
    SqlFragment linkPage(TableDef table, FieldDef field, UUID recordId,
                         @org.jspecify.annotations.Nullable Integer afterPos,
                         @org.jspecify.annotations.Nullable UUID afterId, int limit) {
        if (!(field.type() instanceof FieldType.Link)
                || !(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) {
            throw new IllegalArgumentException("not a readable link field");
        }
        FieldType.Link l = ok.linkType();
        Parts p = new Parts().add("SELECT j." + other(l) + ", COALESCE(")
                .add(linkedValue(ok.target(), titleField(ok.target()), l, title(ok.target(), "t")))
                .add(", ''), " + (l.forward() ? "j.pos" : "0") + " FROM " + junction(table, l) + " j WHERE j." + own(l)
                        + " = ?");
        p.params.add(new SqlFragment.Param(recordId, RecordSql.UUID_TYPE));
        if (afterId != null) {
            if (l.forward()) {
                p.add(" AND (j.pos > ? OR (j.pos = ? AND j.dst > ?))");
                p.params.add(new SqlFragment.Param(java.math.BigDecimal.valueOf(afterPos == null ? 0 : afterPos),
                        new FieldType.NumberType(0)));
                p.params.add(new SqlFragment.Param(java.math.BigDecimal.valueOf(afterPos == null ? 0 : afterPos),
                        new FieldType.NumberType(0)));
            } else {
                p.add(" AND j.src > ?");
            }
            p.params.add(new SqlFragment.Param(afterId, RecordSql.UUID_TYPE));
        }
        return p.add(" ORDER BY " + order(l, "j") + " LIMIT " + (limit + 1)).done();
    }

    /** The sort column of a link: the title of its first linked record (what its cursor text is). */
    SqlFragment sortValue(TableDef table, FieldDef field) {
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) {
            return new SqlFragment("CAST(NULL AS VARCHAR)", List.of());
        }
        FieldType.Link l = ok.linkType();
        return new Parts().add("(SELECT COALESCE(")
                .add(linkedValue(ok.target(), titleField(ok.target()), l, title(ok.target(), "t")))
                .add(", '') FROM " + junction(table, l) + " j WHERE j." + own(l) + " = b.id ORDER BY "
                        + order(l, "j") + " LIMIT 1)").done();
    }

    /** A filter condition on a link field of the outer query's record {@code t}. */
    void condition(TableDef table, Column col, Filter.Condition c, StringBuilder sql,
                   List<SqlFragment.Param> params) {
        FieldDef field = java.util.Objects.requireNonNull(col.field());
        if (!(LinkFields.state(table, field) instanceof LinkFields.Ok ok)) {
            throw RowanException.invalid("filter", col.apiName() + " cannot be filtered: "
                    + ((LinkFields.Unavailable) LinkFields.state(table, field)).reason());
        }
        FieldType.Link l = ok.linkType();
        String j = junction(table, l);
        String exists = "EXISTS (SELECT 1 FROM " + j + " j WHERE j." + own(l) + " = t.id";
        Operator op = c.operator();
        switch (op) {
            case IS_NULL -> sql.append("NOT ").append(exists).append(')');
            case IS_NOT_NULL -> sql.append(exists).append(')');
            case HAS_ANY_OF, HAS_NONE_OF -> {
                if (!(c.value() instanceof List<?> ids)) {
                    throw RowanException.invalid("filter", op.api() + " on " + col.apiName()
                            + " needs a list of record ids");
                }
                if (ids.isEmpty()) {
                    sql.append(op == Operator.HAS_ANY_OF ? "FALSE" : "TRUE");
                    return;
                }
                sql.append(op == Operator.HAS_NONE_OF ? "NOT " : "").append(exists).append(" AND j.")
                        .append(other(l)).append(" IN (");
                for (int i = 0; i < ids.size(); i++) {
                    if (i > 0) sql.append(", ");
                    sql.append('?');
                    params.add(new SqlFragment.Param(recordId(ids.get(i), col), RecordSql.UUID_TYPE));
                }
                sql.append("))");
            }
            case CONTAINS -> {
                if (!(c.value() instanceof String s)) {
                    throw RowanException.invalid("filter", "contains on " + col.apiName() + " needs a text value");
                }
                SqlFragment target = bodyFor(ok.target(), titleField(ok.target()));
                sql.append("EXISTS (SELECT 1 FROM ").append(j).append(" j JOIN ").append(target.sql())
                        .append(" x ON x.id = j.").append(other(l)).append(" WHERE j.").append(own(l))
                        .append(" = t.id AND ").append(title(ok.target(), "x")).append(" ILIKE ? ESCAPE '\\')");
                params.addAll(target.params());
                String esc = s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                params.add(new SqlFragment.Param("%" + esc + "%", RecordSql.TEXT));
            }
            default -> throw RowanException.invalid("filter", "Operator " + op.api() + " does not apply to "
                    + col.apiName() + " (link)");
        }
    }

    private static UUID recordId(Object raw, Column col) {
        if (raw instanceof String s) {
            try {
                return UUID.fromString(s.strip());
            } catch (IllegalArgumentException e) {
                // below
            }
        }
        throw RowanException.invalid("filter", col.apiName() + " compares with record ids");
    }
}
