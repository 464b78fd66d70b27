package dev.rowan.server.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.sync.Mutation;
import dev.rowan.server.http.Bodies;
import dev.rowan.server.http.BodySpool;
import dev.rowan.server.http.CountingInputStream;
import dev.rowan.server.http.Json;
import dev.rowan.server.http.Untrusted;
import io.helidon.webserver.http.ServerRequest;
import org.jspecify.annotations.Nullable;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

/**
 * A push body {@code {"clientId", "mutations": [...]}}, read to its end before anything is applied (spooled, see
 * {@link BodySpool}) and then parsed token by token, twice: once to check every mutation's envelope (a malformed
 * push is refused whole, nothing applied), once to hand the mutations to {@link Push} as it applies them. Only one
 * mutation is held as objects at a time while checking, and only Push's current unit while applying, so memory per
 * push is bounded by the per-mutation cap and the unit size, not by the body.
 *
 * <p>Caps, each checked as the bytes arrive: the whole body ({@code maxBytes}, 413), {@value #MAX_MUTATIONS}
 * mutations (413), and {@code maxMutationBytes} per mutation (413).
 */
final class PushBody implements AutoCloseable {
    static final int MAX_MUTATIONS = SyncService.MAX_MUTATIONS;
    /** Slack for the parser's read-ahead buffer when the per-mutation cap is checked on the stream. */
    private static final int READ_AHEAD = 16 * 1024;
    private static final Set<String> KEYS = Set.of("clientId", "mutations");
    private static final Set<String> MUTATION_KEYS = Set.of("mutationId", "op", "entity", "entityId", "parentId",
            "payload", "createdAt");

    private final BodySpool spool;
    private final long maxMutationBytes;
    private UUID clientId;
    private int count;
    private @Nullable JsonParser reading;

    private PushBody(BodySpool spool, long maxMutationBytes) {
        this.spool = spool;
        this.maxMutationBytes = maxMutationBytes;
    }

    /** Reads and checks the body; throws 400/413/422 (nothing applied) if it is not a well-formed push. */
    static PushBody read(ServerRequest req, long maxBytes, long maxMutationBytes) {
        PushBody body = new PushBody(BodySpool.read(req, maxBytes), maxMutationBytes);
        try {
            body.check();
            return body;
        } catch (RuntimeException e) {
            body.close();
            throw e;
        }
    }

    UUID clientId() {
        return clientId;
    }

    int count() {
        return count;
    }

    private void check() {
        if (spool.size() == 0) throw RowanException.badRequest("The request needs a JSON body");
        List<FieldError> errors = new ArrayList<>();
        boolean sawMutations = false;
        Object rawClientId = null;
        try (Capped in = new Capped(spool.open()); JsonParser jp = Json.CAPPED.createParser(in)) {
            if (jp.nextToken() != JsonToken.START_OBJECT) throw RowanException.badRequest("The body must be a JSON object");
            List<FieldError> unknown = new ArrayList<>();
            JsonToken tok;
            while ((tok = jp.nextToken()) == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                // keys and values are held to the text rules of every body (no NUL, no lone surrogates)
                Untrusted.check(java.util.Collections.singletonMap(name, null), "");
                jp.nextToken();
                switch (name) {
                    case "clientId" -> {
                        rawClientId = Json.ELEMENT_READER.readValue(jp);
                        Untrusted.check(rawClientId, "clientId");
                    }
                    case "mutations" -> {
                        if (jp.currentToken() != JsonToken.START_ARRAY) {
                            throw RowanException.invalid("mutations", "mutations must be a list");
                        }
                        sawMutations = true;
                        int i = 0;
                        while (nextMutation(jp, in) != JsonToken.END_ARRAY) {
                            if (i >= MAX_MUTATIONS) {
                                throw RowanException.tooLarge("At most " + MAX_MUTATIONS + " mutations per push; "
                                        + "send the rest next");
                            }
                            long start = jp.currentTokenLocation().getByteOffset();
                            Object raw = Json.ELEMENT_READER.readValue(jp);
                            in.endElement();
                            if (jp.currentLocation().getByteOffset() - start > maxMutationBytes) in.tooLarge();
                            try {
                                Untrusted.check(raw, "mutations[" + i + "]");
                                parse(raw, "mutations[" + i + "]", 0);
                            } catch (RowanException e) {
                                if (e.errors().isEmpty()) errors.add(new FieldError("mutations[" + i + "]", e.getMessage()));
                                else errors.addAll(e.errors());
                            }
                            i++;
                        }
                        count = i;
                    }
                    default -> {
                        unknown.add(new FieldError(name, "Unknown property '" + Bodies.shorten(name) + "'"));
                        jp.skipChildren();
                    }
                }
            }
            if (tok != JsonToken.END_OBJECT) throw RowanException.badRequest("The body is not valid JSON");
            if (jp.nextToken() != null) throw RowanException.badRequest("Unexpected content after the JSON object");
            if (!unknown.isEmpty()) throw RowanException.invalid("Unknown properties: allowed are " + KEYS, unknown);
        } catch (JsonProcessingException e) {
            throw Json.invalid(e);
        } catch (IOException e) {
            throw RowanException.badRequest("The body could not be read");
        }
        clientId = Bodies.optionalUuid(rawClientId == null ? Map.of() : Map.of("clientId", rawClientId), "clientId");
        if (clientId == null) throw RowanException.invalid("clientId", "clientId (a UUID per installation) is required");
        if (!sawMutations) throw RowanException.invalid("mutations", "mutations must be a list");
        if (!errors.isEmpty()) throw RowanException.invalid("The push is malformed; nothing was applied", errors);
    }

