package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** Something broke that the user cannot fix; the log has the cause: 500. */
public final class Internal extends RowanException {
    /** Which Internal this is; each has its own problem type slug. */
    public enum Reason {
        INTERNAL("internal"),
        /** The desktop workspace (local database) failed. */
        WORKSPACE("workspace");

        final String slug;


        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public Internal(Reason reason, String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
