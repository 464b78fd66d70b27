package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** Not signed in, or the session ended: 401. */
public final class Unauthorized extends RowanException {
    public Unauthorized(String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
    }
}
