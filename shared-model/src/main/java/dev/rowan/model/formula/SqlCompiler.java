package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compiles a checked formula into one SQL expression over a record's columns, for PostgreSQL or H2, so the value
 * can be selected, filtered, sorted and grouped on inside the database. Literals and option labels travel as
 * parameters. An error is NULL: every guard (division by zero, bad dates, texts too long) yields NULL, no
 * expression can fail the statement. On H2 most functions run as one Java alias per result type
 * ({@link H2Functions}) over the very code the in-memory evaluator runs; on PostgreSQL each function has its own
 * SQL in {@link Functions}.
 */
public final class SqlCompiler {
    private final SqlDialect dialect;
    private final ColumnResolver columns;
    private int lets;

    private SqlCompiler(SqlDialect dialect, ColumnResolver columns) {
        this.dialect = dialect;
        this.columns = columns;
    }

    /** The formula's value as an SQL expression; text results are NULL rather than empty. */
    public static SqlFragment compile(CheckedFormula formula, SqlDialect dialect, ColumnResolver columns) {
        SqlCompiler c = new SqlCompiler(dialect, columns);
        Node root = formula.root();
        SqlFragment sql = c.node(root);
        if (root.type() == FormulaType.TEXT) return of("NULLIF(", sql, ", '')");
        if (root.type() == FormulaType.BLANK) return new SqlFragment(c.nullOf(FormulaType.TEXT), List.of());
        if (root.type() == FormulaType.LIST && !c.postgres()) return of("ROWAN_FORMULA_ARRAY(", sql, ")");
        return sql;
    }

    boolean postgres() {
        return dialect == SqlDialect.POSTGRES;
    }

    private SqlFragment node(Node n) {
        return switch (n) {
            case Node.Const c -> c.value() == null ? new SqlFragment(nullOf(c.type()), List.of()) : literal(c);
            case Node.Field f -> field(f);
            case Node.Apply a -> apply(a);
        };
    }

    private SqlFragment literal(Node.Const c) {
        Object v = c.value();
        return switch (v) {
            case BigDecimal d -> new SqlFragment("CAST(? AS " + sqlType(FormulaType.NUMBER) + ")",
                    List.of(new SqlFragment.Param(d, new FieldType.NumberType(10))));
            case String s -> text(s);
            case Boolean b -> new SqlFragment(b ? "TRUE" : "FALSE", List.of());
            default -> throw new IllegalStateException("literal " + v);
        };
    }

    SqlFragment text(String s) {
        return new SqlFragment("CAST(? AS " + sqlType(FormulaType.TEXT) + ")",
                List.of(new SqlFragment.Param(s, new FieldType.Text())));
    }

    SqlFragment number(BigDecimal d) {
        return literal(new Node.Const(d, FormulaType.NUMBER, 0));
    }

    SqlFragment date(LocalDate d) {
        return new SqlFragment("CAST(? AS DATE)", List.of(new SqlFragment.Param(d, new FieldType.DateType(false))));
    }

    String sqlType(FormulaType t) {
        boolean pg = postgres();
        return switch (t) {
            case NUMBER, DURATION -> pg ? "numeric" : "NUMERIC(40, 10)";
            case TEXT, BLANK -> pg ? "text" : "VARCHAR";
            case BOOLEAN -> pg ? "boolean" : "BOOLEAN";
            case DATE -> pg ? "date" : "DATE";
            case DATETIME -> pg ? "timestamptz" : "TIMESTAMP WITH TIME ZONE";
            case LIST -> pg ? "text[]" : "VARCHAR";
        };
    }

    String nullOf(FormulaType t) {
        return "CAST(NULL AS " + sqlType(t) + ")";
    }

    private SqlFragment field(Node.Field f) {
        SqlFragment col = columns.field(f.field().id());
        FieldType type = f.field().type();
        if (type instanceof FieldType.SingleSelect s) {
            if (s.options().isEmpty()) return new SqlFragment(nullOf(FormulaType.TEXT), List.of());
            List<Object> parts = new ArrayList<>(List.of("CASE ", col));
            for (SelectOption o : s.options()) {
                parts.add(" WHEN ");
                parts.add(text(o.id()));
                parts.add(" THEN ");
                parts.add(text(o.label()));
            }
            parts.add(" END");
            return of(parts.toArray());
        }
        // a lookup is a text array of its values: H2's formula functions take lists encoded
        if (type instanceof FieldType.Lookup && !postgres()) return of("ROWAN_FORMULA_LABELS(", col, ")");
        if (type instanceof FieldType.MultipleSelect m) {
            List<Object> parts = new ArrayList<>();
            if (postgres()) {
                parts.add("ARRAY(SELECT CASE u.e");
                for (SelectOption o : m.options()) {
                    parts.addAll(List.of(" WHEN ", text(o.id()), " THEN ", text(o.label())));
                }
                parts.addAll(List.of(" END FROM unnest(", col, ") WITH ORDINALITY AS u(e, n) ORDER BY u.n)"));
                return of("CASE WHEN cardinality(", col, ") > 0 THEN ", of(parts.toArray()), " END");
            }
            List<Object> ids = new ArrayList<>(List.of("ROWAN_FORMULA_LABELS(", col));
            for (SelectOption o : m.options()) {
                ids.addAll(List.of(", ", text(o.id()), ", ", text(o.label())));
            }
            ids.add(")");
            return of(ids.toArray());
        }
        return col;
    }

