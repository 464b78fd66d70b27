package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.rowan.model.query.Operator.EQ;
import static dev.rowan.model.query.Operator.GT;
import static dev.rowan.model.query.Operator.GTE;
import static dev.rowan.model.query.Operator.IS_NOT_NULL;
import static dev.rowan.model.query.Operator.IS_NULL;
import static dev.rowan.model.query.Operator.LT;
import static dev.rowan.model.query.Operator.LTE;
import static dev.rowan.model.query.Operator.NE;

/**
 * A length of time, stored as whole seconds (a decimal of scale 0, so it sorts and compares as a number) and shown
 * as {@code h:mm}, or {@code h:mm:ss} when it has seconds. The API's value is the number of seconds; the API and
 * filters also take the text a person types: {@code 1:30}, {@code 1:30:15}, {@code 1h 30m}, {@code 45m}, {@code 20s},
 * or a bare number, which means minutes (as in "90" typed into an h:mm cell).
 */
public final class DurationKind implements FieldKind<FieldType.Duration> {
    private static final FieldType.Duration TYPE = new FieldType.Duration();
    static final List<Operator> OPERATORS = List.of(EQ, NE, GT, GTE, LT, LTE, IS_NULL, IS_NOT_NULL);
    /** 100,000 hours: far beyond any real duration, far below what a long holds. */
    static final long MAX_SECONDS = 100_000L * 3600;
    private static final Pattern CLOCK = Pattern.compile("(-)?(\\d{1,9}):([0-5]?\\d)(?::([0-5]?\\d))?");
    private static final Pattern UNITS = Pattern.compile(
            "(-)?(?:(\\d{1,9})\\s*h(?:ours?|rs?)?)?\\s*(?:(\\d{1,9})\\s*m(?:in(?:utes?|s)?)?)?\\s*(?:(\\d{1,9})\\s*s(?:ec(?:onds?|s)?)?)?");

    public String kind() {
        return "duration";
    }

    public Class<FieldType.Duration> typeClass() {
        return FieldType.Duration.class;
    }

    public FieldType.Duration parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return TYPE;
    }

    public FieldType.Duration example() {
        return TYPE;
    }

    public StorageClass storage(FieldType.Duration type) {
        return StorageClass.decimal(0);
    }

    public List<Operator> operators(FieldType.Duration type) {
        return OPERATORS;
    }

    public @Nullable Object coerce(FieldType.Duration type, FieldDef field, Object raw, String key) {
        BigDecimal seconds = switch (raw) {
            case BigDecimal b -> b;
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Double db when !db.isNaN() && !db.isInfinite() -> BigDecimal.valueOf(db);
            case Float f when !f.isNaN() && !f.isInfinite() -> BigDecimal.valueOf(f);
            case String s when !s.isBlank() -> seconds(s.strip(), key);
            default -> throw ValueRules.wrong(key, field, "a number of seconds or a duration such as 1:30");
        };
        if (seconds.abs().compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
            throw RowanException.invalid(key, field.name() + " must be shorter than 100,000 hours");
        }
        if (seconds.stripTrailingZeros().scale() > 0) {
            throw RowanException.invalid(key, field.name() + " is kept in whole seconds");
        }
        return seconds.setScale(0);
    }

    public Object parseInput(FieldType.Duration type, String text, String stripped, String key) {
        return seconds(stripped, key);
    }

    /** Typed text as seconds: clock form, units, or a bare number of minutes. */
    static BigDecimal seconds(String t, String key) {
        if (t.length() <= 40) {
            Matcher c = CLOCK.matcher(t);
            if (c.matches()) {
                long s = Long.parseLong(c.group(2)) * 3600 + Long.parseLong(c.group(3)) * 60
                        + (c.group(4) == null ? 0 : Long.parseLong(c.group(4)));
                return BigDecimal.valueOf(c.group(1) == null ? s : -s);
            }
            Matcher u = UNITS.matcher(t);
            if (u.matches() && (u.group(2) != null || u.group(3) != null || u.group(4) != null)) {
                long s = (u.group(2) == null ? 0 : Long.parseLong(u.group(2)) * 3600)
                        + (u.group(3) == null ? 0 : Long.parseLong(u.group(3)) * 60)
                        + (u.group(4) == null ? 0 : Long.parseLong(u.group(4)));
                return BigDecimal.valueOf(u.group(1) == null ? s : -s);
            }
            try {
                return new BigDecimal(t.replace(",", "")).multiply(BigDecimal.valueOf(60));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a duration (type h:mm or h:mm:ss)");
    }

    /** {@code h:mm}, or {@code h:mm:ss} when there are seconds; negative durations start with a minus. */
    public String formatText(FieldType.Duration type, Object value) {
        return format(((BigDecimal) value).longValueExact());
    }

    public static String format(long seconds) {
        long a = Math.abs(seconds);
        String s = (a / 3600) + ":" + two(a / 60 % 60) + (a % 60 == 0 ? "" : ":" + two(a % 60));
        return seconds < 0 ? "-" + s : s;
    }

    private static String two(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    public Object toApi(FieldType.Duration type, Object value) {
        return value;
    }

    public String canonicalText(FieldType.Duration type, Object value) {
        return ((BigDecimal) value).toPlainString();
    }

    public Object fromCanonicalText(FieldType.Duration type, String text) {
        BigDecimal d = ValueRules.canonicalNumber(text);
        if (d.stripTrailingZeros().scale() > 0) throw new IllegalArgumentException("not whole seconds");
        return d.setScale(0);
    }

    public String sampleText() {
        return "1:30:15";
    }

    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.Duration type, String text) {
        try {
            return java.util.Optional.of(new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
