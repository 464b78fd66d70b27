package dev.rowan.model.formula;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The in-memory semantics shared by the evaluator and the H2 aliases. Each rule here has its twin in the
 * PostgreSQL SQL of {@link Functions}; the property test holds them equal.
 */
final class Values {
    /** The longest text a formula may produce (the longest a long text field holds). */
    static final int MAX_TEXT = 100_000;
    /** Divisions are computed to 20 places, then rounded to 10: what PostgreSQL does with the guard we add. */
    static final int DIVISION_SCALE = 10;
    static final DateTimeFormatter DATETIME_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
    static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

    private Values() {
    }

    static FormulaEvalException error(String reason) {
        return new FormulaEvalException(reason);
    }

    static boolean blank(@Nullable Object v) {
        return v == null || v instanceof ErrorValue;
    }

    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) throw error("division by zero");
        return a.divide(b, 20, RoundingMode.HALF_UP).setScale(DIVISION_SCALE, RoundingMode.HALF_UP);
    }

    /** A double result as PostgreSQL turns float8 into numeric: 15 significant digits. */
    static BigDecimal fromDouble(double d, String what) {
        if (Double.isNaN(d) || Double.isInfinite(d)) throw error(what + " is out of range");
        if (d == 0) return BigDecimal.ZERO;
        return new BigDecimal(d).round(new MathContext(15, RoundingMode.HALF_EVEN));
    }

    static int integer(BigDecimal n, String what, long min, long max) {
        BigDecimal t = n.setScale(0, RoundingMode.DOWN);
        if (t.compareTo(BigDecimal.valueOf(min)) < 0 || t.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw error(what + " must be between " + min + " and " + max);
        }
        return t.intValueExact();
    }

    static String text(String s) {
        if (s.length() > MAX_TEXT && s.codePointCount(0, s.length()) > MAX_TEXT) {
            throw error("the text is longer than " + MAX_TEXT + " characters");
        }
        return s;
    }

    static String numberText(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        if (s.scale() < 0) s = s.setScale(0);
        return s.toPlainString();
    }

    static String toText(Object v) {
        return switch (v) {
            case BigDecimal n -> numberText(n);
            case Boolean b -> b ? "TRUE" : "FALSE";
            case LocalDate d -> d.toString();
            case OffsetDateTime t -> DATETIME_TEXT.format(t.withOffsetSameInstant(ZoneOffset.UTC));
            case String s -> s;
            case List<?> l -> String.join(", ", l.stream().filter(e -> e != null).map(Values::toText).toList());
            default -> throw error("cannot show this value as text");
        };
    }

    static OffsetDateTime atMidnight(LocalDate d) {
        return d.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime datetime(Object v) {
        return v instanceof LocalDate d ? atMidnight(d) : ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static LocalDate date(Object v) {
        return v instanceof LocalDate d ? d : ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDate();
    }

    static LocalDate checked(LocalDate d) {
        if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) throw error("the date is outside the years 1 to 9999");
        return d;
    }

    static OffsetDateTime checked(OffsetDateTime t) {
        checked(t.toLocalDate());
        return t;
    }

    // code point text operations: PostgreSQL counts characters, Java counts UTF-16 units

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Characters {@code from} (0-based, in code points) to {@code to} (exclusive), clamped to the text. */
    static String slice(String s, long from, long to) {
        int n = length(s);
        int a = (int) Math.max(0, Math.min(from, n));
        int b = (int) Math.max(a, Math.min(to, n));
        return s.substring(s.offsetByCodePoints(0, a), s.offsetByCodePoints(0, b));
    }

    /** 1-based position in code points of {@code needle} in {@code hay}, 0 if absent ("" is found at 1). */
    static int position(String hay, String needle) {
        int i = hay.indexOf(needle);
        return i < 0 ? 0 : hay.codePointCount(0, i) + 1;
    }

    /** Unicode simple case mapping, one code point at a time (PostgreSQL's pg_c_utf8 collation does the same). */
    static String upper(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.toUpperCase(cp)));
        return sb.toString();
    }

    static String lower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.toLowerCase(cp)));
        return sb.toString();
    }

    /** Spaces (U+0020 only, as SQL's TRIM) removed at both ends. */
    static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && s.charAt(a) == ' ') a++;
        while (b > a && s.charAt(b - 1) == ' ') b--;
        return s.substring(a, b);
    }

    static int compare(Object a, Object b) {
        return switch (a) {
            case BigDecimal x -> x.compareTo((BigDecimal) b);
            case LocalDate x -> x.compareTo((LocalDate) b);
            case OffsetDateTime x -> x.toInstant().compareTo(((OffsetDateTime) b).toInstant());
            case Boolean x -> x.compareTo((Boolean) b);
            case String x -> x.compareTo((String) b);
            default -> throw error("these values cannot be compared");
        };
    }
}
