package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/** A failure that carries structured details beyond field errors (e.g. a conversion preview). */
public class DetailedException extends RowanException {
    private final Map<String, Object> extra;

    public DetailedException(int status, String type, String message, List<FieldError> errors,
                             Map<String, Object> extra) {
        super(status, type, message, errors);
        this.extra = Map.copyOf(extra);
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
