package dev.rowan.model.sql;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.kind.FieldKind;
import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Engines.Engine;
import dev.rowan.model.value.FieldValues;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field kind's sample value goes through each engine and comes back equal: column type from the storage
 * class, binding, reading. Kinds come from the registry, so a new kind is covered without editing this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldKindsOnEnginesTest {
    private Engines engines;

    @BeforeAll
    void start() throws Exception {
        engines = new Engines("kinds");
    }

    @AfterAll
    void stop() throws Exception {
        engines.close();
    }

    @Test
    void everyKindsSampleValueRoundTripsThroughBothEngines() throws Exception {
        List<FieldDef> fields = new ArrayList<>();
        Map<FieldDef, Object> values = new HashMap<>();
        for (FieldKind<?> kind : FieldKinds.ALL) {
            if (kind.computed()) continue; // no column: FormulaFieldOnEnginesTest reads computed values
            FieldDef f = FieldDef.of(UUID.nameUUIDFromBytes(kind.kind().getBytes()), kind.kind(), kind.example());
            fields.add(f);
            values.put(f, kind.assignedByServer() ? FieldValues.fromApi(f, new java.math.BigDecimal(kind.sampleText()))
                    : FieldValues.parseText(f, kind.sampleText()));
        }
        TableDef table = Engines.table("every_kind", fields);
        UUID id = UUID.randomUUID();
        UUID empty = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC);
        for (Engine e : engines.both()) {
            Engines.create(e, table);
            Engines.insert(e, table, id, new HashMap<>(values), now);
            Engines.insert(e, table, empty, new HashMap<>(), now);
            Engines.Row row = Engines.selectById(e, table, id);
            Engines.Row none = Engines.selectById(e, table, empty);
            for (FieldDef f : fields) {
                assertThat(comparable(row.get(f))).as(f.name() + " on " + e).isEqualTo(comparable(values.get(f)));
                assertThat(none.get(f)).as("empty " + f.name() + " on " + e).isNull();
            }
        }
    }

    /** JSON as its data: PostgreSQL's jsonb gives back its own spacing. */
    private static @Nullable Object comparable(@Nullable Object v) {
        return v instanceof JsonValue j ? JsonText.parse(j.text()) : v;
    }

    @Test
    void everyStorageClassHasAColumnTypeInEachDialect() {
        List<StorageClass> all = List.of(StorageClass.TEXT, StorageClass.decimal(2), StorageClass.BOOL,
                StorageClass.DATE, StorageClass.TIMESTAMP, StorageClass.JSON, StorageClass.TEXT_ARRAY);
        for (SqlDialect d : List.of(SqlDialect.H2, SqlDialect.POSTGRES)) {
            assertThat(all.stream().map(d::columnType).distinct().count()).as(d.name()).isEqualTo(all.size());
        }
        assertThat(StorageClass.decimal(3)).isSameAs(StorageClass.decimal(3)).isEqualTo(new StorageClass.Decimal(3));
    }
}
