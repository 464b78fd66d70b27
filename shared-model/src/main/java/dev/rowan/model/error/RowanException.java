package dev.rowan.model.error;

import java.util.List;
import java.util.Map;

/**
 * Root of every failure Rowan reports to a user: a sealed family, one subtype per kind of answer (what is wrong,
 * not which HTTP status it becomes). {@link #status()} and {@link #type()} are derived from the subtype by
 * exhaustive switches, so a new subtype does not compile until it has a status and a problem type. The message
 * says what to do; the technical cause stays in the log. {@link #extra()} carries structured details beyond field
 * errors (a conversion preview, the rows that block a unique index, {@code retryAfterSeconds}).
 */
public abstract sealed class RowanException extends RuntimeException
        permits BadRequest, Unauthorized, Forbidden, NotFound, Conflict, Invalid, TooLarge, Refused, Unavailable,
        Internal {
    private final List<FieldError> errors;
    private final Map<String, Object> extra;

    RowanException(String message, List<FieldError> errors, Map<String, Object> extra) {
        super(message);
        this.errors = List.copyOf(errors);
        this.extra = Map.copyOf(extra);
    }

    /** The HTTP status this failure is answered with. */
    public final int status() {
        return switch (this) {
            case BadRequest b -> 400;
            case Unauthorized u -> 401;
            case Forbidden f -> 403;
            case NotFound n -> 404;
            case Conflict c -> 409;
            case TooLarge t -> 413;
            case Invalid i -> 422;
            case Refused r -> r.reason().status;
            case Internal i -> 500;
            case Unavailable u -> 503;
        };
    }

    /** Short problem type slug, e.g. {@code validation}; the server turns it into a URI. */
    public final String type() {
        return switch (this) {
            case BadRequest b -> "bad-request";
            case Unauthorized u -> "unauthorized";
            case Forbidden f -> "forbidden";
            case NotFound n -> "not-found";
            case Conflict c -> c.reason().slug;
            case TooLarge t -> "payload-too-large";
            case Invalid i -> i.reason().slug;
            case Refused r -> r.reason().slug;
            case Internal i -> i.reason().slug;
            case Unavailable u -> u.reason().slug;
        };
    }

    public final List<FieldError> errors() {
        return errors;
    }

    /** Structured details beyond field errors; empty for most failures. */
    public final Map<String, Object> extra() {
        return extra;
    }

    /** The same failure (same subtype and reason) with another message and field errors, e.g. prefixed by where. */
    public final RowanException withMessage(String message, List<FieldError> errors) {
        return switch (this) {
            case BadRequest b -> new BadRequest(message, errors, extra);
            case Unauthorized u -> new Unauthorized(message, errors, extra);
            case Forbidden f -> new Forbidden(message, errors, extra);
            case NotFound n -> new NotFound(message, errors, extra);
            case Conflict c -> new Conflict(c.reason(), message, errors, extra);
            case TooLarge t -> new TooLarge(message, errors, extra);
            case Invalid i -> new Invalid(i.reason(), message, errors, extra);
            case Refused r -> new Refused(r.reason(), message, errors, extra);
            case Internal i -> new Internal(i.reason(), message, errors, extra);
            case Unavailable u -> new Unavailable(u.reason(), message, errors, extra);
        };
    }

    public static BadRequest badRequest(String message) {
        return new BadRequest(message, List.of(), Map.of());
    }

    public static NotFound notFound(String what) {
        return new NotFound(what, List.of(), Map.of());
    }

    public static Conflict conflict(String message) {
        return new Conflict(Conflict.Reason.CONFLICT, message, List.of(), Map.of());
    }

    public static Conflict conflict(Conflict.Reason reason, String message) {
        return new Conflict(reason, message, List.of(), Map.of());
    }

    /** A name another entity of the same scope already has (push retries it as "Name (2)"). */
    public static Conflict duplicateName(String message) {
        return conflict(Conflict.Reason.DUPLICATE_NAME, message);
    }

    public static Conflict duplicateName(String message, List<FieldError> errors) {
        return new Conflict(Conflict.Reason.DUPLICATE_NAME, message, errors, Map.of());
    }

    public static Unauthorized unauthorized(String message) {
        return new Unauthorized(message, List.of(), Map.of());
    }

    public static Forbidden forbidden(String message) {
        return new Forbidden(message, List.of(), Map.of());
    }

    public static Forbidden forbidden(String message, Map<String, Object> extra) {
        return new Forbidden(message, List.of(), extra);
    }

    public static TooLarge tooLarge(String message) {
        return new TooLarge(message, List.of(), Map.of());
    }

    public static Invalid invalid(String message, List<FieldError> errors) {
        return new Invalid(Invalid.Reason.VALIDATION, message, errors, Map.of());
    }

    public static Invalid invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }

    public static Refused refused(Refused.Reason reason, String message) {
        return new Refused(reason, message, List.of(), Map.of());
    }

    public static Unavailable unavailable(Unavailable.Reason reason, String message) {
        return new Unavailable(reason, message, List.of(), Map.of());
    }

    public static Internal internal(Internal.Reason reason, String message) {
        return new Internal(reason, message, List.of(), Map.of());
    }

    /**
     * The failure for an HTTP status the transport layer refused a request with (before any route ran): the
     * nearest subtype, so it is answered with the same status.
     */
    public static RowanException forStatus(int status, String message) {
        List<FieldError> none = List.of();
        Map<String, Object> no = Map.of();
        return switch (status) {
            case 401 -> new Unauthorized(message, none, no);
            case 403 -> new Forbidden(message, none, no);
            case 404 -> new NotFound(message, none, no);
            case 409 -> new Conflict(Conflict.Reason.CONFLICT, message, none, no);
            case 413 -> new TooLarge(message, none, no);
            case 422 -> new Invalid(Invalid.Reason.VALIDATION, message, none, no);
            case 503 -> new Unavailable(Unavailable.Reason.UNAVAILABLE, message, none, no);
            default -> {
                for (Refused.Reason r : Refused.Reason.values()) {
                    if (r.status == status) yield new Refused(r, message, none, no);
                }
                yield status >= 500 ? new Internal(Internal.Reason.INTERNAL, message, none, no)
                        : new BadRequest(message, none, no);
            }
        };
    }
}
