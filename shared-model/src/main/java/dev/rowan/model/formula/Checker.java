package dev.rowan.model.formula;

import java.util.ArrayList;
import java.util.List;

/**
 * Types a parsed formula: resolves functions, checks arity and argument types, inserts the implicit conversions
 * (number, boolean or date to text where text is expected; date to datetime where a datetime is) as explicit
 * calls, so the evaluator and the SQL compiler never convert on their own.
 */
final class Checker {
    private final String source;
    private final FieldResolver fields;

    Checker(String source, FieldResolver fields) {
        this.source = source;
        this.fields = fields;
    }

    /** Errors at an argument of the call being checked. */
    final class Context {
        final String fn;
        final List<Integer> offsets;

        Context(String fn, List<Integer> offsets) {
            this.fn = fn;
            this.offsets = offsets;
        }

        FormulaException error(int arg, String message) {
            return FormulaException.at(source, arg < 0 ? offsets.get(0) : offsets.get(arg + 1), message);
        }

        /** The common type of some arguments (converting them in place), or an error naming the call. */
        FormulaType unify(List<Node> args, List<Integer> which, String what) {
            FormulaType t = FormulaType.BLANK;
            for (int i : which) t = join(t, args.get(i).type(), i, what);
            for (int i : which) args.set(i, convert(args.get(i), t));
            return t;
        }

        private FormulaType join(FormulaType a, FormulaType b, int at, String what) {
            if (a == b || b == FormulaType.BLANK) return a;
            if (a == FormulaType.BLANK) return b;
            if (a == FormulaType.DATE && b == FormulaType.DATETIME || a == FormulaType.DATETIME
                    && b == FormulaType.DATE) {
                return FormulaType.DATETIME;
            }
            if (a == FormulaType.TEXT && textual(b) || b == FormulaType.TEXT && textual(a)) return FormulaType.TEXT;
            throw error(at, fn + " " + what + " mix " + a.label() + " and " + b.label());
        }
    }

    private static boolean textual(FormulaType t) {
        return t != FormulaType.LIST && t != FormulaType.DURATION;
    }

    Node check(Expr e) {
        return switch (e) {
            case Expr.Num n -> new Node.Const(n.value(), FormulaType.NUMBER, n.offset());
            case Expr.Text t -> new Node.Const(t.value(), FormulaType.TEXT, t.offset());
            case Expr.Bool b -> new Node.Const(b.value(), FormulaType.BOOLEAN, b.offset());
            case Expr.Ref r -> {
                FormulaField f = fields.byId(r.fieldId()).orElseThrow(() -> FormulaException.at(source,
                        r.offset(), "The referenced field no longer exists; pick another field"));
                FormulaType t = FormulaType.of(f.type()).orElseThrow(() -> FormulaException.at(source, r.offset(),
                        "Formulas cannot read " + f.type().kind() + " fields such as {" + f.name() + "}"));
                yield new Node.Field(f, t, r.offset());
            }
            case Expr.Unary u -> apply(Functions.operator("NEG"), List.of(u.operand()), u.offset(), "-");
            case Expr.Binary b -> apply(Functions.operator(b.op()), List.of(b.left(), b.right()), b.offset(),
                    "'" + b.op() + "'");
            case Expr.Call c -> {
                Fn fn = Functions.byName(c.name()).orElseThrow(() -> FormulaException.at(source, c.offset(),
                        "Unknown function " + c.name() + "; see the list of functions"));
                yield apply(fn, c.args(), c.offset(), fn.name());
            }
        };
    }

    private Node apply(Fn fn, List<Expr> argExprs, int offset, String shown) {
        int n = argExprs.size();
        if (n < fn.min || n > fn.max) {
            String expected = fn.min == fn.max ? fn.min + " argument" + (fn.min == 1 ? "" : "s")
                    : fn.max >= 255 ? "at least " + fn.min + " argument" + (fn.min == 1 ? "" : "s")
                    : fn.min + " to " + fn.max + " arguments";
            throw FormulaException.at(source, offset, shown + " expects " + expected + ", got " + n
                    + (fn.documented ? " (" + fn.info().signature() + ")" : ""));
        }
        List<Node> args = new ArrayList<>(n);
        List<Integer> offsets = new ArrayList<>(n + 1);
        offsets.add(offset);
        for (int i = 0; i < n; i++) {
            Expr a = argExprs.get(i);
            offsets.add(a.offset());
            Node checked = check(a);
            args.add(accept(fn, shown, i, checked, a));
        }
        Context ctx = new Context(shown, offsets);
        FormulaType type = fn.typer.type(args, ctx);
        return new Node.Apply(fn, args, type, offset);
    }

