package dev.rowan.model.value;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.Validation;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values of fields, one set of rules for client and server.
 * <p>Canonical (stored) forms: text kinds {@code String}; number kinds {@code BigDecimal} scaled to the
 * precision; date {@code LocalDate} or, with time, {@code OffsetDateTime} in UTC to the microsecond;
 * boolean {@code Boolean}; single select the option id {@code String}; multiple select a {@code List<String>}
 * of option ids; json a {@link JsonValue}. Null means empty.
 */
public final class FieldValues {
    public static final int MAX_TEXT = 100_000;
    public static final int MAX_SHORT_TEXT = 10_000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[+]?[0-9 ().\\-/]{3,40}");
    private static final BigDecimal MAX_NUMBER = new BigDecimal("1e18");
    /**
     * Dates and times are stored from year 1 to year 9999: the four-digit years every engine (PostgreSQL, H2) and
     * every ISO 8601 reader agree on. Beyond them PostgreSQL refuses what java.time accepts (year 294277).
     */
    public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    /** JSON numbers in json fields: what PostgreSQL's numeric (and jsonb) holds with room to spare. */
    private static final int MAX_JSON_EXPONENT = 1000;

    private FieldValues() {
    }

    /**
     * Strict conversion of an API JSON value (String, Number, Boolean, List, Map, null) into canonical form,
     * then validation. Throws a validation error naming {@code errorKey}.
     */
    public static @Nullable Object coerce(FieldDef field, @Nullable Object raw, String errorKey) {
        Object v = coerceType(field, raw, errorKey);
        validate(field, v, errorKey);
        return v;
    }

    /**
     * An API value as a server sends it (already validated there) into canonical form, without this side's
     * validation rules: a replica stores what the server holds even when a local rule would refuse it.
     */
    public static @Nullable Object fromApi(FieldDef field, @Nullable Object raw) {
        return coerceType(field, raw, field.name());
    }

    /** The API form of a canonical value as plain JSON data (JSON field values parsed), for writing with JsonText. */
    public static @Nullable Object toWire(FieldType type, @Nullable Object v) {
        if (v instanceof JsonValue j) return JsonText.parse(j.text());
        return toApi(type, v);
    }

    private static @Nullable Object coerceType(FieldDef field, @Nullable Object raw, String key) {
        if (raw == null) return null;
        FieldType type = field.type();
        return switch (type) {
            case FieldType.Text t -> text(raw, key, MAX_SHORT_TEXT, field);
            case FieldType.LongText t -> text(raw, key, MAX_TEXT, field);
            case FieldType.Url t -> url(text(raw, key, 2048, field), key);
            case FieldType.Email t -> email(text(raw, key, 320, field), key);
            case FieldType.Phone t -> phone(text(raw, key, 40, field), key);
            case FieldType.NumberType n -> number(raw, key, n.precision(), field);
            case FieldType.Currency c -> number(raw, key, c.precision(), field);
            case FieldType.Percent p -> number(raw, key, p.precision(), field);
            case FieldType.DateType d -> {
                if (!(raw instanceof String s)) throw wrong(key, field, "a date as text, e.g. 2026-01-31");
                yield parseDate(s, d.includeTime(), key, field);
            }
            case FieldType.BooleanType b -> {
                if (raw instanceof Boolean bool) yield bool;
                throw wrong(key, field, "true or false");
            }
            case FieldType.SingleSelect s -> {
                if (!(raw instanceof String label)) throw wrong(key, field, "an option label as text");
                if (label.isEmpty()) yield null;
                yield option(s.byLabel(label).orElse(null), label, s, key, field).id();
            }
            case FieldType.MultipleSelect m -> {
                if (!(raw instanceof List<?> list)) throw wrong(key, field, "a list of option labels");
                LinkedHashSet<String> ids = new LinkedHashSet<>();
                for (Object o : list) {
                    if (!(o instanceof String label)) throw wrong(key, field, "a list of option labels");
                    ids.add(option(m.byLabel(label).orElse(null), label, m, key, field).id());
                }
                yield ids.isEmpty() ? null : List.copyOf(ids);
            }
            case FieldType.Json j -> {
                checkJson(raw, key, field, 0);
                String text = JsonText.write(raw);
                if (text.length() > MAX_TEXT) throw RowanException.invalid(key, "JSON value is too large");
                yield new JsonValue(text);
            }
        };
    }

    private static SelectOption option(@Nullable SelectOption o, String label, FieldType.Select s, String key,
                                       FieldDef field) {
        if (o != null) return o;
        String shown = label.length() > 60 ? label.substring(0, 60) + "…" : label;
        throw RowanException.invalid(key, "'" + shown + "' is not an option of " + field.name() + "; options are "
                + s.options().stream().map(SelectOption::label).toList());
    }

