package dev.rowan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.Problem;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.db.DbFailures;
import dev.rowan.server.db.SqlErrors;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The one place failures become RFC 9457 {@code application/problem+json} responses. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    /**
     * Text that must never reach a client: PostgreSQL's key details, physical schema/table/column names, Java
     * class names. Sources should never produce it; this is the net that catches a future one that does.
     */
    private static final Pattern INTERNAL = Pattern.compile("Key \\(|\\bco_[0-9a-f]{32}\\b|\\bdt_[0-9a-f]{12}_[0-9a-f]{16}"
            + "|\\bf_[0-9a-f]{16}\\b|org\\.postgresql|com\\.fasterxml|java\\.(lang|sql|util|io|time)\\.|SQLState|PSQLException"
            + "|\\bat dev\\.rowan\\.");

    private Problems() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(RowanException.class, (req, res, e) -> send(req, res, e));
        routing.error(RequestException.class, (req, res, e) -> send(req, res,
                RowanException.forStatus(e.status().code(), transportDetail(e.status().code()))));
        routing.error(Throwable.class, (req, res, e) -> {
            var unavailable = DbFailures.unavailable(e);
            if (unavailable.isPresent()) {
                LOG.warn("503 on {} {}: the database is unavailable ({})", req.prologue().method().text(),
                        req.path().absolute().path(), e.toString());
                send(req, res, unavailable.get());
                return;
            }
            RowanException known = fromCause(e);
            if (known != null) {
                send(req, res, known);
                return;
            }
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Unexpected failure on {} {} (ref {})", req.prologue().method().text(), req.path().absolute().path(), ref, e);
            send(req, res, RowanException.internal(dev.rowan.model.error.Internal.Reason.INTERNAL, "Something went wrong on the server (ref " + ref
                    + "); the change was not applied"));
        });
    }

    /** A database failure somewhere in the cause chain (e.g. wrapped by a client library), as its answer. */
    private static RowanException fromCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RowanException r) return r;
            if (t instanceof SQLException sql && SqlErrors.translate(sql) instanceof RowanException r) return r;
        }
        return null;
    }

    /**
     * Answers for what the HTTP layer refuses before any route runs (a body over the server's limit, a URL or
     * headers too long, a malformed request line), as problem+json like every other error.
     */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = new DirectHandler() {
            @Override
            public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                            io.helidon.http.ServerResponseHeaders headers, String message) {
                int code = status.code();
                Map<String, Object> json = body(code, type(code), transportDetail(code), safePath(request.path()),
                        List.of(), Map.of());
                byte[] body;
                try {
                    body = Json.MAPPER.writeValueAsBytes(json);
                } catch (JsonProcessingException e) {
                    body = ("{\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8);
                }
                headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
                // the same security headers as every routed answer
                headers.set(dev.rowan.server.guard.RequestGuard.NOSNIFF);
                headers.set(dev.rowan.server.guard.RequestGuard.NO_STORE);
                return TransportResponse.builder().status(status).headers(headers).entity(body)
                        .keepAlive(eventType.keepAlive()).build();
            }
        };
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType t : DirectHandler.EventType.values()) b.addHandler(t, handler);
        return b.build();
    }

    private static String safePath(String path) {
        if (path == null) return "";
        return path.length() > 200 ? path.substring(0, 200) + "…" : Untrusted.printable(path);
    }

    /** The problem type of a status the transport layer answers by itself: the one its exception kind has. */
    private static String type(int status) {
        return RowanException.forStatus(status, "").type();
    }

    /** Our own words for transport-level refusals: the HTTP layer's messages are not for clients. */
    private static String transportDetail(int status) {
        return switch (status) {
            case 413 -> "The body is larger than the server accepts; split it into smaller requests";
            case 414 -> "The URL is too long; send long filters in the body of POST /api/tables/{tableId}/records/query";
            case 431 -> "The request headers are too large";
            case 400 -> "The request could not be read as HTTP; check the request line, headers and body framing";
            case 404 -> "Not found";
            case 405 -> "This method is not allowed here; see /openapi for the API";
            default -> status >= 500 ? "Something went wrong on the server; the change was not applied"
                    : "The request could not be processed";
        };
    }

    /** {@code message} if it holds nothing internal, else a neutral text (and the original goes to the log). */
    public static String safeDetail(String message) {
        if (message == null) return "The request could not be processed";
        if (INTERNAL.matcher(message).find()) {
            LOG.warn("Internal detail kept from a client: {}", message);
            return "The request could not be processed";
        }
        return message;
    }

    public static void send(ServerRequest req, ServerResponse res, RowanException e) {
        if (e.status() >= 500 && e.status() != 503) {
            LOG.warn("{} on {} {}: {}", e.status(), req.prologue().method().text(), req.path().absolute().path(), e.getMessage());
        }
        Problem p = Problem.of(e, req.path().absolute().path());
        List<FieldError> errors = new ArrayList<>();
        for (FieldError fe : p.errors()) errors.add(new FieldError(fe.field(), safeDetail(fe.message())));
        Map<String, Object> json = body(p.status(), e.type(), safeDetail(p.detail()), p.instance(), errors, p.extra());
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(json);
            res.status(Status.create(e.status()));
            res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
            dev.rowan.server.guard.RequestGuard.headers(req, res);
            if (p.extra().get(dev.rowan.server.guard.RetryLater.KEY) instanceof Number wait) {
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(wait.longValue()));
            } else if (e.status() == 503 && !res.headers().contains(HeaderNames.RETRY_AFTER)) {
                int after = req.context().get(Drain.RetryAfter.class).map(Drain.RetryAfter::seconds).orElse(2);
                res.header(HeaderNames.RETRY_AFTER, Integer.toString(after));
            }
            res.send(body);
        } catch (JsonProcessingException ex) {
            res.status(Status.INTERNAL_SERVER_ERROR_500).send();
        }
    }

    private static Map<String, Object> body(int status, String type, String detail, String instance,
                                            List<FieldError> errors, Map<String, Object> extra) {
        // RFC 9457: extension members sit beside the standard ones
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", Problem.TYPE_BASE + type);
        json.put("title", Problem.title(status));
        json.put("status", status);
        json.put("detail", detail);
        json.put("instance", instance);
        if (!errors.isEmpty()) json.put("errors", errors);
        extra.forEach(json::putIfAbsent);
        return json;
    }

    public static void notFound(ServerRequest req, ServerResponse res) {
        send(req, res, RowanException.notFound("No route " + req.prologue().method().text() + " "
                + Untrusted.printable(req.path().absolute().path()) + "; see /openapi for the API"));
    }
}
