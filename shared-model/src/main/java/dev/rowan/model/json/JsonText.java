package dev.rowan.model.json;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer over plain Java values (Map, List, String, BigDecimal, Boolean,
 * null), so shared-model can store JSON fields and encode cursors without a JSON library.
 */
public final class JsonText {
    private static final int MAX_DEPTH = 64;

    private JsonText() {
    }

    public static String write(@Nullable Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, @Nullable Object v) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> quote(sb, s);
            case Boolean b -> sb.append(b);
            // plain digits unless the exponent is extreme: 1e999999999 written plain would be a gigabyte of zeros
            case BigDecimal d -> sb.append(Math.abs(d.scale()) <= 1000 ? d.toPlainString() : d.toString());
            case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
            case Float f when f.isNaN() || f.isInfinite() -> sb.append("null");
            case Number n -> sb.append(n);
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(',');
                    first = false;
                    quote(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case Iterable<?> it -> {
                sb.append('[');
                boolean first = true;
                for (Object o : it) {
                    if (!first) sb.append(',');
                    first = false;
                    write(sb, o);
                }
                sb.append(']');
            }
            case Object[] arr -> write(sb, List.of(arr));
            default -> quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Parses JSON text into Map/List/String/BigDecimal/Boolean/null; throws IllegalArgumentException. */
    public static @Nullable Object parse(String text) {
        Parser p = new Parser(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw p.fail("unexpected text after the value");
        }
        return v;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private String @Nullable [] keys;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("Invalid JSON at position " + pos + ": " + why);
        }

        void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        @Nullable Object value(int depth) {
            if (depth > MAX_DEPTH) throw fail("nested too deeply");
            if (pos >= s.length()) throw fail("unexpected end");
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        @Nullable Object literal(String word, @Nullable Object v) {
            if (!s.startsWith(word, pos)) throw fail("expected " + word);
            pos += word.length();
            return v;
        }

        Map<String, @Nullable Object> object(int depth) {
            Map<String, @Nullable Object> m = new LinkedHashMap<>();
            pos++;
            ws();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                ws();
                if (pos >= s.length() || s.charAt(pos) != '"') throw fail("expected a key");
                String k = key();
                ws();
                if (pos >= s.length() || s.charAt(pos) != ':') throw fail("expected ':'");
                pos++;
                ws();
                int before = m.size();
                m.put(k, value(depth + 1));
                if (m.size() == before) throw fail("the key '" + shorten(k) + "' appears twice in one object");
                ws();
                if (pos >= s.length()) throw fail("unexpected end");
                char c = s.charAt(pos++);
                if (c == '}') return m;
                if (c != ',') throw fail("expected ',' or '}'");
            }
        }

        List<@Nullable Object> array(int depth) {
            List<@Nullable Object> l = new ArrayList<>();
            pos++;
            ws();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                ws();
                l.add(value(depth + 1));
                ws();
                if (pos >= s.length()) throw fail("unexpected end");
                char c = s.charAt(pos++);
                if (c == ']') return l;
                if (c != ',') throw fail("expected ',' or ']'");
            }
        }

        /**
         * An object key. Keys repeat in every object of a list (a sync page has 100,000 records with the same keys),
         * so the last key seen in each of a few slots is kept and handed out again instead of a new copy: fewer
         * allocations, and its hash is already computed when it goes into the map.
         */
        String key() {
            int start = pos + 1;
            int n = s.length();
            int h = 0;
            int p = start;
            while (p < n) {
                char c = s.charAt(p);
                if (c == '"') break;
                if (c == '\\' || c == '\0' || Character.isSurrogate(c) || p - start >= 64) return string();
                h = 31 * h + c;
                p++;
            }
            if (p >= n) return string(); // unterminated: string() says so
            int len = p - start;
            String[] keys = this.keys;
            if (keys == null) keys = this.keys = new String[128];
            int slot = (h ^ (h >>> 16)) & (keys.length - 1);
            String k = keys[slot];
            if (k == null || k.length() != len || !s.regionMatches(start, k, 0, len)) {
                k = s.substring(start, p);
                keys[slot] = k;
            }
            pos = p + 1;
            return k;
        }

        String string() {
            pos++;
            // most strings have no escape: one substring instead of a char-by-char copy
            int start = pos;
            int n = s.length();
            boolean check = false; // a NUL or a surrogate: checked by TextRules once the string is whole
            while (pos < n) {
                char c = s.charAt(pos);
                if (c == '"') return checked(s.substring(start, pos++), check);
                if (c == '\\') break;
                if (c == '\0' || Character.isSurrogate(c)) check = true;
                pos++;
            }
            StringBuilder sb = new StringBuilder(pos - start + 16).append(s, start, pos);
            while (true) {
                if (pos >= s.length()) throw fail("unterminated string");
                char c = s.charAt(pos++);
                if (c == '"') return checked(sb.toString(), true);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) throw fail("unterminated escape");
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw fail("bad unicode escape");
                        int code = 0;
                        for (int k = pos; k < pos + 4; k++) {
                            // exactly four hex digits: Integer.parseInt would also take "+12a" or "-041"
                            int digit = Character.digit(s.charAt(k), 16);
                            if (digit < 0) throw fail("bad unicode escape");
                            code = code * 16 + digit;
                        }
                        sb.append((char) code);
                        pos += 4;
                    }
                    default -> throw fail("bad escape");
                }
            }
        }

        /** Strings must be valid Unicode without NUL (see {@link TextRules}), keys and values alike. */
        String checked(String v, boolean check) {
            if (!check) return v;
            String why = TextRules.problem(v);
            if (why != null) throw fail("a string " + why);
            return v;
        }

        BigDecimal number() {
            int start = pos;
            boolean plain = true; // an optional minus and up to 18 digits: exactly a long
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    pos++;
                } else if ("+-.eE".indexOf(c) >= 0) {
                    if (c != '-' || pos != start) plain = false;
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) throw fail("unexpected character '" + s.charAt(pos) + "'");
            int digits = pos - start - (s.charAt(start) == '-' ? 1 : 0);
            if (plain && digits > 0 && digits <= 18) {
                long v = 0;
                for (int i = pos - digits; i < pos; i++) v = v * 10 + (s.charAt(i) - '0');
                return BigDecimal.valueOf(s.charAt(start) == '-' ? -v : v);
            }
            try {
                return new BigDecimal(s.substring(start, pos));
            } catch (NumberFormatException ex) {
                throw fail("bad number");
            }
        }
    }
}
