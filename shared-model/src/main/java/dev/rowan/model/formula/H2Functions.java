package dev.rowan.model.formula;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
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

    private static final Map<String, Fn> FNS = new HashMap<>();

    private static @Nullable Object call(String name, Object[] args) {
        Fn fn = FNS.computeIfAbsent(name, n -> Functions.any(n).orElseThrow());
        List<@Nullable Object> values = new ArrayList<>(args.length);
        for (Object a : args) values.add(normalize(a));
        Object r = Evaluator.invoke(fn, values, EvalContext.NONE);
        return r instanceof ErrorValue ? null : r;
    }

    private static @Nullable Object normalize(@Nullable Object v) {
        return switch (v) {
            case null -> null;
            case BigDecimal d -> d;
            case Number n -> new BigDecimal(n.toString());
            case LocalDate d -> d;
            case OffsetDateTime t -> t.withOffsetSameInstant(ZoneOffset.UTC);
            case LocalDateTime t -> t.atOffset(ZoneOffset.UTC);
            case Object[] a -> Arrays.stream(a).map(H2Functions::normalize).toList();
            // java.sql.Date and Timestamp by name: only the sql package may depend on JDBC types
            default -> switch (v.getClass().getName()) {
                case "java.sql.Date" -> LocalDate.parse(v.toString());
                default -> v;
            };
        };
    }

    public static @Nullable BigDecimal number(String name, Object... args) {
        return (BigDecimal) call(name, args);
    }

    public static @Nullable String text(String name, Object... args) {
        return (String) call(name, args);
    }

    public static @Nullable Boolean bool(String name, Object... args) {
        return (Boolean) call(name, args);
    }

    public static @Nullable LocalDate date(String name, Object... args) {
        return (LocalDate) call(name, args);
    }

    public static @Nullable OffsetDateTime datetime(String name, Object... args) {
        return (OffsetDateTime) call(name, args);
    }

    /** A list function, or 'LABELS': option ids to labels with the pairs id1, label1, id2, label2... */
    public static String @Nullable [] list(String name, Object... args) {
        if (name.equals("LABELS")) {
            if (args.length < 1 || args[0] == null) return null;
            Object[] ids = (Object[]) args[0];
            Object[] pairs = args.length > 1 && args[1] != null ? (Object[]) args[1] : new Object[0];
            Map<Object, Object> labels = new HashMap<>();
            for (int i = 0; i + 1 < pairs.length; i += 2) labels.put(pairs[i], pairs[i + 1]);
            if (ids.length == 0) return null;
            return Arrays.stream(ids).map(id -> (String) labels.get(id)).toArray(String[]::new);
        }
        Object r = call(name, args);
        return r == null ? null : ((List<?>) r).stream().map(e -> (String) e).toArray(String[]::new);
    }
}
