package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** The server or its database cannot answer now; nothing was changed, try again: 503. */
public final class Unavailable extends RowanException {
    /** Which Unavailable this is; each has its own problem type slug. */
    public enum Reason {
        /** The database is busy (lock or statement timeout). */
        BUSY("busy"),
        /** The database cannot be reached. */
        UNAVAILABLE("unavailable"),
        SHUTTING_DOWN("shutting-down");

        final String slug;


        Reason(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public Unavailable(Reason reason, String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
