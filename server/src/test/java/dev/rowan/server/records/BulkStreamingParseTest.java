package dev.rowan.server.records;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.value.FieldValues;
import dev.rowan.server.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming read of bulk bodies ({@link BulkParser#STREAMING}) answers exactly as the map path it replaced
 * ({@link BulkParser#TREE}: a Jackson tree per element, the text check over it, {@link RecordInput#parse}): the same
 * checked values per field (the values COPY writes), the same refusals with the same row/field paths and messages,
 * and the same failure of the whole body. Every field kind is run against a table of values of every JSON shape,
 * and hostile bodies (deep nesting, huge strings, wrong types, duplicate keys, unknown properties and fields, bad
 * text, truncation at every byte) against both.
 */
class BulkStreamingParseTest {
    private static final UUID LINKED = UUID.fromString("7f9a1c2e-0000-4000-8000-000000000001");

    /** One field per kind, named after it, plus a required one and one with a default and a length rule. */
    private static final TableDef TABLE = table();

    private static TableDef table() {
        List<FieldDef> fields = new ArrayList<>();
        int pos = 0;
        for (FieldKind<?> k : FieldKinds.ALL) {
            fields.add(new FieldDef(UUID.nameUUIDFromBytes(k.kind().getBytes(StandardCharsets.UTF_8)), "F_" + k.kind(),
                    k.example(), false, false, false, null, Validation.NONE, null, false, pos++));
        }
        return new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Kinds", "c_test", "dt_test", fields);
    }

    private static final TableDef STRICT = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Strict", "c_test",
            "dt_strict", List.of(
            new FieldDef(UUID.randomUUID(), "Name", new FieldType.Text(), true, false, false, null, Validation.NONE,
                    null, false, 0),
            new FieldDef(UUID.randomUUID(), "Code", new FieldType.Text(), false, false, false, "none",
                    new Validation(null, null, null, 3, null), null, false, 1),
            new FieldDef(UUID.randomUUID(), "Qty", new FieldType.NumberType(0), false, false, false, null,
                    new Validation(java.math.BigDecimal.ZERO, java.math.BigDecimal.TEN, null, null, null), null,
                    false, 2)));

    /** JSON values of every shape, valid for some kinds and wrong for the others. */
    private static final List<String> VALUES = List.of(
            "\"text\"", "\"\"", "\"  padded  \"", "0", "42", "-7", "3.5", "1e3", "0.10", "12345678901234567890",
            "1234567890123", "1.0E+400", "true", "false", "null", "[]", "[\"a\"]", "[\"x\",\"y\",\"x\"]", "[1,2]",
            "[[1]]", "[null]", "{}", "{\"a\":1}", "{\"id\":\"" + LINKED + "\"}", "[{\"id\":\"" + LINKED + "\"}]",
            "[\"" + LINKED + "\"]", "{\"add\":[\"" + LINKED + "\"],\"remove\":[]}", "\"" + LINKED + "\"",
            "\"2024-02-29\"", "\"2024-02-30\"", "\"2024-01-02T03:04:05Z\"", "\"2024-01-02T03:04:05+02:00\"",
            "\"12:30\"", "\"1:30:15\"", "\"ada@example.com\"", "\" ada@example.com \"", "\"a@b\"",
            "\"https://example.com/a?b=c\"", "\"not a url\"", "\"+41 44 123 45 67\"", "\"12\"", "\"doing\"",
            "\"DONE\"", "\"yes\"", "\"1\"", "\"-5\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"",
            "[\"\\u0000\"]", "{\"k\\u0000\":1}", "{\"\\ud800\":1}", "\"" + "x".repeat(10_001) + "\"",
            "\"" + "y".repeat(200_000) + "\"", "{\"nested\":{\"deep\":[1,{\"a\":[true,null]}]}}");

    static List<FieldKind<?>> kinds() {
        return FieldKinds.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyValueOfEveryShapeGivesTheSameAnswerForEachKind(FieldKind<?> kind) {
        FieldDef f = TABLE.fields().stream().filter(x -> x.name().equals("F_" + kind.kind())).findFirst().orElseThrow();
        List<String> records = new ArrayList<>();
        List<String> values = new ArrayList<>(VALUES);
        wireSample(f, kind).ifPresent(values::add);
        for (String v : values) {
            records.add("{\"fields\":{\"" + f.name() + "\":" + v + "}}");
            // by id, by name in another case, after an id, and next to a text value
            records.add("{\"fields\":{\"" + f.id() + "\":" + v + "}}");
            records.add("{\"id\":\"" + UUID.randomUUID() + "\",\"fields\":{\"" + f.name().toUpperCase() + "\":" + v
                    + ", \"F_text\": \"t\"}}");
        }
        List<String> shown = compare(TABLE, "{\"records\":[" + String.join(",", records) + "]}");
        assertThat(shown).hasSize(records.size() + 1);
        if (!kind.computed() && !kind.assignedByServer() && wireSample(f, kind).isPresent()) {
            // the kind's own sample is stored: the comparison covered a valid value, not only refusals
            assertThat(shown.get(3 * VALUES.size())).startsWith("row ");
        }
    }

    /** The kind's sample value in its API form, as a client sends it. */
    private static java.util.Optional<String> wireSample(FieldDef f, FieldKind<?> kind) {
        if (kind.computed() || kind.assignedByServer()) return java.util.Optional.empty();
        try {
            Object value = FieldValues.parseText(f, kind.sampleText());
            return java.util.Optional.of(Json.MAPPER.writeValueAsString(FieldValues.toWire(f.type(), value)));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return java.util.Optional.empty(); // links take ids, not text
        }
    }

    static List<String> hostileRecords() {
        String text = "F_text";
        String textId = TABLE.fields().getFirst().id().toString();
        return List.of(
                "{\"fields\":{\"F_text\":\"a\"},\"extra\":1}",
                "{\"extra\":{\"deep\":[1,2]},\"fields\":{\"F_number\":\"x\"}}",
                "{\"id\":\"not-a-uuid\",\"fields\":{}}",
                "{\"fields\":{\"F_number\":\"x\",\"Nope\":1},\"id\":\"also-not\"}",
                "{\"id\":5}", "{\"id\":null,\"fields\":{\"F_text\":\"a\"}}", "{\"id\":\"\\u0000\"}",
                "{\"id\":[\"" + LINKED + "\"]}", "{\"id\":\"" + LINKED.toString().toUpperCase() + "\"}",
                "{\"fields\":null}", "{\"fields\":[]}", "{\"fields\":\"x\"}", "{\"fields\":{}}", "{}", "[]", "\"str\"",
                "5", "null", "true", "\"\\u0000\"", "[\"\\ud800\"]",
                "{\"fields\":{\"Nope\":1}}", "{\"fields\":{\"" + "n".repeat(500) + "\":1}}",
                "{\"fields\":{\"a\\u0000\":1}}", "{\"fields\":{\"\\udc00\":1}}", "{\"extra\\u0000\":1}",
                "{\"fields\":{\"" + text + "\":\"a\",\"" + textId + "\":\"b\"}}",
                "{\"fields\":{\"f_TEXT\":\"a\",\"F_NUMBER\":\"1.5\"}}",
                "{\"fields\":{\"F_number\":true,\"F_date\":5,\"F_boolean\":\"maybe\",\"F_single_select\":[1]}}",
                "{\"fields\":{\"F_text\":\"ok\",\"F_json\":{\"a\":\"\\u0000\"}}}",
                "{\"fields\":{\"F_formula\":null,\"F_autonumber\":1,\"F_lookup\":[]}}");
    }

    @Test
    void hostileRecordsGetTheSameAnswers() {
        List<String> shown = compare(TABLE, "{\"records\":[" + String.join(",", hostileRecords()) + "]}");
        assertThat(shown).hasSize(hostileRecords().size() + 1);
        // the list holds both kinds of answer, so both paths were compared on rows and on refusals
        assertThat(shown).anyMatch(s -> s.startsWith("row ")).anyMatch(s -> s.startsWith("refused "));
        assertThat(String.join("\n", shown)).contains("records[0].extra", "records[2].id",
                "records[21].fields.Nope");
    }

    @Test
    void requiredDefaultsAndRulesGetTheSameAnswers() {
        List<String> shown = compare(STRICT, "[{\"fields\":{}},{\"fields\":{\"Name\":\"a\"}},"
                + "{\"fields\":{\"Name\":\"a\",\"Code\":\"long\",\"Qty\":11}},{\"fields\":{\"Name\":null,\"Qty\":-1}},"
                + "{\"fields\":{\"name\":\"b\",\"Qty\":\"5\"}},{\"id\":\"" + LINKED + "\"}]");
        assertThat(shown.get(0)).startsWith("refused ").contains("Name is required");
        assertThat(shown.get(1)).startsWith("row ").contains("none");
    }

    static List<String> brokenBodies() {
        String deep = "[".repeat(70) + "]".repeat(70);
        return List.of(
                "{\"records\":[{\"fields\":{\"F_json\":" + deep + "}}]}",
                "{\"records\":[{\"fields\":{\"F_text\":" + deep + "}}]}",
                "{\"records\":[{\"fields\":{\"F_json\":{\"a\":" + "{\"a\":".repeat(70) + "1" + "}".repeat(71) + "}}]}",
                "{\"records\":[{\"fields\":{\"F_text\":\"a\",\"F_text\":\"b\"}}]}",
                "{\"records\":[{\"id\":\"" + LINKED + "\",\"id\":\"" + LINKED + "\"}]}",
                "{\"records\":[{\"fields\":{\"F_json\":{\"k\":1,\"k\":2}}}]}",
                "{\"records\":[{\"fields\":{},\"fields\":{}}]}",
                "{\"records\":[{\"fields\":{\"F_number\":" + "9".repeat(1200) + "}}]}",
                "{\"records\":[{\"fields\":{\"F_text\":\"a\"}}]} trailing",
                "{\"records\":[{\"fields\":{\"F_text\":\"a\"}}], \"more\": 1}",
                "{\"records\":[{\"fields\":{\"F_text\":'a'}}]}",
                "{\"records\":[{\"fields\":{\"F_text\":\"a\"}},]}",
                "{\"records\":[{\"fields\":{\"F_text\" \"a\"}}]}",
                "{\"records\":[{\"fields\":{\"F_number\":NaN}}]}",
                "{\"rows\":[]}", "42", "");
    }

    @ParameterizedTest
    @MethodSource("brokenBodies")
    void brokenBodiesFailTheSameWay(String body) {
        List<String> shown = compare(TABLE, body);
        assertThat(shown.getLast()).startsWith("failed ");
    }

    @Test
    void aBodyCutAtEveryByteFailsTheSameWay() {
        String body = "{\"records\":[{\"id\":\"" + LINKED + "\",\"fields\":{\"F_text\":\"héllo\",\"F_number\":12.5,"
                + "\"F_multiple_select\":[\"a\",\"b\"],\"F_json\":{\"k\":[1,true,null]},\"F_boolean\":false}},"
                + "{\"fields\":{\"F_date\":\"2024-01-02\",\"F_rating\":3}}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int failures = 0;
        for (int cut = 0; cut < bytes.length; cut++) {
            List<String> shown = compare(TABLE, java.util.Arrays.copyOf(bytes, cut));
            if (shown.getLast().startsWith("failed ")) failures++;
        }
        assertThat(failures).as("every cut body fails").isEqualTo(bytes.length);
    }

    @Test
    void tooManyRowsFailTheSameWay() {
        String body = "[" + String.join(",", java.util.Collections.nCopies(5, "{\"fields\":{\"F_text\":\"a\"}}")) + "]";
        List<String> stream = run(TABLE, body.getBytes(StandardCharsets.UTF_8), BulkParser.STREAMING, 3);
        assertThat(stream).isEqualTo(run(TABLE, body.getBytes(StandardCharsets.UTF_8), BulkParser.TREE, 3));
        assertThat(stream.getLast()).startsWith("failed ").contains("At most 3 records");
    }

    /** Runs both paths over the body; they must agree item for item. Returns what they answered. */
    private static List<String> compare(TableDef table, String body) {
        return compare(table, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> compare(TableDef table, byte[] body) {
        List<String> tree = run(table, body, BulkParser.TREE, 100_000);
        List<String> streaming = run(table, body, BulkParser.STREAMING, 100_000);
        assertThat(streaming).as("streaming vs map path for %s", abbreviate(body)).isEqualTo(tree);
        return streaming;
    }

    private static String abbreviate(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Every item the parser hands over, as text that holds everything a caller uses of it. */
    private static List<String> run(TableDef table, byte[] body, BulkParser.Element element, int maxRows) {
        List<String> out = new ArrayList<>();
        try (BulkParser parser = new BulkParser(() -> new ByteArrayInputStream(body), table, new FieldLookup(table),
                maxRows, element)) {
            while (true) {
                BulkParser.Item item = parser.next();
                switch (item) {
                    case BulkParser.Row row -> out.add("row " + row.index() + " " + describe(row.input()));
                    case BulkParser.Refused r -> out.add("refused " + r.index() + " " + r.errors());
                    case BulkParser.Failed f -> {
                        RuntimeException e = f.error();
                        out.add("failed " + e.getClass().getName() + " " + e.getMessage()
                                + (e instanceof RowanException re ? " " + re.status() + " " + re.errors() : ""));
                        return out;
                    }
                    case BulkParser.End end -> {
                        out.add("end");
                        return out;
                    }
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values COPY writes (by field, with their Java types: a BigDecimal's scale counts), links, given id. */
    private static String describe(RecordInput in) {
        Map<String, String> values = new LinkedHashMap<>();
        for (FieldDef f : in.values().keySet().stream().sorted(java.util.Comparator.comparing(FieldDef::position))
                .toList()) {
            Object v = in.values().get(f);
            values.put(f.name(), v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
        }
        Map<String, String> links = new LinkedHashMap<>();
        in.links().forEach((f, edit) -> links.put(f.name(), edit.toString()));
        return (in.idGiven() ? in.id() + " " : "new ") + values + " " + links;
    }
}
