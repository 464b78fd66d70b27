package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** What the request names does not exist (or is not visible to the caller): 404. */
public final class NotFound extends RowanException {
    public NotFound(String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
    }
}
