package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** Signed in, but not allowed to do this: 403. */
public final class Forbidden extends RowanException {
    public Forbidden(String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
    }
}
