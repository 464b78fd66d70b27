package dev.rowan.server.http;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small, strict readers for request body properties. */
public final class Bodies {
    private Bodies() {
    }

    public static void allowOnly(Map<String, ?> body, Collection<String> allowed) {
        List<FieldError> errors = new ArrayList<>();
        for (String k : body.keySet()) {
            if (!allowed.contains(k)) errors.add(new FieldError(k, "Unknown property '" + shorten(k) + "'"));
        }
        if (!errors.isEmpty()) {
            throw RowanException.invalid("Unknown properties: allowed are " + allowed, errors);
        }
    }

    public static @Nullable String optionalText(Map<String, ?> body, String key, int max) {
        Object v = body.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw RowanException.invalid(key, key + " must be text");
        if (s.length() > max) throw RowanException.invalid(key, key + " must be at most " + max + " characters");
        return s;
    }

    public static @Nullable UUID optionalUuid(Map<String, ?> body, String key) {
        Object v = body.get(key);
        if (v == null) return null;
        if (v instanceof String s && s.length() == 36) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw RowanException.invalid(key, key + " must be a UUID");
    }

    public static @Nullable Integer optionalInt(Map<String, ?> body, String key) {
        Object v = body.get(key);
        if (v == null) return null;
        if (v instanceof Integer i) return i;
        throw RowanException.invalid(key, key + " must be a whole number");
    }

    public static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