    private static RowanException wrong(String key, FieldDef field, String expected) {
        return RowanException.invalid(key, field.name() + " (" + field.type().kind() + ") expects " + expected);
    }

    private static @Nullable String text(Object raw, String key, int max, FieldDef field) {
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

    /**
     * A json field's value: strings and keys valid text, numbers within PostgreSQL's numeric (1e999999999 is
     * valid JSON but no database stores it).
     */
    private static void checkJson(@Nullable Object v, String key, FieldDef field, int depth) {
        if (depth > 64) throw RowanException.invalid(key, field.name() + " is nested too deeply");
        switch (v) {
            case null -> {
            }
            case String s -> {
                String why = TextRules.problem(s);
                if (why != null) throw RowanException.invalid(key, field.name() + ": a string " + why);
            }
            case BigDecimal d -> {
                if (Math.abs((long) d.precision() - d.scale()) > MAX_JSON_EXPONENT || Math.abs(d.scale()) > MAX_JSON_EXPONENT) {
                    throw RowanException.invalid(key, field.name() + ": the number " + shorten(d.toString())
                            + " is out of range (at most 1000 digits before or after the point)");
                }
            }
            case BigInteger b -> {
                if (b.bitLength() > 3000) {
                    throw RowanException.invalid(key, field.name() + ": a number is out of range");
                }
            }
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    checkJson(String.valueOf(e.getKey()), key, field, depth + 1);
                    checkJson(e.getValue(), key, field, depth + 1);
                }
            }
            case List<?> l -> {
                for (Object o : l) checkJson(o, key, field, depth + 1);
            }
            default -> {
            }
        }
    }

    private static @Nullable String url(@Nullable String s, String key) {
        if (s == null) return null;
        String t = s.strip();
        try {
            URI u = new URI(t.contains("://") || t.startsWith("mailto:") ? t : "https://" + t);
            if (u.getScheme() == null || (u.getHost() == null && !"mailto".equals(u.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw RowanException.invalid(key, "'" + shorten(t) + "' is not a valid URL");
        }
        return t;
    }

    private static @Nullable String email(@Nullable String s, String key) {
        if (s == null) return null;
        String t = s.strip();
        if (!EMAIL.matcher(t).matches()) throw RowanException.invalid(key, "'" + shorten(t) + "' is not a valid email address");
        return t;
    }

    private static @Nullable String phone(@Nullable String s, String key) {
        if (s == null) return null;
        String t = s.strip();
        if (!PHONE.matcher(t).matches() || t.chars().filter(Character::isDigit).count() < 3) {
            throw RowanException.invalid(key, "'" + shorten(t) + "' is not a valid phone number");
        }
        return t;
    }

    private static BigDecimal number(Object raw, String key, int precision, FieldDef field) {
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

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static Object parseDate(String s, boolean includeTime, String key, FieldDef field) {
        Object v = parseDateUnchecked(s, includeTime, key, field);
        if (!inRange(v)) {
            throw RowanException.invalid(key, "'" + shorten(s.strip()) + "' is out of range for " + field.name()
                    + ": dates go from " + MIN_DATE + " to " + MAX_DATE);
        }
        return v;
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

    private static Object parseDateUnchecked(String s, boolean includeTime, String key, FieldDef field) {
        String t = s.strip();
        try {
            if (!includeTime) {
                LocalDate quick = IsoText.date(t);
                if (quick != null) return quick;
                if (t.length() > 10 && t.charAt(10) == 'T') {
                    return OffsetDateTime.parse(t).toLocalDate();
                }
                return LocalDate.parse(t.replace('/', '-'));
            }
            if (t.length() == 10) {
                return LocalDate.parse(t.replace('/', '-')).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            OffsetDateTime odt = IsoText.offsetDateTime(t);
            if (odt != null) return odt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            try {
                odt = OffsetDateTime.parse(t.replace(' ', 'T'));
            } catch (DateTimeParseException e) {
                odt = LocalDateTime.parse(t.replace(' ', 'T')).atOffset(ZoneOffset.UTC);
            }
            return odt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        } catch (java.time.DateTimeException e) {
            throw RowanException.invalid(key, "'" + shorten(t) + "' is not a valid " + (includeTime
                    ? "date and time (use ISO 8601, e.g. 2026-01-31T14:30:00Z)" : "date (use ISO 8601, e.g. 2026-01-31)")
                    + " for " + field.name());
        }
    }

    /** Checks required, min/max, length and pattern against a canonical value. */
    public static void validate(FieldDef field, @Nullable Object v, String key) {
        if (v == null) {
            if (field.required()) throw RowanException.invalid(key, field.name() + " is required");
            return;
        }
        Validation rules = field.validation();
        if (rules.isEmpty()) return;
        if (v instanceof BigDecimal d) {
            if (rules.min() != null && d.compareTo(rules.min()) < 0) {
                throw RowanException.invalid(key, field.name() + " must be at least " + rules.min().toPlainString());
            }
            if (rules.max() != null && d.compareTo(rules.max()) > 0) {
                throw RowanException.invalid(key, field.name() + " must be at most " + rules.max().toPlainString());
            }
        }
        if (v instanceof String s && field.type().textual()) {
            int len = s.codePointCount(0, s.length());
            if (rules.minLength() != null && len < rules.minLength()) {
                throw RowanException.invalid(key, field.name() + " must be at least " + rules.minLength() + " characters");
            }
            if (rules.maxLength() != null && len > rules.maxLength()) {
                throw RowanException.invalid(key, field.name() + " must be at most " + rules.maxLength() + " characters");
            }
            if (rules.pattern() != null && !patternMatches(rules.pattern(), s, key, field)) {
                throw RowanException.invalid(key, field.name() + " does not match the pattern " + rules.pattern());
            }
        }
    }

    private static boolean patternMatches(String pattern, String value, String key, FieldDef field) {
        try {
            return PatternCache.matches(pattern, value);
        } catch (com.google.re2j.PatternSyntaxException e) {
            // a pattern saved before patterns were checked with RE2 (e.g. with a backreference)
            throw RowanException.invalid(key, "The pattern of " + field.name() + " cannot be checked; change the "
                    + "field's pattern (no backreferences or lookaround)");
        }
    }

    /** The API (JSON) form of a canonical value: select ids become labels, numbers stay exact. */
    public static @Nullable Object toApi(FieldType type, @Nullable Object v) {
        if (v == null) return null;
        return switch (type) {
            case FieldType.SingleSelect s -> s.byId((String) v).map(SelectOption::label).orElse(null);
            case FieldType.MultipleSelect m -> {
                List<String> labels = new ArrayList<>();
                for (Object id : (List<?>) v) {
                    m.byId((String) id).ifPresent(o -> labels.add(o.label()));
                }
                yield labels;
            }
            case FieldType.DateType d -> d.includeTime() ? ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) : v.toString();
            default -> v;
        };
    }

    /** The text a person sees and copies: what grid cells, CSV export and type conversions start from. */
    public static String formatText(FieldType type, @Nullable Object v) {
        if (v == null) return "";
        return switch (type) {
            case FieldType.NumberType n -> ((BigDecimal) v).toPlainString();
            case FieldType.Currency c -> ((BigDecimal) v).toPlainString();
            case FieldType.Percent p -> ((BigDecimal) v).toPlainString();
            case FieldType.MultipleSelect m -> String.join(", ", castList(toApi(type, v)));
            case FieldType.Json j -> ((JsonValue) v).text();
            default -> String.valueOf(toApi(type, v));
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(@Nullable Object o) {
        return o == null ? List.of() : (List<String>) o;
    }

    /**
     * Lenient conversion of typed or pasted text into canonical form (grid editing, paste, CSV, type change):
     * "1,234.5" is a number, "yes" is true, "a, b" picks two options. Throws a validation error if the text
     * cannot become a value of this field.
     */
    public static @Nullable Object parseText(FieldDef field, @Nullable String text) {
        String key = field.name();
        if (text == null || text.isBlank()) {
            if (field.type() instanceof FieldType.Text || field.type() instanceof FieldType.LongText) {
                // whitespace is a value of a text field, so it must pass the length and pattern rules too
                return text == null || text.isEmpty() ? null : coerce(field, text, key);
            }
            return null;
        }
        String t = text.strip();
        Object raw = switch (field.type()) {
            case FieldType.NumberType n -> parseNumber(numberText(n, t), t, key, field);
            case FieldType.Currency c -> parseNumber(numberText(c, t), t, key, field);
            case FieldType.Percent p -> parseNumber(numberText(p, t), t, key, field);
            case FieldType.BooleanType b -> switch (t.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "1", "checked", "on", "x", "✓" -> Boolean.TRUE;
                case "false", "no", "n", "0", "unchecked", "off" -> Boolean.FALSE;
                default -> throw RowanException.invalid(key, "'" + shorten(t) + "' is not yes or no");
            };
            case FieldType.MultipleSelect m -> {
                List<String> labels = new ArrayList<>();
                for (String part : t.split(",")) {
                    if (!part.isBlank()) labels.add(part.strip());
                }
                yield labels;
            }
            case FieldType.Json j -> {
                try {
                    yield JsonText.parse(t);
                } catch (IllegalArgumentException e) {
                    yield t;
                }
            }
            case FieldType.Text tx -> text;
            case FieldType.LongText tx -> text;
            default -> t;
        };
        return coerce(field, raw, key);
    }

    /** The number part of typed text: a currency's code or symbol and a percent sign are not part of it. */
    private static String numberText(FieldType type, String t) {
        return switch (type) {
            case FieldType.Currency c -> t.replaceAll("^[A-Za-z]{3}\\s*|\\s*[A-Za-z]{3}$|[$€£¥]", "").strip();
            case FieldType.Percent p -> t.endsWith("%") ? t.substring(0, t.length() - 1).strip() : t;
            default -> t;
        };
    }

    /**
     * What a person typed or pasted into a cell or form, parsed like {@link #parseText} but never rounded
     * silently: a number with more decimal places than its field keeps is refused with a message that says what
     * the field keeps, so the value shown after entry is exactly the value typed.
     */
    public static @Nullable Object parseTyped(FieldDef field, @Nullable String text) {
        Object v = parseText(field, text);
        if (v instanceof BigDecimal kept && text != null && field.type().numeric()) {
            BigDecimal typed = parseNumber(numberText(field.type(), text.strip()), text.strip(), field.name(), field);
            if (typed.compareTo(kept) != 0) {
                int places = kept.scale();
                String keeps = places == 0 ? "whole numbers" : places + " decimal place" + (places == 1 ? "" : "s");
                String hint = field.type() instanceof FieldType.Percent
                        ? " (percent is a number of percent: type 35 for 35 %)" : "";
                throw RowanException.invalid(field.name(), "'" + shorten(text.strip()) + "' has more decimal places than "
                        + field.name() + " keeps (" + keeps + ")" + hint + "; change the field's decimal places to keep more");
            }
        }
        return v;
    }

    private static BigDecimal parseNumber(String t, String typed, String key, FieldDef field) {
        String cleaned = t.replace(",", "").replace(" ", "").replace("\u00a0", "");
        try {
            return new BigDecimal(cleaned);
        } catch (NumberFormatException e) {
            throw RowanException.invalid(key, "'" + shorten(typed) + "' is not a number");
        }
    }

    /** A stable text form of a canonical value, for cursors; {@link #fromCanonicalText} reverses it. */
    public static @Nullable String toCanonicalText(FieldType type, @Nullable Object v) {
        if (v == null) return null;
        return switch (type) {
            case FieldType.DateType d -> d.includeTime()
                    ? ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toString() : v.toString();
            case FieldType.NumberType n -> ((BigDecimal) v).toPlainString();
            case FieldType.Currency c -> ((BigDecimal) v).toPlainString();
            case FieldType.Percent p -> ((BigDecimal) v).toPlainString();
            case FieldType.Json j -> ((JsonValue) v).text();
            case FieldType.MultipleSelect m -> JsonText.write(v);
            default -> v.toString();
        };
    }

    /**
     * Reverses {@link #toCanonicalText}. The text may come back from a client (a cursor), so it is held to the same
     * ranges as values: IllegalArgumentException for anything a stored value could not be.
     */
    public static @Nullable Object fromCanonicalText(FieldType type, @Nullable String s) {
        if (s == null) return null;
        if (!TextRules.ok(s)) throw new IllegalArgumentException("not valid text");
        return switch (type) {
            case FieldType.DateType d -> {
                Object v = d.includeTime() ? OffsetDateTime.parse(s) : LocalDate.parse(s);
                if (!inRange(v)) throw new IllegalArgumentException("date out of range");
                yield v;
            }
            case FieldType.NumberType n -> canonicalNumber(s);
            case FieldType.Currency c -> canonicalNumber(s);
            case FieldType.Percent p -> canonicalNumber(s);
            case FieldType.BooleanType b -> Boolean.valueOf(s);
            case FieldType.Json j -> new JsonValue(s);
            case FieldType.MultipleSelect m -> JsonText.parse(s);
            default -> s;
        };
    }

    /** A stored number's text: below 10^18, at most 10 decimals (the largest precision), short. */
    private static BigDecimal canonicalNumber(String s) {
        if (s.length() > 40) throw new IllegalArgumentException("number too long");
        BigDecimal d = new BigDecimal(s);
        if (d.abs().compareTo(MAX_NUMBER) >= 0 || d.scale() > 10 || d.scale() < -18) {
            throw new IllegalArgumentException("number out of range");
        }
        return d;
    }
}
