package dev.rowan.model.value;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation patterns are compiled once; the cache is small and bounded. */
final class PatternCache {
    private static final int MAX = 256;
    private static final Map<String, Pattern> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > MAX;
        }
    };

    private PatternCache() {
    }

    static synchronized Pattern get(String regex) {
        return CACHE.computeIfAbsent(regex, Pattern::compile);
    }
}
