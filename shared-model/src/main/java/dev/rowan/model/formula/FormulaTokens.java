package dev.rowan.model.formula;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The formula text cut into the pieces an editor colours: functions, {field references}, texts, numbers, operators.
 * It never fails — half-written text (an open string or reference) still gets its pieces, up to the end — and it
 * reads the text the way {@link Parser} does (the same quotes, escapes, braces and operators), so what is coloured
 * a text is what the parser takes for one. Positions are offsets into the text, end exclusive.
 */
public final class FormulaTokens {
    /** What a piece of formula text is. */
    public enum Kind {
        /** A name followed by "(": a function call. */
        FUNCTION,
        /** {@code {Field name}} (or a stored {@code {fld:…}}). */
        FIELD,
        /** A quoted text. */
        STRING,
        NUMBER,
        /** TRUE or FALSE. */
        BOOLEAN,
        /** + - * / % & = != < <= > >= (and ! alone, which the parser refuses). */
        OPERATOR,
        /** ( ) , */
        PUNCTUATION,
        /** A name that is no function call and no TRUE/FALSE (the parser refuses it). */
        NAME,
        /** Anything else (the parser refuses it). */
        OTHER
    }

    /** One piece: its kind and where it is ({@code end} exclusive). */
    public record Token(Kind kind, int start, int end) {
    }

    private FormulaTokens() {
    }

    /** The text's pieces in order; white space belongs to none. */
    public static List<Token> of(String src) {
        List<Token> out = new ArrayList<>();
        int pos = 0;
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            if (c == '"' || c == '\'') {
                pos++;
                while (pos < n && src.charAt(pos) != c) pos += src.charAt(pos) == '\\' && pos + 1 < n ? 2 : 1;
                pos = Math.min(n, pos + 1);
                out.add(new Token(Kind.STRING, start, pos));
            } else if (c == '{') {
                pos++;
                while (pos < n && src.charAt(pos) != '}') {
                    pos += src.charAt(pos) == '\\' && pos + 1 < n
                            && (src.charAt(pos + 1) == '}' || src.charAt(pos + 1) == '\\') ? 2 : 1;
                }
                pos = Math.min(n, pos + 1);
                out.add(new Token(Kind.FIELD, start, pos));
            } else if (Character.isDigit(c) || c == '.' && pos + 1 < n && Character.isDigit(src.charAt(pos + 1))) {
                while (pos < n && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) pos++;
                out.add(new Token(Kind.NUMBER, start, pos));
            } else if (Character.isLetter(c) || c == '_') {
                while (pos < n && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
                String name = src.substring(start, pos).toUpperCase(Locale.ROOT);
                int after = pos;
                while (after < n && Character.isWhitespace(src.charAt(after))) after++;
                Kind kind = after < n && src.charAt(after) == '(' ? Kind.FUNCTION
                        : name.equals("TRUE") || name.equals("FALSE") ? Kind.BOOLEAN : Kind.NAME;
                out.add(new Token(kind, start, pos));
            } else if (c == '(' || c == ')' || c == ',') {
                pos++;
                out.add(new Token(Kind.PUNCTUATION, start, pos));
            } else if ("+-*/%&=<>!".indexOf(c) >= 0) {
                pos++;
                if (pos < n && (c == '<' || c == '>' || c == '!') && src.charAt(pos) == '=') pos++;
                out.add(new Token(Kind.OPERATOR, start, pos));
            } else {
                pos += Character.charCount(src.codePointAt(pos));
                out.add(new Token(Kind.OTHER, start, pos));
            }
        }
        return out;
    }

    /**
     * The stretch an error at {@code offset} underlines: the piece that starts or holds it, else one character (or,
     * at the end of the text, its last character), so the mark is never empty while there is text.
     */
    public static Token errorSpan(String src, int offset) {
        int at = Math.max(0, Math.min(offset, src.length()));
        for (Token t : of(src)) {
            if (t.start() <= at && at < t.end()) return new Token(t.kind(), t.start(), t.end());
        }
        if (src.isEmpty()) return new Token(Kind.OTHER, 0, 0);
        if (at >= src.length()) return new Token(Kind.OTHER, src.length() - 1, src.length());
        return new Token(Kind.OTHER, at, at + 1);
    }
}
