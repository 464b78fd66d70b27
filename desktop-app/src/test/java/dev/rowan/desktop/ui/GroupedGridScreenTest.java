package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.grid.GroupedGrid;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.Summary;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grouped grid on the real window: group by two fields from the toolbar, headers with counts, collapse a group,
 * a footer summary chosen on the column, values compared with an independent computation over the inserted rows;
 * the settings are in the stored view and Ctrl+Z undoes the grouping.
 */
class GroupedGridScreenTest extends DesktopScreenTest {

    @Test
    void groupCollapseFooterAndUndo(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Orders", List.of(
                FieldDef.of(UUID.randomUUID(), "Region", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Year", new FieldType.NumberType(0, false)),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Open", "green"), new SelectOption("o2", "Late", "red"))))));
        FieldDef region = t.fields().get(0);
        FieldDef year = t.fields().get(1);
        FieldDef qty = t.fields().get(2);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        String[] regions = {"North", "South", "East"};
        for (int i = 0; i < 60; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(region.id(), regions[i % 3]);
            v.put(year.id(), BigDecimal.valueOf(2020 + (i / 3) % (i % 3 == 0 ? 2 : 3)));
            v.put(qty.id(), i % 5 == 0 ? null : BigDecimal.valueOf(i));
            v.put(t.fields().get(3).id(), i % 4 == 0 ? "o2" : "o1");
            rows.add(v);
        }
        new RecordStore(desktop.viewModel().workspace()).insertAll(t, rows, () -> false);
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Orders", GridConfig.EMPTY);
        openTable(robot, t.id());

        // group by Region, then Year, from the toolbar's Group menu
        robot.clickOn("#grid-group");
        robot.clickOn("Group by Region");
        waitFor("grouped by region", () -> desktop.viewModel().grid().grouped().headers().size() == 3);
        robot.clickOn("#grid-group");
        robot.clickOn("Group by Year");
        GroupedGrid grouped = desktop.viewModel().grid().grouped();
        waitFor("two levels", () -> grouped.headers().stream().anyMatch(h -> h.group().level() == 2));
        assertThat(desktop.viewModel().grid().view().get().groups()).containsExactly(new GroupBy(region.id(), false),
                new GroupBy(year.id(), false));

        // the headers: regions in order, each with its years; counts computed independently
        List<String> expected = new ArrayList<>();
        for (String r : List.of("East", "North", "South")) {
            expected.add(r + " " + rows.stream().filter(m -> r.equals(m.get(region.id()))).count());
            rows.stream().filter(m -> r.equals(m.get(region.id()))).map(m -> (BigDecimal) m.get(year.id())).distinct()
                    .sorted().forEach(y -> expected.add(r + "/" + y + " " + rows.stream()
                            .filter(m -> r.equals(m.get(region.id())) && y.equals(m.get(year.id()))).count()));
        }
        assertThat(grouped.headers()).extracting(h -> h.group().level() == 1 ? h.group().key().get(0) + " " + h.group().count()
                : h.group().key().get(0) + "/" + ((BigDecimal) h.group().key().get(1)).stripTrailingZeros().toPlainString()
                + " " + h.group().count()).containsExactlyElementsOf(expected);
        // the records are listed group after group
        assertThat(desktop.viewModel().grid().effectiveSorts().getFirst().field()).isEqualTo(region.id().toString());

        // the headers are rows of the table itself: every header, then the records under the deepest ones
        javafx.scene.control.TableView<dev.rowan.desktop.grid.GridRow> table = desktop.view().grid().table();
        waitFor("header rows", () -> table.getItems().size() == 60 + expected.size()
                && table.getItems().get(0).header() != null);
        assertThat(robot.lookup("#grid-groups").tryQuery()).isEmpty(); // no outline above the table any more

        // collapse "East" with a click on its header row: its years and records leave the table
        robot.clickOn(rowAt(robot, 0));
        long eastYears = expected.stream().filter(e -> e.startsWith("East/")).count();
        assertThat(eastYears).isGreaterThan(1);
        waitFor("collapsed", () -> grouped.headers().size() == expected.size() - eastYears);
        assertThat(grouped.headers().get(1).group().key().getFirst()).isEqualTo("North");
        // East's rows leave the grid itself, and it stays collapsed in the stored view
        waitFor("East's rows hidden", () -> desktop.viewModel().grid().rowCount().get() == 40
                && table.getItems().size() == 40 + expected.size() - eastYears
                && desktop.viewModel().grid().loadedRecord(desktop.viewModel().grid().positionOfRecord(0)) != null
                && "North".equals(desktop.viewModel().grid().loadedRecord(desktop.viewModel().grid().positionOfRecord(0))
                .value(region.id())));
        assertThat(table.getItems().get(0).header().collapsed()).isTrue();
        assertThat(table.getItems().get(1).header().group().key()).containsExactly("North");
        assertThat(((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).getFirst().config()).collapsed())
                .containsExactly(List.of("East"));

        // footer: sum of Qty chosen on the column's footer
        robot.clickOn("#footer-Qty");
        robot.clickOn("#summary-sum");
        waitFor("sum shown", () -> robot.lookup("#footer-Qty").queryAs(Label.class).getText().startsWith("Sum "));
        long sum = rows.stream().map(m -> (BigDecimal) m.get(qty.id())).filter(Objects::nonNull)
                .mapToLong(BigDecimal::longValue).sum();
        assertThat(robot.lookup("#footer-Qty").queryAs(Label.class).getText()).isEqualTo("Sum " + String.format("%,d", sum));
        assertThat(robot.lookup("#footer-count").queryAs(Label.class).getText()).isEqualTo("60");
        long northSum = rows.stream().filter(m -> "North".equals(m.get(region.id()))).map(m -> (BigDecimal) m.get(qty.id()))
                .filter(Objects::nonNull).mapToLong(BigDecimal::longValue).sum();
        assertThat(grouped.headers().stream().filter(h -> h.group().level() == 1 && "North".equals(h.group().key().getFirst()))
                .findFirst().orElseThrow().group().values().get(qty.id())).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.BIG_DECIMAL).isEqualByComparingTo(new BigDecimal(northSum));
        assertThat(((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).getFirst().config()).summaries())
                .containsEntry(qty.id(), Summary.SUM);

        // colour rows by Status
        robot.clickOn("#grid-group");
        robot.clickOn("#grid-colour");
        robot.clickOn("By Status");
        waitFor("colours saved", () -> t.fields().get(3).id().equals(desktop.viewModel().grid().view().get().colours()
                .selectField()));
        waitFor("rows coloured", () -> robot.lookup(".table-row-cell").queryAll().stream()
                .anyMatch(n -> n.getStyle().contains("-fx-background-color")));
        Screenshots.write(desktop.scene(), "grouped-grid.png");

        // Ctrl+Z undoes the colours, then the summary; the stored view follows
        robot.interact(() -> desktop.view().grid().table().requestFocus());
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("colours undone", () -> desktop.viewModel().grid().view().get().colours().selectField() == null);
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("summary undone", () -> desktop.viewModel().grid().view().get().summaries().isEmpty());
        assertThat(((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).getFirst().config()).summaries())
                .isEmpty();
        assertThat(desktop.viewModel().grid().view().get().groups()).hasSize(2);
    }

    static javafx.scene.Node rowAt(FxRobot robot, int index) {
        return robot.lookup(".table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getIndex() == index).findFirst().orElseThrow();
    }

    @Test
    void rowsAreColouredByTheFirstRuleTheyMatch(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Stock", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef name = t.fields().get(0);
        FieldDef qty = t.fields().get(1);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(name.id(), "item " + i);
            v.put(qty.id(), BigDecimal.valueOf(i * 10));
            rows.add(v);
        }
        new RecordStore(desktop.viewModel().workspace()).insertAll(t, rows, () -> false);
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Stock", GridConfig.EMPTY);
        openTable(robot, t.id());
        // qty >= 50 red, else qty >= 20 blue (the first matching rule wins), below 20 no colour
        robot.interact(() -> desktop.viewModel().grid().setColours(new dev.rowan.model.view.GridGrouping.RowColours(null,
                List.of(new dev.rowan.model.view.GridGrouping.ColourRule(dev.rowan.model.query.Filter.where(
                                qty.id().toString(), dev.rowan.model.query.Operator.GTE, 50), "#ff0000"),
                        new dev.rowan.model.view.GridGrouping.ColourRule(dev.rowan.model.query.Filter.where(
                                qty.id().toString(), dev.rowan.model.query.Operator.GTE, 20), "#0000ff")))));
        java.util.function.Function<Integer, String> styleOf = i -> robot.lookup(".table-row-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableRow<?>) n).filter(r -> r.getIndex() == i).findFirst()
                .map(javafx.scene.Node::getStyle).orElse("?");
        waitFor("rows coloured", () -> styleOf.apply(7).contains("#ff000040"));
        for (int i = 0; i < 8; i++) {
            Object q = desktop.viewModel().grid().loadedRecord(i).value(qty.id());
            int n = ((BigDecimal) q).intValue();
            String expected = n >= 50 ? "#ff000040" : n >= 20 ? "#0000ff40" : "";
            if (expected.isEmpty()) assertThat(styleOf.apply(i)).as("row %d (qty %d)", i, n).doesNotContain("background");
            else assertThat(styleOf.apply(i)).as("row %d (qty %d)", i, n).contains(expected);
        }
        assertThat(((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).getFirst().config()).colours()
                .rules()).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void colourRulesAreEditedWithTheFilterBarsConditionsSavedAndUndoable(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Stock", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef qty = t.fields().get(1);
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), "item " + i);
            v.put(qty.id(), BigDecimal.valueOf(i * 10));
            rows.add(v);
        }
        new RecordStore(desktop.viewModel().workspace()).insertAll(t, rows, () -> false);
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        views.save(t, null, "Stock", GridConfig.EMPTY);
        openTable(robot, t.id());

        robot.clickOn("#grid-group");
        robot.clickOn("#grid-colour");
        robot.clickOn("By conditions…");
        waitFor("the rule editor", () -> robot.lookup("#colour-rules").query().isVisible()
                && robot.lookup("#colour-rule-0-field-0").tryQuery().isPresent());
        // rule 1: Qty >= 50, red; the condition is the filter bar's own builder
        robot.interact(() -> {
            robot.lookup("#colour-rule-0-field-0").queryAs(javafx.scene.control.ComboBox.class).setValue(qty);
            robot.lookup("#colour-rule-0-colour").queryAs(javafx.scene.control.ColorPicker.class)
                    .setValue(javafx.scene.paint.Color.web("#ff0000"));
        });
        robot.interact(() -> robot.lookup("#colour-rule-0-op-0").queryAs(javafx.scene.control.ComboBox.class)
                .setValue(dev.rowan.model.query.Operator.GTE));
        waitFor("a number input", () -> robot.lookup("#colour-rule-0-value-0").tryQuery().isPresent());
        robot.clickOn("#colour-rule-0-value-0").write("50");
        // rule 2: Qty >= 20, blue
        robot.clickOn("#colour-rules-add");
        waitFor("a second rule", () -> robot.lookup("#colour-rule-1-field-0").tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#colour-rule-1-field-0").queryAs(javafx.scene.control.ComboBox.class).setValue(qty);
            robot.lookup("#colour-rule-1-colour").queryAs(javafx.scene.control.ColorPicker.class)
                    .setValue(javafx.scene.paint.Color.web("#0000ff"));
        });
        robot.interact(() -> robot.lookup("#colour-rule-1-op-0").queryAs(javafx.scene.control.ComboBox.class)
                .setValue(dev.rowan.model.query.Operator.GTE));
        waitFor("a number input", () -> robot.lookup("#colour-rule-1-value-0").tryQuery().isPresent());
        robot.clickOn("#colour-rule-1-value-0").write("20");
        Screenshots.write(desktop.scene(), "colour-rules.png");
        robot.clickOn("#colour-rules-save");

        waitFor("saved", () -> desktop.viewModel().grid().view().get().colours().rules().size() == 2);
        GridConfig stored = (GridConfig) views.list(t).getFirst().config();
        assertThat(stored.colours().rules()).extracting(dev.rowan.model.view.GridGrouping.ColourRule::colour)
                .containsExactly("#ff0000", "#0000ff");
        assertThat(stored.colours().rules().getFirst().filter()).isEqualTo(new dev.rowan.model.query.Filter.Group(
                dev.rowan.model.query.Filter.Logic.AND, List.of(dev.rowan.model.query.Filter.where(
                qty.id().toString(), dev.rowan.model.query.Operator.GTE, new BigDecimal("50")))));
        assertThat(robot.lookup("#colour-rules").query().isVisible()).isFalse();
        java.util.function.Function<Integer, String> styleOf = i -> robot.lookup(".table-row-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableRow<?>) n).filter(r -> r.getIndex() == i).findFirst()
                .map(javafx.scene.Node::getStyle).orElse("?");
        waitFor("rows coloured by the first rule they match", () -> IntStream.range(0, 8).allMatch(i -> {
            int n = ((BigDecimal) desktop.viewModel().grid().loadedRecord(i).value(qty.id())).intValue();
            String style = styleOf.apply(i);
            return n >= 50 ? style.contains("#ff000040") : n >= 20 ? style.contains("#0000ff40")
                    : !style.contains("background");
        }));
        Screenshots.write(desktop.scene(), "colour-rules-applied.png");

        // one undo step takes the rules back, in the view and in the workspace
        robot.interact(() -> desktop.view().grid().table().requestFocus());
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("rules undone", () -> desktop.viewModel().grid().view().get().colours().rules().isEmpty());
        assertThat(((GridConfig) views.list(t).getFirst().config()).colours().rules()).isEmpty();
    }
}
