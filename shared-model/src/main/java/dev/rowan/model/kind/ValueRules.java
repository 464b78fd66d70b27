package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** Limits and checks several kinds share. */
public final class ValueRules {
    public static final int MAX_TEXT = 100_000;
    public static final int MAX_SHORT_TEXT = 10_000;
    static final BigDecimal MAX_NUMBER = new BigDecimal("1e18");
    /**
     * Dates and times are stored from year 1 to year 9999: the four-digit years every engine (PostgreSQL, H2) and
     * every ISO 8601 reader agree on. Beyond them PostgreSQL refuses what java.time accepts (year 294277).
     */
    public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

    private ValueRules() {
    }

    static RowanException wrong(String key, FieldDef field, String expected) {
        return RowanException.invalid(key, field.name() + " (" + field.type().kind() + ") expects " + expected);
    }

    public static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    static @Nullable String text(Object raw, String key, int max, FieldDef field) {
        if (!(raw instanceof String s)) throw wrong(key, field, "text");
        if (s.length() > max) {
            throw RowanException.invalid(key, field.name() + " is longer than " + max + " characters");
        }
        String why = TextRules.problem(s);
        if (why != null) {
            // "NUL" stays in the message: clients look for it
            throw RowanException.invalid(key, field.name() + " " + why + (s.indexOf('\0') >= 0
                    ? "; it must not contain NUL characters" : ""));
        }
        return s.isEmpty() ? null : s;
    }

    /** Whether a canonical date or date-time lies in the stored range (date-times judged in UTC). */
    public static boolean inRange(Object dateOrTime) {
        LocalDate d = switch (dateOrTime) {
            case LocalDate ld -> ld;
            case OffsetDateTime odt -> odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
            default -> throw new IllegalArgumentException("not a date");
        };
        return !d.isBefore(MIN_DATE) && !d.isAfter(MAX_DATE);
    }

    static BigDecimal number(Object raw, String key, int precision, FieldDef field) {
        BigDecimal d = switch (raw) {
            case BigDecimal b -> b;
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger bi -> new BigDecimal(bi);
            case Double db when !db.isNaN() && !db.isInfinite() -> BigDecimal.valueOf(db);
            case Float f when !f.isNaN() && !f.isInfinite() -> BigDecimal.valueOf(f);
            default -> throw wrong(key, field, "a number");
        };
        if (d.abs().compareTo(MAX_NUMBER) >= 0) {
            throw RowanException.invalid(key, field.name() + " must be less than 10^18 in size");
        }
        if (d.scale() - d.precision() > precision + 1) {
            // |d| < 10^-(precision+1) rounds to zero; setScale on a value like 1e-99999999 would run for minutes
            return BigDecimal.ZERO.setScale(precision);
        }
        BigDecimal scaled = d.setScale(precision, RoundingMode.HALF_UP);
        if (scaled.abs().compareTo(MAX_NUMBER) >= 0) {
            throw RowanException.invalid(key, field.name() + " must be less than 10^18 in size");
        }
        return scaled;
    }

    /** Typed number text ("1,234.5") as a number, before rounding to the field's precision. */
    public static BigDecimal parseNumber(String t, String typed, String key) {
        String cleaned = t.replace(",", "").replace(" ", "").replace("\u00a0", "");
        try {
            return new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            throw RowanException.invalid(key, "'" + shorten(typed) + "' is not a number");
        }
    }

    /** A stored number's text: below 10^18, at most 10 decimals (the largest precision), short. */
    static BigDecimal canonicalNumber(String s) {
        if (s.length() > 40) throw new IllegalArgumentException("number too long");
        BigDecimal d = new BigDecimal(s);
        if (d.abs().compareTo(MAX_NUMBER) >= 0 || d.scale() > 10 || d.scale() < -18) {
            throw new IllegalArgumentException("number out of range");
        }
        return d;
    }

    /** The precision setting of a number kind: given, else the previous number kind's, else {@code dflt}. */
    static int precision(Map<String, @Nullable Object> config, @Nullable FieldType previous, int dflt) {
        Object p = config.get("precision");
        if (p == null) {
            return previous != null && FieldKinds.of(previous) instanceof NumericKind<?> n
                    ? n.precisionOf(previous) : dflt;
        }
        // range-check the double: intValue() of 4294967297 wraps around to 1
        if (p instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && n.doubleValue() <= 10) {
            return n.intValue();
        }
        throw RowanException.invalid("config.precision", "precision must be a whole number from 0 to 10");
    }
}
