package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GridRow;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.GroupSummaries;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grid grouped into more groups than {@link GroupSummaries#MAX_GROUPS} (6,000 groups of 2 records) still shows a
 * header row per group: the first groups with their summaries, the groups past the summarised ones with their counts
 * (and the summary's label only), every record under its own group's header, and a group past 5,000 folds like any.
 */
class GroupedManyGroupsScreenTest extends DesktopScreenTest {
    private static final int GROUPS = GroupSummaries.MAX_GROUPS + 1_000;

    @Test
    void moreThanFiveThousandGroupsShowTheirHeadersAndFold(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Parts").id(), null, "Parts", List.of(
                FieldDef.of(UUID.randomUUID(), "Code", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef code = t.fields().get(0);
        FieldDef qty = t.fields().get(1);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < GROUPS * 2; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(code.id(), code(i % GROUPS));
            v.put(qty.id(), BigDecimal.valueOf(i));
            rows.add(v);
        }
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        records.insertAll(t, rows, () -> false);
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Parts", GridConfig.EMPTY);
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        GridViewModel grid = desktop.viewModel().grid();
        TableView<GridRow> table = desktop.view().grid().table();
        waitFor("table open", () -> grid.table().get() != null && !grid.loading().get());
        robot.interact(() -> {
            grid.setGroups(List.of(new GroupBy(code.id(), false)));
            grid.setSummary(qty.id(), Summary.SUM);
        });
        int lines = GROUPS * 3; // a header and two records per group
        waitFor("a header row per group", () -> table.getItems().size() == lines && table.getItems().get(0).header() != null
                && table.getItems().get(lines - 3).header() != null && !grid.view().get().summaries().isEmpty());
        for (int g : new int[] {0, 1, GroupSummaries.MAX_GROUPS - 1, GroupSummaries.MAX_GROUPS, GROUPS - 1}) {
            int p = g * 3;
            assertThat(table.getItems().get(p).header()).as("header of group %d", g).isNotNull();
            assertThat(table.getItems().get(p).header().group().key()).containsExactly(code(g));
            assertThat(table.getItems().get(p).header().group().count()).isEqualTo(2);
            assertThat(table.getItems().get(p).header().group().summarised()).isEqualTo(g < GroupSummaries.MAX_GROUPS);
            for (int k = 1; k <= 2; k++) {
                int at = p + k;
                load(robot, table, at);
                waitFor("record at " + at, () -> grid.loadedRecord(at) != null);
                assertThat(grid.loadedRecord(at).value(code.id())).as("line %d", at).isEqualTo(code(g));
            }
        }
        // the header rows past the summarised groups, on screen: their counts; the first groups' sums
        int last = (GROUPS - 1) * 3;
        robot.interact(() -> table.scrollTo(last - 9));
        waitFor("last header drawn", () -> cellText(robot, last, "Code").equals("▾ " + code(GROUPS - 1) + " (2)")
                && cellText(robot, last, "Qty").equals("Sum"));
        Screenshots.write(desktop.scene(), "grouped-many-groups.png");
        robot.interact(() -> table.scrollTo(0));
        waitFor("first header drawn", () -> cellText(robot, 0, "Code").equals("▾ " + code(0) + " (2)")
                && cellText(robot, 0, "Qty").equals("Sum " + String.format(java.util.Locale.ROOT, "%,d", GROUPS))); // rows 0 and GROUPS

        // fold a group past the summarised ones: its records leave the list, its header stays with its count
        int folded = (GroupSummaries.MAX_GROUPS + 500) * 3;
        robot.interact(() -> assertThat(grid.toggleGroup(folded)).isTrue());
        waitFor("folded", () -> table.getItems().size() == lines - 2 && table.getItems().get(folded).header().collapsed());
        assertThat(table.getItems().get(folded + 1).header()).as("the next group's header follows").isNotNull();
        assertThat(table.getItems().get(folded + 1).header().group().key()).containsExactly(code(GroupSummaries.MAX_GROUPS + 501));
        load(robot, table, folded + 2);
        waitFor("record after the fold", () -> grid.loadedRecord(folded + 2) != null);
        assertThat(grid.loadedRecord(folded + 2).value(code.id())).isEqualTo(code(GroupSummaries.MAX_GROUPS + 501));
        assertThat(((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).getFirst().config()).collapsed())
                .containsExactly(List.of(code(GroupSummaries.MAX_GROUPS + 500)));
        // the last group's records are still under its header
        int lastNow = last - 2;
        assertThat(table.getItems().get(lastNow).header().group().key()).containsExactly(code(GROUPS - 1));
        load(robot, table, lastNow + 2);
        waitFor("last record", () -> grid.loadedRecord(lastNow + 2) != null);
        assertThat(grid.loadedRecord(lastNow + 2).value(code.id())).isEqualTo(code(GROUPS - 1));
        // and unfolded again
        robot.interact(() -> grid.toggleGroup(folded));
        waitFor("unfolded", () -> table.getItems().size() == lines);
    }

    /** Asks the list for a line, as the table does when it shows it (its page is read). */
    private static void load(FxRobot robot, TableView<GridRow> table, int at) {
        robot.interact(() -> table.getItems().get(at));
    }

    private static String code(int i) {
        return String.format("c%05d", i);
    }

    private static @Nullable Node rowAt(FxRobot robot, int index) {
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getIndex() == index && n.isVisible()).findFirst().orElse(null);
    }

    private static String cellText(FxRobot robot, int row, String fieldName) {
        Node r = rowAt(robot, row);
        if (r == null) return "?";
        for (Node n : ((TableRow<?>) r).getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                    && c.getTableColumn().getUserData() instanceof FieldDef f && f.name().equals(fieldName)) {
                String text = ((Labeled) c).getText();
                return text == null ? "" : text;
            }
        }
        return "?";
    }
}
