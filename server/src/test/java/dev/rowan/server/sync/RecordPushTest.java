package dev.rowan.server.sync;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.value.JsonValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contested field is a conflict only if the client's value differs from the server's as a value of the field:
 * the comparison is typed, not a comparison of the two values' text.
 */
class RecordPushTest {
    private static FieldDef field(String name, FieldType type) {
        return new FieldDef(UUID.randomUUID(), name, type, false, false, false, null,
                new Validation(null, null, null, null, null), null, false, 0);
    }

    /** The server's side as the record repository reads it: the field's API form of the stored value. */
    private static Object stored(FieldDef f, Object value) {
        return FieldValues.toApi(f.type(), FieldValues.coerce(f, value, f.name()));
    }

    @Test
    void theSameNumberWrittenDifferentlyIsTheSameEdit() {
        FieldDef qty = field("Qty", new FieldType.NumberType(2));
        Object theirs = stored(qty, new BigDecimal("1.5"));
        assertThat(RecordPush.sameValue(qty, "1.50", theirs)).isTrue();
        assertThat(RecordPush.sameValue(qty, 1.5, theirs)).isTrue();
        assertThat(RecordPush.sameValue(qty, new BigDecimal("1.500"), theirs)).isTrue();
        assertThat(RecordPush.sameValue(qty, "1.51", theirs)).isFalse();
        assertThat(RecordPush.sameValue(qty, null, theirs)).isFalse();
        assertThat(RecordPush.sameValue(qty, null, null)).isTrue();
    }

    @Test
    void aJsonObjectWithItsKeysInAnotherOrderIsTheSameEdit() {
        FieldDef json = field("Data", new FieldType.Json());
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", List.of(1, 2));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of(1, 2));
        ba.put("a", 1);
        Object theirs = stored(json, ab);
        // the JSON text of the two differs ({"a":1,...} against {"b":[1,2],...}): a text comparison called it a conflict
        assertThat(((JsonValue) stored(json, ba)).text()).isNotEqualTo(((JsonValue) theirs).text());
        assertThat(RecordPush.sameValue(json, ba, theirs)).isTrue();
        assertThat(RecordPush.sameValue(json, Map.of("a", 2, "b", List.of(1, 2)), theirs)).isFalse();
    }

    @Test
    void textIsComparedExactlyAndARefusedValueIsNeverTheSame() {
        FieldDef title = field("Title", new FieldType.Text());
        assertThat(RecordPush.sameValue(title, "Ada", stored(title, "Ada"))).isTrue();
        assertThat(RecordPush.sameValue(title, "ada", stored(title, "Ada"))).isFalse();
        FieldDef qty = field("Qty", new FieldType.NumberType(0));
        assertThat(RecordPush.sameValue(qty, "many", stored(qty, 3))).isFalse();
    }
}