    private SqlFragment apply(Node.Apply a) {
        List<SqlFragment> args = new ArrayList<>(a.args().size());
        for (Node arg : a.args()) args.add(node(arg));
        Call call = new Call(a, args);
        if (postgres() || a.fn().h2UsesPg) return a.fn().pg.sql(call);
        if (a.type() == FormulaType.BLANK) return new SqlFragment(nullOf(FormulaType.TEXT), List.of());
        StringBuilder types = new StringBuilder();
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            FormulaType t = a.args().get(i).type();
            types.append(H2Functions.code(t));
            parts.add(", ");
            parts.add(H2Functions.encode(t, args.get(i)));
        }
        parts.add(0, H2Functions.alias(a.type()) + "(" + H2Functions.quoted(a.fn().name()) + ", '" + types + "'");
        parts.add(")");
        return of(parts.toArray());
    }

    /** Joins SQL text and fragments, keeping the parameters in order. */
    static SqlFragment of(Object... parts) {
        StringBuilder sql = new StringBuilder();
        List<SqlFragment.Param> params = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof SqlFragment f) {
                sql.append(f.sql());
                params.addAll(f.params());
            } else {
                sql.append((String) p);
            }
        }
        return new SqlFragment(sql.toString(), params);
    }

    /** One call being compiled: its compiled arguments and the helpers the function SQL needs. */
    public final class Call {
        final Node.Apply node;
        final List<SqlFragment> args;

        Call(Node.Apply node, List<SqlFragment> args) {
            this.node = node;
            this.args = args;
        }

        boolean postgres() {
            return SqlCompiler.this.postgres();
        }

        SqlFragment a(int i) {
            return args.get(i);
        }

        int n() {
            return args.size();
        }

        FormulaType type() {
            return node.type();
        }

        FormulaType argType(int i) {
            return node.args().get(i).type();
        }

        String literal(int i) {
            return (String) ((Node.Const) node.args().get(i)).value();
        }

        SqlFragment text(String s) {
            return SqlCompiler.this.text(s);
        }

        SqlFragment number(BigDecimal d) {
            return SqlCompiler.this.number(d);
        }

        SqlFragment date(LocalDate d) {
            return SqlCompiler.this.date(d);
        }

        String nullOf(FormulaType t) {
            return SqlCompiler.this.nullOf(t);
        }

        SqlFragment system(ColumnResolver.SystemColumn c) {
            return columns.system(c);
        }

        /**
         * Names each value once, so the body may use it several times without repeating (and re-computing) its
         * SQL: {@code (SELECT body FROM (SELECT v0 AS x0, v1 AS x1 OFFSET 0) AS l)}. Nested lets nest scalar subqueries,
         * which both engines correlate with the record's row.
         */
        SqlFragment let(List<SqlFragment> values, Function<List<SqlFragment>, SqlFragment> body) {
            int id = ++lets;
            List<Object> parts = new ArrayList<>();
            List<SqlFragment> names = new ArrayList<>();
            parts.add("(SELECT ");
            List<Object> select = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String name = "x" + id + "_" + i;
                names.add(new SqlFragment(name, List.of()));
                if (i > 0) select.add(", ");
                select.add(values.get(i));
                select.add(" AS " + name);
            }
            parts.add(body.apply(names));
            parts.add(" FROM (SELECT ");
            parts.addAll(select);
            // OFFSET 0 keeps PostgreSQL from pulling the values up and folding a guarded branch over constants
            // (DATEADD(d, 900000000000, "minutes") would fail at planning although its guard says NULL)
            parts.add(" OFFSET 0) AS l" + id + ")");
            return of(parts.toArray());
        }

        SqlFragment let(SqlFragment value, Function<SqlFragment, SqlFragment> body) {
            return let(List.of(value), l -> body.apply(l.get(0)));
        }
    }
}
