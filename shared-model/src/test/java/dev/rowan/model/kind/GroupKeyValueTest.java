package dev.rowan.model.kind;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A grouped grid's key text as the filter value each kind matches it by (what folds a group's records away). */
class GroupKeyValueTest {
    private static final FieldType.SingleSelect SELECT = new FieldType.SingleSelect(
            List.of(new SelectOption("opt1", "Open", "red"), new SelectOption("opt2", "Done", "blue")));

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of(new FieldType.Text(), "Berlin", Optional.of("Berlin")),
                Arguments.of(FieldKinds.URL.example(), "https://x.org", Optional.of("https://x.org")),
                Arguments.of(FieldKinds.EMAIL.example(), "a@b.org", Optional.of("a@b.org")),
                Arguments.of(FieldKinds.PHONE.example(), "+49 30 1", Optional.of("+49 30 1")),
                Arguments.of(FieldKinds.BARCODE.example(), "4006381333931", Optional.of("4006381333931")),
                Arguments.of(FieldKinds.NUMBER.example(), "12.5", Optional.of(new BigDecimal("12.5"))),
                Arguments.of(FieldKinds.CURRENCY.example(), "3", Optional.of(new BigDecimal("3"))),
                Arguments.of(FieldKinds.PERCENT.example(), "0.25", Optional.of(new BigDecimal("0.25"))),
                Arguments.of(FieldKinds.RATING.example(), "4", Optional.of(new BigDecimal("4"))),
                Arguments.of(FieldKinds.DURATION.example(), "90", Optional.of(new BigDecimal("90"))),
                Arguments.of(FieldKinds.NUMBER.example(), "not a number", Optional.empty()),
                Arguments.of(new FieldType.BooleanType(), "true", Optional.of(true)),
                Arguments.of(new FieldType.BooleanType(), "false", Optional.of(false)),
                Arguments.of(SELECT, "opt2", Optional.of("Done")),
                Arguments.of(SELECT, "gone", Optional.empty()),
                Arguments.of(new FieldType.DateType(false), "2026-11-29", Optional.of("2026-11-29")),
                Arguments.of(new FieldType.DateType(true), "2026-11-29T10:00:00Z", Optional.empty()),
                Arguments.of(FieldKinds.TIME.example(), "09:30", Optional.of("09:30")),
                Arguments.of(FieldKinds.CREATED_BY.example(), "Ada Lovelace", Optional.of("Ada Lovelace")),
                Arguments.of(FieldKinds.LAST_MODIFIED_BY.example(), "Ada Lovelace", Optional.of("Ada Lovelace")),
                Arguments.of(FieldKinds.CREATED_TIME.example(), "2026-11-29T10:00:00Z", Optional.empty()),
                Arguments.of(FieldKinds.LAST_MODIFIED_TIME.example(), "2026-11-29T10:00:00Z", Optional.empty()),
                Arguments.of(new FieldType.LongText(), "long", Optional.empty()),
                Arguments.of(FieldKinds.RICH_TEXT.example(), "rich", Optional.empty()),
                Arguments.of(FieldKinds.JSON.example(), "{}", Optional.empty()),
                Arguments.of(FieldKinds.MULTIPLE_SELECT.example(), "a", Optional.empty()),
                Arguments.of(FieldKinds.FORMULA.example(), "1", Optional.empty()),
                Arguments.of(FieldKinds.ATTACHMENT.example(), "x", Optional.empty()),
                Arguments.of(FieldKinds.BUTTON.example(), "x", Optional.empty()),
                // a set of members is not matched by "is not" one of them (as a multiple select)
                Arguments.of(FieldKinds.USER.example(), "x", Optional.empty()),
                Arguments.of(FieldKinds.AUTONUMBER.example(), "7", Optional.of(new BigDecimal("7"))));
    }

    @ParameterizedTest
    @MethodSource("keys")
    <T extends FieldType> void keyTextReadsAsTheKindsFilterValue(T type, String text, Optional<Object> expected) {
        assertEquals(expected, FieldKinds.of(type).groupKeyValue(type, text));
    }

    @Test
    void linksAndLookupsAreNotFoldedOut() {
        for (FieldKind<?> k : List.of(FieldKinds.LINK, FieldKinds.LOOKUP, FieldKinds.ROLLUP)) {
            assertEquals(Optional.empty(), groupKey(k, "x"), k.kind());
        }
    }

    private static <T extends FieldType> Optional<Object> groupKey(FieldKind<T> k, String text) {
        return k.groupKeyValue(k.example(), text);
    }
}
