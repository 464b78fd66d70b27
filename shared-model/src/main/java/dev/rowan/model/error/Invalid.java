package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/**
 * Input that breaks a rule, with field errors: 422. Not final: a rule with more to say about where it broke (a formula
 * error with its line and column) is still an Invalid to everything that answers it.
 */
public non-sealed class Invalid extends RowanException {
    /** Which Invalid this is; each has its own problem type slug. */
    public enum Reason {
        VALIDATION("validation"),
        /** A type change whose values cannot all convert (the extra holds the preview). */
        CONVERSION_FAILED("conversion-failed");

        final String slug;


        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public Invalid(Reason reason, String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
