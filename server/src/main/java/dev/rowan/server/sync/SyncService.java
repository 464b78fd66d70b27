package dev.rowan.server.sync;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
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
    private static final Set<String> MUTATION_KEYS = Set.of("mutationId", "op", "entity", "entityId", "parentId",
            "payload", "createdAt");

    private final Pull pull;
    private final Push push;
    private final long maxBody;
    private final long maxPushBytes;

    SyncService(Pull pull, Push push, long maxBody, long maxPushBytes) {
        this.pull = pull;
        this.push = push;
        this.maxBody = maxBody;
        this.maxPushBytes = maxPushBytes;
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
        Map<String, @Nullable Object> body = Json.readObject(req, maxPushBytes);
        Bodies.allowOnly(body, Set.of("clientId", "mutations"));
        UUID clientId = Bodies.optionalUuid(body, "clientId");
        if (clientId == null) throw RowanException.invalid("clientId", "clientId (a UUID per installation) is required");
        if (!(body.get("mutations") instanceof List<?> raw)) {
            throw RowanException.invalid("mutations", "mutations must be a list");
        }
        if (raw.size() > MAX_MUTATIONS) {
            throw RowanException.tooLarge("At most " + MAX_MUTATIONS + " mutations per push; send the rest next");
        }
        List<Push.Incoming> mutations = new ArrayList<>(raw.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                mutations.add(parse(raw.get(i), "mutations[" + i + "]"));
            } catch (RowanException e) {
                if (e.errors().isEmpty()) errors.add(new FieldError("mutations[" + i + "]", e.getMessage()));
                else errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw RowanException.invalid("The push is malformed; nothing was applied", errors);
        }
        List<Map<String, Object>> results = push.push(p, clientId, mutations);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        Json.ok(res, out);
    }

    /** The envelope of one mutation: ids, op and entity must be right, or the whole push is refused. */
    @SuppressWarnings("unchecked")
    private static Push.Incoming parse(@Nullable Object raw, String path) {
        if (!(raw instanceof Map<?, ?> m0)) throw RowanException.invalid(path, "a mutation is an object");
        Map<String, @Nullable Object> m = (Map<String, @Nullable Object>) m0;
        List<FieldError> errors = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!MUTATION_KEYS.contains(k)) errors.add(new FieldError(path + "." + k, "unknown property"));
        }
        UUID mutationId = uuid(m, "mutationId", path, true, errors);
        UUID entityId = uuid(m, "entityId", path, true, errors);
        UUID parentId = uuid(m, "parentId", path, false, errors);
        Mutation.Op op = enumOf(Mutation.Op.class, m.get("op"), path + ".op", errors);
        Mutation.Entity entity = enumOf(Mutation.Entity.class, m.get("entity"), path + ".entity", errors);
        Object payload = m.get("payload");
        Map<String, @Nullable Object> parsed = Map.of();
        if (payload instanceof String s) {
            try {
                payload = Json.parse(s, path + ".payload");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                errors.add(new FieldError(path + ".payload", "payload is not valid JSON"));
            }
        }
        if (payload instanceof Map<?, ?> pm) parsed = (Map<String, @Nullable Object>) pm;
        else if (payload != null && errors.stream().noneMatch(e -> e.field().endsWith(".payload"))) {
            errors.add(new FieldError(path + ".payload", "payload must be an object"));
        }
        Instant createdAt = Instant.now();
        if (m.get("createdAt") instanceof String s) {
            try {
                createdAt = Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                errors.add(new FieldError(path + ".createdAt", "an ISO-8601 instant"));
            }
        }
        if (!errors.isEmpty()) throw RowanException.invalid("malformed mutation", errors);
        String text;
        try {
            text = Json.MAPPER.writeValueAsString(parsed);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Push.Incoming(new Mutation(mutationId, op, entity, entityId, parentId, text, createdAt), parsed);
    }

    private static @Nullable UUID uuid(Map<String, @Nullable Object> m, String key, String path, boolean required,
                                       List<FieldError> errors) {
        Object v = m.get(key);
        if (v == null) {
            if (required) errors.add(new FieldError(path + "." + key, key + " is required"));
            return null;
        }
        if (v instanceof String s && s.length() == 36) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new FieldError(path + "." + key, key + " must be a UUID"));
        return null;
    }

    private static <E extends Enum<E>> @Nullable E enumOf(Class<E> type, @Nullable Object v, String key,
                                                         List<FieldError> errors) {
        if (v instanceof String s) {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new FieldError(key, "one of " + java.util.Arrays.toString(type.getEnumConstants())));
        return null;
    }

    private void liveOverHttp(ServerRequest req, ServerResponse res) {
        Problems.send(req, res, new RowanException(426, "upgrade-required", "GET /api/live is a WebSocket: "
                + "connect with ws://.../api/live?access_token=<token> (or send {\"type\":\"auth\",\"token\":...} "
                + "first)"));
    }
}
