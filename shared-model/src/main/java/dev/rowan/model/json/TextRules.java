package dev.rowan.model.json;

import org.jspecify.annotations.Nullable;

/**
 * What any text from outside must be before Rowan stores, compares or echoes it: valid Unicode without NUL.
 * PostgreSQL refuses NUL in {@code text} and {@code jsonb}, and the JDBC driver silently turns an unpaired
 * surrogate into {@code ?}, so either would fail late (500) or store a mangled value. Checked once where text
 * enters (request bodies, query parameters, JSON text), so every route and both clients get the same rule.
 */
public final class TextRules {
    private TextRules() {
    }

    /** Why {@code s} is not acceptable text, or null if it is. */
    public static @Nullable String problem(CharSequence s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\0') return "contains a NUL character (\\u0000), which text cannot hold";
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not valid Unicode";
            }
        }
        return null;
    }

    /** Whether {@code s} is acceptable text. */
    public static boolean ok(CharSequence s) {
        return problem(s) == null;
    }
}
