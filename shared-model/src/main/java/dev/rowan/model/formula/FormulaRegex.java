package dev.rowan.model.formula;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.rowan.model.value.PatternCache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Regular expressions in formulas: one dialect that RE2/J (in memory and on H2) and PostgreSQL read the same way.
 * A pattern must be a literal, so it is checked when the formula is saved. The accepted syntax is the common
 * core (literals, {@code . [] [^] * + ? {n,m} | () (?:) ^ $}, {@code \d \w \s} and their negations); what the two
 * engines read differently is refused: backreferences and lookaround (RE2 cannot, and they backtrack), lazy
 * quantifiers (PostgreSQL's greediness rules differ from Perl's), word boundaries, Unicode classes, flags and
 * counts above 255. The pattern is then rewritten into explicit ASCII classes ({@code .} becomes {@code [^\n]},
 * {@code \d} becomes {@code [0-9]}) and matched leftmost-longest (POSIX) on both sides, so matches, extracts and
 * replacements are equal. RE2 runs in linear time; PostgreSQL's engine, with backreferences refused, finishes the
 * classic catastrophic patterns on 100,000 characters (FormulaPropertyTest's hostile cases).
 */
final class FormulaRegex {
    private static final int MAX_COUNT = 255;
    private static final int MAX_CACHE = 256;
    private static final Map<String, Pattern> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > MAX_CACHE;
        }
    };

    private FormulaRegex() {
    }

    /** The portable form of a user's pattern, or the reason it is refused. */
    static Result translate(String re) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = re.length();
        boolean lastWasAtom = false;
        while (i < n) {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) return Result.refused("the pattern ends with a lone backslash");
                    char e = re.charAt(i + 1);
                    String cls = shorthand(e, false);
                    if (cls != null) {
                        out.append(cls);
                    } else if (e == 'n' || e == 't' || e == 'r' || e == 'f') {
                        out.append('\\').append(e);
                    } else if (Character.isLetterOrDigit(e)) {
                        return Result.refused("\\" + e + " is not supported in patterns (use \\d \\w \\s, their"
                                + " negations, or escape punctuation only)");
                    } else {
                        out.append('\\').append(e);
                    }
                    i += 2;
                    lastWasAtom = true;
                }
                case '[' -> {
                    int end = classEnd(re, i);
                    if (end < 0) return Result.refused("a [ is not closed");
                    String body = re.substring(i + 1, end);
                    boolean negated = body.startsWith("^");
                    if (negated) body = body.substring(1);
                    if (body.isEmpty()) return Result.refused("an empty character class");
                    StringBuilder cb = new StringBuilder("[").append(negated ? "^" : "");
                    for (int j = 0; j < body.length(); j++) {
                        char b = body.charAt(j);
                        if (b == '\\') {
                            if (j + 1 >= body.length()) return Result.refused("a lone backslash in a class");
                            char e = body.charAt(j + 1);
                            String inner = shorthand(e, true);
                            if (inner != null) {
                                cb.append(inner);
                            } else if (e == 'D' || e == 'W' || e == 'S') {
                                return Result.refused("\\" + e + " is not supported inside [ ]");
                            } else if (e == 'n' || e == 't' || e == 'r' || e == 'f') {
                                cb.append('\\').append(e);
                            } else if (Character.isLetterOrDigit(e)) {
                                return Result.refused("\\" + e + " is not supported inside [ ]");
                            } else {
                                cb.append('\\').append(e);
                            }
                            j++;
                        } else if (b == '[') {
                            return Result.refused("[ inside a character class must be escaped as \\[");
                        } else {
                            cb.append(b);
                        }
                    }
                    out.append(cb).append(']');
                    i = end + 1;
                    lastWasAtom = true;
                }
                case '(' -> {
                    if (re.startsWith("(?:", i)) {
                        out.append("(?:");
                        i += 3;
                    } else if (re.startsWith("(?", i)) {
                        return Result.refused("(? groups other than (?: are not supported (no lookaround, no flags)");
                    } else {
                        out.append('(');
                        i++;
                    }
                    lastWasAtom = false;
                }
                case '.' -> {
                    out.append("[^\\n]");
                    i++;
                    lastWasAtom = true;
                }
                case '*', '+', '?' -> {
                    if (!lastWasAtom) return Result.refused("'" + c + "' has nothing to repeat");
                    out.append(c);
                    i++;
                    if (i < n && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
                        return Result.refused("lazy or possessive quantifiers (" + c + re.charAt(i)
                                + ") are not supported");
                    }
                    lastWasAtom = false;
                }
                case '{' -> {
                    int close = re.indexOf('}', i);
                    String body = close < 0 ? "" : re.substring(i + 1, close);
                    if (!body.matches("[0-9]{1,4}(,[0-9]{0,4})?")) {
                        return Result.refused("write a literal { as \\{ (a count is {n}, {n,} or {n,m})");
                    }
                    if (!lastWasAtom) return Result.refused("{" + body + "} has nothing to repeat");
                    for (String part : body.split(",")) {
                        if (!part.isEmpty() && Integer.parseInt(part) > MAX_COUNT) {
                            return Result.refused("counts above " + MAX_COUNT + " are not supported");
                        }
                    }
                    out.append('{').append(body).append('}');
                    i = close + 1;
                    if (i < n && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
                        return Result.refused("lazy or possessive quantifiers are not supported");
                    }
                    lastWasAtom = false;
                }
                case '}' -> {
                    out.append("\\}");
                    i++;
                    lastWasAtom = true;
                }
                case ')', '|', '^', '$' -> {
                    out.append(c);
                    i++;
                    lastWasAtom = c == ')';
                }
                default -> {
                    out.appendCodePoint(re.codePointAt(i));
                    i += Character.charCount(re.codePointAt(i));
                    lastWasAtom = true;
                }
            }
        }
        String portable = out.toString();
        try {
            PatternCache.get(portable); // RE2 syntax and the size limits
            compiled(portable);
        } catch (PatternSyntaxException e) {
            return Result.refused(e.getDescription());
        }
        return new Result(Optional.of(portable), "");
    }

    record Result(Optional<String> portable, String reason) {
        static Result refused(String reason) {
            return new Result(Optional.empty(), reason);
        }
    }

    private static String shorthand(char e, boolean inClass) {
        String s = switch (e) {
            case 'd' -> "0-9";
            case 'w' -> "0-9A-Za-z_";
            case 's' -> "\\t\\n\\f\\r ";
            default -> null;
        };
        if (s != null) return inClass ? s : "[" + s + "]";
        if (inClass) return null;
        return switch (e) {
            case 'D' -> "[^0-9]";
            case 'W' -> "[^0-9A-Za-z_]";
            case 'S' -> "[^\\t\\n\\f\\r ]";
            default -> null;
        };
    }

    private static int classEnd(String re, int open) {
        int j = open + 1;
        if (j < re.length() && re.charAt(j) == '^') j++;
        if (j < re.length() && re.charAt(j) == ']') j++;
        while (j < re.length()) {
            char c = re.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == ']') return j;
            j++;
        }
        return -1;
    }

    static synchronized Pattern compiled(String portable) {
        return CACHE.computeIfAbsent(portable, p -> Pattern.compile(p, Pattern.LONGEST_MATCH));
    }

    static boolean matches(String text, String portable) {
        return compiled(portable).matcher(text).find();
    }

    static String extract(String text, String portable) {
        Matcher m = compiled(portable).matcher(text);
        return m.find() ? m.group() : null;
    }

    /**
     * Every match replaced, as PostgreSQL's regexp_replace(..., 'g') does: an empty match right after a match
     * counts too, and positions are characters (RE2/J's replaceAll would put an empty match between the two
     * halves of a surrogate pair, splitting an emoji).
     */
    static String replace(String text, String portable, String replacement) {
        Matcher m = compiled(portable).matcher(text);
        int n = text.length();
        StringBuilder sb = new StringBuilder();
        int copied = 0;
        int pos = 0;
        while (pos <= n && m.find(pos)) {
            int s = m.start();
            int e = m.end();
            boolean insidePair = s > 0 && s < n && Character.isLowSurrogate(text.charAt(s))
                    && Character.isHighSurrogate(text.charAt(s - 1));
            if (s == e && insidePair) {
                if (s >= n) break;
                pos = insidePair ? s + 1 : s + Character.charCount(text.codePointAt(s));
                continue;
            }
            sb.append(text, copied, s).append(replacement);
            if (sb.length() > Values.MAX_TEXT * 2) throw Values.error("the text is longer than " + Values.MAX_TEXT
                    + " characters");
            copied = e;
            pos = e > s ? e : e >= n ? n + 1 : e + Character.charCount(text.codePointAt(e));
        }
        return sb.append(text, copied, n).toString();
    }

    /** The replacement as PostgreSQL's regexp_replace reads it: backslashes doubled, nothing else special. */
    static String pgReplacement(String replacement) {
        return replacement.replace("\\", "\\\\");
    }
}
