package dev.rowan.model.value;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static dev.rowan.model.value.FieldValuesTest.field;
import static dev.rowan.model.value.FieldValuesTest.label;
import static org.assertj.core.api.Assertions.assertThat;

class ConversionsTest {

    @ParameterizedTest(name = "{0} {2} -> {1}: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"number","precision":2}   | {"type":"text"}                    | 1234.5          | "1234.50"
            {"type":"text"}                   | {"type":"number"}                  | "abc"           | FAIL is not a number
            {"type":"text"}                   | {"type":"number","precision":1}    | "1,234.5"       | 1234.5
            {"type":"text"}                   | {"type":"number","validation":{"max":10}} | "11"     | FAIL at most 10
            {"type":"text"}                   | {"type":"single_select","options":["Open","Done"]} | "Open" | "Open"
            {"type":"text"}                   | {"type":"single_select","options":["Open","Done"]} | " done " | "Done"
            {"type":"text"}                   | {"type":"single_select","options":["Open","Done"]} | "Nope" | FAIL not an option
            {"type":"text"}                   | {"type":"multiple_select","options":["a","b"]} | "b, a" | ["b","a"]
            {"type":"boolean"}                | {"type":"text"}                    | true            | "true"
            {"type":"boolean"}                | {"type":"text"}                    | false           | "false"
            {"type":"text"}                   | {"type":"boolean"}                 | "Yes"           | true
            {"type":"text"}                   | {"type":"boolean"}                 | "off"           | false
            {"type":"text"}                   | {"type":"boolean"}                 | "maybe"         | FAIL is not yes or no
            {"type":"boolean"}                | {"type":"number"}                  | false           | FAIL is not a number
            {"type":"number"}                 | {"type":"boolean"}                 | 1               | true
            {"type":"number","precision":2}   | {"type":"boolean"}                 | 1               | FAIL is not yes or no
            {"type":"date"}                   | {"type":"text"}                    | "2026-01-31"    | "2026-01-31"
            {"type":"date","includeTime":true} | {"type":"text"}                   | "2026-01-31T14:30:00+01:00" | "2026-01-31T13:30:00Z"
            {"type":"date","includeTime":true} | {"type":"date"}                   | "2026-01-31T23:30:00Z" | "2026-01-31"
            {"type":"date"}                   | {"type":"date","includeTime":true} | "2026-01-31"    | "2026-01-31T00:00:00Z"
            {"type":"text"}                   | {"type":"date"}                    | "2026/01/31"    | "2026-01-31"
            {"type":"number"}                 | {"type":"date"}                    | 20260131        | FAIL not a valid date
            {"type":"single_select","options":["Done"]} | {"type":"text"}          | "Done"          | "Done"
            {"type":"single_select","options":["a","b"]} | {"type":"multiple_select","options":["a","b"]} | "b" | ["b"]
            {"type":"multiple_select","options":["a","b"]} | {"type":"text"}        | ["a","b"]       | "a, b"
            {"type":"multiple_select","options":["a","b"]} | {"type":"single_select","options":["a","b"]} | ["a","b"] | FAIL not an option
            {"type":"multiple_select","options":["a","b"]} | {"type":"single_select","options":["a","b"]} | ["b"] | "b"
            {"type":"number"}                 | {"type":"percent"}                 | 50              | 50
            {"type":"percent","precision":1}  | {"type":"currency"}                | 12.5            | 12.50
            {"type":"currency"}               | {"type":"number","precision":0}    | 10.55           | 11
            {"type":"json"}                   | {"type":"text"}                    | {"a":1}         | "{\\"a\\":1}"
            {"type":"text"}                   | {"type":"json"}                    | "{\\"a\\": [1]}" | {"a":[1]}
            {"type":"text"}                   | {"type":"json"}                    | "plain"         | "plain"
            {"type":"text"}                   | {"type":"email"}                   | "not an email"  | FAIL not a valid email
            {"type":"text"}                   | {"type":"url"}                     | "rowan.dev"     | "rowan.dev"
            {"type":"phone"}                  | {"type":"text"}                    | "+1 555"        | "+1 555"
            {"type":"text"}                   | {"type":"number","required":true}  | null            | null
            {"type":"number"}                 | {"type":"number"}                  | 7               | 7
            """)
    void typeChangeRules(String from, String to, String valueJson, String expected) {
        FieldDef source = field(from);
        FieldDef target = field(to);
        Object value = FieldValues.coerce(source, JsonText.parse(valueJson), "v");
        Conversions.Outcome o = Conversions.convert(source.type(), target, value);
        if (expected.startsWith("FAIL ")) {
            assertThat(o.failed()).as("fails").isTrue();
            assertThat(o.value()).isNull();
            assertThat(o.failure()).contains(expected.substring(5));
        } else {
            assertThat(o.failed()).as("failure %s", o.failure()).isFalse();
            assertThat(label(target, o.value())).isEqualTo(expected);
        }
    }

    @Test
    void longTextTooLongForTextFailsInsteadOfTruncating() {
        FieldDef longText = field("{\"type\":\"long_text\"}");
        FieldDef text = field("{\"type\":\"text\"}");
        Object v = FieldValues.coerce(longText, "x".repeat(FieldValues.MAX_SHORT_TEXT + 1), "v");
        Conversions.Outcome o = Conversions.convert(longText.type(), text, v);
        assertThat(o.failed()).isTrue();
        assertThat(o.failure()).contains("longer than");
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"number"}                   | {"type":"text"}                  | true
            {"type":"json"}                     | {"type":"long_text"}             | true
            {"type":"long_text"}                | {"type":"long_text"}             | true
            {"type":"long_text"}                | {"type":"text"}                  | false
            {"type":"text"}                     | {"type":"number"}                | false
            {"type":"number","precision":2}     | {"type":"number","precision":2}  | true
            {"type":"number","precision":2}     | {"type":"number","precision":0}  | false
            {"type":"boolean"}                  | {"type":"url"}                   | false
            """)
    void alwaysConvertsOnlyWhenNoValueCanFail(String from, String to, boolean expected) {
        assertThat(Conversions.alwaysConverts(field(from).type(), field(to).type())).isEqualTo(expected);
    }

