package dev.rowan.model.formula;

import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rowan.model.formula.Fn.P.ANY;
import static dev.rowan.model.formula.Fn.P.BOOLEAN;
import static dev.rowan.model.formula.Fn.P.DATE;
import static dev.rowan.model.formula.Fn.P.DATETIME;
import static dev.rowan.model.formula.Fn.P.LIST;
import static dev.rowan.model.formula.Fn.P.NUMBER;
import static dev.rowan.model.formula.Fn.P.TEMPORAL;
import static dev.rowan.model.formula.Fn.P.TEXT;
import static dev.rowan.model.formula.Fn.P.TEXT_LITERAL;
import static dev.rowan.model.formula.Fn.fn;
import static dev.rowan.model.formula.Fn.op;
import static dev.rowan.model.formula.SqlCompiler.of;
import static dev.rowan.model.formula.Values.error;

/**
 * The registry: every function and operator with its documentation, type rule, in-memory semantics and
 * PostgreSQL SQL side by side, so a function cannot be documented, evaluated and compiled three different ways.
 * Semantics common to all: a blank argument gives a blank result unless the function says otherwise ("lenient"
 * ones: logic, CONCAT and &amp;, the aggregates, ISBLANK); an error inside a lenient function counts as blank, as
 * it does in SQL where an error is NULL.
 */
