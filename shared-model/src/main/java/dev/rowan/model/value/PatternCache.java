package dev.rowan.model.value;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validation patterns, compiled once with RE2/J: a linear-time engine, so no pattern a user writes (such as
 * {@code ^(a*)*b$}) can stall the server or the desktop on a long value, and none overflows the stack.
 * The cache is small and bounded.
 */
public final class PatternCache {
    private static final int MAX = 256;
    private static final Map<String, Pattern> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > MAX;
        }
    };

    private PatternCache() {
    }

    /** The compiled pattern; throws {@link com.google.re2j.PatternSyntaxException} for syntax RE2 does not know. */
    public static synchronized Pattern get(String regex) {
        return CACHE.computeIfAbsent(regex, PatternCache::compile);
    }

    /**
     * Matching costs (value length) x (program size); nested counted repeats such as {@code ((a{100}){100}){100}}
     * make a short pattern a huge program, so the program is bounded too.
     */
    static final int MAX_PROGRAM = 10_000;

    /** The most a counted repetition may multiply, nested ones together: {@code (a{100}){100}} is 10,000. */
    static final int MAX_REPEAT = 1000;

    private static Pattern compile(String regex) {
        // RE2 expands counted repeats while compiling: ((a{1000}){1000}){1000} exhausts any heap before a program
        // exists whose size could be checked
        long repeat = repeatProduct(regex);
        if (repeat > MAX_REPEAT) {
            throw new PatternSyntaxException("nested repetition counts multiply to " + (repeat > 1_000_000_000L
                    ? "more than a billion" : repeat) + " (at most " + MAX_REPEAT + ")", regex);
        }
        Pattern p = Pattern.compile(regex);
        if (p.programSize() > MAX_PROGRAM) {
            throw new PatternSyntaxException("the pattern is too complex (it expands to " + p.programSize()
                    + " steps; at most " + MAX_PROGRAM + ")", regex);
        }
        return p;
    }

    /**
     * The largest product of counted repetitions ({@code {n}}, {@code {n,}}, {@code {n,m}}) along any nesting of
     * groups. Escapes, {@code \Q…\E} and character classes are skipped; a brace that is not a repetition is
     * a literal, as RE2 reads it.
     */
    static long repeatProduct(String re) {
        java.util.ArrayDeque<long[]> groups = new java.util.ArrayDeque<>();
        long[] current = {1};
        long lastAtom = 1; // the value of the atom just read, for a quantifier that follows it
        int i = 0;
        int n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && re.charAt(i + 1) == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 2;
                } else {
                    i += 2;
                }
                lastAtom = 1;
            } else if (c == '[') {
                i++;
                if (i < n && re.charAt(i) == '^') i++;
                if (i < n && re.charAt(i) == ']') i++;
                while (i < n && re.charAt(i) != ']') i += re.charAt(i) == '\\' ? 2 : 1;
                i++;
                lastAtom = 1;
            } else if (c == '(') {
                groups.push(current);
                current = new long[] {1};
                i++;
                lastAtom = 1;
            } else if (c == ')') {
                long inner = current[0];
                current = groups.isEmpty() ? new long[] {1} : groups.pop();
                current[0] = Math.max(current[0], inner);
                lastAtom = inner;
                i++;
            } else if (c == '{') {
                int close = re.indexOf('}', i);
                long count = close < 0 ? -1 : count(re.substring(i + 1, close));
                if (count < 0) {
                    lastAtom = 1;
                    i++;
                    continue;
                }
                long value = Math.min(lastAtom * Math.max(1, count), Long.MAX_VALUE / 2_000_000);
                current[0] = Math.max(current[0], value);
                lastAtom = value;
                i = close + 1;
            } else {
                lastAtom = 1;
                i++;
            }
        }
        long max = current[0];
        while (!groups.isEmpty()) max = Math.max(max, groups.pop()[0]);
        return max;
    }

    /** The larger bound of a repetition's "n", "n," or "n,m", or -1 if it is not one. */
    private static long count(String body) {
        if (!body.matches("[0-9]{1,9}(,[0-9]{0,9})?")) return -1;
        String[] parts = body.split(",", -1);
        long lo = Long.parseLong(parts[0]);
        return parts.length == 2 && !parts[1].isEmpty() ? Math.max(lo, Long.parseLong(parts[1])) : lo;
    }

    /** Whether the whole of {@code value} matches {@code regex}. */
    public static boolean matches(String regex, String value) {
        return get(regex).matches(value);
    }
}
