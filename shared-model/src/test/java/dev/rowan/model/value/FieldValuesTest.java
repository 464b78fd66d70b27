package dev.rowan.model.value;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldSpec;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldValuesTest {

    /** A field from its API JSON, e.g. {@code {"type":"number","precision":2}}; the name is always "Amount". */
    @SuppressWarnings("unchecked")
    static FieldDef field(String specJson) {
        Map<String, @Nullable Object> spec = new HashMap<>((Map<String, Object>) JsonText.parse(specJson));
        spec.putIfAbsent("name", "Amount");
        return FieldSpec.parseNew(spec, 0);
    }

    static String label(FieldDef f, @Nullable Object canonical) {
        Object api = FieldValues.toApi(f.type(), canonical);
        if (api instanceof JsonValue j) return j.text(); // raw JSON; JsonText.write would quote it as text
        return api == null ? "null" : JsonText.write(api);
    }

    @ParameterizedTest(name = "{0} accepts {1} as {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"text"}                              | "abc"                         | "abc"
            {"type":"text"}                              | ""                            | null
            {"type":"text"}                              | " keeps spaces "              | " keeps spaces "
            {"type":"long_text"}                         | "line1\\nline2"               | "line1\\nline2"
            {"type":"number"}                            | 2                             | 2
            {"type":"number"}                            | 2.5                           | 3
            {"type":"number"}                            | -2.5                          | -3
            {"type":"number","precision":2}              | 1.005                         | 1.01
            {"type":"number","precision":2}              | 7                             | 7.00
            {"type":"number","precision":2}              | 0.004                         | 0.00
            {"type":"number","precision":2}              | 1e-99999999                   | 0.00
            {"type":"number","precision":2}              | -1e-99999999                  | 0.00
            {"type":"number","precision":10}             | 0.00000000005                 | 0.0000000001
            {"type":"number"}                            | 999999999999999999            | 999999999999999999
            {"type":"number","precision":2}              | 1.2e3                         | 1200.00
            {"type":"currency"}                          | 10                            | 10.00
            {"type":"currency","currencyCode":"eur","precision":0} | 10.5                | 11
            {"type":"percent"}                           | 50.4                          | 50
            {"type":"percent","precision":1}             | 12.25                         | 12.3
            {"type":"date"}                              | "2026-01-31"                  | "2026-01-31"
            {"type":"date"}                              | " 2026/01/31 "                | "2026-01-31"
            {"type":"date"}                              | "2026-01-31T23:30:00-02:00"   | "2026-01-31"
            {"type":"date","includeTime":true}           | "2026-01-31T14:30:00Z"        | "2026-01-31T14:30:00Z"
            {"type":"date","includeTime":true}           | "2026-01-31T14:30:00+01:00"   | "2026-01-31T13:30:00Z"
            {"type":"date","includeTime":true}           | "2026-01-31 14:30"            | "2026-01-31T14:30:00Z"
            {"type":"date","includeTime":true}           | "2026-01-31"                  | "2026-01-31T00:00:00Z"
            {"type":"date","includeTime":true}           | "2026-01-31T14:30:00.123456789Z" | "2026-01-31T14:30:00.123456Z"
            {"type":"boolean"}                           | true                          | true
            {"type":"boolean"}                           | false                         | false
            {"type":"single_select","options":["Open","Done"]} | "Done"                  | "Done"
            {"type":"single_select","options":["Open","Done"]} | "done"                  | "Done"
            {"type":"single_select","options":["Open","Done"]} | ""                      | null
            {"type":"multiple_select","options":["a","b","c"]} | ["c","a","C"]           | ["c","a"]
            {"type":"multiple_select","options":["a","b","c"]} | []                      | null
            {"type":"url"}                               | "example.com/x"               | "example.com/x"
            {"type":"url"}                               | " https://rowan.dev/a?b=c "   | "https://rowan.dev/a?b=c"
            {"type":"url"}                               | "mailto:a@b.co"               | "mailto:a@b.co"
            {"type":"email"}                             | " ann@rowan.dev "             | "ann@rowan.dev"
            {"type":"phone"}                             | "+1 (555) 010-0100"           | "+1 (555) 010-0100"
            {"type":"json"}                              | {"a":[1,true,null,"x"]}       | {"a":[1,true,null,"x"]}
            {"type":"json"}                              | "just text"                   | "just text"
            {"type":"json"}                              | 1.5e3                         | 1500
            {"type":"text"}                              | null                          | null
            {"type":"number"}                            | null                          | null
            """)
    void coerceAcceptsTheApiFormAndStoresItCanonically(String spec, String rawJson, String expectedApiJson) {
        FieldDef f = field(spec);
        Object canonical = FieldValues.coerce(f, JsonText.parse(rawJson), "value");
        assertThat(label(f, canonical)).isEqualTo(expectedApiJson);
    }

    @Test
    void canonicalFormsHaveTheDocumentedJavaTypes() {
        assertThat(FieldValues.coerce(field("{\"type\":\"number\",\"precision\":3}"), 1, "v"))
                .isEqualTo(new BigDecimal("1.000"));
        assertThat(FieldValues.coerce(field("{\"type\":\"date\"}"), "2026-01-31", "v"))
                .isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(FieldValues.coerce(field("{\"type\":\"date\",\"includeTime\":true}"), "2026-01-31T10:00:00+02:00", "v"))
                .isEqualTo(OffsetDateTime.parse("2026-01-31T08:00:00Z"));
        FieldDef sel = field("{\"type\":\"single_select\",\"options\":[{\"id\":\"o1\",\"label\":\"One\"}]}");
        assertThat(FieldValues.coerce(sel, "One", "v")).isEqualTo("o1");
        FieldDef multi = field("{\"type\":\"multiple_select\",\"options\":[{\"id\":\"o1\",\"label\":\"One\"},"
                + "{\"id\":\"o2\",\"label\":\"Two\"}]}");
        assertThat(FieldValues.coerce(multi, List.of("Two", "One"), "v")).isEqualTo(List.of("o2", "o1"));
        assertThat(FieldValues.coerce(field("{\"type\":\"json\"}"), Map.of("k", 1), "v"))
                .isEqualTo(new JsonValue("{\"k\":1}"));
        assertThat(FieldValues.coerce(field("{\"type\":\"number\"}"), 3L, "v")).isEqualTo(new BigDecimal("3"));
        assertThat(FieldValues.coerce(field("{\"type\":\"number\",\"precision\":1}"), 0.1d, "v"))
                .isEqualTo(new BigDecimal("0.1"));
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"text"}                              | 5                   | expects text
            {"type":"text"}                              | true                | expects text
            {"type":"text"}                              | ["a"]               | expects text
            {"type":"long_text"}                         | {"a":1}             | expects text
            {"type":"number"}                            | "5"                 | expects a number
            {"type":"number"}                            | true                | expects a number
            {"type":"number"}                            | 1e18                | less than 10^18
            {"type":"number"}                            | -1e18               | less than 10^18
            {"type":"number"}                            | 999999999999999999.5 | less than 10^18
            {"type":"number"}                            | 1e999999999         | less than 10^18
            {"type":"currency"}                          | "$5"                | expects a number
            {"type":"percent"}                           | "50%"               | expects a number
            {"type":"date"}                              | 20260131            | a date as text
            {"type":"date"}                              | "31.01.2026"        | not a valid date
            {"type":"date"}                              | "2026-02-30"        | not a valid date
            {"type":"date"}                              | "yesterday"         | not a valid date
            {"type":"date","includeTime":true}           | "2026-01-31T25:00:00Z" | not a valid date and time
            {"type":"boolean"}                           | "true"              | true or false
            {"type":"boolean"}                           | 1                   | true or false
            {"type":"single_select","options":["Open"]}  | "Closed"            | not an option of Amount
            {"type":"single_select","options":["Open"]}  | 1                   | an option label as text
            {"type":"single_select","options":["Open"]}  | ["Open"]            | an option label as text
            {"type":"multiple_select","options":["a"]}   | "a"                 | a list of option labels
            {"type":"multiple_select","options":["a"]}   | [1]                 | a list of option labels
            {"type":"multiple_select","options":["a"]}   | ["a","z"]           | not an option of Amount
            {"type":"url"}                               | "not a url"         | not a valid URL
            {"type":"url"}                               | "javascript:alert(1)" | not a valid URL
            {"type":"url"}                               | 42                  | expects text
            {"type":"email"}                             | "ann@rowan"         | not a valid email
            {"type":"email"}                             | "a b@rowan.dev"     | not a valid email
            {"type":"email"}                             | "a@@rowan.dev"      | not a valid email
            {"type":"phone"}                             | "12"                | not a valid phone
            {"type":"phone"}                             | "call me"           | not a valid phone
            {"type":"phone"}                             | "(((---)))"         | not a valid phone
            """)
    void coerceRejectsWrongJsonTypesWithAMessageNamingTheField(String spec, String rawJson, String message) {
        FieldDef f = field(spec);
        assertThatThrownBy(() -> FieldValues.coerce(f, JsonText.parse(rawJson), "fields.Amount"))
                .isInstanceOfSatisfying(RowanException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.errors()).singleElement().satisfies(fe -> {
                        assertThat(fe.field()).isEqualTo("fields.Amount");
                        assertThat(fe.message()).isEqualTo(e.getMessage());
                    });
                });
    }

    @Test
    void wrongTypeMessagesNameTheFieldAndItsKind() {
        FieldDef f = field("{\"type\":\"number\",\"name\":\"Unit price\"}");
        assertThatThrownBy(() -> FieldValues.coerce(f, "12", "x"))
                .hasMessage("Unit price (number) expects a number");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void tinyOrHugeExponentsAreCheap() {
        FieldDef f = field("{\"type\":\"number\",\"precision\":2}");
        assertThat(FieldValues.coerce(f, new BigDecimal("1e-999999999"), "v")).isEqualTo(new BigDecimal("0.00"));
        assertThat(FieldValues.parseText(f, "1e-999999999")).isEqualTo(new BigDecimal("0.00"));
        assertThat(FieldValues.coerce(f, new BigDecimal("0.005"), "v")).isEqualTo(new BigDecimal("0.01"));
        assertThat(FieldValues.coerce(f, new BigDecimal("0.0049"), "v")).isEqualTo(new BigDecimal("0.00"));
        assertThat(JsonText.write(new BigDecimal("1e999999999"))).isEqualTo("1E+999999999");
        FieldDef json = field("{\"type\":\"json\"}");
        // valid JSON, but no database holds it: refused at once rather than failing in PostgreSQL's numeric
        assertThatThrownBy(() -> FieldValues.coerce(json, JsonText.parse("[1e999999999, 1e-999999999]"), "v"))
                .hasMessageContaining("out of range");
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"number","required":true}                       | null     | Amount is required
            {"type":"text","required":true}                         | ""       | Amount is required
            {"type":"multiple_select","required":true,"options":["a"]} | []    | Amount is required
            {"type":"number","precision":2,"validation":{"min":1}} | 0.5      | at least 1
            {"type":"number","precision":2,"validation":{"max":10}} | 10.01    | at most 10
            {"type":"number","precision":0,"validation":{"max":10}} | 10.4     | ok
            {"type":"currency","validation":{"min":-5,"max":5}}     | -5       | ok
            {"type":"percent","validation":{"min":0,"max":100}}     | 101      | at most 100
            {"type":"text","validation":{"minLength":3}}            | "ab"     | at least 3 characters
            {"type":"text","validation":{"minLength":3}}            | "abc"    | ok
            {"type":"text","validation":{"maxLength":3}}            | "abcd"   | at most 3 characters
            {"type":"text","validation":{"maxLength":3}}            | "😀😀😀"  | ok
            {"type":"email","validation":{"maxLength":8}}           | "ann@rowan.dev" | at most 8 characters
            {"type":"text","validation":{"pattern":"[A-Z]{2}-\\\\d+"}} | "AB-12" | ok
            {"type":"text","validation":{"pattern":"[A-Z]{2}-\\\\d+"}} | "xAB-12" | does not match the pattern
            {"type":"text","validation":{"pattern":"[A-Z]{2}-\\\\d+"}} | "AB-12x" | does not match the pattern
            {"type":"phone","validation":{"pattern":"\\\\+.*"}}     | "555 0100" | does not match the pattern
            {"type":"text","validation":{"pattern":"a+"}}           | null     | ok
            """)
    void validationRulesApplyToCanonicalValues(String spec, String rawJson, String outcome) {
        FieldDef f = field(spec);
        Object raw = JsonText.parse(rawJson);
        if (outcome.equals("ok")) {
            FieldValues.coerce(f, raw, "v");
        } else {
            assertThatThrownBy(() -> FieldValues.coerce(f, raw, "v")).isInstanceOf(RowanException.class)
                    .hasMessageContaining(outcome);
        }
    }

    @Test
    void validateAloneChecksAnAlreadyCanonicalValue() {
        FieldDef f = field("{\"type\":\"number\",\"required\":true,\"validation\":{\"min\":0}}");
        FieldValues.validate(f, new BigDecimal("0"), "v");
        assertThatThrownBy(() -> FieldValues.validate(f, null, "v")).hasMessageContaining("required");
        assertThatThrownBy(() -> FieldValues.validate(f, new BigDecimal("-0.01"), "v")).hasMessageContaining("at least 0");
    }

    @ParameterizedTest(name = "{0} parses text [{1}] as {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"number","precision":2}       | 1,234.5          | 1234.50
            {"type":"number"}                     | ' 42 '           | 42
            {"type":"number"}                     | 1 000            | 1000
            {"type":"number"}                     | -7               | -7
            {"type":"number"}                     | ''               | null
            {"type":"number"}                     | '   '            | null
            {"type":"currency"}                   | $1,234.50        | 1234.50
            {"type":"currency"}                   | EUR 12           | 12.00
            {"type":"currency"}                   | 12 EUR           | 12.00
            {"type":"currency"}                   | €5               | 5.00
            {"type":"currency"}                   | -$5              | -5.00
            {"type":"percent"}                    | 50%              | 50
            {"type":"percent","precision":1}      | 12.5 %           | 12.5
            {"type":"boolean"}                    | yes              | true
            {"type":"boolean"}                    | No               | false
            {"type":"boolean"}                    | x                | true
            {"type":"boolean"}                    | ✓                | true
            {"type":"boolean"}                    | 0                | false
            {"type":"boolean"}                    | ''               | null
            {"type":"multiple_select","options":["a","b"]} | 'a, b'  | ["a","b"]
            {"type":"multiple_select","options":["a","b"]} | 'b,,A,' | ["b","a"]
            {"type":"single_select","options":["Open"]}    | ' open ' | "Open"
            {"type":"json"}                       | '{"a": 1}'       | {"a":1}
            {"type":"json"}                       | not json         | "not json"
            {"type":"json"}                       | 12               | 12
            {"type":"text"}                       | ' keep '         | " keep "
            {"type":"long_text"}                  | ''               | null
            {"type":"date"}                       | 2026/01/31       | "2026-01-31"
            {"type":"date","includeTime":true}    | 2026-01-31 14:30 | "2026-01-31T14:30:00Z"
            {"type":"email"}                      | ' ann@rowan.dev ' | "ann@rowan.dev"
            {"type":"url"}                        | rowan.dev        | "rowan.dev"
            """)
    void parseTextIsLenientAboutWhatPeopleType(String spec, String text, String expectedApiJson) {
        FieldDef f = field(spec);
        assertThat(label(f, FieldValues.parseText(f, text))).isEqualTo(expectedApiJson);
    }

    @ParameterizedTest(name = "{0} refuses text [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"type":"number"}                              | abc         | is not a number
            {"type":"number"}                              | 1.2.3       | is not a number
            {"type":"currency"}                            | 12 dollars  | is not a number
            {"type":"currency"}                            | lots        | lots
            {"type":"boolean"}                             | maybe       | is not yes or no
            {"type":"multiple_select","options":["a"]}     | 'a, c'      | not an option
            {"type":"single_select","options":["a"]}       | b           | not an option
            {"type":"date"}                                | tomorrow    | not a valid date
            {"type":"email"}                               | nope        | not a valid email
            {"type":"number","validation":{"max":5}}       | 6           | at most 5
            """)
    void parseTextReportsTextThatCannotBecomeAValue(String spec, String text, String message) {
        FieldDef f = field(spec);
        assertThatThrownBy(() -> FieldValues.parseText(f, text)).isInstanceOf(RowanException.class)
                .hasMessageContaining(message);
    }

    @Test
    void whitespaceOnlyTextIsStillCheckedAgainstTheFieldRules() {
        FieldDef shortText = field("{\"type\":\"text\",\"validation\":{\"maxLength\":2}}");
        assertThat(FieldValues.parseText(shortText, "  ")).isEqualTo("  ");
        assertThatThrownBy(() -> FieldValues.parseText(shortText, "     ")).isInstanceOf(RowanException.class)
                .hasMessageContaining("at most 2 characters");
        FieldDef text = field("{\"type\":\"text\"}");
        assertThatThrownBy(() -> FieldValues.parseText(text, " ".repeat(FieldValues.MAX_SHORT_TEXT + 1)))
                .isInstanceOf(RowanException.class).hasMessageContaining("longer than");
        FieldDef letters = field("{\"type\":\"long_text\",\"validation\":{\"pattern\":\"[a-z]+\"}}");
        assertThatThrownBy(() -> FieldValues.parseText(letters, "\t")).hasMessageContaining("pattern");
        assertThat(FieldValues.parseText(letters, "")).isNull();
        assertThat(FieldValues.parseText(letters, null)).isNull();
    }

    static final String ROUND_TRIP_VALUES = """
            {"type":"text"}                                      | "Hello, world"
            {"type":"text"}                                      | "  padded  "
            {"type":"long_text"}                                 | "two\\nlines"
            {"type":"number","precision":2}                      | -1234.5
            {"type":"number"}                                    | 999999999999999999
            {"type":"currency","currencyCode":"JPY","precision":0} | 500
            {"type":"percent","precision":3}                     | 12.345
            {"type":"date"}                                      | "2026-12-31"
            {"type":"date","includeTime":true}                   | "2026-06-01T00:00:00Z"
            {"type":"date","includeTime":true}                   | "2026-06-01T12:34:56.000001Z"
            {"type":"boolean"}                                   | true
            {"type":"boolean"}                                   | false
            {"type":"single_select","options":["To do","In progress"]} | "In progress"
            {"type":"multiple_select","options":["x","y","z"]}   | ["z","x"]
            {"type":"url"}                                       | "https://rowan.dev/p?q=1#f"
            {"type":"email"}                                     | "ann@rowan.dev"
            {"type":"phone"}                                     | "+49 30 1234-56"
            {"type":"json"}                                      | {"a":[1,2,{"b":null}],"c":"d"}
            {"type":"json"}                                      | [true,false]
            """;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = ROUND_TRIP_VALUES)
    void formattedTextParsesBackToTheSameValue(String spec, String rawJson) {
        FieldDef f = field(spec);
        Object v = FieldValues.coerce(f, JsonText.parse(rawJson), "v");
        String text = FieldValues.formatText(f.type(), v);
        assertThat(FieldValues.parseText(f, text)).isEqualTo(v);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = ROUND_TRIP_VALUES)
    void apiFormCoercesBackToTheSameValue(String spec, String rawJson) {
        FieldDef f = field(spec);
        Object v = FieldValues.coerce(f, JsonText.parse(rawJson), "v");
        Object api = FieldValues.toApi(f.type(), v);
        Object again = f.type() instanceof FieldType.Json ? JsonText.parse(((JsonValue) api).text()) : api;
        assertThat(FieldValues.coerce(f, again, "v")).isEqualTo(v);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = ROUND_TRIP_VALUES)
    void canonicalTextRoundTrips(String spec, String rawJson) {
        FieldDef f = field(spec);
        Object v = FieldValues.coerce(f, JsonText.parse(rawJson), "v");
        String canonical = FieldValues.toCanonicalText(f.type(), v);
        assertThat(FieldValues.fromCanonicalText(f.type(), canonical)).isEqualTo(v);
    }

    @Test
    void emptyValuesFormatAsEmptyTextAndHaveNoCanonicalText() {
        FieldType t = new FieldType.NumberType(2);
        assertThat(FieldValues.formatText(t, null)).isEmpty();
        assertThat(FieldValues.toApi(t, null)).isNull();
        assertThat(FieldValues.toCanonicalText(t, null)).isNull();
        assertThat(FieldValues.fromCanonicalText(t, null)).isNull();
    }

    @Test
    void formatTextShowsWhatAPersonExpects() {
        FieldDef multi = field("{\"type\":\"multiple_select\",\"options\":[\"x\",\"y\"]}");
        assertThat(FieldValues.formatText(multi.type(), FieldValues.coerce(multi, List.of("y", "x"), "v")))
                .isEqualTo("y, x");
        FieldDef money = field("{\"type\":\"currency\"}");
        assertThat(FieldValues.formatText(money.type(), FieldValues.coerce(money, 1e7, "v"))).isEqualTo("10000000.00");
        FieldDef at = field("{\"type\":\"date\",\"includeTime\":true}");
        assertThat(FieldValues.formatText(at.type(), FieldValues.coerce(at, "2026-01-31T14:30:00+01:00", "v")))
                .isEqualTo("2026-01-31T13:30:00Z");
        assertThat(FieldValues.formatText(new FieldType.BooleanType(), true)).isEqualTo("true");
    }

    @Test
    void deletedOptionsDisappearFromTheApiForm() {
        FieldDef sel = field("{\"type\":\"single_select\",\"options\":[{\"id\":\"o1\",\"label\":\"One\"}]}");
        assertThat(FieldValues.toApi(sel.type(), "gone")).isNull();
        FieldDef multi = field("{\"type\":\"multiple_select\",\"options\":[{\"id\":\"o1\",\"label\":\"One\"}]}");
        assertThat(FieldValues.toApi(multi.type(), List.of("gone", "o1"))).isEqualTo(List.of("One"));
    }
}