public final class Functions {
    private static final Map<String, Fn> PUBLIC = new LinkedHashMap<>();
    private static final Map<String, Fn> OPERATORS = new LinkedHashMap<>();
    private static final BigDecimal MAX_INT = BigDecimal.valueOf(1_000_000_000);
    private static final String SCALE20 = "0.00000000000000000000";
    private static final String SCALE24 = "0.000000000000000000000000";
    static final String VALUE_PATTERN = "^ *[-+]?([0-9]{1,18}(\\.[0-9]{0,10})?|\\.[0-9]{1,10}) *$";
    private static final Pattern VALUE = Pattern.compile(VALUE_PATTERN);
    static final String PARSE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?)?$";
    private static final Pattern PARSE = Pattern.compile(PARSE_PATTERN);
    /** Days from 0001-01-01 (a Monday) to 9999-12-31. */
    private static final long LAST_DAY = ChronoUnit.DAYS.between(Values.MIN_DATE, Values.MAX_DATE);

    private Functions() {
    }

    /** Every documented function, in reference order. */
    public static List<FunctionInfo> all() {
        return PUBLIC.values().stream().map(Fn::info).toList();
    }

    static Optional<Fn> byName(String upperName) {
        return Optional.ofNullable(PUBLIC.get(upperName));
    }

    static Fn operator(String op) {
        Fn f = OPERATORS.get(op);
        if (f == null) throw new IllegalStateException("no operator " + op);
        return f;
    }

    static Optional<Fn> any(String name) {
        Fn f = PUBLIC.get(name);
        return Optional.ofNullable(f != null ? f : OPERATORS.get(name));
    }

    private static void add(Fn.Builder b) {
        Fn f = b.build();
        (f.documented ? PUBLIC : OPERATORS).put(f.name(), f);
    }

    // --- argument access -------------------------------------------------------------------------------------

    private static BigDecimal num(List<@Nullable Object> a, int i) {
        return (BigDecimal) a.get(i);
    }

    private static String str(List<@Nullable Object> a, int i) {
        return (String) a.get(i);
    }

    private static @Nullable Object arg(List<@Nullable Object> a, int i) {
        return i < a.size() ? a.get(i) : null;
    }

    /**
     * An int within [lo, hi], NULL for NULL (PostgreSQL's LEAST and GREATEST skip NULLs). {@code f} is used twice:
     * pass let names, never a nested expression.
     */
    private static SqlFragment clampInt(SqlFragment f, String lo, String hi) {
        return of("CAST(CASE WHEN ", f, " IS NOT NULL THEN GREATEST(LEAST(trunc(", f, "), ", hi, "), ", lo,
                ") END AS int)");
    }

    private static SqlFragment capText(SqlCompiler.Call c, SqlFragment text) {
        return c.let(text, x -> of("CASE WHEN length(", x, ") > " + Values.MAX_TEXT + " THEN NULL ELSE ", x,
                " END"));
    }

    private static SqlFragment utc(SqlCompiler.Call c, int i) {
        return c.argType(i) == FormulaType.DATETIME ? of("(", c.a(i), " AT TIME ZONE 'UTC')") : c.a(i);
    }

    private static SqlFragment sqlList(List<SqlFragment> items, String sep) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) parts.add(sep);
            parts.add(items.get(i));
        }
        return of(parts.toArray());
    }

    /** A valid date from numeric year, month, day (already truncated), or NULL; never an error. */
    private static SqlFragment pgDate(SqlFragment y, SqlFragment m, SqlFragment d) {
        SqlFragment first = of("make_date(", clampInt(y, "1", "9999"), ", ", clampInt(m, "1", "12"), ", 1)");
        return of("CASE WHEN ", y, " BETWEEN 1 AND 9999 AND ", m, " BETWEEN 1 AND 12 AND ", d, " >= 1 AND ", d,
                " <= EXTRACT(DAY FROM (", first, " + INTERVAL '1 month' - INTERVAL '1 day')) THEN ", first, " + ",
                clampInt(d, "1", "31"), " - 1 END");
    }

    private static LocalDate javaDate(BigDecimal y, BigDecimal m, BigDecimal d) {
        BigDecimal ty = y.setScale(0, RoundingMode.DOWN);
        BigDecimal tm = m.setScale(0, RoundingMode.DOWN);
        BigDecimal td = d.setScale(0, RoundingMode.DOWN);
        if (ty.compareTo(BigDecimal.ONE) < 0 || ty.compareTo(BigDecimal.valueOf(9999)) > 0) {
            throw error("the year must be between 1 and 9999");
        }
        if (tm.compareTo(BigDecimal.ONE) < 0 || tm.compareTo(BigDecimal.valueOf(12)) > 0) {
            throw error("the month must be between 1 and 12");
        }
        LocalDate first = LocalDate.of(ty.intValue(), tm.intValue(), 1);
        if (td.compareTo(BigDecimal.ONE) < 0 || td.compareTo(BigDecimal.valueOf(first.lengthOfMonth())) > 0) {
            throw error("there is no day " + td.toPlainString() + " in " + first.getMonth().toString()
                    .toLowerCase(Locale.ROOT) + " " + ty);
        }
        return first.withDayOfMonth(td.intValue());
    }

    private static String textOf(@Nullable Object v) {
        return Values.blank(v) ? "" : (String) v;
    }

    // --- units -----------------------------------------------------------------------------------------------

    enum Unit {
        YEAR(0, 10_000), MONTH(0, 120_000), WEEK(7 * 86_400L, 530_000), DAY(86_400L, 3_700_000),
        HOUR(3_600L, 88_000_000L), MINUTE(60L, 5_300_000_000L), SECOND(1L, 320_000_000_000L);

        final long seconds;
        final long maxAmount;

        Unit(long seconds, long maxAmount) {
            this.seconds = seconds;
            this.maxAmount = maxAmount;
        }

        boolean calendar() {
            return this == YEAR || this == MONTH || this == WEEK || this == DAY;
        }

        String sql() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Unit> parse(String s) {
            String u = s.strip().toUpperCase(Locale.ROOT);
            if (u.endsWith("S")) u = u.substring(0, u.length() - 1);
            for (Unit x : values()) {
                if (x.name().equals(u)) return Optional.of(x);
            }
            return Optional.empty();
        }
    }

    private static Unit unit(List<Node> args, int i, Checker.Context ctx, List<Unit> allowed) {
        String lit = (String) ((Node.Const) args.get(i)).value();
        Unit u = Unit.parse(lit).filter(allowed::contains).orElseThrow(() -> ctx.error(i, ctx.fn
                + " does not know the unit \"" + shorten(lit) + "\"; use one of " + allowed.stream()
                .map(x -> x.sql() + "s").toList()));
        args.set(i, new Node.Const(u.name(), FormulaType.TEXT, args.get(i).offset()));
        return u;
    }

    private static String shorten(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }

    // --- DATETIME_FORMAT -------------------------------------------------------------------------------------

    private static final List<String> FORMAT_TOKENS = List.of("YYYY", "YY", "MM", "M", "DD", "D", "HH", "mm", "ss");

    /** The format as [java pattern, postgres pattern], or the reason it is refused. */
    static String[] format(String f) {
        StringBuilder java = new StringBuilder();
        StringBuilder pg = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        outer:
        while (i < f.length()) {
            char c = f.charAt(i);
            if (c == '[') {
                int end = f.indexOf(']', i);
                if (end < 0) throw error("a [ in the format is not closed");
                lit.append(f, i + 1, end);
                i = end + 1;
                continue;
            }
            for (String t : FORMAT_TOKENS) {
                if (f.startsWith(t, i)) {
                    flush(lit, java, pg);
                    java.append(switch (t) {
                        case "YYYY" -> "uuuu";
                        case "YY" -> "uu";
                        case "DD" -> "dd";
                        case "D" -> "d";
                        default -> t;
                    });
                    pg.append(switch (t) {
                        case "M" -> "FMMM";
                        case "D" -> "FMDD";
                        case "HH" -> "HH24";
                        case "mm" -> "MI";
                        case "ss" -> "SS";
                        default -> t;
                    });
                    i += t.length();
                    continue outer;
                }
            }
            if (Character.isLetter(c)) {
                throw error("the format letter '" + c + "' is not known (use YYYY YY MM M DD D HH mm ss, and"
                        + " [text] for letters)");
            }
            lit.append(c);
            i++;
        }
        flush(lit, java, pg);
        return new String[] {java.toString(), pg.toString()};
    }

    private static void flush(StringBuilder lit, StringBuilder java, StringBuilder pg) {
        if (lit.isEmpty()) return;
        java.append('\'').append(lit.toString().replace("'", "''")).append('\'');
        pg.append('"').append(lit.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        lit.setLength(0);
    }

    private static final Map<String, DateTimeFormatter> FORMATTERS = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, DateTimeFormatter> e) {
                    return size() > 128;
                }
            });

    // --- the functions ---------------------------------------------------------------------------------------

    static {
        operators();
        logic();
        numbers();
        texts();
        dates();
        records();
        lists();
    }

    private static void operators() {
        add(op("+").nativeOnH2().params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).add(num(a, 1)))
                .pg(c -> of("(", c.a(0), " + ", c.a(1), ")")));
        add(op("-").nativeOnH2().params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).subtract(num(a, 1)))
                .pg(c -> of("(", c.a(0), " - ", c.a(1), ")")));
        add(op("*").nativeOnH2().params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).multiply(num(a, 1)))
                .pg(c -> of("(", c.a(0), " * ", c.a(1), ")")));
        add(op("/").params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> Values.divide(num(a, 0), num(a, 1)))
                .pg(c -> of("round((", c.a(0), " + " + SCALE20 + ") / NULLIF(", c.a(1), ", 0), 10)")));
        add(op("%").params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> mod(num(a, 0), num(a, 1)))
                .pg(c -> of("mod(", c.a(0), ", NULLIF(", c.a(1), ", 0))")));
        add(op("NEG").nativeOnH2().params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).negate())
                .pg(c -> of("(- ", c.a(0), ")")));
        add(op("&").params(TEXT, TEXT).returns(FormulaType.TEXT).lenient()
                .eval((a, c) -> Values.text(textOf(a.get(0)) + textOf(a.get(1))))
                .pg(c -> capText(c, of("(COALESCE(", c.a(0), ", '') || COALESCE(", c.a(1), ", ''))"))));
        for (String cmp : List.of("=", "!=", "<", "<=", ">", ">=")) {
            boolean ordering = !cmp.equals("=") && !cmp.equals("!=");
            String sqlOp = cmp.equals("!=") ? "<>" : cmp;
            add(op(cmp).nativeOnH2().params(ANY, ANY)
                    .typer((args, ctx) -> {
                        FormulaType l = args.get(0).type();
                        FormulaType r = args.get(1).type();
                        if (l != r && (l == FormulaType.TEXT || r == FormulaType.TEXT) && l != FormulaType.BLANK
                                && r != FormulaType.BLANK) {
                            throw ctx.error(1, "'" + cmp + "' cannot compare values that mix " + l.label() + " and "
                                    + r.label());
                        }
                        FormulaType t = ctx.unify(args, List.of(0, 1), "cannot compare values that");
                        if (t == FormulaType.LIST) throw ctx.error(-1, "Lists cannot be compared");
                        if (ordering && (t == FormulaType.TEXT || t == FormulaType.BOOLEAN)) {
                            throw ctx.error(-1, "'" + cmp + "' compares numbers and dates; compare " + t.label()
                                    + " with = or !=");
                        }
                        return FormulaType.BOOLEAN;
                    })
                    .eval((a, c) -> {
                        int r = Values.compare(a.get(0), a.get(1));
                        return switch (cmp) {
                            case "=" -> r == 0;
                            case "!=" -> r != 0;
                            case "<" -> r < 0;
                            case "<=" -> r <= 0;
                            case ">" -> r > 0;
                            default -> r >= 0;
                        };
                    })
                    .pg(c -> of("(", c.a(0), " " + sqlOp + " ", c.a(1), ")")));
        }
        add(op("TO_TEXT").params(ANY).returns(FormulaType.TEXT)
                .eval((a, c) -> Values.toText(a.get(0)))
                .pg(c -> switch (c.argType(0)) {
                    case NUMBER, DURATION -> of("CAST(trim_scale(", c.a(0), ") AS text)");
                    case BOOLEAN -> of("(CASE ", c.a(0), " WHEN TRUE THEN 'TRUE' WHEN FALSE THEN 'FALSE' END)");
                    case DATE -> of("to_char(", c.a(0), ", 'YYYY-MM-DD')");
                    case DATETIME -> of("to_char(", c.a(0), " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
                    case LIST -> of("array_to_string(", c.a(0), ", ', ')");
                    case TEXT, BLANK -> c.a(0);
                }));
        add(op("TO_DATETIME").params(ANY).returns(FormulaType.DATETIME)
                .eval((a, c) -> Values.atMidnight((LocalDate) a.get(0)))
                .pg(c -> of("(CAST(", c.a(0), " AS timestamp) AT TIME ZONE 'UTC')")));
        add(op("TO_DATE").params(ANY).returns(FormulaType.DATE)
                .eval((a, c) -> Values.date(a.get(0)))
                .pg(c -> of("CAST(", c.a(0), " AT TIME ZONE 'UTC' AS date)")));
        add(op("BLANK_AS").params(ANY).lenient().nativeOnH2()
                .eval((a, c) -> a.get(0))
                .pg(c -> new SqlFragment(c.nullOf(c.type()), List.of())));
    }

    private static BigDecimal mod(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) throw error("division by zero");
        return a.remainder(b);
    }

    private static void logic() {
        add(fn("IF", "logic", "IF(condition, value, [otherwise])",
                "The value when the condition is TRUE, otherwise the third argument (blank when left out). A blank"
                        + " condition counts as FALSE.", "IF({Qty} > 10, \"bulk\", \"single\")")
                .nativeOnH2().params(1, BOOLEAN, ANY, ANY).lenient()
                .typer((args, ctx) -> args.size() == 2 ? args.get(1).type()
                        : ctx.unify(args, List.of(1, 2), "branches"))
                .eval((a, c) -> Boolean.TRUE.equals(a.get(0)) ? a.get(1) : arg(a, 2))
                .pg(c -> c.n() == 2 ? of("CASE WHEN ", c.a(0), " THEN ", c.a(1), " END")
                        : of("CASE WHEN ", c.a(0), " THEN ", c.a(1), " ELSE ", c.a(2), " END")));
        add(fn("SWITCH", "logic", "SWITCH(expression, value1, result1, [value2, result2, ...], [default])",
                "The result paired with the first value equal to the expression, else the default (blank when left"
                        + " out).", "SWITCH({Status}, \"Open\", 1, \"Done\", 2, 0)")
                .varargs(3, ANY).lenient()
                .typer((args, ctx) -> {
                    List<Integer> keys = new ArrayList<>(List.of(0));
                    List<Integer> results = new ArrayList<>();
                    for (int i = 1; i + 1 < args.size(); i += 2) {
                        keys.add(i);
                        results.add(i + 1);
                    }
                    if (args.size() % 2 == 0) results.add(args.size() - 1);
                    if (ctx.unify(args, keys, "values") == FormulaType.LIST) {
                        throw ctx.error(0, "SWITCH cannot compare lists");
                    }
                    return ctx.unify(args, results, "results");
                })
                .eval((a, c) -> {
                    Object x = a.get(0);
                    int pairs = (a.size() - 1) / 2;
                    if (!Values.blank(x)) {
                        for (int p = 0; p < pairs; p++) {
                            Object v = a.get(1 + 2 * p);
                            if (!Values.blank(v) && Values.compare(x, v) == 0) return a.get(2 + 2 * p);
                        }
                    }
                    return a.size() % 2 == 0 ? a.get(a.size() - 1) : null;
                })
                .pg(c -> {
                    List<Object> parts = new ArrayList<>(List.of("CASE ", c.a(0)));
                    int i = 1;
                    for (; i + 1 < c.n(); i += 2) parts.addAll(List.of(" WHEN ", c.a(i), " THEN ", c.a(i + 1)));
                    if (i < c.n()) parts.addAll(List.of(" ELSE ", c.a(i)));
                    parts.add(" END");
                    return of(parts.toArray());
                }));
        add(fn("AND", "logic", "AND(condition1, [condition2, ...])",
                "TRUE when every condition is TRUE; FALSE when any is FALSE; blank otherwise.",
                "AND({Paid}, {Qty} > 0)")
                .nativeOnH2().varargs(1, BOOLEAN).returns(FormulaType.BOOLEAN).lenient()
                .eval((a, c) -> {
                    boolean unknown = false;
                    for (Object v : a) {
                        if (Boolean.FALSE.equals(v)) return false;
                        if (!Boolean.TRUE.equals(v)) unknown = true;
                    }
                    return unknown ? null : true;
                })
                .pg(c -> of("(", sqlList(c.args, " AND "), ")")));
        add(fn("OR", "logic", "OR(condition1, [condition2, ...])",
                "TRUE when any condition is TRUE; FALSE when every one is FALSE; blank otherwise.",
                "OR({Urgent}, {Qty} > 100)")
                .nativeOnH2().varargs(1, BOOLEAN).returns(FormulaType.BOOLEAN).lenient()
                .eval((a, c) -> {
                    boolean unknown = false;
                    for (Object v : a) {
                        if (Boolean.TRUE.equals(v)) return true;
                        if (!Boolean.FALSE.equals(v)) unknown = true;
                    }
                    return unknown ? null : false;
                })
                .pg(c -> of("(", sqlList(c.args, " OR "), ")")));
        add(fn("NOT", "logic", "NOT(condition)", "TRUE for FALSE and FALSE for TRUE.", "NOT({Paid})")
                .nativeOnH2().params(BOOLEAN).returns(FormulaType.BOOLEAN)
                .eval((a, c) -> !(Boolean) a.get(0))
                .pg(c -> of("(NOT ", c.a(0), ")")));
        add(fn("XOR", "logic", "XOR(condition1, [condition2, ...])",
                "TRUE when an odd number of the conditions are TRUE; blank when any is blank.", "XOR({A}, {B})")
                .varargs(1, BOOLEAN).returns(FormulaType.BOOLEAN)
                .eval((a, c) -> a.stream().filter(Boolean.TRUE::equals).count() % 2 == 1)
                .pg(c -> {
                    List<SqlFragment> terms = c.args.stream()
                            .map(x -> of("CASE ", x, " WHEN TRUE THEN 1 WHEN FALSE THEN 0 END")).toList();
                    return of("(mod(", sqlList(terms, " + "), ", 2) = 1)");
                }));
        add(fn("ISBLANK", "logic", "ISBLANK(value)",
                "TRUE when the value is blank: empty, an empty text or list, or an error.", "ISBLANK({Due})")
                .params(ANY).returns(FormulaType.BOOLEAN).lenient()
                .eval((a, c) -> {
                    Object v = a.get(0);
                    return Values.blank(v) || "".equals(v) || v instanceof List<?> l && l.isEmpty();
                })
                .pg(c -> switch (c.argType(0)) {
                    case TEXT -> of("(COALESCE(", c.a(0), ", '') = '')");
                    case LIST -> of("(COALESCE(cardinality(", c.a(0), "), 0) = 0)");
                    default -> of("(", c.a(0), " IS NULL)");
                }));
        add(fn("BLANK", "logic", "BLANK()", "A blank value.", "IF({Qty} > 0, {Qty}, BLANK())")
                .params().returns(FormulaType.BLANK).lenient().nativeOnH2()
                .eval((a, c) -> null)
                .pg(c -> new SqlFragment(c.nullOf(FormulaType.TEXT), List.of())));
        add(fn("ERROR", "logic", "ERROR([message])",
                "An error value with the message (a text in quotes); in the database an error is blank.",
                "IF({Qty} < 0, ERROR(\"negative quantity\"), {Qty})")
                .params(1, TEXT_LITERAL).returns(FormulaType.BLANK).lenient().nativeOnH2()
                .eval((a, c) -> {
                    throw error(a.isEmpty() ? "ERROR()" : String.valueOf(a.get(0)));
                })
                .pg(c -> new SqlFragment(c.nullOf(FormulaType.TEXT), List.of())));
    }

    private static void numbers() {
        for (String name : List.of("ROUND", "ROUNDUP", "ROUNDDOWN")) {
            String what = switch (name) {
                case "ROUND" -> "rounded half away from zero";
                case "ROUNDUP" -> "rounded away from zero";
                default -> "rounded toward zero";
            };
            RoundingMode mode = switch (name) {
                case "ROUND" -> RoundingMode.HALF_UP;
                case "ROUNDUP" -> RoundingMode.UP;
                default -> RoundingMode.DOWN;
            };
            add(fn(name, "numbers", name + "(number, [places])",
                    "The number " + what + " to the given decimal places (0 when left out; negative places round"
                            + " to tens, hundreds...; -20 to 20).", name + "(3.14159, 2)")
                    .params(1, NUMBER, NUMBER).returns(FormulaType.NUMBER)
                    .eval((a, c) -> num(a, 0).setScale(a.size() > 1 ? places(num(a, 1)) : 0, mode))
                    .pg(c -> {
                        SqlFragment places = c.n() > 1 ? c.a(1) : c.number(BigDecimal.ZERO);
                        return c.let(places, p -> {
                            SqlFragment n = of("CAST(trunc(", p, ") AS int)");
                            SqlFragment body = switch (name) {
                                case "ROUND" -> of("round(", c.a(0), ", ", n, ")");
                                case "ROUNDDOWN" -> of("trunc(", c.a(0), ", ", n, ")");
                                default -> c.let(c.a(0), x -> of("CASE WHEN trunc(", x, ", ", n, ") = ", x,
                                        " THEN ", x, " ELSE trunc(", x, ", ", n, ") + sign(", x,
                                        ") * power(CAST(10 AS numeric), - ", n, ") END"));
                            };
                            return of("CASE WHEN abs(", p, ") < 21 THEN ", body, " END");
                        });
                    }));
        }
        add(fn("FLOOR", "numbers", "FLOOR(number)", "The largest integer not above the number.", "FLOOR(-2.5) → -3")
                .params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).setScale(0, RoundingMode.FLOOR))
                .pg(c -> of("floor(", c.a(0), ")")));
        add(fn("CEILING", "numbers", "CEILING(number)", "The smallest integer not below the number.",
                "CEILING(2.1) → 3")
                .params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).setScale(0, RoundingMode.CEILING))
                .pg(c -> of("ceil(", c.a(0), ")")));
        add(fn("INT", "numbers", "INT(number)", "The number rounded down to an integer (as FLOOR).", "INT(7.9) → 7")
                .params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).setScale(0, RoundingMode.FLOOR))
                .pg(c -> of("floor(", c.a(0), ")")));
        add(fn("ABS", "numbers", "ABS(number)", "The number without its sign.", "ABS(-4) → 4")
                .params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> num(a, 0).abs())
                .pg(c -> of("abs(", c.a(0), ")")));
        add(fn("MOD", "numbers", "MOD(number, divisor)",
                "The remainder of the division, with the sign of the number; an error for a zero divisor.",
                "MOD(7, 3) → 1")
                .params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> mod(num(a, 0), num(a, 1)))
                .pg(c -> of("mod(", c.a(0), ", NULLIF(", c.a(1), ", 0))")));
        add(fn("POWER", "numbers", "POWER(base, exponent)",
                "The base raised to the exponent (15 significant digits); an error when undefined or too large.",
                "POWER(2, 10) → 1024")
                .params(NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> power(num(a, 0).doubleValue(), num(a, 1).doubleValue()))
                .pg(c -> c.let(List.of(of("CAST(", c.a(0), " AS float8)"), of("CAST(", c.a(1), " AS float8)")),
                        v -> {
                            SqlFragment x = v.get(0);
                            SqlFragment y = v.get(1);
                            return of("CASE WHEN ", x, " = 0 AND ", y, " < 0 THEN NULL WHEN ", x, " < 0 AND ", y,
                                    " <> trunc(", y, ") THEN NULL WHEN ", x, " <> 0 AND abs(", y,
                                    " * ln(CASE WHEN ", x, " = 0 THEN 1 ELSE abs(", x, ") END)) > 700 THEN NULL"
                                    + " ELSE CAST(power(", x, ", ", y, ") AS numeric) END");
                        })));
        add(fn("SQRT", "numbers", "SQRT(number)", "The square root (15 significant digits); an error for a negative"
                + " number.", "SQRT(16) → 4")
                .params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> {
                    if (num(a, 0).signum() < 0) throw error("the square root of a negative number");
                    return Values.fromDouble(Math.sqrt(num(a, 0).doubleValue()), "SQRT");
                })
                .pg(c -> c.let(c.a(0), x -> of("CAST(sqrt(CAST(CASE WHEN ", x, " >= 0 THEN ", x,
                        " END AS float8)) AS numeric)"))));
        add(fn("EXP", "numbers", "EXP(number)", "e raised to the number (15 significant digits); the number must be"
                + " between -700 and 700.", "EXP(1) → 2.71828182845905")
                .params(NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> {
                    if (num(a, 0).abs().compareTo(BigDecimal.valueOf(700)) > 0) throw error("EXP is out of range");
                    return Values.fromDouble(Math.exp(num(a, 0).doubleValue()), "EXP");
                })
                .pg(c -> c.let(c.a(0), x -> of("CAST(exp(CAST(CASE WHEN abs(", x, ") <= 700 THEN ", x,
                        " END AS float8)) AS numeric)"))));
        add(fn("LOG", "numbers", "LOG(number, [base])", "The logarithm to the base (10 when left out), 15"
                + " significant digits; an error for numbers or bases that are not positive, or a base of 1.",
                "LOG(1000) → 3")
                .params(1, NUMBER, NUMBER).returns(FormulaType.NUMBER)
                .eval((a, c) -> {
                    double x = num(a, 0).doubleValue();
                    if (num(a, 0).signum() <= 0) throw error("the logarithm of a number that is not positive");
                    if (a.size() == 1) return Values.fromDouble(Math.log10(x), "LOG");
                    BigDecimal b = num(a, 1);
                    if (b.signum() <= 0 || b.compareTo(BigDecimal.ONE) == 0) throw error("LOG's base is not valid");
                    return Values.fromDouble(Math.log(x) / Math.log(b.doubleValue()), "LOG");
                })
                .pg(c -> c.n() == 1
                        ? c.let(c.a(0), x -> of("CAST(log(CAST(CASE WHEN ", x, " > 0 THEN ", x,
                        " END AS float8)) AS numeric)"))
                        : c.let(List.of(c.a(0), c.a(1)), v -> of("CAST(ln(CAST(CASE WHEN ", v.get(0), " > 0 THEN ",
                        v.get(0), " END AS float8)) / ln(CAST(CASE WHEN ", v.get(1), " > 0 AND ", v.get(1),
                        " <> 1 THEN ", v.get(1), " END AS float8)) AS numeric)"))));
        add(fn("MIN", "numbers", "MIN(number1, [number2, ...])", "The smallest number; blanks are skipped.",
                "MIN({Bid}, {Ask})")
                .varargs(1, NUMBER).returns(FormulaType.NUMBER).lenient()
                .eval((a, c) -> a.stream().filter(v -> !Values.blank(v)).map(BigDecimal.class::cast)
                        .min(BigDecimal::compareTo).orElse(null))
                .pg(c -> of("LEAST(", sqlList(c.args, ", "), ")")));
        add(fn("MAX", "numbers", "MAX(number1, [number2, ...])", "The largest number; blanks are skipped.",
                "MAX({Bid}, {Ask})")
                .varargs(1, NUMBER).returns(FormulaType.NUMBER).lenient()
                .eval((a, c) -> a.stream().filter(v -> !Values.blank(v)).map(BigDecimal.class::cast)
                        .max(BigDecimal::compareTo).orElse(null))
                .pg(c -> of("GREATEST(", sqlList(c.args, ", "), ")")));
        add(fn("SUM", "numbers", "SUM(number1, [number2, ...])", "The sum; blanks count as 0.",
                "SUM({Q1}, {Q2}, {Q3})")
                .varargs(1, NUMBER).returns(FormulaType.NUMBER).lenient()
                .eval((a, c) -> a.stream().filter(v -> !Values.blank(v)).map(BigDecimal.class::cast)
                        .reduce(BigDecimal.ZERO, BigDecimal::add))
                .pg(c -> of("(", sqlList(c.args.stream().map(x -> of("COALESCE(", x, ", 0)")).toList(), " + "),
                        ")")));
        add(fn("AVERAGE", "numbers", "AVERAGE(number1, [number2, ...])",
                "The mean of the numbers that are not blank (10 decimal places); blank when all are.",
                "AVERAGE({Q1}, {Q2})")
                .varargs(1, NUMBER).returns(FormulaType.NUMBER).lenient()
                .eval((a, c) -> {
                    List<BigDecimal> xs = a.stream().filter(v -> !Values.blank(v)).map(BigDecimal.class::cast)
                            .toList();
                    if (xs.isEmpty()) return null;
                    return Values.divide(xs.stream().reduce(BigDecimal.ZERO, BigDecimal::add),
                            BigDecimal.valueOf(xs.size()));
                })
                .pg(c -> c.let(c.args, v -> of("round((",
                        sqlList(v.stream().map(x -> of("COALESCE(", x, ", 0)")).toList(), " + "),
                        " + " + SCALE20 + ") / NULLIF(",
                        sqlList(v.stream().map(x -> of("CASE WHEN ", x, " IS NULL THEN 0 ELSE 1 END")).toList(),
                                " + "), ", 0), 10)"))));
        add(fn("VALUE", "numbers", "VALUE(text)",
                "The number written in the text (digits with an optional sign and point, up to 18 digits before"
                        + " and 10 after it); an error otherwise.", "VALUE(\"42.5\") → 42.5")
                .params(TEXT).returns(FormulaType.NUMBER)
                .eval((a, c) -> {
                    String s = str(a, 0);
                    if (!VALUE.matcher(s).matches()) throw error("the text is not a number");
                    return new BigDecimal(s.strip());
                })
                .pg(c -> c.let(c.a(0), x -> of("CASE WHEN ", x, " ~ ", c.text(VALUE_PATTERN), " THEN CAST(", x,
                        " AS numeric) END"))));
    }

    private static int places(BigDecimal p) {
        if (p.abs().compareTo(BigDecimal.valueOf(21)) >= 0) throw error("the decimal places must be between -20 and 20");
        return p.setScale(0, RoundingMode.DOWN).intValue();
    }

    private static BigDecimal power(double x, double y) {
        if (x == 0 && y < 0) throw error("division by zero");
        if (x < 0 && y != Math.rint(y)) throw error("a negative number to a fractional power");
        if (x != 0 && Math.abs(y * Math.log(Math.abs(x))) > 700) throw error("POWER is out of range");
        return Values.fromDouble(Math.pow(x, y), "POWER");
    }

    private static void texts() {
        add(fn("CONCAT", "text", "CONCAT(text1, [text2, ...])",
                "The texts joined; numbers, booleans and dates are written as text, blanks as nothing.",
                "CONCAT({First}, \" \", {Last})")
                .varargs(1, TEXT).returns(FormulaType.TEXT).lenient()
                .eval((a, c) -> {
                    StringBuilder sb = new StringBuilder();
                    for (Object v : a) {
                        sb.append(textOf(v));
                        if (sb.length() > Values.MAX_TEXT * 2) break;
                    }
                    return Values.text(sb.toString());
                })
                .pg(c -> capText(c, of("(", sqlList(c.args.stream().map(x -> of("COALESCE(", x, ", '')")).toList(),
                        " || "), ")"))));
        add(fn("LEFT", "text", "LEFT(text, count)", "The first count characters.", "LEFT(\"Rowan\", 3) → \"Row\"")
                .params(TEXT, NUMBER).returns(FormulaType.TEXT)
                .eval((a, c) -> Values.slice(str(a, 0), 0, count(num(a, 1))))
                .pg(c -> c.let(c.a(1), n -> of("left(", c.a(0), ", ", lengthSql(n), ")"))));
        add(fn("RIGHT", "text", "RIGHT(text, count)", "The last count characters.", "RIGHT(\"Rowan\", 2) → \"an\"")
                .params(TEXT, NUMBER).returns(FormulaType.TEXT)
                .eval((a, c) -> {
                    String s = str(a, 0);
                    long n = count(num(a, 1));
                    int len = Values.length(s);
                    return Values.slice(s, len - Math.min(n, len), len);
                })
                .pg(c -> c.let(c.a(1), n -> of("right(", c.a(0), ", ", lengthSql(n), ")"))));
        add(fn("MID", "text", "MID(text, start, count)",
                "count characters from position start (the first character is 1).", "MID(\"Rowan\", 2, 3) → \"owa\"")
                .params(TEXT, NUMBER, NUMBER).returns(FormulaType.TEXT)
                .eval((a, c) -> {
                    long start = start(num(a, 1));
                    long n = count(num(a, 2));
                    return Values.slice(str(a, 0), start - 1, start - 1 + n);
                })
                .pg(c -> c.let(List.of(c.a(1), c.a(2)), v -> of("substr(", c.a(0), ", ", startSql(v.get(0)), ", ",
                        lengthSql(v.get(1)), ")"))));
        add(fn("LEN", "text", "LEN(text)", "The number of characters.", "LEN(\"Rowan\") → 5")
                .params(TEXT).returns(FormulaType.NUMBER)
                .eval((a, c) -> BigDecimal.valueOf(Values.length(str(a, 0))))
                .pg(c -> of("CAST(length(", c.a(0), ") AS numeric)")));
        add(fn("UPPER", "text", "UPPER(text)", "The text in capitals (one character for one).",
                "UPPER(\"éa\") → \"ÉA\"")
                .params(TEXT).returns(FormulaType.TEXT)
                .eval((a, c) -> Values.upper(str(a, 0)))
                .pg(c -> of("upper(", c.a(0), " COLLATE pg_c_utf8)")));
        add(fn("LOWER", "text", "LOWER(text)", "The text in small letters (one character for one).",
                "LOWER(\"ÉA\") → \"éa\"")
                .params(TEXT).returns(FormulaType.TEXT)
                .eval((a, c) -> Values.lower(str(a, 0)))
                .pg(c -> of("lower(", c.a(0), " COLLATE pg_c_utf8)")));
        add(fn("TRIM", "text", "TRIM(text)", "The text without spaces at either end.", "TRIM(\"  a b \") → \"a b\"")
                .params(TEXT).returns(FormulaType.TEXT)
                .eval((a, c) -> Values.trim(str(a, 0)))
                .pg(c -> of("btrim(", c.a(0), ", ' ')")));
        add(fn("SUBSTITUTE", "text", "SUBSTITUTE(text, old, new)", "The text with every occurrence of old replaced"
                + " by new.", "SUBSTITUTE(\"a-b-c\", \"-\", \"+\") → \"a+b+c\"")
                .params(TEXT, TEXT, TEXT).returns(FormulaType.TEXT)
                .eval((a, c) -> substitute(str(a, 0), str(a, 1), str(a, 2)))
                .pg(c -> c.let(List.of(c.a(0), c.a(1), c.a(2)), v -> {
                    SqlFragment x = v.get(0);
                    SqlFragment y = v.get(1);
                    SqlFragment z = v.get(2);
                    return of("CASE WHEN ", z, " IS NULL THEN NULL WHEN ", y, " = '' THEN ", x, " WHEN CAST(length(", x, ") AS numeric) + (length(",
                            x, ") - length(replace(", x, ", ", y, ", ''))) / NULLIF(length(", y, "), 0) * (length(",
                            z, ") - length(", y, ")) > " + Values.MAX_TEXT + " THEN NULL ELSE replace(", x, ", ", y,
                            ", ", z, ") END");
                })));
        add(fn("REPLACE", "text", "REPLACE(text, start, count, new)",
                "The text with count characters from position start replaced by new.",
                "REPLACE(\"Rowan\", 1, 1, \"S\") → \"Sowan\"")
                .params(TEXT, NUMBER, NUMBER, TEXT).returns(FormulaType.TEXT)
                .eval((a, c) -> {
                    String s = str(a, 0);
                    long start = start(num(a, 1));
                    long n = count(num(a, 2));
                    return Values.text(Values.slice(s, 0, start - 1) + str(a, 3)
                            + Values.slice(s, start - 1 + n, Long.MAX_VALUE));
                })
                .pg(c -> c.let(List.of(c.a(0), c.a(1), c.a(2), c.a(3)), v -> of("CASE WHEN ", v.get(1),
                        " >= 1 AND ", v.get(2), " >= 0 THEN ", capText(c, of("left(", v.get(0), ", ",
                                clampInt(v.get(1), "1", "1000000000"), " - 1) || ", v.get(3), " || substr(", v.get(0),
                                ", ", clampInt(of("trunc(", v.get(1), ") + trunc(", v.get(2), ")"), "1",
                                        "1000000000"), ")")), " END"))));
        for (String name : List.of("FIND", "SEARCH")) {
            boolean search = name.equals("SEARCH");
            add(fn(name, "text", name + "(needle, text, [start])",
                    "The position of the first " + (search ? "case-insensitive " : "") + "occurrence of needle in"
                            + " the text at or after start (1 when left out), or 0.",
                    name + "(\"" + (search ? "W" : "w") + "\", \"Rowan\") → 3")
                    .params(1, TEXT, TEXT, NUMBER).returns(FormulaType.NUMBER)
                    .eval((a, c) -> {
                        String needle = search ? Values.lower(str(a, 0)) : str(a, 0);
                        String hay = search ? Values.lower(str(a, 1)) : str(a, 1);
                        long start = a.size() > 2 ? start(num(a, 2)) : 1;
                        int p = Values.position(Values.slice(hay, start - 1, Long.MAX_VALUE), needle);
                        return BigDecimal.valueOf(p == 0 ? 0 : p + start - 1);
                    })
                    .pg(c -> {
                        SqlFragment s = c.n() > 2 ? c.a(2) : c.number(BigDecimal.ONE);
                        return c.let(List.of(c.a(0), c.a(1), s), v -> {
                            SqlFragment needle = search ? of("lower(", v.get(0), " COLLATE pg_c_utf8)") : v.get(0);
                            SqlFragment hay = search ? of("lower(", v.get(1), " COLLATE pg_c_utf8)") : v.get(1);
                            SqlFragment st = v.get(2);
                            return c.let(of("strpos(substr(", hay, ", ", clampInt(st, "1", "1000000000"), "), ",
                                    needle, ")"), p -> of("CASE WHEN ", st, " < 1 THEN NULL WHEN ", p,
                                    " = 0 THEN CAST(0 AS numeric) ELSE ", p, " + LEAST(trunc(", st,
                                    "), 1000000000) - 1 END"));
                        });
                    }));
        }
        add(fn("REPT", "text", "REPT(text, count)", "The text repeated count times (at most 100,000 characters).",
                "REPT(\"ab\", 3) → \"ababab\"")
                .params(TEXT, NUMBER).returns(FormulaType.TEXT)
                .eval((a, c) -> {
                    String s = str(a, 0);
                    if (num(a, 1).signum() < 0) throw error("REPT's count is negative");
                    BigDecimal n = num(a, 1).setScale(0, RoundingMode.DOWN);
                    if (BigDecimal.valueOf(Values.length(s)).multiply(n).compareTo(BigDecimal.valueOf(
                            Values.MAX_TEXT)) > 0) {
                        throw error("the text is longer than " + Values.MAX_TEXT + " characters");
                    }
                    return s.isEmpty() ? "" : s.repeat(n.intValue());
                })
                .pg(c -> c.let(List.of(c.a(0), c.a(1)), v -> of("CASE WHEN ", v.get(1), " < 0 OR length(", v.get(0),
                        ") * trunc(", v.get(1), ") > " + Values.MAX_TEXT + " THEN NULL ELSE repeat(", v.get(0),
                        ", ", clampInt(v.get(1), "0", String.valueOf(Values.MAX_TEXT)), ") END"))));
        add(fn("T", "text", "T(value)", "The value when it is text, otherwise an empty text.", "T({Name})")
                .params(ANY).returns(FormulaType.TEXT)
                .eval((a, c) -> a.get(0) instanceof String s ? s : "")
                .pg(c -> c.argType(0) == FormulaType.TEXT ? c.a(0)
                        : of("CASE WHEN ", c.a(0), " IS NULL THEN NULL ELSE '' END")));
        add(fn("REGEX_MATCH", "text", "REGEX_MATCH(text, pattern)",
                "TRUE when the pattern (a text in quotes) matches somewhere in the text (see Patterns for what a"
                        + " pattern may contain).", "REGEX_MATCH({Code}, \"^[A-Z]{2}\\\\d+$\")")
                .params(TEXT, TEXT_LITERAL).typer((args, ctx) -> {
                    regex(args, ctx);
                    return FormulaType.BOOLEAN;
                })
                .eval((a, c) -> FormulaRegex.matches(str(a, 0), str(a, 1)))
                .pg(c -> of("(", c.a(0), " ~ ", c.a(1), ")")));
        add(fn("REGEX_EXTRACT", "text", "REGEX_EXTRACT(text, pattern)",
                "The first (leftmost, longest) match of the pattern in the text; blank when there is none.",
                "REGEX_EXTRACT(\"Order 1234\", \"\\\\d+\") → \"1234\"")
                .params(TEXT, TEXT_LITERAL).typer((args, ctx) -> {
                    regex(args, ctx);
                    return FormulaType.TEXT;
                })
                .eval((a, c) -> FormulaRegex.extract(str(a, 0), str(a, 1)))
                .pg(c -> of("regexp_substr(", c.a(0), ", ", c.a(1), ")")));
        add(fn("REGEX_REPLACE", "text", "REGEX_REPLACE(text, pattern, replacement)",
                "The text with every match of the pattern replaced by the replacement (plain text, in quotes).",
                "REGEX_REPLACE(\"a1b22\", \"\\\\d+\", \"#\") → \"a#b#\"")
                .params(TEXT, TEXT_LITERAL, TEXT_LITERAL).typer((args, ctx) -> {
                    regex(args, ctx);
                    return FormulaType.TEXT;
                })
                .eval((a, c) -> Values.text(FormulaRegex.replace(str(a, 0), str(a, 1), str(a, 2))))
                .pg(c -> capText(c, of("regexp_replace(", c.a(0), ", ", c.a(1), ", ",
                        c.text(FormulaRegex.pgReplacement(c.literal(2))), ", 'g')"))));
    }

    private static void regex(List<Node> args, Checker.Context ctx) {
        String pattern = (String) ((Node.Const) args.get(1)).value();
        FormulaRegex.Result r = FormulaRegex.translate(pattern);
        if (r.portable().isEmpty()) throw ctx.error(1, ctx.fn + "'s pattern is not supported: " + r.reason());
        args.set(1, new Node.Const(r.portable().get(), FormulaType.TEXT, args.get(1).offset()));
    }

    private static long count(BigDecimal n) {
        if (n.signum() < 0) throw error("the count is negative");
        return n.min(MAX_INT).setScale(0, RoundingMode.DOWN).longValue();
    }

    private static long start(BigDecimal n) {
        if (n.compareTo(BigDecimal.ONE) < 0) throw error("the start position must be 1 or more");
        return n.min(MAX_INT).setScale(0, RoundingMode.DOWN).longValue();
    }

    /** {@code n} is used twice: pass a let name, never an expression (its SQL would double at every level). */
    private static SqlFragment lengthSql(SqlFragment n) {
        return of("CAST(CASE WHEN ", n, " >= 0 THEN LEAST(trunc(", n, "), 1000000000) END AS int)");
    }

    /** As {@link #lengthSql}: a let name only. */
    private static SqlFragment startSql(SqlFragment n) {
        return of("CAST(CASE WHEN ", n, " >= 1 THEN LEAST(trunc(", n, "), 1000000000) END AS int)");
    }

    private static String substitute(String s, String old, String by) {
        if (old.isEmpty()) return s;
        long len = Values.length(s);
        long occurrences = (len - Values.length(s.replace(old, ""))) / Values.length(old);
        if (len + occurrences * (Values.length(by) - Values.length(old)) > Values.MAX_TEXT) {
            throw error("the text is longer than " + Values.MAX_TEXT + " characters");
        }
        return s.replace(old, by);
    }

    private static void dates() {
        add(fn("TODAY", "dates", "TODAY()", "Today's date in UTC.", "DATETIME_DIFF(TODAY(), {Start}, \"days\")")
                .params().returns(FormulaType.DATE)
                .eval((a, c) -> LocalDate.now(c.clock().withZone(ZoneOffset.UTC)))
                .pg(c -> new SqlFragment("CAST(now() AT TIME ZONE 'UTC' AS date)", List.of())));
        add(fn("NOW", "dates", "NOW()", "The current date and time (UTC).", "IS_BEFORE({Due}, NOW())")
                .params().returns(FormulaType.DATETIME)
                .eval((a, c) -> OffsetDateTime.now(c.clock().withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MICROS))
                .pg(c -> new SqlFragment("now()", List.of())));
        add(fn("DATE", "dates", "DATE(year, month, day)", "The date; an error when there is no such day.",
                "DATE(2026, 2, 28)")
                .params(NUMBER, NUMBER, NUMBER).returns(FormulaType.DATE)
                .eval((a, c) -> javaDate(num(a, 0), num(a, 1), num(a, 2)))
                .pg(c -> c.let(List.of(of("trunc(", c.a(0), ")"), of("trunc(", c.a(1), ")"), of("trunc(", c.a(2),
                        ")")), v -> pgDate(v.get(0), v.get(1), v.get(2)))));
        record Part(String name, String field, String description, java.util.function.Function<LocalDate, Integer> f) {
        }
        for (Part p : List.of(new Part("YEAR", "YEAR", "The year", LocalDate::getYear),
                new Part("MONTH", "MONTH", "The month (1 to 12)", LocalDate::getMonthValue),
                new Part("DAY", "DAY", "The day of the month", LocalDate::getDayOfMonth),
                new Part("WEEKDAY", "DOW", "The day of the week, 0 for Sunday to 6 for Saturday",
                        d -> d.getDayOfWeek().getValue() % 7))) {
            add(fn(p.name(), "dates", p.name() + "(date)", p.description() + " of a date (UTC).",
                    p.name() + "({Due})")
                    .params(DATE).returns(FormulaType.NUMBER)
                    .eval((a, c) -> BigDecimal.valueOf(p.f().apply((LocalDate) a.get(0))))
                    .pg(c -> of("CAST(EXTRACT(" + p.field() + " FROM ", c.a(0), ") AS numeric)")));
        }
        for (String part : List.of("HOUR", "MINUTE")) {
            add(fn(part, "dates", part + "(datetime)", "The " + part.toLowerCase(Locale.ROOT) + " of a date and time"
                    + " (UTC); 0 for a date.", part + "({Start})")
                    .params(DATETIME).returns(FormulaType.NUMBER)
                    .eval((a, c) -> BigDecimal.valueOf(part.equals("HOUR") ? Values.datetime(a.get(0)).getHour()
                            : Values.datetime(a.get(0)).getMinute()))
                    .pg(c -> of("CAST(EXTRACT(" + part + " FROM ", c.a(0), " AT TIME ZONE 'UTC') AS numeric)")));
        }
        add(fn("WEEKNUM", "dates", "WEEKNUM(date)", "The week of the year, weeks starting on Sunday; the week of"
                + " January 1 is week 1.", "WEEKNUM(DATE(2026, 1, 4)) → 2")
                .params(DATE).returns(FormulaType.NUMBER)
                .eval((a, c) -> {
                    LocalDate d = (LocalDate) a.get(0);
                    int jan1 = d.withDayOfYear(1).getDayOfWeek().getValue() % 7;
                    return BigDecimal.valueOf((d.getDayOfYear() - 1 + jan1) / 7 + 1);
                })
                .pg(c -> c.let(c.a(0), d -> of("floor((EXTRACT(DOY FROM ", d, ") - 1 + EXTRACT(DOW FROM make_date("
                        + "CAST(EXTRACT(YEAR FROM ", d, ") AS int), 1, 1))) / 7) + 1"))));
        add(fn("DATEADD", "dates", "DATEADD(date, count, unit)",
                "The date moved by count units: \"years\", \"months\", \"weeks\", \"days\", \"hours\", \"minutes\""
                        + " or \"seconds\" (in quotes). A date stays a date for calendar units; an error outside the"
                        + " years 1 to 9999.", "DATEADD({Start}, 2, \"weeks\")")
                .params(TEMPORAL, NUMBER, TEXT_LITERAL)
                .typer((args, ctx) -> {
                    Unit u = unit(args, 2, ctx, List.of(Unit.values()));
                    if (args.get(0).type() == FormulaType.DATE && u.calendar()) return FormulaType.DATE;
                    args.set(0, Checker.convert(args.get(0), FormulaType.DATETIME));
                    return FormulaType.DATETIME;
                })
                .eval((a, c) -> dateAdd(a.get(0), num(a, 1), Unit.valueOf(str(a, 2))))
                .pg(c -> dateAddSql(c, Unit.valueOf(c.literal(2)))));
        add(fn("DATETIME_DIFF", "dates", "DATETIME_DIFF(date1, date2, unit)",
                "date1 minus date2 in whole units (\"weeks\", \"days\", \"hours\", \"minutes\" or \"seconds\"),"
                        + " truncated toward zero.", "DATETIME_DIFF({End}, {Start}, \"days\")")
                .params(DATETIME, DATETIME, TEXT_LITERAL)
                .typer((args, ctx) -> {
                    unit(args, 2, ctx, List.of(Unit.WEEK, Unit.DAY, Unit.HOUR, Unit.MINUTE, Unit.SECOND));
                    return FormulaType.NUMBER;
                })
                .eval((a, c) -> {
                    long micros = ChronoUnit.MICROS.between((OffsetDateTime) a.get(1), (OffsetDateTime) a.get(0));
                    BigDecimal seconds = BigDecimal.valueOf(micros, 6);
                    return seconds.divide(BigDecimal.valueOf(Unit.valueOf(str(a, 2)).seconds), 24,
                            RoundingMode.HALF_UP).setScale(0, RoundingMode.DOWN);
                })
                .pg(c -> of("trunc((EXTRACT(EPOCH FROM ", c.a(0), ") - EXTRACT(EPOCH FROM ", c.a(1), ") + " + SCALE24
                        + ") / " + Unit.valueOf(c.literal(2)).seconds + ")")));
        add(fn("WORKDAY", "dates", "WORKDAY(date, count)",
                "The date count working days (Monday to Friday) later, or earlier for a negative count; from a"
                        + " weekend day, 0 working days is the Friday before.", "WORKDAY({Start}, 10)")
                .params(DATE, NUMBER).returns(FormulaType.DATE)
                .eval((a, c) -> workday((LocalDate) a.get(0), num(a, 1)))
                .pg(c -> c.let(List.of(c.a(0), of("trunc(", c.a(1), ")")), v -> {
                    SqlFragment d = v.get(0);
                    SqlFragment n = v.get(1);
                    SqlFragment w = of("CAST(EXTRACT(ISODOW FROM ", d, ") AS int)");
                    SqlFragment pos = of("(CASE WHEN ", w, " <= 5 THEN ", w, " - 1 WHEN ", n,
                            " >= 0 THEN 4 ELSE 5 END + ", n, ")");
                    return c.let(pos, t -> c.let(of("(1 - ", w, ") + floor(", t, " / 5) * 7 + (", t,
                            " - 5 * floor(", t, " / 5))"), off -> of("CASE WHEN (", d, " - DATE '0001-01-01') + ",
                            off, " BETWEEN 0 AND " + LAST_DAY + " THEN ", d, " + CAST(", off, " AS int) END")));
                })));
        add(fn("WORKDAY_DIFF", "dates", "WORKDAY_DIFF(start, end)",
                "The number of working days (Monday to Friday) from start to end, both included; negative when"
                        + " end is before start.", "WORKDAY_DIFF({Start}, {End})")
                .params(DATE, DATE).returns(FormulaType.NUMBER)
                .eval((a, c) -> {
                    long ka = ChronoUnit.DAYS.between(Values.MIN_DATE, (LocalDate) a.get(0));
                    long kb = ChronoUnit.DAYS.between(Values.MIN_DATE, (LocalDate) a.get(1));
                    return BigDecimal.valueOf(kb >= ka ? weekdays(kb + 1) - weekdays(ka)
                            : -(weekdays(ka + 1) - weekdays(kb)));
                })
                .pg(c -> c.let(List.of(of("(", c.a(0), " - DATE '0001-01-01')"), of("(", c.a(1),
                        " - DATE '0001-01-01')")), v -> {
                    SqlFragment ka = v.get(0);
                    SqlFragment kb = v.get(1);
                    return of("CAST(CASE WHEN ", kb, " >= ", ka, " THEN ", weekdaysSql(of(kb, " + 1")), " - ",
                            weekdaysSql(ka), " ELSE -(", weekdaysSql(of(ka, " + 1")), " - ", weekdaysSql(kb),
                            ") END AS numeric)");
                })));
        add(fn("DATETIME_FORMAT", "dates", "DATETIME_FORMAT(date, format)",
                "The date as text (UTC) in the format (in quotes): YYYY YY MM M DD D HH mm ss, other characters as"
                        + " they are, letters in [brackets].", "DATETIME_FORMAT({Due}, \"DD.MM.YYYY\")")
                .params(DATETIME, TEXT_LITERAL).typer((args, ctx) -> {
                    try {
                        format((String) ((Node.Const) args.get(1)).value());
                    } catch (FormulaEvalException e) {
                        throw ctx.error(1, "DATETIME_FORMAT's format is not supported: " + e.getMessage());
                    }
                    return FormulaType.TEXT;
                })
                .eval((a, c) -> FORMATTERS.computeIfAbsent(str(a, 1), f -> DateTimeFormatter.ofPattern(format(f)[0],
                        Locale.ROOT)).format((OffsetDateTime) a.get(0)))
                .pg(c -> of("to_char(", c.a(0), " AT TIME ZONE 'UTC', ", c.text(format(c.literal(1))[1]), ")")));
        add(fn("DATETIME_PARSE", "dates", "DATETIME_PARSE(text)",
                "The date and time written as YYYY-MM-DD, optionally followed by THH:MM or THH:MM:SS and Z (always"
                        + " UTC); an error otherwise.", "DATETIME_PARSE(\"2026-11-28T14:30:00Z\")")
                .params(TEXT).returns(FormulaType.DATETIME)
                .eval((a, c) -> parse(str(a, 0)))
                .pg(Functions::parseSql));
        for (String name : List.of("IS_BEFORE", "IS_AFTER")) {
            boolean before = name.equals("IS_BEFORE");
            add(fn(name, "dates", name + "(date1, date2)", "TRUE when date1 is " + (before ? "before" : "after")
                    + " date2.", name + "({Due}, TODAY())")
                    .params(TEMPORAL, TEMPORAL).typer((args, ctx) -> {
                        ctx.unify(args, List.of(0, 1), "dates");
                        return FormulaType.BOOLEAN;
                    })
                    .eval((a, c) -> before ? Values.compare(a.get(0), a.get(1)) < 0
                            : Values.compare(a.get(0), a.get(1)) > 0)
                    .pg(c -> of("(", c.a(0), before ? " < " : " > ", c.a(1), ")")));
        }
        add(fn("IS_SAME", "dates", "IS_SAME(date1, date2, [unit])",
                "TRUE when the dates are equal, or fall in the same \"year\", \"month\", \"day\", \"hour\", \"minute\""
                        + " or \"second\" (UTC).", "IS_SAME({Due}, TODAY(), \"month\")")
                .params(1, TEMPORAL, TEMPORAL, TEXT_LITERAL).typer((args, ctx) -> {
                    ctx.unify(args, List.of(0, 1), "dates");
                    if (args.size() > 2) {
                        unit(args, 2, ctx, List.of(Unit.YEAR, Unit.MONTH, Unit.DAY, Unit.HOUR, Unit.MINUTE,
                                Unit.SECOND));
                    }
                    return FormulaType.BOOLEAN;
                })
                .eval((a, c) -> {
                    if (a.size() < 3) return Values.compare(a.get(0), a.get(1)) == 0;
                    Unit u = Unit.valueOf(str(a, 2));
                    return truncate(Values.datetime(a.get(0)), u).equals(truncate(Values.datetime(a.get(1)), u));
                })
                .pg(c -> {
                    if (c.n() < 3) return of("(", c.a(0), " = ", c.a(1), ")");
                    String u = Unit.valueOf(c.literal(2)).sql();
                    SqlFragment x = c.argType(0) == FormulaType.DATE ? of("CAST(", c.a(0), " AS timestamp)")
                            : utc(c, 0);
                    SqlFragment y = c.argType(1) == FormulaType.DATE ? of("CAST(", c.a(1), " AS timestamp)")
                            : utc(c, 1);
                    return of("(date_trunc('" + u + "', ", x, ") = date_trunc('" + u + "', ", y, "))");
                }));
    }

    private static LocalDateTime truncate(OffsetDateTime t, Unit u) {
        LocalDateTime l = t.toLocalDateTime();
        return switch (u) {
            case YEAR -> l.toLocalDate().withDayOfYear(1).atStartOfDay();
            case MONTH -> l.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case DAY, WEEK -> l.truncatedTo(ChronoUnit.DAYS);
            case HOUR -> l.truncatedTo(ChronoUnit.HOURS);
            case MINUTE -> l.truncatedTo(ChronoUnit.MINUTES);
            case SECOND -> l.truncatedTo(ChronoUnit.SECONDS);
        };
    }

    private static Object dateAdd(Object d, BigDecimal count, Unit u) {
        BigDecimal n = count.setScale(0, RoundingMode.DOWN);
        if (n.abs().compareTo(BigDecimal.valueOf(u.maxAmount)) > 0) throw error("the date is outside the years 1"
                + " to 9999");
        long k = n.longValueExact();
        if (d instanceof LocalDate date) {
            return Values.checked(switch (u) {
                case YEAR -> date.plusYears(k);
                case MONTH -> date.plusMonths(k);
                case WEEK -> date.plusWeeks(k);
                default -> date.plusDays(k);
            });
        }
        OffsetDateTime t = (OffsetDateTime) d;
        return Values.checked(switch (u) {
            case YEAR -> t.plusYears(k);
            case MONTH -> t.plusMonths(k);
            case WEEK -> t.plusWeeks(k);
            case DAY -> t.plusDays(k);
            case HOUR -> t.plusHours(k);
            case MINUTE -> t.plusMinutes(k);
            case SECOND -> t.plusSeconds(k);
        });
    }

    private static SqlFragment dateAddSql(SqlCompiler.Call c, Unit u) {
        boolean date = c.type() == FormulaType.DATE;
        return c.let(List.of(c.a(0), of("trunc(", c.a(1), ")")), v -> {
            SqlFragment x = v.get(0);
            SqlFragment n = v.get(1);
            SqlFragment local = date ? x : of("(", x, " AT TIME ZONE 'UTC')");
            SqlFragment inRange = switch (u) {
                case YEAR -> of("EXTRACT(YEAR FROM ", local, ") + ", n, " BETWEEN 1 AND 9999");
                case MONTH -> of("EXTRACT(YEAR FROM ", local, ") * 12 + EXTRACT(MONTH FROM ", local, ") - 1 + ", n,
                        " BETWEEN 12 AND " + (9999 * 12 + 11));
                default -> {
                    SqlFragment seconds = of("EXTRACT(EPOCH FROM ", date ? of("CAST(", x, " AS timestamp)") : local,
                            ") + ", n, " * " + u.seconds);
                    yield of(seconds, " >= EXTRACT(EPOCH FROM TIMESTAMP '0001-01-01 00:00:00') AND ", seconds,
                            " < EXTRACT(EPOCH FROM TIMESTAMP '9999-12-31 00:00:00') + 86400");
                }
            };
            SqlFragment moved;
            if (date) {
                moved = switch (u) {
                    case YEAR -> of("CAST(", x, " + CAST(", n, " AS int) * INTERVAL '1 year' AS date)");
                    case MONTH -> of("CAST(", x, " + CAST(", n, " AS int) * INTERVAL '1 month' AS date)");
                    default -> of(x, " + CAST(", n, " * " + (u.seconds / 86_400) + " AS int)");
                };
            } else {
                String interval = "INTERVAL '1 " + u.sql() + "'";
                SqlFragment amount = u.calendar() ? of("CAST(", n, " AS int)") : of("CAST(", n, " AS float8)");
                moved = of("((", local, " + ", amount, " * " + interval + ") AT TIME ZONE 'UTC')");
            }
            return of("CASE WHEN ", inRange, " THEN ", moved, " END");
        });
    }

    private static LocalDate workday(LocalDate d, BigDecimal count) {
        BigDecimal n = count.setScale(0, RoundingMode.DOWN);
        if (n.abs().compareTo(BigDecimal.valueOf(3_000_000)) > 0) throw error("the date is outside the years 1 to"
                + " 9999");
        long k = n.longValue();
        int w = d.getDayOfWeek().getValue();
        long pos = (w <= 5 ? w - 1 : k >= 0 ? 4 : 5) + k;
        long off = (1 - w) + Math.floorDiv(pos, 5) * 7 + Math.floorMod(pos, 5);
        long day = ChronoUnit.DAYS.between(Values.MIN_DATE, d) + off;
        if (day < 0 || day > LAST_DAY) throw error("the date is outside the years 1 to 9999");
        return d.plusDays(off);
    }

    /** Weekdays in the first {@code k} days from 0001-01-01, a Monday. */
    private static long weekdays(long k) {
        return 5 * Math.floorDiv(k, 7) + Math.min(Math.floorMod(k, 7), 5);
    }

    private static SqlFragment weekdaysSql(SqlFragment k) {
        return of("(5 * floor((", k, ") / 7.0) + LEAST(mod(", k, ", 7), 5))");
    }

    private static OffsetDateTime parse(String s) {
        Matcher m = PARSE.matcher(s);
        if (!m.matches()) throw error("the text is not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
        LocalDate d = javaDate(new BigDecimal(s.substring(0, 4)), new BigDecimal(s.substring(5, 7)),
                new BigDecimal(s.substring(8, 10)));
        int h = s.length() > 10 ? Integer.parseInt(s.substring(11, 13)) : 0;
        int mi = s.length() > 10 ? Integer.parseInt(s.substring(14, 16)) : 0;
        int sec = s.length() > 16 && s.charAt(16) == ':' ? Integer.parseInt(s.substring(17, 19)) : 0;
        if (h > 23 || mi > 59 || sec > 59) throw error("the time is not valid");
        return d.atTime(h, mi, sec).atOffset(ZoneOffset.UTC);
    }

    private static SqlFragment parseSql(SqlCompiler.Call c) {
        return c.let(c.a(0), x -> of("CASE WHEN ", x, " ~ ", c.text(PARSE_PATTERN), " THEN ", c.let(List.of(
                of("CAST(substr(", x, ", 1, 4) AS numeric)"), of("CAST(substr(", x, ", 6, 2) AS numeric)"),
                of("CAST(substr(", x, ", 9, 2) AS numeric)"),
                of("CASE WHEN length(", x, ") > 10 THEN CAST(substr(", x, ", 12, 2) AS int) ELSE 0 END"),
                of("CASE WHEN length(", x, ") > 10 THEN CAST(substr(", x, ", 15, 2) AS int) ELSE 0 END"),
                of("CASE WHEN substr(", x, ", 17, 1) = ':' THEN CAST(substr(", x, ", 18, 2) AS int) ELSE 0 END")),
                v -> of("CASE WHEN ", v.get(3), " <= 23 AND ", v.get(4), " <= 59 AND ", v.get(5), " <= 59 THEN (CAST(",
                        pgDate(v.get(0), v.get(1), v.get(2)), " AS timestamp) + make_interval(hours => ", v.get(3),
                        ", mins => ", v.get(4), ", secs => ", v.get(5), ")) AT TIME ZONE 'UTC' END")), " END"));
    }

    private static void records() {
        add(fn("RECORD_ID", "record", "RECORD_ID()", "The record's id.", "RECORD_ID()")
                .params().returns(FormulaType.TEXT).nativeOnH2()
                .eval((a, c) -> c.recordId() == null ? null : c.recordId().toString())
                .pg(c -> of("CAST(", c.system(ColumnResolver.SystemColumn.ID), " AS " + (c.postgres() ? "text"
                        : "VARCHAR") + ")")));
        add(fn("CREATED_TIME", "record", "CREATED_TIME()", "When the record was created.", "CREATED_TIME()")
                .params().returns(FormulaType.DATETIME).nativeOnH2()
                .eval((a, c) -> c.createdAt())
                .pg(c -> c.system(ColumnResolver.SystemColumn.CREATED_AT)));
        add(fn("LAST_MODIFIED_TIME", "record", "LAST_MODIFIED_TIME()", "When the record was last changed.",
                "LAST_MODIFIED_TIME()")
                .params().returns(FormulaType.DATETIME).nativeOnH2()
                .eval((a, c) -> c.updatedAt())
                .pg(c -> c.system(ColumnResolver.SystemColumn.UPDATED_AT)));
    }

    private static void lists() {
        add(fn("ARRAYJOIN", "lists", "ARRAYJOIN(list, [separator])",
                "The items joined with the separator (\", \" when left out); blank items are skipped.",
                "ARRAYJOIN({Tags}, \" / \")")
                .params(1, LIST, TEXT).returns(FormulaType.TEXT)
                .eval((a, c) -> Values.text(String.join(a.size() > 1 ? str(a, 1) : ", ",
                        ((List<?>) a.get(0)).stream().filter(e -> e != null).map(Values::toText).toList())))
                .pg(c -> capText(c, of("array_to_string(", c.a(0), ", ", c.n() > 1 ? c.a(1) : c.text(", "), ")"))));
        add(fn("ARRAYUNIQUE", "lists", "ARRAYUNIQUE(list)", "The items without repeats, in first-seen order.",
                "ARRAYUNIQUE({Tags})")
                .params(LIST).returns(FormulaType.LIST)
                .eval((a, c) -> new ArrayList<>(new LinkedHashSet<>((List<?>) a.get(0))))
                .pg(c -> of("NULLIF(ARRAY(SELECT u.e FROM unnest(", c.a(0), ") WITH ORDINALITY AS u(e, n) GROUP BY u.e"
                        + " ORDER BY min(u.n)), CAST('{}' AS text[]))")));
        add(fn("ARRAYCOMPACT", "lists", "ARRAYCOMPACT(list)", "The items without blanks and empty texts.",
                "ARRAYCOMPACT({Tags})")
                .params(LIST).returns(FormulaType.LIST)
                .eval((a, c) -> ((List<?>) a.get(0)).stream().filter(e -> e != null && !"".equals(e)).toList())
                .pg(c -> of("NULLIF(ARRAY(SELECT u.e FROM unnest(", c.a(0), ") WITH ORDINALITY AS u(e, n) WHERE u.e <> ''"
                        + " ORDER BY u.n), CAST('{}' AS text[]))")));
        add(fn("COUNT", "lists", "COUNT(value1, [value2, ...])",
                "How many of the numbers are not blank; a list counts its items that are not blank.",
                "COUNT({Q1}, {Q2}, {Q3})")
                .varargs(1, ANY).lenient().typer((args, ctx) -> {
                    for (int i = 0; i < args.size(); i++) {
                        FormulaType t = args.get(i).type();
                        if (t != FormulaType.NUMBER && t != FormulaType.LIST && t != FormulaType.BLANK) {
                            throw ctx.error(i, "COUNT counts numbers and lists, got " + t.label()
                                    + "; use COUNTA to count values of any type");
                        }
                    }
                    return FormulaType.NUMBER;
                })
                .eval((a, c) -> count(a))
                .pg(Functions::countSql));
        add(fn("COUNTA", "lists", "COUNTA(value1, [value2, ...])",
                "How many of the values are not blank (an empty text is blank); a list counts its items.",
                "COUNTA({Name}, {Email})")
                .varargs(1, ANY).returns(FormulaType.NUMBER).lenient()
                .eval((a, c) -> count(a))
                .pg(Functions::countSql));
    }

    /** Values that are not blank (an empty text is blank), a list counting its items; COUNT's typer admits only
     * numbers and lists. */
    private static BigDecimal count(List<@Nullable Object> a) {
        long n = 0;
        for (Object v : a) {
            if (v instanceof List<?> l) {
                n += l.stream().filter(e -> e != null && !"".equals(e)).count();
            } else if (!Values.blank(v) && !"".equals(v)) {
                n++;
            }
        }
        return BigDecimal.valueOf(n);
    }

    private static SqlFragment countSql(SqlCompiler.Call c) {
        List<SqlFragment> terms = new ArrayList<>();
        for (int i = 0; i < c.n(); i++) {
            SqlFragment x = c.a(i);
            terms.add(switch (c.argType(i)) {
                case LIST -> of("(SELECT count(*) FROM unnest(", x, ") AS u(e) WHERE u.e <> '')");
                case TEXT -> of("CASE WHEN COALESCE(", x, ", '') = '' THEN 0 ELSE 1 END");
                default -> of("CASE WHEN ", x, " IS NULL THEN 0 ELSE 1 END");
            });
        }
        return of("CAST(", sqlList(terms, " + "), " AS numeric)");
    }
}
