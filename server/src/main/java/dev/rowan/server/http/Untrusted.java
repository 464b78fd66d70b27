package dev.rowan.server.http;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.TextRules;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * Every string of a parsed request body, keys included, must be text Rowan can store ({@link TextRules}): checked
 * once here, as the body is read, so no route has to remember it and none can fail later in the database.
 */
public final class Untrusted {
    private Untrusted() {
    }

    /** Refuses (422, naming where) a JSON tree holding a string that is not valid text. */
    public static void check(@Nullable Object tree, String path) {
        if (clean(tree)) return; // the usual case, without building a path for every key and element
        FieldError bad = find(tree, path);
        if (bad != null) {
            String label = bad.field().isEmpty() ? "The body" : bad.field();
            throw RowanException.invalid(label + " " + bad.message(),
                    List.of(new FieldError(bad.field().isEmpty() ? "body" : bad.field(), bad.message())));
        }
    }

    /**
     * Whether every string and key in the tree is valid text ({@link #find} answers null exactly then): a caller
     * that would build a path for {@link #check} per item builds it only when this is false.
     */
    public static boolean clean(@Nullable Object v) {
        switch (v) {
            case String s -> {
                return TextRules.problem(s) == null;
            }
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (TextRules.problem(String.valueOf(e.getKey())) != null || !clean(e.getValue())) return false;
                }
                return true;
            }
            case List<?> l -> {
                for (Object o : l) {
                    if (!clean(o)) return false;
                }
                return true;
            }
            case null, default -> {
                return true;
            }
        }
    }

    /** Where the first bad string is and why, or null. */
    private static @Nullable FieldError find(@Nullable Object v, String path) {
        switch (v) {
            case String s -> {
                String why = TextRules.problem(s);
                return why == null ? null : new FieldError(path, why);
            }
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String k = String.valueOf(e.getKey());
                    String child = path.isEmpty() ? printable(k) : path + "." + printable(k);
                    String why = TextRules.problem(k);
                    if (why != null) return new FieldError(child, "(a property name) " + why);
                    FieldError found = find(e.getValue(), child);
                    if (found != null) return found;
                }
                return null;
            }
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    FieldError found = find(l.get(i), path + "[" + i + "]");
                    if (found != null) return found;
                }
                return null;
            }
            case null, default -> {
                return null;
            }
        }
    }

    /** A client's text made safe to echo in a message: NUL and unpaired surrogates escaped, at most 60 chars. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 60; i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
                if (paired) sb.append(s.charAt(++i));
            }
        }
        return sb.length() >= 60 && s.length() > 60 ? sb + "…" : sb.toString();
    }
}
