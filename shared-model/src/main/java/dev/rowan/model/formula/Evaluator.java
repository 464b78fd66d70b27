package dev.rowan.model.formula;

import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a checked formula for one record in memory (previews, the desktop). Never throws for data: division
 * by zero, bad dates and limits give an {@link ErrorValue} with the reason.
 * <p>Results: BigDecimal, String, Boolean, LocalDate, OffsetDateTime (UTC), List, ErrorValue, or null for blank;
 * an empty text or list is blank.
 */
public final class Evaluator {
    private Evaluator() {
    }

    public static @Nullable Object evaluate(CheckedFormula formula, EvalContext ctx) {
        Object v = eval(formula.root(), ctx); // recursion is bounded by the parser's depth limit
        if ("".equals(v) || v instanceof List<?> l && l.isEmpty()) return null;
        return v;
    }

    private static @Nullable Object eval(Node n, EvalContext ctx) {
        return switch (n) {
            case Node.Const c -> c.value();
            case Node.Field f -> field(f.field().type(), ctx.value(f.field().id()));
            case Node.Apply a -> {
                List<@Nullable Object> args = new ArrayList<>(a.args().size());
                for (Node arg : a.args()) args.add(eval(arg, ctx));
                yield invoke(a.fn(), args, ctx);
            }
        };
    }

    /** Canonical field values as formulas see them: option labels rather than ids, times in UTC. */
    static @Nullable Object field(FieldType type, @Nullable Object v) {
        if (v == null) return null;
        return switch (type) {
            case FieldType.SingleSelect s -> s.byId((String) v).map(o -> (Object) o.label()).orElse(null);
            case FieldType.MultipleSelect m -> {
                List<Object> labels = new ArrayList<>();
                for (Object id : (List<?>) v) labels.add(m.byId((String) id).map(o -> o.label()).orElse(null));
                yield labels.isEmpty() ? null : labels;
            }
            case FieldType.DateType d when v instanceof OffsetDateTime t -> t.withOffsetSameInstant(ZoneOffset.UTC);
            default -> v;
        };
    }

    /** One call on evaluated arguments: strictness, the function, errors as values, the text limit. */
    static @Nullable Object invoke(Fn fn, List<@Nullable Object> args, EvalContext ctx) {
        if (fn.strict) {
            for (Object a : args) if (a instanceof ErrorValue) return a;
            for (Object a : args) if (a == null) return null;
        }
        try {
            Object r = fn.eval.apply(args, ctx);
            if (r instanceof String s) Values.text(s);
            // an empty list is blank, as the database's NULLIF(ARRAY(...), '{}') makes it
            return r instanceof List<?> l && l.isEmpty() ? null : r;
        } catch (FormulaEvalException e) {
            return new ErrorValue(e.getMessage());
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return new ErrorValue(fn.name() + " could not compute this value");
        }
    }
}
