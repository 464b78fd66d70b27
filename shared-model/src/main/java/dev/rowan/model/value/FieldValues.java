package dev.rowan.model.value;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.NumericKind;
import dev.rowan.model.kind.ValueRules;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.Validation;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Values of fields, one set of rules for client and server; each kind's part lives in its descriptor
 * ({@link FieldKinds#of}), this class adds what is common (empty values, validation rules, strict typed input).
 * <p>Canonical (stored) forms: text kinds {@code String}; number kinds {@code BigDecimal} scaled to the
 * precision; date {@code LocalDate} or, with time, {@code OffsetDateTime} in UTC to the microsecond;
 * boolean {@code Boolean}; single select the option id {@code String}; multiple select a {@code List<String>}
 * of option ids; json a {@link JsonValue}. Null means empty.
 */
public final class FieldValues {
    public static final int MAX_TEXT = ValueRules.MAX_TEXT;
    public static final int MAX_SHORT_TEXT = ValueRules.MAX_SHORT_TEXT;
    /**
     * Dates and times are stored from year 1 to year 9999: the four-digit years every engine (PostgreSQL, H2) and
     * every ISO 8601 reader agree on. Beyond them PostgreSQL refuses what java.time accepts (year 294277).
     */
    public static final LocalDate MIN_DATE = ValueRules.MIN_DATE;
    public static final LocalDate MAX_DATE = ValueRules.MAX_DATE;

    private FieldValues() {
    }

    /**
     * Strict conversion of an API JSON value (String, Number, Boolean, List, Map, null) into canonical form,
     * then validation. Throws a validation error naming {@code errorKey}.
     */
    public static @Nullable Object coerce(FieldDef field, @Nullable Object raw, String errorKey) {
        refuseComputed(field, errorKey);
        Object v = coerceType(field, raw, errorKey);
        validate(field, v, errorKey);
        return v;
    }

    /**
     * An API value as a server sends it (already validated there) into canonical form, without this side's
     * validation rules: a replica stores what the server holds even when a local rule would refuse it.
     */
    public static @Nullable Object fromApi(FieldDef field, @Nullable Object raw) {
        // a computed value is the server's reading of it: a replica computes its own, it stores nothing
        if (FieldKinds.of(field.type()).computed()) return null;
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
        return FieldKinds.of(type).coerce(type, field, raw, key);
    }

    /**
     * The one refusal of a write to a computed field (formula): any value, even empty, given for it by the API,
     * a push, a paste or a typed cell is refused with the field's path.
     */
    public static void refuseComputed(FieldDef field, String key) {
        if (!FieldKinds.writable(field.type())) {
            throw RowanException.invalid(key, refusal(field));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String refusal(FieldDef field) {
        return ((FieldKind) FieldKinds.of(field.type())).refusal(field);
    }

    static String shorten(String s) {
        return ValueRules.shorten(s);
    }

    /** Whether a canonical date or date-time lies in the stored range (date-times judged in UTC). */
    public static boolean inRange(Object dateOrTime) {
        return ValueRules.inRange(dateOrTime);
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
        return FieldKinds.of(type).toApi(type, v);
    }

    /** The text a person sees and copies: what grid cells, CSV export and type conversions start from. */
    public static String formatText(FieldType type, @Nullable Object v) {
        if (v == null) return "";
        return FieldKinds.of(type).formatText(type, v);
    }

    /**
     * Lenient conversion of typed or pasted text into canonical form (grid editing, paste, CSV, type change):
     * "1,234.5" is a number, "yes" is true, "a, b" picks two options. Throws a validation error if the text
     * cannot become a value of this field.
     */
    public static @Nullable Object parseText(FieldDef field, @Nullable String text) {
        String key = field.name();
        refuseComputed(field, key);
        FieldType type = field.type();
        if (text == null || text.isBlank()) {
            if (FieldKinds.of(type).whitespaceIsValue()) {
                // whitespace is a value of a text field, so it must pass the length and pattern rules too
                return text == null || text.isEmpty() ? null : coerce(field, text, key);
            }
            return null;
        }
        return coerce(field, FieldKinds.of(type).parseInput(type, text, text.strip(), key), key);
    }

    /**
     * What a person typed or pasted into a cell or form, parsed like {@link #parseText} but never rounded
     * silently: a number with more decimal places than its field keeps is refused with a message that says what
     * the field keeps, so the value shown after entry is exactly the value typed.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static @Nullable Object parseTyped(FieldDef field, @Nullable String text) {
        Object v = parseText(field, text);
        if (v instanceof BigDecimal kept && text != null && FieldKinds.of(field.type()) instanceof NumericKind n) {
            String t = text.strip();
            BigDecimal typed = ValueRules.parseNumber(n.numberText(field.type(), t), t, field.name());
            if (typed.compareTo(kept) != 0) {
                int places = kept.scale();
                String keeps = places == 0 ? "whole numbers" : places + " decimal place" + (places == 1 ? "" : "s");
                String hint = n.typingHint(field.type());
                throw RowanException.invalid(field.name(), "'" + shorten(t) + "' has more decimal places than "
                        + field.name() + " keeps (" + keeps + ")" + hint + "; change the field's decimal places to keep more");
            }
        }
        return v;
    }

    /** A stable text form of a canonical value, for cursors; {@link #fromCanonicalText} reverses it. */
    public static @Nullable String toCanonicalText(FieldType type, @Nullable Object v) {
        if (v == null) return null;
        return FieldKinds.of(type).canonicalText(type, v);
    }

    /**
     * Reverses {@link #toCanonicalText}. The text may come back from a client (a cursor), so it is held to the same
     * ranges as values: IllegalArgumentException for anything a stored value could not be.
     */
    public static @Nullable Object fromCanonicalText(FieldType type, @Nullable String s) {
        if (s == null) return null;
        if (!TextRules.ok(s)) throw new IllegalArgumentException("not valid text");
        return FieldKinds.of(type).fromCanonicalText(type, s);
    }
}
