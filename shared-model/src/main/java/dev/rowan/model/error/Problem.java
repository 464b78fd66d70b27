package dev.rowan.model.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** RFC 9457 problem details, with Rowan's field-level {@code errors} extension. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, Map<String, Object> extra) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://rowan.dev/problems/";

    public static Problem of(RowanException e, String instance) {
        return new Problem(TYPE_BASE + e.type(), title(e.status()), e.status(), e.getMessage(), instance,
                e.errors(), e.extra());
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Not signed in";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 422 -> "Validation failed";
            case 429 -> "Too many requests";
            case 431 -> "Request headers too large";
            case 500 -> "Internal error";
            case 503 -> "Unavailable";
            default -> "Error";
        };
    }
}
