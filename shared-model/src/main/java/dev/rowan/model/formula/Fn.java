package dev.rowan.model.formula;

import dev.rowan.model.sql.SqlFragment;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * One function (or operator, or implicit conversion) in one place: its documentation, how it is type checked,
 * how it is evaluated in memory (and on H2, through {@link H2Functions}), and its PostgreSQL SQL.
 */
public final class Fn {

    /** What an argument accepts; {@code TEXT} converts numbers, booleans and dates to text. */
    enum P { NUMBER, TEXT, BOOLEAN, DATE, DATETIME, TEMPORAL, ANY, LIST, TEXT_LITERAL }

    /** The result type from the (checked, possibly converted) arguments; may convert arguments in place. */
    interface Typer {
        FormulaType type(List<Node> args, Checker.Context ctx);
    }

    interface Eval {
        @Nullable Object apply(List<@Nullable Object> args, EvalContext ctx);
    }

    /** The PostgreSQL expression for a call whose arguments are already compiled. */
    interface Pg {
        SqlFragment sql(SqlCompiler.Call c);
    }

    final FunctionInfo info;
    final boolean documented;
    final int min;
    final int max;
    final List<P> params;
    final Typer typer;
    /** Strict: any blank (or error) argument makes the result blank (or that error) without calling {@link #eval}. */
    final boolean strict;
    final Eval eval;
    final Pg pg;
    /**
     * Whether H2 runs {@link #pg}'s SQL (dialect-neutral: arithmetic, comparisons, logic, the record functions)
     * rather than the alias; the property test holds the two equal.
     */
    final boolean h2UsesPg;

    private Fn(Builder b) {
        this.info = new FunctionInfo(b.name, b.category, b.signature, b.description, b.example);
        this.documented = b.documented;
        this.min = b.min;
        this.max = b.max;
        this.params = List.copyOf(b.params);
        this.typer = b.typer;
        this.strict = b.strict;
        this.eval = b.eval;
        this.pg = b.pg;
        this.h2UsesPg = b.h2UsesPg;
    }

    public FunctionInfo info() {
        return info;
    }

    public String name() {
        return info.name();
    }

    P param(int i) {
        return params.get(Math.min(i, params.size() - 1));
    }

    @Override
    public String toString() {
        return info.name();
    }

    static Builder fn(String name, String category, String signature, String description, String example) {
        return new Builder(name, category, signature, description, example, true);
    }

    static Builder op(String name) {
        return new Builder(name, "operator", name, "", "", false);
    }

    static final class Builder {
        final String name;
        final String category;
        final String signature;
        final String description;
        final String example;
        final boolean documented;
        int min;
        int max;
        List<P> params = new ArrayList<>();
        Typer typer = (a, c) -> FormulaType.BLANK;
        boolean strict = true;
        boolean h2UsesPg;
        Eval eval = (a, c) -> null;
        Pg pg;

        Builder(String name, String category, String signature, String description, String example,
                boolean documented) {
            this.name = name;
            this.category = category;
            this.signature = signature;
            this.description = description;
            this.example = example;
            this.documented = documented;
        }

        /** Fixed parameters; {@code optional} of them at the end may be left out. */
        Builder params(int optional, P... ps) {
            params = List.of(ps);
            max = ps.length;
            min = ps.length - optional;
            return this;
        }

        Builder params(P... ps) {
            return params(0, ps);
        }

        /** At least {@code min} arguments, each of kind {@code p}. */
        Builder varargs(int minimum, P p) {
            params = List.of(p);
            min = minimum;
            max = 255;
            return this;
        }

        Builder returns(FormulaType t) {
            typer = (a, c) -> t;
            return this;
        }

        Builder typer(Typer t) {
            typer = t;
            return this;
        }

        Builder lenient() {
            strict = false;
            return this;
        }

        Builder eval(Eval e) {
            eval = e;
            return this;
        }

        Builder pg(Pg p) {
            pg = p;
            return this;
        }

        Builder nativeOnH2() {
            h2UsesPg = true;
            return this;
        }

        Fn build() {
            if (pg == null) throw new IllegalStateException(name + " has no SQL");
            return new Fn(this);
        }
    }
}
