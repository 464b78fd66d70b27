package dev.rowan.model.sql;

import dev.rowan.model.formula.FormulaType;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule both sides choose a table summary's dimensions by. */
class SummaryDimensionsTest {
    @Test
    void fewestValuesFirstWhileTheCellsFitAtMostSixAndNoneOverTheDistinctCap() {
        List<String> c = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        // b (65 values) is over the cap; ties keep the candidates' order; 3 * 4 * 4 * 8 = 384, then * 40 > 10,000
        assertThat(SummaryDimensions.choose(c, new long[] {8, 65, 4, 4, 3, 40, 64, 2}, 10_000))
                .containsExactly("h", "e", "c", "d", "a");
        // a count of 0 (an empty sample) counts as one in the product
        assertThat(SummaryDimensions.choose(List.of("x", "y"), new long[] {0, 5}, 10)).containsExactly("x", "y");
        // the cells allowed bound the product
        assertThat(SummaryDimensions.choose(List.of("x", "y", "z"), new long[] {10, 10, 10}, 100))
                .containsExactly("x", "y");
        // never more than six
        long[] two = new long[10];
        java.util.Arrays.fill(two, 2);
        assertThat(SummaryDimensions.choose(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), two, 10_000))
                .hasSize(SummaryDimensions.MAX_DIMENSIONS);
    }

    @Test
    void plainValuesOnly() {
        assertThat(SummaryDimensions.plain(field(new FieldType.Text()))).isTrue();
        assertThat(SummaryDimensions.plain(field(new FieldType.NumberType(2)))).isTrue();
        assertThat(SummaryDimensions.plain(field(new FieldType.DateType(true)))).isTrue();
        assertThat(SummaryDimensions.plain(field(new FieldType.BooleanType()))).isTrue();
        assertThat(SummaryDimensions.plain(field(new FieldType.MultipleSelect(List.of())))).isFalse();
        assertThat(SummaryDimensions.plain(field(new FieldType.Formula("1", FormulaType.NUMBER)))).isTrue();
    }

    @Test
    void theSampleQueryCountsNoValueAsOneAndBindsTheSampleSize() {
        String q = SummaryDimensions.sampleQuery("dt_x t", "TRUE", List.of("t.\"a\"", "t.\"b\""));
        assertThat(q).isEqualTo("SELECT count(DISTINCT s.c0) + max(CASE WHEN s.c0 IS NULL THEN 1 ELSE 0 END), "
                + "count(DISTINCT s.c1) + max(CASE WHEN s.c1 IS NULL THEN 1 ELSE 0 END) FROM (SELECT t.\"a\" AS c0, "
                + "t.\"b\" AS c1 FROM dt_x t WHERE TRUE LIMIT ?) s");
    }

    private static FieldDef field(FieldType type) {
        return FieldDef.of(UUID.randomUUID(), "F", type);
    }
}
