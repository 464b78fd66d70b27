package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** The request or one of its parts is larger than the server accepts: 413. */
public final class TooLarge extends RowanException {
    public TooLarge(String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message, errors, extra);
    }
}
