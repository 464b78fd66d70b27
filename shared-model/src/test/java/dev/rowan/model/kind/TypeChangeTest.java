package dev.rowan.model.kind;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.rowan.model.kind.TypeChange.Plan.CONVERT;
import static dev.rowan.model.kind.TypeChange.Plan.METADATA_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

/** The one rule that decides whether a type change converts stored values (client and server both ask it). */
class TypeChangeTest {
    private static final SelectOption A = new SelectOption("a", "A", "red");
    private static final SelectOption B = new SelectOption("b", "B", "blue");

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of(new FieldType.Text(), new FieldType.Text(), METADATA_ONLY),
                Arguments.of(new FieldType.Text(), new FieldType.LongText(), CONVERT),
                Arguments.of(new FieldType.Text(), new FieldType.NumberType(0), CONVERT),
                Arguments.of(new FieldType.NumberType(0), new FieldType.NumberType(2), METADATA_ONLY),
                // fewer decimals round stored values: converting keeps client and server on the same numbers
                Arguments.of(new FieldType.NumberType(2), new FieldType.NumberType(0), CONVERT),
                Arguments.of(new FieldType.Currency("USD", 2), new FieldType.Currency("EUR", 2), METADATA_ONLY),
                Arguments.of(new FieldType.Currency("USD", 2), new FieldType.Currency("USD", 1), CONVERT),
                Arguments.of(new FieldType.Percent(1), new FieldType.Percent(3), METADATA_ONLY),
                Arguments.of(new FieldType.NumberType(2), new FieldType.Currency("USD", 2), CONVERT),
                Arguments.of(new FieldType.DateType(false), new FieldType.DateType(true), CONVERT),
                Arguments.of(new FieldType.DateType(true), new FieldType.DateType(false), CONVERT),
                Arguments.of(new FieldType.SingleSelect(List.of(A)), new FieldType.SingleSelect(List.of(A, B)),
                        METADATA_ONLY),
                Arguments.of(new FieldType.MultipleSelect(List.of(A, B)), new FieldType.MultipleSelect(List.of(B)),
                        METADATA_ONLY),
                Arguments.of(new FieldType.SingleSelect(List.of(A)), new FieldType.MultipleSelect(List.of(A)), CONVERT),
                Arguments.of(new FieldType.BooleanType(), new FieldType.Text(), CONVERT));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("changes")
    void planFollowsTheKindsRule(FieldType from, FieldType to, TypeChange.Plan expected) {
        assertThat(TypeChange.plan(from, to)).isEqualTo(expected);
    }

    static Stream<Arguments> always() {
        return Stream.of(
                Arguments.of(new FieldType.NumberType(2), new FieldType.Text(), true),
                Arguments.of(new FieldType.LongText(), new FieldType.Text(), false),
                Arguments.of(new FieldType.LongText(), new FieldType.LongText(), true),
                Arguments.of(new FieldType.Json(), new FieldType.LongText(), true),
                Arguments.of(new FieldType.Text(), new FieldType.NumberType(0), false),
                Arguments.of(new FieldType.NumberType(2), new FieldType.NumberType(0), false),
                Arguments.of(new FieldType.NumberType(0), new FieldType.NumberType(2), true));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("always")
    void alwaysConvertsOnlyWhenNoValueCanFail(FieldType from, FieldType to, boolean expected) {
        assertThat(TypeChange.alwaysConverts(from, to)).isEqualTo(expected);
    }
}
