package dev.rowan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rowan.model.error.Problem;
import dev.rowan.model.error.RowanException;
import dev.rowan.server.db.DbFailures;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The one place failures become RFC 9457 {@code application/problem+json} responses. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(RowanException.class, (req, res, e) -> send(req, res, e));
        routing.error(RequestException.class, (req, res, e) -> send(req, res,
                new RowanException(e.status().code(), "bad-request", e.getMessage() == null
                        ? "The request could not be processed" : e.getMessage())));
        routing.error(Throwable.class, (req, res, e) -> {
            var unavailable = DbFailures.unavailable(e);
            if (unavailable.isPresent()) {
                LOG.warn("503 on {} {}: the database is unavailable ({})", req.prologue().method().text(),
                        req.path().absolute().path(), e.toString());
                send(req, res, unavailable.get());
                return;
            }
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("Unexpected failure on {} {} (ref {})", req.prologue().method().text(), req.path().absolute().path(), ref, e);
            send(req, res, new RowanException(500, "internal", "Something went wrong on the server (ref " + ref
                    + "); the change was not applied"));
        });
    }

    public static void send(ServerRequest req, ServerResponse res, RowanException e) {
        if (e.status() >= 500 && e.status() != 503) {
            LOG.warn("{} on {} {}: {}", e.status(), req.prologue().method().text(), req.path().absolute().path(), e.getMessage());
        }
        Problem p = Problem.of(e, req.path().absolute().path());
        // RFC 9457: extension members sit beside the standard ones
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", p.type());
        json.put("title", p.title());
        json.put("status", p.status());
        json.put("detail", p.detail());
        json.put("instance", p.instance());
        if (!p.errors().isEmpty()) json.put("errors", p.errors());
        p.extra().forEach(json::putIfAbsent);
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

    public static void notFound(ServerRequest req, ServerResponse res) {
        send(req, res, new RowanException(404, "not-found", "No route " + req.prologue().method().text() + " "
                + req.path().absolute().path() + "; see /openapi for the API", List.of()));
    }
}