    private Node accept(Fn fn, String shown, int i, Node arg, Expr source) {
        Fn.P p = fn.param(i);
        FormulaType t = arg.type();
        String nth = ordinal(i) + " argument";
        return switch (p) {
            case ANY -> arg;
            case NUMBER -> expect(arg, t == FormulaType.NUMBER || t == FormulaType.DURATION, FormulaType.NUMBER,
                    shown, nth, "a number", source);
            case BOOLEAN -> expect(arg, t == FormulaType.BOOLEAN, FormulaType.BOOLEAN, shown, nth, "a boolean",
                    source);
            case LIST -> expect(arg, t == FormulaType.LIST, FormulaType.LIST, shown, nth, "a list", source);
            case TEXT -> {
                if (t == FormulaType.LIST) throw wrong(shown, nth, "text", t, source);
                yield convert(arg, FormulaType.TEXT);
            }
            case DATE -> {
                if (t != FormulaType.DATE && t != FormulaType.DATETIME && t != FormulaType.BLANK) {
                    throw wrong(shown, nth, "a date", t, source);
                }
                yield convert(arg, FormulaType.DATE);
            }
            case DATETIME -> {
                if (t != FormulaType.DATE && t != FormulaType.DATETIME && t != FormulaType.BLANK) {
                    throw wrong(shown, nth, "a date", t, source);
                }
                yield convert(arg, FormulaType.DATETIME);
            }
            case TEMPORAL -> {
                if (t != FormulaType.DATE && t != FormulaType.DATETIME && t != FormulaType.BLANK) {
                    throw wrong(shown, nth, "a date", t, source);
                }
                yield t == FormulaType.BLANK ? convert(arg, FormulaType.DATE) : arg;
            }
            case TEXT_LITERAL -> {
                if (!(arg instanceof Node.Const c) || !(c.value() instanceof String)) {
                    throw FormulaException.at(this.source, source.offset(), shown + " expects a text in quotes as"
                            + " its " + nth + " (it is checked when the formula is saved)");
                }
                yield arg;
            }
        };
    }

    private Node expect(Node arg, boolean ok, FormulaType target, String shown, String nth, String what, Expr src) {
        if (arg.type() == FormulaType.BLANK) return convert(arg, target);
        if (!ok) throw wrong(shown, nth, what, arg.type(), src);
        return arg;
    }

    private FormulaException wrong(String shown, String nth, String what, FormulaType got, Expr src) {
        return FormulaException.at(source, src.offset(), shown + " expects " + what + " as its " + nth + ", got "
                + got.label());
    }

    /** The node as {@code target}: an explicit conversion call where one is needed. */
    static Node convert(Node n, FormulaType target) {
        FormulaType t = n.type();
        if (t == target) return n;
        if (t == FormulaType.BLANK) {
            if (n instanceof Node.Const c && c.value() == null) return new Node.Const(null, target, c.offset());
            return new Node.Apply(Functions.operator("BLANK_AS"), List.of(n), target, n.offset());
        }
        String op = switch (target) {
            case TEXT -> "TO_TEXT";
            case DATETIME -> t == FormulaType.DATE ? "TO_DATETIME" : null;
            case DATE -> t == FormulaType.DATETIME ? "TO_DATE" : null;
            default -> null;
        };
        if (op == null) throw new IllegalStateException("no conversion from " + t + " to " + target);
        if (n instanceof Node.Const c && c.value() != null && target == FormulaType.TEXT) {
            return new Node.Const(Values.toText(c.value()), FormulaType.TEXT, c.offset());
        }
        return new Node.Apply(Functions.operator(op), List.of(n), target, n.offset());
    }

    static String ordinal(int i) {
        return switch (i) {
            case 0 -> "first";
            case 1 -> "second";
            case 2 -> "third";
            case 3 -> "fourth";
            default -> (i + 1) + "th";
        };
    }

}