    /** Moves to the next mutation, starting the per-mutation byte cap at it. */
    private JsonToken nextMutation(JsonParser jp, Capped in) throws IOException {
        in.startElement(maxMutationBytes + READ_AHEAD);
        JsonToken t = jp.nextToken();
        if (t == null) throw RowanException.badRequest("The body ends before the mutations list is closed");
        return t;
    }

    /** The mutations, parsed one at a time as they are asked for (the body was checked already). */
    Iterator<Push.Incoming> mutations() {
        try {
            Capped in = new Capped(spool.open());
            JsonParser jp = Json.CAPPED.createParser(in);
            reading = jp;
            jp.nextToken();
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String name = jp.currentName();
                jp.nextToken();
                if (name.equals("mutations")) break;
                jp.skipChildren();
            }
            return new Iterator<>() {
                int index;
                JsonToken at = advance();

                private JsonToken advance() {
                    try {
                        JsonToken t = nextMutation(jp, in);
                        if (t == JsonToken.END_ARRAY) jp.close();
                        return t;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return at != JsonToken.END_ARRAY;
                }

                @Override
                public Push.Incoming next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    try {
                        long start = jp.currentTokenLocation().getByteOffset();
                        Object raw = Json.ELEMENT_READER.readValue(jp);
                        in.endElement();
                        Push.Incoming m = parse(raw, "mutations[" + index++ + "]",
                                jp.currentLocation().getByteOffset() - start);
                        at = advance();
                        return m;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (reading != null) reading.close();
        } catch (IOException e) {
            // the spool goes anyway
        }
        spool.close();
    }

    // ---------------------------------------------------------------- one mutation

    /** The envelope of one mutation: ids, op and entity must be right, or the whole push is refused. */
    @SuppressWarnings("unchecked")
    static Push.Incoming parse(@Nullable Object raw, String path, long bytes) {
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
                payload = Json.MAPPER.readValue(s, Object.class);
            } catch (JsonProcessingException e) {
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
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Push.Incoming(new Mutation(mutationId, op, entity, entityId, parentId, text, createdAt), parsed,
                bytes);
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

    /** Counts bytes read and enforces the per-mutation cap while a mutation is being read. */
    private final class Capped extends CountingInputStream {
        private long elementEnd = Long.MAX_VALUE;

        Capped(InputStream in) {
            super(in);
        }

        void startElement(long max) {
            elementEnd = count() + max;
        }

        void endElement() {
            elementEnd = Long.MAX_VALUE;
        }

        @Override
        protected void counted(long total) {
            if (total > elementEnd) tooLarge();
        }

        void tooLarge() {
            throw RowanException.tooLarge("A mutation is larger than " + maxMutationBytes + " bytes; split it "
                    + "(bulk creates: fewer rows per mutation)");
        }
    }
}
