package dev.rowan.desktop.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON answer straight from the response stream into the plain Java values {@code JsonText.parse} makes
 * (LinkedHashMap, ArrayList, String, BigDecimal, Boolean, null), for pull pages: no copy of the whole body as one
 * String (megabytes per page), parsing overlaps the download, and the keys repeated in every record come back as
 * the same String instances. Malformed JSON is a {@link JsonParseException}.
 */
final class JsonStream {
    private static final int MAX_DEPTH = 64; // as JsonText
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // keys are canonicalized per parser either way; interning would also fill the JVM's table with
            // every key of every JSON field value pulled
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private JsonStream() {
    }

    static @Nullable Object parse(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken t = p.nextToken();
            if (t == null) return Map.of(); // an empty answer, as ServerApi reads one
            Object v = value(p, t, 0);
            if (p.nextToken() != null) throw new JsonParseException(p, "unexpected text after the value");
            return v;
        }
    }

    private static @Nullable Object value(JsonParser p, @Nullable JsonToken t, int depth) throws IOException {
        if (t == null) throw new JsonParseException(p, "unexpected end");
        switch (t) {
            case START_OBJECT -> {
                if (depth > MAX_DEPTH) throw new JsonParseException(p, "nested too deeply");
                Map<String, @Nullable Object> m = new LinkedHashMap<>();
                String k;
                while ((k = p.nextFieldName()) != null) m.put(k, value(p, p.nextToken(), depth + 1));
                if (p.currentToken() != JsonToken.END_OBJECT) throw new JsonParseException(p, "unexpected end");
                return m;
            }
            case START_ARRAY -> {
                if (depth > MAX_DEPTH) throw new JsonParseException(p, "nested too deeply");
                List<@Nullable Object> l = new ArrayList<>();
                JsonToken x;
                while ((x = p.nextToken()) != JsonToken.END_ARRAY) l.add(value(p, x, depth + 1));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType n = p.getNumberType();
                return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG
                        ? BigDecimal.valueOf(p.getLongValue()) : new BigDecimal(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseException(p, "unexpected " + t);
        }
    }
}
