package dev.rowan.model.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTextTest {

    @Test
    void parsesEveryKindOfValueIntoPlainJava() {
        Object v = JsonText.parse("""
                 { "s" : "x" , "n":-12.50e1, "i":3, "t":true, "f":false, "z":null,
                   "a":[ 1 , [ ] , { } ], "e":"" }\t\n""");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "x");
        expected.put("n", new BigDecimal("-12.50e1"));
        expected.put("i", new BigDecimal("3"));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("z", null);
        expected.put("a", List.of(new BigDecimal("1"), List.of(), Map.of()));
        expected.put("e", "");
        assertThat(v).isEqualTo(expected);
        assertThat(List.copyOf((java.util.Set<?>) ((Map<?, ?>) v).keySet())).as("key order kept").isEqualTo(List.of("s", "n", "i", "t", "f", "z", "a", "e"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '"a\\"b"'            | a"b
            '"back\\\\slash"'    | back\\slash
            '"\\/"'              | /
            '"\\u00e9\\u4e2d"'   | é中
            '"\\ud83d\\ude00"'   | 😀
            '"tab\\tend"'        | 'tab	end'
            '"ünï 😀"'           | ünï 😀
            """)
    void decodesStringEscapes(String json, String expected) {
        assertThat(JsonText.parse(json)).isEqualTo(expected);
    }

    @Test
    void decodesControlEscapes() {
        assertThat(JsonText.parse("\"\\n\\r\\b\\f\"")).isEqualTo("\n\r\b\f");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "{", "}", "[1,", "[1,]", "[1 2]", "{\"a\"}", "{\"a\":}", "{a:1}", "{\"a\":1,}",
            "{,}", "tru", "nul", "falsy", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\uzzzz\"", "\"\\u+123\"", "\"\\u-041\"", "\"\\", "-", "1.2.3", "NaN",
            "Infinity", "1 2", "'single'", "[1]]", "{\"a\":1}}", "1e", "--1"})
    void rejectsMalformedTextWithIllegalArgumentException(String json) {
        assertThatThrownBy(() -> JsonText.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid JSON at position");
    }

    @Test
    void nestingIsBoundedSoDeepInputCannotOverflowTheStack() {
        String ok = "[".repeat(64) + "]".repeat(64);
        assertThat(JsonText.parse(ok)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonText.parse("[".repeat(66) + "]".repeat(66)))
                .hasMessageContaining("nested too deeply");
        assertThatThrownBy(() -> JsonText.parse("{\"a\":".repeat(200_000))).hasMessageContaining("nested too deeply");
    }

    @Test
    void writesJavaValuesAsCompactJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "q\"b\\s\n\r\t\b\f\u0001 ü 😀");
        m.put("n", new BigDecimal("1.50"));
        m.put("big", new BigDecimal("1E+3"));
        m.put("i", 7);
        m.put("l", 8L);
        m.put("d", 0.5d);
        m.put("nan", Double.NaN);
        m.put("inf", Float.POSITIVE_INFINITY);
        m.put("b", true);
        m.put("z", null);
        m.put("list", Arrays.asList(1, null, "x"));
        m.put("arr", new Object[] {"a", 2});
        m.put("id", UUID.fromString("00000000-0000-0000-0000-000000000001"));
        m.put(null, "null key");
        assertThat(JsonText.write(m)).isEqualTo("{\"s\":\"q\\\"b\\\\s\\n\\r\\t\\b\\f\\u0001 ü 😀\",\"n\":1.50,"
                + "\"big\":1000,\"i\":7,\"l\":8,\"d\":0.5,\"nan\":null,\"inf\":null,\"b\":true,\"z\":null,"
                + "\"list\":[1,null,\"x\"],\"arr\":[\"a\",2],\"id\":\"00000000-0000-0000-0000-000000000001\","
                + "\"null\":\"null key\"}");
        assertThat(JsonText.write(null)).isEqualTo("null");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "[]", "\"\"", "0", "-1.25", "true", "null",
            "{\"a\":[1,2,{\"b\":null,\"c\":\"\\u001f\\\"\\\\\"}],\"d\":false}",
            "[\"ünï\",\"😀\",\"\\n\"]", "{\"k\":{\"k\":{\"k\":[[[]]]}}}"})
    void compactJsonSurvivesParseAndWrite(String json) {
        assertThat(JsonText.write(JsonText.parse(json))).isEqualTo(json);
    }

    @Test
    void everyCharacterSurvivesWriteAndParse() {
        StringBuilder all = new StringBuilder();
        for (char c = 1; c < 0x3000; c++) all.append(c);
        all.append("😀");
        String s = all.toString();
        assertThat(JsonText.parse(JsonText.write(s))).isEqualTo(s);
        assertThat(JsonText.parse(JsonText.write(Map.of(s, List.of(s))))).isEqualTo(Map.of(s, List.of(s)));
    }

    @Test
    void nulAndLoneSurrogatesAreNotTextAndAreRefusedRatherThanCopied() {
        // PostgreSQL cannot hold NUL, and the driver would store a lone surrogate as '?'
        for (String bad : List.of("a\u0000b", "\ud800", "x\udc00")) {
            assertThatThrownBy(() -> JsonText.parse(JsonText.write(bad))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void numbersReadQuicklyEqualWhatBigDecimalReads() {
        for (String n : List.of("0", "-0", "7", "-7", "007", "123456789012345678", "-123456789012345678",
                "1234567890123456789", "99999999999999999999", "1.5", "-1.50", "1e3", "1E-3", "+5", "0.000")) {
            Object v = JsonText.parse(n);
            assertThat(v).as(n).isEqualTo(new BigDecimal(n));
        }
        for (String bad : List.of("-", "--5", "1-2", "1..2", "e5")) {
            assertThatThrownBy(() -> JsonText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void stringsWithAndWithoutEscapes() {
        assertThat(JsonText.parse("[\"plain\",\"\",\"a\\\"b\",\"tab\\there\",\"\\u00e9t\u00e9\",\"end\\\\\"]"))
                .isEqualTo(List.of("plain", "", "a\"b", "tab\there", "\u00e9t\u00e9", "end\\"));
        assertThatThrownBy(() -> JsonText.parse("\"open")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonText.parse("\"open\\")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyDifferentAndRepeatedKeysComeBackAsWritten() {
        List<Map<String, Object>> objects = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", new BigDecimal(i));
            m.put("k" + i, "v");
            m.put("k" + (i * 7 % 300), "w");
            m.put("same", List.of(Map.of("same", "inner", "Aa", 1, "BB", 2))); // "Aa" and "BB" share a hash
            m.put("x".repeat(70 + i % 3), true);
            m.put("esc\"aped", false);
            objects.add(m);
        }
        Object parsed = JsonText.parse(JsonText.write(objects));
        assertThat(JsonText.write(parsed)).isEqualTo(JsonText.write(objects));
        assertThat(parsed).isEqualTo(JsonText.parse(JsonText.write(objects)));
    }
}
