package dev.rowan.desktop.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rowan.model.json.JsonText;
import org.jspecify.annotations.Nullable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which JSON reader pays for itself on the desktop (issue 9): the hand-written {@link JsonText} (String in) against
 * a Jackson streaming reader into the same values (bytes in; the desktop's former {@code JsonStream}, kept here
 * for the comparison only), on a pull page as the server sends it (1,000 records × 10
 * fields: text, numbers, a date, a select, a JSON value). The two alternate round by round so load on the machine
 * hits both alike. JsonText's time includes decoding the bytes into a String, which is what using it for pull pages
 * would cost. Prints numbers, asserts nothing. Run from the repo root after {@code ./mvnw -B -q install -DskipTests}:
 * {@code ./mvnw -B -q -pl desktop-app -Pbenchmark test-compile exec:exec
 * -Drowan.bench.main=dev.rowan.desktop.sync.JsonBenchmark}
 */
public final class JsonBenchmark {
    private JsonBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        byte[] page = JsonText.write(page(1_000)).getBytes(StandardCharsets.UTF_8);
        System.out.printf("pull page: %,d bytes%n", page.length);
        long sink = 0;
        for (int i = 0; i < 300; i++) { // warm both
            sink += ((Map<?, ?>) JsonText.parse(new String(page, StandardCharsets.UTF_8))).size();
            sink += ((Map<?, ?>) JacksonReader.parse(new ByteArrayInputStream(page))).size();
        }
        int rounds = 20;
        int perRound = 50;
        long[] text = new long[rounds];
        long[] stream = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                sink += ((Map<?, ?>) JsonText.parse(new String(page, StandardCharsets.UTF_8))).size();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                sink += ((Map<?, ?>) JacksonReader.parse(new ByteArrayInputStream(page))).size();
            }
            long t2 = System.nanoTime();
            text[r] = (t1 - t0) / perRound;
            stream[r] = (t2 - t1) / perRound;
        }
        java.util.Arrays.sort(text);
        java.util.Arrays.sort(stream);
        System.out.printf("JsonText (bytes→String→values)  per page: median %.2f ms, best %.2f ms, %.0f MB/s%n",
                text[rounds / 2] / 1e6, text[0] / 1e6, page.length / (text[rounds / 2] / 1e3));
        System.out.printf("Jackson stream (bytes→values)     per page: median %.2f ms, best %.2f ms, %.0f MB/s%n",
                stream[rounds / 2] / 1e6, stream[0] / 1e6, page.length / (stream[rounds / 2] / 1e3));
        System.out.printf("100,000-row first sync spends on parsing: JsonText %.0f ms, Jackson %.0f ms (sink %d)%n",
                text[rounds / 2] * 100 / 1e6, stream[rounds / 2] * 100 / 1e6, sink);
    }

    /** Jackson's streaming parser into Map/List/String/BigDecimal/Boolean/null, as JsonText makes them. */
    static final class JacksonReader {
        private static final JsonFactory FACTORY = JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

        static @Nullable Object parse(InputStream in) throws IOException {
            try (JsonParser p = FACTORY.createParser(in)) {
                return value(p, p.nextToken());
            }
        }

        private static @Nullable Object value(JsonParser p, @Nullable JsonToken t) throws IOException {
            if (t == null) throw new IOException("unexpected end");
            switch (t) {
                case START_OBJECT -> {
                    Map<String, @Nullable Object> m = new LinkedHashMap<>();
                    String k;
                    while ((k = p.nextFieldName()) != null) m.put(k, value(p, p.nextToken()));
                    return m;
                }
                case START_ARRAY -> {
                    List<@Nullable Object> l = new ArrayList<>();
                    JsonToken x;
                    while ((x = p.nextToken()) != JsonToken.END_ARRAY) l.add(value(p, x));
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
                default -> throw new IOException("unexpected " + t);
            }
        }
    }

    static Map<String, Object> page(int n) {
        List<Object> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(UUID.nameUUIDFromBytes(("t" + 1).getBytes()).toString(), "Record name " + i);
            fields.put(UUID.nameUUIDFromBytes(("t" + 2).getBytes()).toString(),
                    "A longer description of record " + i + " with \"quotes\" and ünïcödé");
            fields.put(UUID.nameUUIDFromBytes(("t" + 3).getBytes()).toString(), BigDecimal.valueOf(i * 37L));
            fields.put(UUID.nameUUIDFromBytes(("t" + 4).getBytes()).toString(), new BigDecimal("1234.56"));
            fields.put(UUID.nameUUIDFromBytes(("t" + 5).getBytes()).toString(), "2026-11-" + (10 + i % 18));
            fields.put(UUID.nameUUIDFromBytes(("t" + 6).getBytes()).toString(), i % 3 == 0 ? "Open" : "Done");
            fields.put(UUID.nameUUIDFromBytes(("t" + 7).getBytes()).toString(), i % 2 == 0);
            fields.put(UUID.nameUUIDFromBytes(("t" + 8).getBytes()).toString(), "person" + i + "@example.com");
            fields.put(UUID.nameUUIDFromBytes(("t" + 9).getBytes()).toString(), List.of("Red", "Blue"));
            fields.put(UUID.nameUUIDFromBytes(("t" + 10).getBytes()).toString(), Map.of("k", i, "tags", List.of("a")));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", UUID.randomUUID().toString());
            r.put("version", BigDecimal.valueOf(i + 1));
            r.put("seq", BigDecimal.valueOf(100_000L + i));
            r.put("fields", fields);
            records.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cursor", "s:12:-:-");
        m.put("hasMore", true);
        m.put("records", records);
        return m;
    }
}