    @Test
    void previewCountsFailuresAndKeepsTheFirstExamples() {
        FieldDef text = field("{\"type\":\"text\"}");
        FieldDef number = field("{\"type\":\"number\"}");
        Conversions.PreviewBuilder b = new Conversions.PreviewBuilder(2);
        String[] values = {"1", "abc", "x", null, "y", "3"};
        for (int i = 0; i < values.length; i++) {
            b.add("r" + i, text.type(), number, values[i]);
        }
        Conversions.Preview p = b.build();
        assertThat(p.total()).isEqualTo(6);
        assertThat(p.failed()).isEqualTo(3);
        assertThat(p.converted()).isEqualTo(3);
        assertThat(p.examples()).extracting(Conversions.Preview.Example::recordId).containsExactly("r1", "r2");
        assertThat(p.examples()).extracting(Conversions.Preview.Example::value).containsExactly("abc", "x");
        assertThat(p.examples()).allSatisfy(e -> assertThat(e.reason()).contains("is not a number"));
    }

    @Test
    void previewOfCleanDataHasNoExamples() {
        FieldDef number = field("{\"type\":\"number\"}");
        FieldDef text = field("{\"type\":\"text\"}");
        Conversions.PreviewBuilder b = new Conversions.PreviewBuilder(5);
        for (Object v : Arrays.asList(FieldValues.coerce(number, 1, "v"), null)) {
            assertThat(b.add("r", number.type(), text, v).failed()).isFalse();
        }
        assertThat(b.build()).isEqualTo(new Conversions.Preview(2, 2, 0, java.util.List.of()));
    }
}
