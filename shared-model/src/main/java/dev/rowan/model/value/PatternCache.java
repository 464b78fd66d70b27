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

    private static Pattern compile(String regex) {
        Pattern p = Pattern.compile(regex);
        if (p.programSize() > MAX_PROGRAM) {
            throw new PatternSyntaxException("the pattern is too complex (it expands to " + p.programSize()
                    + " steps; at most " + MAX_PROGRAM + ")", regex);
        }
        return p;
    }

    /** Whether the whole of {@code value} matches {@code regex}. */
    public static boolean matches(String regex, String value) {
        return get(regex).matches(value);
    }
}
