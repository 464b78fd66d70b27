package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridGrouping.GroupBy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
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
 * The grouped grid's list on a real H2 workspace, without the FX thread: headers are lines of the list, records
 * under them come from pages of one query (far pages by offset), and everything that takes a list position (copy,
 * delete, paste, edit, fold) maps it to the right record and leaves headers alone.
 */
class GroupedGridRowsTest {
    @TempDir
    Path dir;
    Workspace ws;

    @AfterEach
    void close() {
        if (ws != null) ws.close();
    }

    @Test
    void positionsMapToHeadersAndTheRightRecords() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        RecordStore records = new RecordStore(ws);
        TableDef t = schema.createTable(schema.createApp("A").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef name = t.fields().get(0);
        FieldDef qty = t.fields().get(1);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            m.put(name.id(), "item " + i);
            m.put(qty.id(), BigDecimal.valueOf(i % 10));
            rows.add(m);
        }
        records.insertAll(t, rows, () -> false);
        GridViewModel vm = new GridViewModel(schema, records, new SameThreadTaskExecutor());
        vm.open(t.id());
        vm.setGroups(List.of(new GroupBy(qty.id(), false)));

        // 10 groups of 250: a header line, then its records, group after group
        assertThat(vm.rows().get()).hasSize(2_510);
        for (int g = 0; g < 10; g++) {
            int header = g * 251;
            int group = g;
            assertThat(vm.header(header)).as("header of group %d", g).hasValueSatisfying(h ->
                    assertThat(((BigDecimal) h.group().key().getFirst()).intValue()).isEqualTo(group));
            assertThat(vm.rows().get().get(header).header()).isNotNull();
            for (int p : new int[] {header + 1, header + 125, header + 250}) {
                Row r = vm.rows().get().get(p).record().get();
                assertThat(r).as("line %d", p).isNotNull();
                assertThat(((BigDecimal) r.value(qty.id())).intValue()).as("line %d", p).isEqualTo(g);
                assertThat(vm.loadedRecord(p)).isSameAs(r);
                assertThat(vm.rowNumber(p)).isEqualTo(p - g);
            }
        }
        assertThat(vm.loadedRecord(0)).isNull();
        assertThat(vm.rowNumber(0)).isZero();

        // copy over a header copies the records only
        String tsv = vm.copy(250, 253, 0, 0);
        assertThat(tsv.strip().split("\n")).hasSize(3);
        assertThat(tsv).doesNotContain("Qty");

        // delete: a header in the selection deletes nothing, the record beside it goes
        Row second = vm.loadedRecord(2);
        vm.deleteRows(List.of(0, 2));
        assertThat(records.count(t, null)).isEqualTo(2_499);
        assertThat(records.byId(t, second.id())).isEmpty();
        assertThat(vm.rows().get()).hasSize(2_509);
        assertThat(vm.header(0)).isPresent();

        // editing a header changes nothing; editing the line under it changes that record
        int northHeader = 250; // group 1's header now (group 0 has 249 records)
        assertThat(vm.header(northHeader)).isPresent();
        vm.editText(northHeader, name, "nobody");
        assertThat(records.count(t, Filter.where(name.id().toString(), Operator.EQ, "nobody"))).isZero();
        Row under = vm.rows().get().get(northHeader + 1).record().get();
        vm.editText(northHeader + 1, name, "first of group 1");
        assertThat(records.byId(t, under.id()).orElseThrow().value(name.id())).isEqualTo("first of group 1");

        // paste on a header starts at the first record under it
        Row third = vm.rows().get().get(northHeader + 2).record().get();
        vm.paste(northHeader, 0, "pasted A\npasted B\n");
        assertThat(records.byId(t, under.id()).orElseThrow().value(name.id())).isEqualTo("pasted A");
        assertThat(records.byId(t, third.id()).orElseThrow().value(name.id())).isEqualTo("pasted B");

        // folding group 0: its records leave the list, its header stays; saved in the view
        assertThat(vm.toggleGroup(0)).isTrue();
        assertThat(vm.rows().get()).hasSize(2_509 - 249);
        assertThat(vm.header(0).orElseThrow().collapsed()).isTrue();
        assertThat(vm.header(1)).isPresent();
        assertThat(vm.view().get().collapsed()).containsExactly(List.of("0"));
        assertThat(vm.toggleGroup(2)).isFalse(); // a record line is no header
        assertThat(((BigDecimal) vm.rows().get().get(2).record().get().value(qty.id())).intValue()).isEqualTo(1);
    }
}
