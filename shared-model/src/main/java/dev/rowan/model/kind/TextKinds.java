package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldType;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/** The five text kinds. Short and long text keep what was typed; URL, email and phone are checked and trimmed. */
final class TextKinds {
    /** What {@link #emailShape} decides, as a pattern (kept for the test that holds the two equal). */
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("[+]?[0-9 ().\\-/]{3,40}");

    private TextKinds() {
    }

    /**
     * Whether {@code t} matches {@link #EMAIL}: one {@code @} with something before it, a dot after it with
     * something on both sides, no whitespace ({@code \s}: space, tab, LF, VT, FF, CR). Written out because the
     * pattern's backtracking was a tenth of a bulk load's parsing time on a table with an email field.
     */
    static boolean emailShape(String t) {
        int n = t.length();
        int at = -1;
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') return false;
            if (c == '@') {
                if (at >= 0) return false;
                at = i;
            }
        }
        if (at <= 0) return false;
        for (int j = at + 2; j < n - 1; j++) {
            if (t.charAt(j) == '.') return true;
        }
        return false;
    }

    static final class Text extends TextualKind<FieldType.Text> {
        Text() {
            super("text", FieldType.Text.class, new FieldType.Text(), ValueRules.MAX_SHORT_TEXT);
        }

        public List<String> aliases() {
            return List.of("single_line_text");
        }

        /** Whitespace is a value of a text field: what was typed is kept as typed. */
        public Object parseInput(FieldType.Text type, String text, String stripped, String key) {
            return text;
        }

        public boolean whitespaceIsValue() {
            return true;
        }

        public String sampleText() {
            return "Hello, world";
        }

        /** Every value becomes text, except long text that may be longer than short text allows. */
        public boolean acceptsEveryValueOf(FieldType from) {
            return !(from instanceof FieldType.LongText);
        }
    }

    static final class LongText extends TextualKind<FieldType.LongText> {
        LongText() {
            super("long_text", FieldType.LongText.class, new FieldType.LongText(), ValueRules.MAX_TEXT);
        }

        /** Not grouped by (a long text is no group key). */
        @Override
        public java.util.Optional<Object> groupKeyValue(FieldType.LongText type, String text) {
            return java.util.Optional.empty();
        }

        public Object parseInput(FieldType.LongText type, String text, String stripped, String key) {
            return text;
        }

        public boolean whitespaceIsValue() {
            return true;
        }

        /** Long values: no unique constraint or btree index (an entry holds at most about 2.7 KB). */
        public boolean indexable() {
            return false;
        }

        public String sampleText() {
            return "First line\nsecond line";
        }

        public boolean acceptsEveryValueOf(FieldType from) {
            return true;
        }
    }

    static final class Url extends TextualKind<FieldType.Url> {
        Url() {
            super("url", FieldType.Url.class, new FieldType.Url(), 2048);
        }

        String check(String s, String key) {
            String t = s.strip();
            try {
                URI u = new URI(t.contains("://") || t.startsWith("mailto:") ? t : "https://" + t);
                if (u.getScheme() == null || (u.getHost() == null && !"mailto".equals(u.getScheme()))) {
                    throw new IllegalArgumentException();
                }
            } catch (Exception e) {
                throw RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a valid URL");
            }
            return t;
        }

        public String sampleText() {
            return "https://example.com/a?b=c";
        }
    }

    static final class Email extends TextualKind<FieldType.Email> {
        Email() {
            super("email", FieldType.Email.class, new FieldType.Email(), 320);
        }

        String check(String s, String key) {
            String t = s.strip();
            if (!emailShape(t)) {
                throw RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a valid email address");
            }
            return t;
        }

        public String sampleText() {
            return "ada@example.com";
        }
    }

    static final class Phone extends TextualKind<FieldType.Phone> {
        Phone() {
            super("phone", FieldType.Phone.class, new FieldType.Phone(), 40);
        }

        String check(String s, String key) {
            String t = s.strip();
            if (!PHONE.matcher(t).matches() || t.chars().filter(Character::isDigit).count() < 3) {
                throw RowanException.invalid(key, "'" + ValueRules.shorten(t) + "' is not a valid phone number");
            }
            return t;
        }

        public String sampleText() {
            return "+41 44 123 45 67";
        }
    }
}
