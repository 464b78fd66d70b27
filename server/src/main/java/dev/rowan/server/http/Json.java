package dev.rowan.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
            // {"name": "a", "name": "b"} means something different to every parser: refuse it
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

    /**
     * Reads the body (at most {@code limit} bytes) as a JSON value: Map, List, String, Number, Boolean. The one way
     * handlers read bodies, so every route refuses the same things: a media type other than JSON (415), bytes that
     * are not UTF-8, malformed JSON, duplicate keys, trailing content (400) and strings that are not storable text
     * (422, see {@link Untrusted}).
     */
    public static @Nullable Object read(ServerRequest req, long limit) {
        requireJson(req);
        byte[] body = bytes(req, limit);
        if (body.length == 0) {
            throw RowanException.badRequest("The request needs a JSON body");
        }
        Utf8.check(body);
        Object tree;
        try {
            tree = MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw RowanException.badRequest("The body could not be read");
        }
        Untrusted.check(tree, "");
        return tree;
    }

    /**
     * The body as a stream for handlers that parse it element by element: JSON media type checked, at most
     * {@code limit} bytes (413 beyond), refused at the first byte that is not UTF-8.
     */
    public static InputStream stream(ServerRequest req, long limit) {
        requireJson(req);
        req.headers().contentLength().ifPresent(len -> {
            if (len > limit) throw tooLarge(limit);
        });
        return Utf8.checking(new Limited(req.content().inputStream(), limit));
    }

    /** JSON text from inside a body (e.g. a payload sent as a string), held to the same rules as the body. */
    public static @Nullable Object parse(String text, String path) throws JsonProcessingException {
        Object tree = MAPPER.readValue(text, Object.class);
        Untrusted.check(tree, path);
        return tree;
    }

    /** A body with content must say it is JSON (application/json or application/*+json), in UTF-8. */
    static void requireJson(ServerRequest req) {
        if (!req.content().hasEntity() && req.headers().contentLength().orElse(0L) == 0) return;
        var type = req.headers().contentType();
        if (type.isEmpty()) {
            throw unsupported("The body has no Content-Type; send it as application/json");
        }
        var media = type.get().mediaType();
        String sub = media.subtype().toLowerCase(java.util.Locale.ROOT);
        boolean json = media.type().equalsIgnoreCase("application") && (sub.equals("json") || sub.endsWith("+json"));
        if (!json) {
            throw unsupported("The body is sent as " + Untrusted.printable(media.text())
                    + "; send it as application/json");
        }
        var charset = type.get().charset();
        if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8") && !charset.get().equalsIgnoreCase("utf8")) {
            throw unsupported("The body is in " + Untrusted.printable(charset.get()) + "; send JSON in UTF-8");
        }
    }

    private static RowanException unsupported(String message) {
        return RowanException.refused(dev.rowan.model.error.Refused.Reason.UNSUPPORTED_MEDIA_TYPE, message);
    }

    /**
     * A clear 400 for malformed JSON that names the problem and where, in the client's terms: Jackson's own
     * messages name Java types ("bound as `java.lang.Object`") and its internal limits.
     */
    public static RowanException invalid(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String why;
        if (e instanceof StreamConstraintsException) {
            why = original.contains("nesting depth") ? "it is nested deeper than 64 levels"
                    : original.contains("Number value length") ? "a number has more than 1000 digits"
                    : original.contains("String value length") ? "a string is too long"
                    : "it exceeds a size limit";
        } else if (original.startsWith("Trailing token")) {
            why = "there is more content after the JSON value";
        } else if (original.startsWith("Duplicate field")) {
            int q = original.indexOf('\'');
            String key = q >= 0 && original.endsWith("'") ? original.substring(q + 1, original.length() - 1) : "";
            why = "the key '" + Untrusted.printable(key) + "' appears twice in one object";
        } else if (e instanceof JsonParseException && !looksInternal(original)) {
            why = original.lines().findFirst().orElse("malformed");
        } else if (original.contains("end-of-input") || original.contains("No content")) {
            why = "it ends too early";
        } else {
            why = "it is malformed";
        }
        var at = e.getLocation();
        return RowanException.badRequest("The body is not valid JSON: " + why
                + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    private static boolean looksInternal(String m) {
        return m.contains("`") || m.contains("java.") || m.contains("com.fasterxml") || m.contains("Source:")
                || m.contains("StreamReadConstraints") || m.contains("Feature");
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

    /** Stops reading a body once it exceeds the limit. */
    private static final class Limited extends CountingInputStream {
        private final long limit;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        protected void counted(long total) {
            if (total > limit) throw tooLarge(limit);
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
