package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
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
 * A big filtered list is shown first with a capped count ("150+ records" here, "10,000+" in the app) and grows to
 * the exact count once its first page is on screen; unfiltered and small lists are counted exactly at once.
 * Real H2 workspace, no FX thread.
 */
class GridCappedCountTest {
    private static final int CAP = 150;
    @TempDir
    Path dir;
    Workspace ws;
    RecordStore records;
    GridViewModel vm;
    TableDef t;
    FieldDef name;
    FieldDef qty;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        SchemaStore schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        AppInfo app = schema.createApp("A");
        t = schema.createTable(app.id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        name = t.fields().get(0);
        qty = t.fields().get(1);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            m.put(name.id(), "item " + i);
            m.put(qty.id(), BigDecimal.valueOf(i % 10));
            rows.add(m);
        }
        records.insertAll(t, rows, () -> false);
        vm = new GridViewModel(schema, records, new SameThreadTaskExecutor());
        vm.setCountCap(CAP);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private @Nullable Object cell(int row, FieldDef f) {
        Row r = vm.rows().get().get(row).record().get();
        assertThat(r).as("row %d loaded", row).isNotNull();
        return r.value(f.id());
    }

    @Test
    void aBigFilteredListShowsTheCapFirstThenGrowsToTheExactCountAfterItsFirstPage() {
        vm.open(t.id());
        vm.setFilter(Filter.where("Qty", Operator.GTE, 5));

        assertThat(vm.countCappedProperty().get()).isTrue();
        assertThat(vm.countText()).isEqualTo("150+ records");
        assertThat(vm.statusCount().orElseThrow().getValue()).isEqualTo("150+ records");
        assertThat(vm.rows().get()).as("the rows known so far can be scrolled to").hasSize(CAP + 1);

        // the view asks for the first page: the exact count follows it
        assertThat(cell(0, name)).isEqualTo("item 5");
        assertThat(vm.countCappedProperty().get()).isFalse();
        assertThat(vm.rowCount().get()).isEqualTo(500);
        assertThat(vm.countText()).isEqualTo("500 records");
        assertThat(vm.rows().get()).hasSize(500);
        // the page the cap cut short is read at its full length, and rows past the cap are there
        assertThat(cell(150, name)).isEqualTo("item 305");
        assertThat(cell(199, name)).isEqualTo("item 399");
        assertThat(cell(499, name)).isEqualTo("item 999");
    }

    @Test
    void unfilteredAndSmallListsAreCountedExactlyAtOnce() {
        vm.open(t.id());
        assertThat(vm.countCappedProperty().get()).isFalse();
        assertThat(vm.rowCount().get()).isEqualTo(1000);
        assertThat(vm.countText()).isEqualTo("1,000 records");

        vm.setFilter(Filter.where("Qty", Operator.EQ, 3));
        assertThat(vm.countCappedProperty().get()).isFalse();
        assertThat(vm.rowCount().get()).isEqualTo(100);
        assertThat(vm.rows().get()).hasSize(100);
    }

    @Test
    void cappedCountStopsAfterTheCap() {
        Filter over = Filter.where("Qty", Operator.GTE, 5);
        assertThat(records.countCapped(t, over, CAP)).isEqualTo(CAP + 1);
        assertThat(records.countCapped(t, over, 10_000)).isEqualTo(500);
        assertThat(records.countCapped(t, null, CAP)).as("no filter: exact").isEqualTo(1000);
    }
}
