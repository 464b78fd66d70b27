package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GroupedGrid;
import dev.rowan.desktop.workspace.GroupSummaries;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.TableSummary;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import javafx.scene.control.Label;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A big table shown in the real window gets its summary built once the window is idle ({@code SummaryWhenIdle}); a
 * grouping then chosen from the toolbar, with a footer sum, shows the groups, counts and sums an independent
 * computation over the inserted rows gives, and no full read of the table is made for it.
 */
class TableSummaryScreenTest extends DesktopScreenTest {
    @BeforeEach
    void lowerTheThreshold() {
        System.setProperty("rowan.summary.minRecords", "1000");
    }

    @AfterEach
    void restoreTheThreshold() {
        System.clearProperty("rowan.summary.minRecords");
    }

    @Test
    void groupingABigTableAfterIdleIsServedFromItsSummary(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Orders", List.of(
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Open", "green"), new SelectOption("o2", "Late", "red")))),
                FieldDef.of(UUID.randomUUID(), "Year", new FieldType.NumberType(0, false)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Note", new FieldType.Text())));
        FieldDef status = t.fields().get(0);
        FieldDef year = t.fields().get(1);
        FieldDef qty = t.fields().get(2);
        Random r = new Random(5);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(status.id(), r.nextInt(7) == 0 ? null : r.nextBoolean() ? "o1" : "o2");
            v.put(year.id(), r.nextInt(9) == 0 ? null : BigDecimal.valueOf(2020 + r.nextInt(4)));
            v.put(qty.id(), r.nextInt(5) == 0 ? null : BigDecimal.valueOf(r.nextInt(1_000)));
            v.put(t.fields().get(3).id(), "note " + r.nextInt(100_000));
            rows.add(v);
        }
        new RecordStore(desktop.viewModel().workspace()).insertAll(t, rows, () -> false);
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Orders", GridConfig.EMPTY);
        openTable(robot, t.id());
        TableSummary summary = new TableSummary(desktop.viewModel().workspace());
        waitFor("summary built while idle", () -> summary.ready(t));

        long fullReads = GroupSummaries.fullReads();
        robot.clickOn("#grid-group");
        robot.clickOn("Group by Status");
        robot.clickOn("#grid-group");
        robot.clickOn("Group by Year");
        GroupedGrid grouped = desktop.viewModel().grid().grouped();
        waitFor("two levels", () -> grouped.headers().stream().anyMatch(h -> h.group().level() == 2));
        robot.clickOn("#footer-Qty");
        robot.clickOn("#summary-sum");
        waitFor("sum shown", () -> robot.lookup("#footer-Qty").queryAs(Label.class).getText().startsWith("Sum "));

        // expected: statuses in option order then no value, years ascending then no value; counts and Qty sums
        List<String> statuses = Arrays.asList("o1", "o2", null);
        Comparator<BigDecimal> yearOrder = Comparator.nullsLast(Comparator.naturalOrder());
        List<String> expected = new ArrayList<>();
        for (String s : statuses) {
            List<Map<UUID, @Nullable Object>> in = rows.stream().filter(m -> Objects.equals(s, m.get(status.id()))).toList();
            expected.add(s + " " + in.size() + " " + sum(in, qty));
            in.stream().map(m -> (BigDecimal) m.get(year.id())).distinct().sorted(yearOrder).forEach(y -> {
                List<Map<UUID, @Nullable Object>> cell = in.stream().filter(m -> Objects.equals(y, m.get(year.id()))).toList();
                expected.add(s + "/" + (y == null ? null : y.toPlainString()) + " " + cell.size() + " " + sum(cell, qty));
            });
        }
        assertThat(grouped.headers()).extracting(h -> {
            Object k0 = h.group().key().get(0);
            String key = h.group().level() == 1 ? String.valueOf(k0)
                    : k0 + "/" + (h.group().key().get(1) == null ? null
                    : ((BigDecimal) h.group().key().get(1)).stripTrailingZeros().toPlainString());
            Object s = h.group().values().get(qty.id());
            return key + " " + h.group().count() + " " + (s == null ? "null" : ((BigDecimal) s).toBigInteger());
        }).containsExactlyElementsOf(expected);
        assertThat(robot.lookup("#footer-Qty").queryAs(Label.class).getText())
                .isEqualTo("Sum " + String.format("%,d", Long.parseLong(sum(rows, qty))));
        assertThat(robot.lookup("#footer-count").queryAs(Label.class).getText()).isEqualTo(String.format("%,d", rows.size()));
        assertThat(GroupSummaries.fullReads() - fullReads).as("full reads of the table for the grouping").isZero();

        // a schema change of the shown table (its summary no longer fits it: TableSummaryTest): the next idle builds
        // the summary of the new definition
        schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Remark", new FieldType.Text()));
        TableDef changed = schema.table(t.id());
        waitFor("summary built again while idle", () -> summary.ready(changed));
    }

    private static String sum(List<Map<UUID, @Nullable Object>> rows, FieldDef f) {
        List<BigDecimal> values = rows.stream().map(m -> (BigDecimal) m.get(f.id())).filter(Objects::nonNull).toList();
        return values.isEmpty() ? "null" : values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).toBigInteger().toString();
    }
}
