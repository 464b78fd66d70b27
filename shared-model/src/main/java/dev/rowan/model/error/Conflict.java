package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** The change collides with the current state (a taken name or id, a unique value, a concurrent edit): 409. */
public final class Conflict extends RowanException {
    /** Which Conflict this is; each has its own problem type slug. */
    public enum Reason {
        /** The state changed under the request. */
        CONFLICT("conflict"),
        /** A name another entity of the same scope has; sync push retries it as "Name (2)". */
        DUPLICATE_NAME("duplicate-name"),
        /** A client-chosen id that is already used. */
        ID_TAKEN("id-taken"),
        /** A unique index cannot be built: values repeat (the extra lists them). */
        DUPLICATE_VALUES("duplicate-values"),
        /** The user cancelled a long change; nothing was changed. */
        CANCELLED("cancelled");

        final String slug;


        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public Conflict(Reason reason, String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
