package dev.rowan.model.formula;

import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The H2 side of formulas: one Java function alias per result type, each dispatching by function name to the
 * same implementation the in-memory evaluator runs. H2's own REGEXP_* use java.util.regex (which backtracks),
 * and its text functions count UTF-16 units; through these aliases H2 computes exactly what the evaluator does.
 * A workspace runs {@link #createAliases()} once.
 */
public final class H2Functions {
    private static final String CLASS = H2Functions.class.getName();

    private H2Functions() {
    }

    /** The DDL that declares the aliases (idempotent). */
    public static List<String> createAliases() {
        List<String> ddl = new ArrayList<>();
        for (FormulaType t : List.of(FormulaType.NUMBER, FormulaType.TEXT, FormulaType.BOOLEAN, FormulaType.DATE,
                FormulaType.DATETIME, FormulaType.LIST)) {
            ddl.add("CREATE ALIAS IF NOT EXISTS " + alias(t) + " FOR '" + CLASS + "." + method(t) + "'");
        }
        ddl.add("CREATE ALIAS IF NOT EXISTS ROWAN_FORMULA_LABELS FOR '" + CLASS + ".labels'");
        ddl.add("CREATE ALIAS IF NOT EXISTS ROWAN_FORMULA_ARRAY FOR '" + CLASS + ".array'");
        return ddl;
    }

    static String alias(FormulaType t) {
        return "ROWAN_FORMULA_" + method(t).toUpperCase(java.util.Locale.ROOT);
    }

    private static String method(FormulaType t) {
        return switch (t) {
            case NUMBER, DURATION -> "number";
            case TEXT, BLANK -> "text";
            case BOOLEAN -> "bool";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case LIST -> "list";
        };
    }

    /** A registry name as an SQL string literal; names are fixed identifiers and operators, never user text. */
    static String quoted(String name) {
        if (!name.matches("[A-Z_]+|[-+*/%&=!<>]{1,2}")) throw new IllegalStateException("bad function name");
        return "'" + name + "'";
    }

    /*
     * H2 hands Java functions only declared types (an Object parameter is refused), so arguments travel as text
     * with a one-letter type code each: numbers as decimal text, booleans TRUE/FALSE, dates ISO, date-times as
     * epoch seconds, lists in a length-prefixed encoding that no label can break.
     */

    static char code(FormulaType t) {
        return switch (t) {
            case NUMBER, DURATION -> 'N';
            case TEXT, BLANK -> 'T';
            case BOOLEAN -> 'B';
            case DATE -> 'D';
            case DATETIME -> 'S';
            case LIST -> 'L';
        };
    }

    static SqlFragment encode(FormulaType t, SqlFragment value) {
        return switch (t) {
            case NUMBER, DURATION, BOOLEAN, DATE -> SqlCompiler.of("CAST(", value, " AS VARCHAR)");
            case DATETIME -> SqlCompiler.of("CAST(EXTRACT(EPOCH FROM ", value, ") AS VARCHAR)");
            case TEXT, BLANK, LIST -> value;
        };
    }

    private static @Nullable Object decode(char code, @Nullable String s) {
        if (s == null) return null;
        return switch (code) {
            case 'N' -> new BigDecimal(s);
            case 'B' -> Boolean.valueOf(s);
            case 'D' -> LocalDate.parse(s);
            case 'S' -> {
                BigDecimal secs = new BigDecimal(s);
                BigDecimal whole = secs.setScale(0, java.math.RoundingMode.FLOOR);
                long nanos = secs.subtract(whole).movePointRight(9).longValue();
                yield java.time.Instant.ofEpochSecond(whole.longValueExact(), nanos).atOffset(ZoneOffset.UTC);
            }
            case 'L' -> decodeList(s);
            default -> s;
        };
    }

    static String encodeList(List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (Object o : items) {
            if (o == null) {
                sb.append("-;");
            } else {
                String s = Values.toText(o);
                sb.append(s.length()).append(':').append(s);
            }
        }
        return sb.toString();
    }

    static List<@Nullable Object> decodeList(String s) {
        List<@Nullable Object> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '-') {
                out.add(null);
                i += 2;
                continue;
            }
            int colon = s.indexOf(':', i);
            int len = Integer.parseInt(s.substring(i, colon));
            out.add(s.substring(colon + 1, colon + 1 + len));
            i = colon + 1 + len;
        }
        return out;
    }

    private static final Map<String, Fn> FNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static @Nullable Object call(String name, String types, String[] args) {
        Fn fn = FNS.computeIfAbsent(name, n -> Functions.any(n).orElseThrow());
        List<@Nullable Object> values = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) values.add(decode(types.charAt(i), args[i]));
        Object r = Evaluator.invoke(fn, values, EvalContext.NONE);
        return r instanceof ErrorValue ? null : r;
    }

    public static @Nullable BigDecimal number(String name, String types, String... args) {
        return (BigDecimal) call(name, types, args);
    }

    public static @Nullable String text(String name, String types, String... args) {
        return (String) call(name, types, args);
    }

    public static @Nullable Boolean bool(String name, String types, String... args) {
        return (Boolean) call(name, types, args);
    }

    public static @Nullable LocalDate date(String name, String types, String... args) {
        return (LocalDate) call(name, types, args);
    }

    public static @Nullable OffsetDateTime datetime(String name, String types, String... args) {
        return (OffsetDateTime) call(name, types, args);
    }

    /** A list result, encoded (see {@link #encodeList}); an empty list is NULL. */
    public static @Nullable String list(String name, String types, String... args) {
        Object r = call(name, types, args);
        return r == null || ((List<?>) r).isEmpty() ? null : encodeList((List<?>) r);
    }

    /**
     * A multiple select column as its labels, encoded; the pairs are option id, label, id, label... With no pairs
     * the items themselves (a lookup's values).
     */
    public static @Nullable String labels(String @Nullable [] ids, String... pairs) {
        if (ids == null || ids.length == 0) return null;
        if (pairs.length == 0) return encodeList(Arrays.asList(ids));
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) labels.put(pairs[i], pairs[i + 1]);
        return encodeList(Arrays.stream(ids).map(labels::get).toList());
    }

    /** An encoded list as an SQL array, for a formula whose result is a list. */
    public static String @Nullable [] array(@Nullable String encoded) {
        if (encoded == null) return null;
        return decodeList(encoded).stream().map(o -> (String) o).toArray(String[]::new);
    }
}
