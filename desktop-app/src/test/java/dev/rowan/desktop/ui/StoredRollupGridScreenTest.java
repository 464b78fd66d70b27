package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.SqlDialect;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real grid filtered and sorted by a rollup reads it from its stored side table (issue 12), and a linked record
 * edited in the grid of the other table, typed at full speed, shows the new rows and order when the table is opened
 * again: the edit made the stored value stale and the next page refreshed it (a stale value would leave the record
 * out: the filter is applied to the side table's values).
 */
class StoredRollupGridScreenTest extends DesktopScreenTest {

    @Test
    void aGridSortedByARollupShowsTheNewOrderAfterALinkedRecordIsEdited(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        TableDef tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Hours", new FieldType.NumberType(1))));
        TableDef projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID linkId = UUID.randomUUID();
        FieldDef link = schema.addField(projects.id(), FieldDef.of(linkId, "Tasks",
                new FieldType.Link(tasks.id(), null, false, linkId, true)));
        FieldDef total = schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Total",
                new FieldType.Rollup(linkId, tasks.fields().get(1).id(), RollupFunction.SUM, null,
                        new FieldType.NumberType(0))));
        TableDef t = schema.table(tasks.id());
        TableDef p = schema.table(projects.id());
        UUID title = t.fields().get(0).id();
        UUID hours = t.fields().get(1).id();
        Row a1 = records.insert(t, Map.of(title, "a1", hours, new BigDecimal("1.0")));
        Row a2 = records.insert(t, Map.of(title, "a2", hours, new BigDecimal("2.0")));
        Row b1 = records.insert(t, Map.of(title, "b1", hours, new BigDecimal("5.0")));
        Row c1 = records.insert(t, Map.of(title, "c1", hours, new BigDecimal("4.0")));
        UUID name = p.fields().get(0).id();
        Row alpha = records.insert(p, Map.of(name, "Alpha"));
        Row bravo = records.insert(p, Map.of(name, "Bravo"));
        Row charlie = records.insert(p, Map.of(name, "Charlie"));
        records.setLinks(p, alpha.id(), link, List.of(a1.id(), a2.id()));
        records.setLinks(p, bravo.id(), link, List.of(b1.id()));
        records.setLinks(p, charlie.id(), link, List.of(c1.id()));

        Filter overFour = Filter.where(total.id().toString(), Operator.GT, new BigDecimal("4.5"));
        openTable(robot, p.id());
        // filtered too: the pick reads the side table for both, so a stale stored value would leave a record out
        robot.interact(() -> {
            desktop.viewModel().grid().setFilter(overFour);
            desktop.viewModel().grid().setSorts(List.of(Sort.desc(total.id().toString())));
        });
        waitFor("filtered and sorted by the rollup", () -> names(robot).equals(List.of("Bravo")));
        String side = new Ddl(SqlDialect.H2).storedRollupName("", total.id());
        long stored = desktop.viewModel().workspace().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + side)) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(stored).as("the sorted page read the stored rollup").isEqualTo(3);

        // c1's hours typed in the Tasks grid: Charlie's total becomes 10 (the new order is neither the old one nor
        // the order of creation)
        openTable(robot, t.id());
        waitFor("tasks shown", () -> desktop.viewModel().grid().loadedRecord(3) != null);
        focusCell(robot, 3, "Hours");
        Typist.type("10\n");
        settle();
        assertThat(((BigDecimal) records.byId(t, c1.id()).orElseThrow().value(hours)).compareTo(BigDecimal.TEN))
                .isZero();

        openTable(robot, p.id());
        robot.interact(() -> {
            desktop.viewModel().grid().setFilter(overFour);
            desktop.viewModel().grid().setSorts(List.of(Sort.desc(total.id().toString())));
        });
        waitFor("the new order", () -> names(robot).equals(List.of("Charlie", "Bravo")));
        waitFor("the new total shown", () -> robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(n -> n instanceof javafx.scene.control.Labeled l && "10".equals(l.getText())));
        Screenshots.write(desktop.scene(), "grid-sorted-by-stored-rollup.png");
    }

    /** The Name column's texts from the top, as the grid holds its loaded rows. */
    private List<String> names(FxRobot robot) {
        List<String> out = new ArrayList<>();
        robot.interact(() -> {
            var grid = desktop.viewModel().grid();
            TableDef t = grid.table().get();
            if (t == null || grid.loading().get()) return;
            UUID name = t.field("Name").map(FieldDef::id).orElse(null);
            if (name == null) return;
            for (int i = 0; i < 10; i++) {
                var r = grid.loadedRecord(i);
                if (r == null) return;
                out.add(String.valueOf(r.value(name)));
            }
        });
        return out;
    }


    private TableView<GridRow> table() {
        return desktop.view().grid().table();
    }

    private void focusCell(FxRobot robot, int row, String fieldName) {
        robot.interact(() -> {
            for (TableColumn<GridRow, ?> c : table().getVisibleLeafColumns()) {
                if (c.getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                    table().getSelectionModel().clearAndSelect(row, c);
                    table().getFocusModel().focus(row, c);
                }
            }
            table().requestFocus();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }
}
