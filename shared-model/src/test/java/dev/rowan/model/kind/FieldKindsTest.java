package dev.rowan.model.kind;

import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.value.FieldValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every field type has a descriptor, and every descriptor's parts fit together: config round trips, a typed value
 * round trips through its text forms. (Its JDBC round trip on both engines: {@code FieldKindsOnEnginesTest}.)
 */
class FieldKindsTest {

    /** The records permitted under {@link FieldType}, through sealed sub-interfaces such as {@code Select}. */
    static List<Class<?>> permittedTypes() {
        List<Class<?>> out = new ArrayList<>();
        collect(FieldType.class, out);
        return out;
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) collect(sub, out);
        } else {
            out.add(c);
        }
    }

    static List<FieldKind<?>> kinds() {
        return FieldKinds.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theLookupByClassAnswersAsTheExhaustiveSwitch(FieldKind<?> kind) {
        FieldType example = kind.example();
        assertThat(FieldKinds.of(example)).isSameAs(kind).isSameAs(FieldKinds.declared(example));
        assertThat(FieldKinds.writable(example)).isEqualTo(!kind.computed() && !kind.assignedByServer());
    }

    @Test
    void everyPermittedTypeHasExactlyOneDescriptor() {
        List<Class<?>> types = permittedTypes();
        assertThat(types).as("walked through Select").contains(FieldType.SingleSelect.class,
                FieldType.MultipleSelect.class).hasSizeGreaterThanOrEqualTo(13);
        for (Class<?> type : types) {
            assertThat(type.isRecord()).as(type + " is a record").isTrue();
            assertThat(FieldKinds.ALL.stream().filter(k -> k.typeClass() == type).count())
                    .as("descriptors of " + type.getSimpleName()).isEqualTo(1);
        }
        assertThat(FieldKinds.ALL).hasSameSizeAs(types);
        List<Class<?>> described = new ArrayList<>();
        for (FieldKind<?> k : FieldKinds.ALL) described.add(k.typeClass());
        assertThat(described).containsExactlyInAnyOrderElementsOf(types);
    }

    @Test
    void namesAndAliasesAreUniqueAndResolve() {
        Set<String> seen = new HashSet<>();
        for (FieldKind<?> k : FieldKinds.ALL) {
            for (String name : concat(k.kind(), k.aliases())) {
                assertThat(seen.add(name)).as("name " + name + " used once").isTrue();
                assertThat(FieldKinds.byName(name)).containsSame(k);
                assertThat(FieldKinds.byName(" " + name.toUpperCase() + " ")).containsSame(k);
            }
        }
        assertThat(FieldKinds.byName("checkbox")).containsSame(FieldKinds.BOOLEAN);
        assertThat(FieldKinds.byName("single_line_text")).containsSame(FieldKinds.TEXT);
        assertThat(FieldKinds.byName("nope")).isEmpty();
        assertThat(FieldTypes.KINDS).containsExactlyElementsOf(FieldKinds.ALL.stream().map(FieldKind::kind).toList());
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void configRoundTrips(FieldKind<?> kind) {
        FieldType example = kind.example();
        assertThat(example).isInstanceOf(kind.typeClass());
        assertThat(FieldKinds.of(example)).isSameAs(kind);
        assertThat(example.kind()).isEqualTo(kind.kind());
        Map<String, Object> config = example.config();
        // through the API's entry point, as a client sends it
        assertThat(FieldTypes.parse(kind.kind(), new HashMap<>(config), null)).isEqualTo(example);
        for (String alias : kind.aliases()) {
            assertThat(FieldTypes.parse(alias, new HashMap<>(config), null)).isEqualTo(example);
        }
        // settings not given carry over from the type before the change
        assertThat(FieldTypes.parse(kind.kind(), Map.of(), example)).isEqualTo(example);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSampleValueRoundTripsThroughEveryTextForm(FieldKind<?> kind) {
        FieldDef field = FieldDef.of(UUID.randomUUID(), "Sample", kind.example());
        FieldType type = field.type();
        if (kind.computed()) {
            // computed kinds take no input at all; their values read back through the result's plain type
            assertThatThrownBy(() -> FieldValues.parseText(field, kind.sampleText())).hasMessageContaining("computed");
            assertThatThrownBy(() -> FieldValues.coerce(field, null, "v")).hasMessageContaining("computed");
            FieldType plain = FieldKinds.valueType(type);
            Object value = FieldValues.parseText(FieldDef.of(field.id(), "Sample", plain), kind.sampleText());
            assertThat(FieldValues.fromCanonicalText(type, FieldValues.toCanonicalText(type, value))).isEqualTo(value);
            assertThat(FieldKinds.storage(type)).isInstanceOf(StorageClass.Computed.class);
            return;
        }
        if (kind.assignedByServer()) {
            // the server numbers records: no input is taken, but a replica keeps the server's value
            assertThatThrownBy(() -> FieldValues.parseText(field, kind.sampleText())).hasMessageContaining("cannot be written");
            assertThatThrownBy(() -> FieldValues.coerce(field, 7, "v")).hasMessageContaining("cannot be written");
            Object kept = FieldValues.fromApi(field, new java.math.BigDecimal(kind.sampleText()));
            assertThat(kept).isNotNull();
            assertThat(FieldValues.fromCanonicalText(type, FieldValues.toCanonicalText(type, kept))).isEqualTo(kept);
            assertThat(FieldValues.fromApi(field, FieldValues.toWire(type, kept))).isEqualTo(kept);
            return;
        }
        Object value = FieldValues.parseText(field, kind.sampleText());
        assertThat(value).as("sample of " + kind.kind()).isNotNull();
        // canonical text (cursors)
        String canonical = FieldValues.toCanonicalText(type, value);
        assertThat(FieldValues.fromCanonicalText(type, canonical)).isEqualTo(value);
        // the text a person sees parses back to the same value
        String shown = FieldValues.formatText(type, value);
        assertThat(FieldValues.parseText(field, shown)).isEqualTo(value);
        // the API form is accepted as input and gives the same value
        assertThat(FieldValues.coerce(field, FieldValues.toWire(type, value), "v")).isEqualTo(value);
        // a type change to the same type keeps it
        assertThat(TypeChange.plan(type, type)).isEqualTo(TypeChange.Plan.METADATA_ONLY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyKindOffersEmptinessTestsAndAStorageClass(FieldKind<?> kind) {
        FieldType example = kind.example();
        List<Operator> ops = FieldKinds.of(example).operators(example);
        assertThat(ops).isNotEmpty().doesNotHaveDuplicates();
        if (!(example instanceof FieldType.BooleanType)) {
            // a yes/no is never empty in a filter a person builds: only "is"
            assertThat(ops).contains(Operator.IS_NULL, Operator.IS_NOT_NULL);
        }
        assertThat(FieldKinds.storage(example)).isNotNull();
        assertThat(kind.textual() && kind.numeric()).as("text or number, not both").isFalse();
    }
}
