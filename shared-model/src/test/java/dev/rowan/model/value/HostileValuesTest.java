package dev.rowan.model.value;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.json.TextRules;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.sql.Cursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Values a careless or hostile client sends: the shared rules refuse them with a clear validation error, the same
 * on the desktop and the server, before any database sees them. Patterns run in linear time (RE2/J).
 */
class HostileValuesTest {
    /** A guard against a hang, not a performance measurement (PatternBenchmark measures). */
    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private static FieldDef field(String json) {
        return FieldValuesTest.field(json);
    }

    private static String error(Runnable r) {
        try {
            r.run();
        } catch (RowanException e) {
            assertThat(e.status()).isEqualTo(422);
            return e.getMessage() + " " + e.errors().stream().map(FieldError::field).toList();
        }
        throw new AssertionError("not refused");
    }

    // ---------------------------------------------------------------- patterns

    @Test
    void aStarAStarAStarBOnTenThousandCharactersAnswersAtOnceAndCorrectly() {
        FieldDef f = field("{\"type\":\"long_text\",\"validation\":{\"pattern\":\"^a*a*a*b$\"}}");
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThat(error(() -> FieldValues.coerce(f, "a".repeat(10_000), "v"))).contains("does not match");
            assertThat(FieldValues.coerce(f, "a".repeat(9_999) + "b", "v")).isEqualTo("a".repeat(9_999) + "b");
        });
    }

    @Test
    void alternationStarOnNineThousandCharactersNeitherOverflowsNorHangs() {
        FieldDef f = field("{\"type\":\"long_text\",\"validation\":{\"pattern\":\"^(?:a|bc)*$\"}}");
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThat(FieldValues.coerce(f, "bc".repeat(4_500), "v")).isEqualTo("bc".repeat(4_500));
            assertThat(FieldValues.coerce(f, "a".repeat(9_000), "v")).isEqualTo("a".repeat(9_000));
            assertThat(error(() -> FieldValues.coerce(f, "bc".repeat(4_500) + "b", "v"))).contains("does not match");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"^(a+)+$", "^(a|aa)+$", "^(\\w+\\s?)*$", "^(a|a?)+$", "(x+x+)+y", "^([a-z]+)*[0-9]$"})
    void classicCatastrophicPatternsRunInLinearTime(String pattern) {
        FieldDef f = field("{\"type\":\"long_text\",\"validation\":{\"pattern\":" + JsonText.write(pattern) + "}}");
        String value = "a".repeat(5_000) + "x".repeat(5_000) + "!";
        assertTimeoutPreemptively(HANG_GUARD, () ->
                assertThat(error(() -> FieldValues.coerce(f, value, "v"))).contains("does not match"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(\\w+)\\1", "(?=a)b", "(?!a)b", "(?<=a)b", "(?<!a)b", "a++", "a*+", "\\G", "(?>a)",
            "((a{1000}){1000}){1000}", "(((a{100}){100}){100}){100}", "(a{1000}){2}", "(a{100,}){100}",
            "\\Q(\\E(a{999}){2}"})
    void patternsRe2CannotRunInLinearTimeAreRefusedAtFieldCreation(String pattern) {
        assertTimeoutPreemptively(HANG_GUARD, () -> assertThat(error(() ->
                field("{\"type\":\"text\",\"validation\":{\"pattern\":" + JsonText.write(pattern) + "}}")))
                .contains("validation.pattern"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"^[A-Z]{2}-\\d{4}$", "\\p{Lu}+", "[a-z]{1,500}", "(ab){10}(cd){10}", "(a{10}){100}",
            "\\Q{1000}{1000}\\E", "[{]1000[}]", "x{,5}", "^\\S+@\\S+$"})
    void ordinaryPatternsAreAccepted(String pattern) {
        assertThatCode(() -> field("{\"type\":\"text\",\"validation\":{\"pattern\":" + JsonText.write(pattern) + "}}"))
                .doesNotThrowAnyException();
    }

    @Test
    void aStoredPatternRe2CannotReadRefusesTheValueClearlyInsteadOfFailing() {
        FieldDef f = new FieldDef(java.util.UUID.randomUUID(), "Code", new FieldType.Text(), false, false, false, null,
                new dev.rowan.model.schema.Validation(null, null, null, null, "(\\w)\\1"), null, false, 0);
        assertThat(error(() -> FieldValues.coerce(f, "aa", "v"))).contains("cannot be checked");
    }

    // ---------------------------------------------------------------- text

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "\u0000", "lone \ud800 high", "lone \udc00 low", "reversed \udc00\ud800",
            "end \ud83d"})
    void textThatIsNotStorableUnicodeIsRefusedInEveryTextKind(String value) {
        for (String kind : List.of("text", "long_text", "url", "email", "phone")) {
            assertThat(error(() -> FieldValues.coerce(field("{\"type\":\"" + kind + "\"}"), value, "v")))
                    .as(kind).containsAnyOf("NUL", "surrogate");
        }
        assertThat(error(() -> FieldValues.coerce(field("{\"type\":\"json\"}"), Map.of("k", value), "v")))
                .containsAnyOf("NUL", "surrogate");
        assertThat(error(() -> FieldValues.coerce(field("{\"type\":\"json\"}"), Map.of(value, 1), "v")))
                .containsAnyOf("NUL", "surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul\u0000", "lone \ud800", "\udc00"})
    void namesOptionLabelsAndDescriptionsHoldOnlyText(String bad) {
        // the same rule offline on the desktop: nothing is saved locally that the server would refuse later
        assertThat(error(() -> spec(Map.of("type", "text", "name", bad)))).contains("name");
        assertThat(error(() -> spec(Map.of("type", "single_select", "name", "S", "options", List.of("ok", bad)))))
                .contains("options[1].label");
        assertThat(error(() -> spec(Map.of("type", "text", "name", "D", "description", bad)))).contains("description");
        assertThat(error(() -> dev.rowan.model.schema.FieldSpec.checkName("Table", bad))).contains("name");
    }

    private static FieldDef spec(Map<String, Object> m) {
        return dev.rowan.model.schema.FieldSpec.parseNew(new java.util.HashMap<>(m), 0);
    }

    @Test
    void pairedSurrogatesAreText() {
        assertThat(TextRules.ok("emoji \ud83d\ude00 ok")).isTrue();
        assertThat(FieldValues.coerce(field("{\"type\":\"text\"}"), "\ud83d\ude00", "v")).isEqualTo("\ud83d\ude00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"\\u0000\"}", "{\"\\u0000\":1}", "[\"\\ud800\"]", "\"\\udc00x\"",
            "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "[\"x\u0000\"]", "{\"k\u0000\":1}"})
    void jsonTextRefusesNulLoneSurrogatesAndDuplicateKeys(String json) {
        assertThatThrownBy(() -> JsonText.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid JSON");
    }

    // ---------------------------------------------------------------- numbers

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1e1001", "1e-1001", "123456789e100000"})
    void jsonValuesWithNumbersNoDatabaseHoldsAreRefused(String number) {
        FieldDef json = field("{\"type\":\"json\"}");
        assertThat(error(() -> FieldValues.coerce(json, Map.of("n", List.of(new BigDecimal(number))), "v")))
                .contains("out of range");
        assertThat(FieldValues.coerce(json, Map.of("n", new BigDecimal("1e300")), "v")).isNotNull();
    }

    // ---------------------------------------------------------------- dates

    @ParameterizedTest
    @ValueSource(strings = {"+294277-01-01", "+5874898-01-01", "10000-01-01", "+10000-01-01", "0000-12-31",
            "-0001-01-01", "-4713-11-24", "+999999999-12-31", "-999999999-01-01", "9999-12-31T23:30:00-01:00",
            "0001-01-01T00:30:00+01:00", "+294277-01-01T00:00:00Z", "10000-01-01T00:00:00"})
    void datesOutsideYearOneToNineThousandNineHundredNinetyNineAreRefused(String value) {
        // an offset that moves the instant out of range matters only with time; a date takes the written day
        boolean offsetOnly = value.contains(":30:00-") || value.contains(":30:00+");
        for (boolean time : offsetOnly ? List.of(true) : List.of(false, true)) {
            FieldDef f = field("{\"type\":\"date\",\"includeTime\":" + time + "}");
            assertThat(error(() -> FieldValues.coerce(f, value, "v"))).as(value + " time=" + time)
                    .containsAnyOf("out of range", "not a valid date");
        }
    }

    @Test
    void theEdgesOfTheRangeAreDates() {
        FieldDef date = field("{\"type\":\"date\"}");
        FieldDef time = field("{\"type\":\"date\",\"includeTime\":true}");
        assertThat(FieldValues.coerce(date, "0001-01-01", "v")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(FieldValues.coerce(date, "9999-12-31", "v")).isEqualTo(LocalDate.of(9999, 12, 31));
        assertThat(FieldValues.coerce(time, "9999-12-31T23:59:59Z", "v")).isNotNull();
        assertThat(FieldValues.coerce(time, "0001-01-01T00:00:00Z", "v")).isNotNull();
    }

    // ---------------------------------------------------------------- cursors and filters

    @ParameterizedTest
    @ValueSource(strings = {"1e200000", "1e18", "-1e18", "0.00000000001", "1e-200000", "NaN", "99999999999999999999"})
    void canonicalNumbersFromOutsideAreHeldToTheStoredRange(String text) {
        assertThatThrownBy(() -> FieldValues.fromCanonicalText(new FieldType.NumberType(2), text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+294277-01-01", "10000-01-01", "0000-01-01"})
    void canonicalDatesFromOutsideAreHeldToTheStoredRange(String text) {
        assertThatThrownBy(() -> FieldValues.fromCanonicalText(new FieldType.DateType(false), text))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> FieldValues.fromCanonicalText(new FieldType.DateType(true), text + "T00:00Z"))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aCursorWithNulIsInvalid() {
        String token = Base64.getUrlEncoder().encodeToString(("{\"s\":\"x+\",\"v\":[\"a\\u0000\"],\"id\":\""
                + java.util.UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(error(() -> Cursor.decode(token))).contains("cursor is not valid");
    }

    @Test
    void aFilterWithMoreValuesThanADatabaseStatementTakesIsRefused() {
        List<Object> conditions = new ArrayList<>();
        List<Integer> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) thousand.add(i);
        for (int i = 0; i < 66; i++) conditions.add(Map.of("field", "Qty", "operator", "in", "value", thousand));
        assertThat(error(() -> QueryParser.parseFilter(Map.of("operator", "or", "conditions", conditions))))
                .contains("more than " + QueryParser.MAX_VALUES + " values");
        // ten full lists are fine
        assertThatCode(() -> QueryParser.parseFilter(Map.of("operator", "or", "conditions",
                conditions.subList(0, 10)))).doesNotThrowAnyException();
    }
}
