package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** A request the HTTP protocol layer refuses as made (method, media type, URL or header size, rate). */
public final class Refused extends RowanException {
    /** Which Refused this is; each has its own problem type slug. */
    public enum Reason {
        METHOD_NOT_ALLOWED("method-not-allowed", 405),
        URI_TOO_LONG("uri-too-long", 414),
        UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
        UPGRADE_REQUIRED("upgrade-required", 426),
        TOO_MANY_REQUESTS("too-many-requests", 429),
        HEADERS_TOO_LARGE("headers-too-large", 431);

        final String slug;
        final int status;

        Reason(String slug, int status) {
            this.slug = slug;
            this.status = status;
        }

        public String slug() {
            return slug;
        }
    }

    private final Reason reason;

    public Refused(Reason reason, String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
