package dev.rowan.model.kind;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A number field's "thousands separator" setting: default on, stored only when off, a metadata-only change. */
class NumberThousandsSeparatorTest {
    @Test
    void defaultsOnIsWrittenOnlyWhenOffAndRoundTrips() {
        FieldType plain = FieldTypes.parse("number", Map.of("precision", 0), null);
        assertThat(plain).isEqualTo(new FieldType.NumberType(0));
        assertThat(((FieldType.NumberType) plain).thousandsSeparator()).isTrue();
        assertThat(FieldKinds.of(plain).config(plain)).doesNotContainKey("thousandsSeparator");

        FieldType years = FieldTypes.parse("number", Map.of("precision", 0, "thousandsSeparator", false), null);
        assertThat(years).isEqualTo(new FieldType.NumberType(0, false));
        Map<String, Object> config = FieldKinds.of(years).config(years);
        assertThat(config).containsEntry("thousandsSeparator", false);
        assertThat(FieldTypes.parse("number", config, null)).isEqualTo(years);
        // a change that does not name it keeps the field's setting; naming it changes it
        assertThat(FieldTypes.parse("number", Map.of("precision", 2), years)).isEqualTo(new FieldType.NumberType(2, false));
        assertThat(FieldTypes.parse("number", Map.of("thousandsSeparator", true), years))
                .isEqualTo(new FieldType.NumberType(0, true));
        assertThat(TypeChange.plan(plain, years)).isEqualTo(TypeChange.Plan.METADATA_ONLY);
    }

    @Test
    void anythingButTrueOrFalseIsRefusedWithItsPath() {
        assertThatThrownBy(() -> FieldTypes.parse("number", Map.of("thousandsSeparator", "no"), null))
                .isInstanceOf(RowanException.class)
                .satisfies(e -> assertThat(((RowanException) e).errors().getFirst().field())
                        .isEqualTo("config.thousandsSeparator"));
    }
}
