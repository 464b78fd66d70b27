package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** The request cannot be read (not JSON, a malformed parameter): 400. */
public final class BadRequest extends RowanException {
    public BadRequest(String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
    }
}
