package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.Conversions;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one type-change routine runs the same change on H2 (desktop) and PostgreSQL (server) and both end with the
 * same values: the client and the server cannot disagree about what a field holds after a type change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColumnConversionOnEnginesTest {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC);
    private Engines engines;
    private int tables;

    @BeforeAll
    void start() throws Exception {
        engines = new Engines("conversion");
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                // fewer decimals: stored values round, as shown; the one at the limit cannot follow
                Arguments.of(new FieldType.NumberType(2), new FieldType.NumberType(0),
                        List.of("1.25", "2.5", "-0.49", "", "999999999999999999.5"),
                        List.of("1", "3", "0", "", ""), 1),
                // more decimals: metadata only, the same numbers
                Arguments.of(new FieldType.NumberType(1), new FieldType.NumberType(3),
                        List.of("1.2", "-7", ""), List.of("1.200", "-7.000", ""), 0),
                Arguments.of(new FieldType.Text(), new FieldType.NumberType(1),
                        List.of("12", "1,234.56", "a dozen", " "), List.of("12.0", "1234.6", "", ""), 1),
                Arguments.of(new FieldType.DateType(true), new FieldType.DateType(false),
                        List.of("2026-01-31T23:30:00Z", "2026-02-01T00:30:00+02:00"),
                        List.of("2026-01-31", "2026-01-31"), 0),
                Arguments.of(new FieldType.Currency("EUR", 2), new FieldType.Text(),
                        List.of("19.9", "0"), List.of("19.90", "0.00"), 0),
                Arguments.of(new FieldType.Text(), new FieldType.BooleanType(),
                        List.of("yes", "off", "maybe"), List.of("true", "false", ""), 1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("changes")
    void theSameChangeGivesTheSameValuesOnBothEngines(FieldType fromType, FieldType toType, List<String> typed,
                                                       List<String> expected, int failing) throws Exception {
        FieldDef from = FieldDef.of(UUID.randomUUID(), "Value", fromType);
        FieldDef to = from.withType(toType);
        TableDef table = Engines.table("conv" + tables++, List.of(from));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) ids.add(new UUID(0, i + 1));
        Map<String, List<String>> results = new LinkedHashMap<>();
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            for (int i = 0; i < typed.size(); i++) {
                Map<FieldDef, @Nullable Object> values = new HashMap<>();
                values.put(from, FieldValues.parseText(from, typed.get(i)));
                Engines.insert(e, table, ids.get(i), values, NOW);
            }
            ColumnConversion conversion = new ColumnConversion(new Ddl(e.dialect()));
            Conversions.Preview preview = conversion.preview(e.conn(), table, from, to, 5);
            assertThat(preview.failed()).as("failing on " + e).isEqualTo(failing);
            if (failing > 0) {
                assertThatThrownBy(() -> conversion.apply(e.conn(), table, from, to, false, () -> false))
                        .as("refused on " + e).hasMessageContaining("changed during the type change");
                conversion.dropLeftovers(e.conn(), table, from);
            }
            if (ColumnConversion.converts(from, to)) {
                conversion.apply(e.conn(), table, from, to, true, () -> false);
            }
            TableDef after = new TableDef(table.id(), table.appId(), table.name(), table.schemaName(),
                    table.physicalName(), List.of(to));
            List<String> shown = new ArrayList<>();
            for (UUID id : ids) {
                shown.add(FieldValues.formatText(toType, Engines.selectById(e, after, id).get(to)));
            }
            results.put(e.name(), shown);
        }
        assertThat(results.get("h2")).as("H2").isEqualTo(expected);
        assertThat(results.get("postgresql")).as("PostgreSQL").isEqualTo(results.get("h2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engineNames")
    void aPrecisionDecreaseStoresTheRoundedValueSoAnIncreaseDoesNotBringDigitsBack(String engine) throws Exception {
        Engine e = engine.equals("h2") ? engines.h2 : engines.postgres;
        FieldDef two = FieldDef.of(UUID.randomUUID(), "Amount", new FieldType.NumberType(2));
        FieldDef zero = two.withType(new FieldType.NumberType(0));
        FieldDef three = two.withType(new FieldType.NumberType(3));
        TableDef table = Engines.table("round_" + engine, List.of(two));
        Engines.create(e, table);
        UUID id = UUID.randomUUID();
        Map<FieldDef, @Nullable Object> values = new HashMap<>();
        values.put(two, new BigDecimal("1.25"));
        Engines.insert(e, table, id, values, NOW);
        ColumnConversion conversion = new ColumnConversion(new Ddl(e.dialect()));
        for (FieldDef[] step : new FieldDef[][]{{two, zero}, {zero, three}}) {
            if (ColumnConversion.converts(step[0], step[1])) {
                conversion.apply(e.conn(), table, step[0], step[1], false, () -> false);
            }
        }
        TableDef after = new TableDef(table.id(), table.appId(), table.name(), table.schemaName(),
                table.physicalName(), List.of(three));
        assertThat(Engines.selectById(e, after, id).get(three)).isEqualTo(new BigDecimal("1.000"));
    }

    static List<String> engineNames() {
        return List.of("h2", "postgresql");
    }
}
