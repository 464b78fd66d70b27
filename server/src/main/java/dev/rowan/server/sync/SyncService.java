package dev.rowan.server.sync;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.sync.PushResult;
import dev.rowan.model.sync.Mutation;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Problems;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/sync/pull}, {@code POST /api/sync/push}, and {@code GET /api/live} answered over plain HTTP
 * (the WebSocket upgrade of the same path is served by {@link LiveEndpoint}). Malformed requests are refused
 * whole (400/422, nothing applied); a bad mutation inside a well-formed push is a per-mutation result.
 */
public final class SyncService implements HttpService {
    public static final int MAX_MUTATIONS = 10_000;

    private final Pull pull;
    private final Push push;
    private final long maxBody;
    private final long maxPushBytes;
    private final long maxMutationBytes;

    SyncService(Pull pull, Push push, long maxBody, long maxPushBytes, long maxMutationBytes) {
        this.pull = pull;
        this.push = push;
        this.maxBody = maxBody;
        this.maxPushBytes = maxPushBytes;
        this.maxMutationBytes = maxMutationBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/sync/pull", this::pull)
                .post("/sync/push", this::push)
                .get("/live", this::liveOverHttp);
    }

    private void pull(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        Map<String, @Nullable Object> body = Json.readObject(req, maxBody);
        Bodies.allowOnly(body, Set.of("cursor", "limit", "clientId", "resultsCursor", "refresh"));
        Object rawCursor = body.get("cursor");
        if (rawCursor != null && !(rawCursor instanceof String) && !(rawCursor instanceof Number)) {
            throw RowanException.invalid("cursor", "cursor is the string a previous pull returned, or 0");
        }
        Pull.Position pos = Pull.Position.parse(rawCursor);
        UUID refresh = Bodies.optionalUuid(body, "refresh");
        if (refresh != null) {
            // a table reloaded whole (after the server refused a change the client had already made locally): its
            // definition and every current row, then the log from where the client was
            if (!(pos instanceof Pull.LogPos l)) {
                throw RowanException.invalid("refresh", "refresh needs a log cursor (finish the first sync or the "
                        + "running backfill first)");
            }
            pos = new Pull.BackPos(l.seq(), -1, refresh, null);
        }
        Integer limit = Bodies.optionalInt(body, "limit");
        if (limit != null && (limit < 1 || limit > Pull.MAX_LIMIT)) {
            throw RowanException.invalid("limit", "limit must be from 1 to " + Pull.MAX_LIMIT);
        }
        UUID clientId = Bodies.optionalUuid(body, "clientId");
        Object rc = body.get("resultsCursor");
        // a whole number a previous pull returned: 1e200000 or -1 would wrap around or read from nowhere
        if (rc != null && (!(rc instanceof Integer || rc instanceof Long) || ((Number) rc).longValue() < 0)) {
            throw RowanException.invalid("resultsCursor", "resultsCursor must be the whole number a previous pull "
                    + "returned (or 0)");
        }
        long resultsAfter = rc == null ? 0 : ((Number) rc).longValue();
        Json.ok(res, pull.pull(p, pos, limit == null ? 1000 : limit, clientId, resultsAfter));
    }

    private void push(ServerRequest req, ServerResponse res) {
        Principal p = AuthFilter.principal(req);
        List<Map<String, Object>> results;
        try (PushBody body = PushBody.read(req, maxPushBytes, maxMutationBytes)) {
            results = push.push(p, body.clientId(), body.mutations()).stream().map(PushResult::toJson).toList();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        Json.ok(res, out);
    }

    private void liveOverHttp(ServerRequest req, ServerResponse res) {
        Problems.send(req, res, RowanException.refused(dev.rowan.model.error.Refused.Reason.UPGRADE_REQUIRED, "GET /api/live is a WebSocket: "
                + "connect with ws://.../api/live?access_token=<token> (or send {\"type\":\"auth\",\"token\":...} "
                + "first)"));
    }
}
