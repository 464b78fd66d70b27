package dev.rowan.model.error;

import java.util.List;

/**
 * Root of every failure Rowan reports to a user. Each subtype maps to one HTTP status and one
 * problem type; the message says what to do, the technical cause stays in the log.
 */
public class RowanException extends RuntimeException {
    private final int status;
    private final String type;
    private final List<FieldError> errors;

    public RowanException(int status, String type, String message, List<FieldError> errors) {
        super(message);
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public RowanException(int status, String type, String message) {
        this(status, type, message, List.of());
    }

    public int status() {
        return status;
    }

    /** Short problem type slug, e.g. {@code validation}; the server turns it into a URI. */
    public String type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public static RowanException badRequest(String message) {
        return new RowanException(400, "bad-request", message);
    }

    public static RowanException notFound(String what) {
        return new RowanException(404, "not-found", what);
    }

    public static RowanException conflict(String message) {
        return new RowanException(409, "conflict", message);
    }

    public static RowanException unauthorized(String message) {
        return new RowanException(401, "unauthorized", message);
    }

    public static RowanException forbidden(String message) {
        return new RowanException(403, "forbidden", message);
    }

    public static RowanException tooLarge(String message) {
        return new RowanException(413, "payload-too-large", message);
    }

    public static RowanException invalid(String message, List<FieldError> errors) {
        return new RowanException(422, "validation", message, errors);
    }

    public static RowanException invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }
}
