package dev.rowan.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rowan.model.error.RowanException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** JSON in and out of handlers, with body size limits and clear errors for malformed input. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Reads one value from a stream that continues after it (bulk bodies are parsed element by element). */
    public static final com.fasterxml.jackson.databind.ObjectReader ELEMENT_READER = MAPPER.readerFor(Object.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * For bodies parsed token by token under caps (push, bulk delete): no single string or number may be larger
     * than an ordinary body, so a parser never buffers more than that for one token.
     */
    public static final JsonFactory CAPPED = MAPPER.getFactory().copy()
            .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(1 << 20).maxNumberLength(1000).build());

    private Json() {
    }

    /** Reads the body (at most {@code limit} bytes) as a JSON value: Map, List, String, Number, Boolean. */
    public static @Nullable Object read(ServerRequest req, long limit) {
        byte[] body = bytes(req, limit);
        if (body.length == 0) {
            throw RowanException.badRequest("The request needs a JSON body");
        }
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw RowanException.badRequest("The body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw RowanException.badRequest("The body could not be read");
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, @Nullable Object> readObject(ServerRequest req, long limit) {
        Object v = read(req, limit);
        if (v instanceof Map<?, ?> m) return (Map<String, @Nullable Object>) m;
        throw RowanException.badRequest("The body must be a JSON object");
    }

    public static byte[] bytes(ServerRequest req, long limit) {
        req.headers().contentLength().ifPresent(len -> {
            if (len > limit) throw tooLarge(limit);
        });
        if (!req.content().hasEntity()) return new byte[0];
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (data.length > limit) throw tooLarge(limit);
            return data;
        } catch (IOException e) {
            throw RowanException.badRequest("The body could not be read");
        }
    }

    private static RowanException tooLarge(long limit) {
        return RowanException.tooLarge("The body is larger than " + limit + " bytes; split it into smaller requests");
    }

    public static void send(ServerResponse res, Status status, Object body) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            res.status(status);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response could not be written as JSON", e);
        }
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    public static void created(ServerResponse res, Object body) {
        send(res, Status.CREATED_201, body);
    }

    public static Map<String, Object> data(List<?> items) {
        return Map.of("data", items);
    }
}
