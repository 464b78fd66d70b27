package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouped grid's numbers are kept until the workspace's next write ({@link Workspace#readDerived}): the same
 * question asked again is answered without SQL, any write makes the next answer a fresh one that matches the data
 * (compared with a sum over the rows in Java), and a table with a formula (which may read the clock) is never kept.
 */
class GroupSummariesCacheTest {
    @TempDir
    Path dir;
    Workspace ws;
    TableDef t;
    FieldDef region;
    FieldDef qty;
    final List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
    final List<GroupBy> byRegion = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        t = schema.createTable(schema.createApp("A").id(), null, "Sales", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        region = t.fields().get(0);
        qty = t.fields().get(1);
        for (int i = 0; i < 30; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(region.id(), i % 3 == 0 ? "North" : "South");
            v.put(qty.id(), BigDecimal.valueOf(i));
            rows.add(v);
        }
        new RecordStore(ws).insertAll(t, rows, () -> false);
        byRegion.add(new GroupBy(region.id(), false));
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private GroupSummaries.Result read(TableDef table, @Nullable Filter filter) {
        return new GroupSummaries(ws).summarize(table, filter, byRegion, Map.of(qty.id(), Summary.SUM));
    }

    private static BigDecimal sum(GroupSummaries.Group g, UUID field) {
        return new BigDecimal(String.valueOf(g.values().get(field)));
    }

    @Test
    void theSameQuestionIsAnsweredFromTheKeptResultUntilAWrite() {
        GroupSummaries.Result first = read(t, null);
        assertThat(read(t, null)).isSameAs(first);
        // another filter is another question
        Filter north = Filter.where(region.id().toString(), Operator.EQ, "North");
        GroupSummaries.Result northOnly = read(t, north);
        assertThat(northOnly).isNotSameAs(first);
        assertThat(northOnly.total().count()).isEqualTo(10);
        assertThat(read(t, north)).isSameAs(northOnly);

        // a write: the next answer is read again and shows it
        RecordStore records = new RecordStore(ws);
        Row any = records.page(t, north, List.of(), null, 1).rows().getFirst();
        Object before = any.value(qty.id());
        records.update(t, List.of(new RecordStore.CellChange(any.id(), qty.id(), before, BigDecimal.valueOf(1000))));
        GroupSummaries.Result after = read(t, null);
        assertThat(after).isNotSameAs(first);
        BigDecimal expected = rows.stream().map(m -> (BigDecimal) m.get(qty.id())).reduce(BigDecimal.ZERO, BigDecimal::add)
                .subtract((BigDecimal) before).add(BigDecimal.valueOf(1000));
        assertThat(sum(after.total(), qty.id())).isEqualByComparingTo(expected);
        assertThat(sum(read(t, north).total(), qty.id())).isEqualByComparingTo(
                rows.stream().filter(m -> "North".equals(m.get(region.id()))).map(m -> (BigDecimal) m.get(qty.id()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add).subtract((BigDecimal) before).add(BigDecimal.valueOf(1000)));
    }

    @Test
    void aChangedTableDefinitionIsAnotherQuestion() {
        GroupSummaries.Result first = read(t, null);
        SchemaStore schema = new SchemaStore(ws);
        schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Note", new FieldType.Text()));
        GroupSummaries.Result again = read(schema.table(t.id()), null);
        assertThat(again).isNotSameAs(first);
        assertThat(again.total().count()).isEqualTo(30);
    }

    @Test
    void aTableWithAFormulaIsReadEveryTime() {
        SchemaStore schema = new SchemaStore(ws);
        schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Today",
                FieldTypes.parse("formula", Map.of("formula", "TODAY()"), null)));
        TableDef withFormula = schema.table(t.id());
        assertThat(GroupSummaries.timeless(t)).isTrue();
        assertThat(GroupSummaries.timeless(withFormula)).isFalse();
        GroupSummaries.Result first = read(withFormula, null);
        assertThat(read(withFormula, null)).isNotSameAs(first).isEqualTo(first);
    }
}
