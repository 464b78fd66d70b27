package dev.rowan.model.formula;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Recursive descent over the formula text. Recursion is bounded by {@link #MAX_NESTING} (parentheses, calls and
 * unary minus), the tree by {@link #MAX_NODES} and {@link #MAX_DEPTH}, the text by {@link #MAX_LENGTH}: a hostile
 * formula is refused with a message, never with a StackOverflowError.
 * <p>Precedence, loosest first: comparisons {@code = != <> < <= > >=}, {@code &}, {@code + -}, {@code * / %},
 * unary minus.
 */
final class Parser {
    static final int MAX_LENGTH = 10_000;
    static final int MAX_NESTING = 64;
    static final int MAX_NODES = 2_000;
    static final int MAX_DEPTH = 128;
    /** Digits a number literal may have before and after its point: what a number field stores. */
    static final int MAX_INTEGER_DIGITS = 18;
    static final int MAX_FRACTION_DIGITS = 10;

    /** A reference token as it appeared in the source, for rewriting stored and display forms. */
    record RefSpan(int start, int end, UUID fieldId) {
    }

    record Result(Expr root, List<RefSpan> refs) {
    }

    private final String src;
    private final Function<String, UUID> byName;
    private final Function<UUID, Boolean> idKnown;
    private final List<RefSpan> refs = new ArrayList<>();
    private int pos;
    private int nesting;
    private int nodes;

    private Parser(String src, Function<String, UUID> byName, Function<UUID, Boolean> idKnown) {
        this.src = src;
        this.byName = byName;
        this.idKnown = idKnown;
    }

    static Result parse(String source, FieldResolver resolver) {
        if (source.length() > MAX_LENGTH) {
            throw FormulaException.at(source, MAX_LENGTH, "The formula is too long (" + source.length()
                    + " characters; at most " + MAX_LENGTH + ")");
        }
        Parser p = new Parser(source, name -> resolver.byName(name).map(FormulaField::id).orElse(null),
                id -> resolver.byId(id).isPresent());
        p.skipSpace();
        if (p.pos >= source.length()) throw p.error(p.pos, "The formula is empty");
        Expr root = p.comparison();
        p.skipSpace();
        if (p.pos < source.length()) {
            throw p.error(p.pos, "Unexpected " + p.describeHere() + "; expected an operator or the end");
        }
        checkDepth(source, root);
        return new Result(root, List.copyOf(p.refs));
    }

    private static void checkDepth(String source, Expr root) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 1});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Expr e = (Expr) top[0];
            int d = (Integer) top[1];
            if (d > MAX_DEPTH) {
                throw FormulaException.at(source, e.offset(), "The formula nests too deeply (at most " + MAX_DEPTH
                        + " levels); split it into several formula fields");
            }
            switch (e) {
                case Expr.Unary u -> stack.push(new Object[] {u.operand(), d + 1});
                case Expr.Binary b -> {
                    stack.push(new Object[] {b.left(), d + 1});
                    stack.push(new Object[] {b.right(), d + 1});
                }
                case Expr.Call c -> c.args().forEach(a -> stack.push(new Object[] {a, d + 1}));
                default -> {
                }
            }
        }
    }

    private FormulaException error(int at, String message) {
        return FormulaException.at(src, at, message);
    }

    private <T extends Expr> T node(T e) {
        if (++nodes > MAX_NODES) {
            throw error(e.offset(), "The formula is too large (more than " + MAX_NODES + " parts)");
        }
        return e;
    }

    private Expr comparison() {
        Expr left = concat();
        while (true) {
            skipSpace();
            int at = pos;
            String op = take("<=", ">=", "!=", "<>", "=", "<", ">");
            if (op == null) return left;
            if (op.equals("<>")) op = "!=";
            left = node(new Expr.Binary(op, left, concat(), at));
        }
    }

    private Expr concat() {
        Expr left = additive();
        while (true) {
            skipSpace();
            int at = pos;
            if (take("&") == null) return left;
            left = node(new Expr.Binary("&", left, additive(), at));
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            skipSpace();
            int at = pos;
            String op = take("+", "-");
            if (op == null) return left;
            left = node(new Expr.Binary(op, left, multiplicative(), at));
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            skipSpace();
            int at = pos;
            String op = take("*", "/", "%");
            if (op == null) return left;
            left = node(new Expr.Binary(op, left, unary(), at));
        }
    }

    private Expr unary() {
        skipSpace();
        int at = pos;
        if (take("-") != null) {
            enter(at);
            Expr operand = unary();
            nesting--;
            return node(new Expr.Unary("-", operand, at));
        }
        if (take("+") != null) return unary();
        return primary();
    }

    private void enter(int at) {
        if (++nesting > MAX_NESTING) {
            throw error(at, "The formula nests too deeply (at most " + MAX_NESTING
                    + " levels of parentheses and calls)");
        }
    }

    private Expr primary() {
        skipSpace();
        int at = pos;
        if (pos >= src.length()) throw error(pos, "The formula ends too early; expected a value");
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            enter(at);
            Expr inner = comparison();
            nesting--;
            expect(')', "a closing parenthesis", at);
            return inner;
        }
        if (c == '"' || c == '\'') return node(new Expr.Text(string(c), at));
        if (c == '{') return reference();
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return node(new Expr.Num(number(), at));
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            String name = src.substring(start, pos).toUpperCase(Locale.ROOT);
            skipSpace();
            if (pos < src.length() && src.charAt(pos) == '(') {
                pos++;
                enter(at);
                List<Expr> args = new ArrayList<>();
                skipSpace();
                if (pos < src.length() && src.charAt(pos) == ')') {
                    pos++;
                } else {
                    while (true) {
                        args.add(comparison());
                        skipSpace();
                        if (take(",") != null) continue;
                        expect(')', "a comma or a closing parenthesis", at);
                        break;
                    }
                }
                nesting--;
                return node(new Expr.Call(name, args, at));
            }
            if (name.equals("TRUE")) return node(new Expr.Bool(true, at));
            if (name.equals("FALSE")) return node(new Expr.Bool(false, at));
            throw error(at, "Unknown name " + shorten(src.substring(start, pos)) + "; write fields as {Field name}"
                    + " and functions with parentheses, e.g. " + name + "()");
        }
        throw error(at, "Unexpected " + describeHere() + "; expected a value");
    }

    private void expect(char c, String what, int openedAt) {
        skipSpace();
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return;
        }
        FormulaException opened = FormulaException.at(src, openedAt, "");
        throw error(pos, "Expected " + what + (pos >= src.length() ? " before the end" : ", found "
                + describeHere()) + " (opened at " + opened.line() + ":" + opened.column() + ")");
    }

    private String describeHere() {
        if (pos >= src.length()) return "end of formula";
        int cp = src.codePointAt(pos);
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        int intDigits = pos - start;
        int fraction = 0;
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            int f = pos;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
            fraction = pos - f;
        }
        String text = src.substring(start, pos);
        BigDecimal v = new BigDecimal(text.startsWith(".") ? "0" + text : text.endsWith(".") ? text + "0" : text);
        if (v.toBigInteger().toString().length() > MAX_INTEGER_DIGITS && v.signum() != 0 || intDigits > 1000) {
            throw error(start, "The number is too large (at most " + MAX_INTEGER_DIGITS + " digits before the point)");
        }
        if (fraction > MAX_FRACTION_DIGITS) {
            throw error(start, "The number has too many decimals (at most " + MAX_FRACTION_DIGITS + ")");
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '.')) {
            throw error(pos, "Unexpected " + describeHere() + " after a number");
        }
        return v;
    }

    private String string(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) throw error(start, "The text is not closed; add a " + quote);
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                if (pos + 1 >= src.length()) throw error(pos, "The text is not closed; add a " + quote);
                char e = src.charAt(pos + 1);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\', '"', '\'' -> sb.append(e);
                    default -> throw error(pos, "Unknown escape \\" + e + " (use \\\" \\' \\\\ \\n \\t or \\r)");
                }
                pos += 2;
                continue;
            }
            if (c == '\u0000') throw error(pos, "The text contains a NUL character");
            sb.append(c);
            pos++;
        }
    }

    private Expr reference() {
        int start = pos;
        pos++;
        StringBuilder name = new StringBuilder();
        while (true) {
            if (pos >= src.length()) throw error(start, "The field reference is not closed; add a }");
            char c = src.charAt(pos);
            if (c == '}') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == '}' || src.charAt(pos + 1) == '\\')) {
                name.append(src.charAt(pos + 1));
                pos += 2;
                continue;
            }
            name.append(c);
            pos++;
        }
        String n = name.toString();
        UUID id = null;
        if (n.startsWith("fld:")) {
            try {
                id = UUID.fromString(n.substring(4));
            } catch (IllegalArgumentException e) {
                throw error(start, "The field reference " + shorten(n) + " is not a field id");
            }
            if (!idKnown.apply(id)) throw error(start, "The referenced field no longer exists; pick another field");
        } else {
            id = byName.apply(n.strip());
            if (id == null) throw error(start, "There is no field named " + shorten(n.strip()));
        }
        refs.add(new RefSpan(start, pos, id));
        return node(new Expr.Ref(id, start));
    }

    private static String shorten(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
    }

    private String take(String... ops) {
        for (String op : ops) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }
}
