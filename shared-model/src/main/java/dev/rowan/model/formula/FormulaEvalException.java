package dev.rowan.model.formula;

/** Thrown inside a function implementation; the evaluator turns it into an {@link ErrorValue}, H2 into NULL. */
final class FormulaEvalException extends RuntimeException {
    FormulaEvalException(String reason) {
        super(reason, null, false, false);
    }
}
