package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.form.RecordFormView;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.formula.FormulaType;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How computed values read in the real grid and form: numeric results (a formula, a rollup, a lookup of numbers) sit
 * to the right like number fields, text ones to the left — one rule from the type the values show as; a formula
 * that failed for a record (division by zero) shows "#DIV/0!" marked, with the reason as tooltip, in the grid and in
 * the form, never an empty cell.
 */
class ComputedDisplayScreenTest extends DesktopScreenTest {

    private static Optional<TableCell<?, ?>> cell(FxRobot robot, String columnName, String text) {
        return robot.lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && columnName.equals(c.getTableColumn().getText()) && text.equals(((Labeled) n).getText()))
                .<TableCell<?, ?>>map(n -> (TableCell<?, ?>) n).findFirst();
    }

    /** The first cell of a column that shows something. */
    private static Optional<TableCell<?, ?>> filled(FxRobot robot, String columnName) {
        return robot.lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && columnName.equals(c.getTableColumn().getText()) && ((Labeled) n).getText() != null
                        && !((Labeled) n).getText().isEmpty())
                .<TableCell<?, ?>>map(n -> (TableCell<?, ?>) n).findFirst();
    }

    @Test
    void numericResultsSitRightAndFormulaErrorsShowTheirMarker(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        TableDef tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Hours", new FieldType.NumberType(1))));
        schema.addField(tasks.id(), FieldDef.of(UUID.randomUUID(), "Per hour",
                new FieldType.Formula("10 / {Hours}", FormulaType.NUMBER)));
        schema.addField(tasks.id(), FieldDef.of(UUID.randomUUID(), "Shout",
                new FieldType.Formula("UPPER({Title})", FormulaType.TEXT)));
        TableDef projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID linkId = UUID.randomUUID();
        FieldDef link = schema.addField(projects.id(), FieldDef.of(linkId, "Tasks",
                new FieldType.Link(tasks.id(), null, false, linkId, true)));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Task hours",
                new FieldType.Lookup(linkId, tasks.fields().get(1).id(), new FieldType.NumberType(1))));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Titles",
                new FieldType.Lookup(linkId, tasks.fields().get(0).id(), new FieldType.Text())));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Total",
                new FieldType.Rollup(linkId, tasks.fields().get(1).id(), RollupFunction.SUM, null,
                        new FieldType.NumberType(0))));
        TableDef t = schema.table(tasks.id());
        Row write = records.insert(t, Map.of(t.fields().get(0).id(), "write", t.fields().get(1).id(),
                new BigDecimal("2.5")));
        Row idle = records.insert(t, Map.of(t.fields().get(0).id(), "idle", t.fields().get(1).id(), BigDecimal.ZERO));
        TableDef p = schema.table(projects.id());
        Row launch = records.insert(p, Map.of(p.fields().get(0).id(), "Launch"));
        records.setLinks(p, launch.id(), link, List.of(write.id(), idle.id()));

        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("tasks open", () -> desktop.viewModel().grid().table().get() != null
                && !desktop.viewModel().grid().loading().get() && cell(robot, "Per hour", "4").isPresent());
        TableCell<?, ?> good = cell(robot, "Per hour", "4").orElseThrow();
        assertThat(good.getStyleClass()).as("a numeric formula sits right").contains("numeric-cell");
        TableCell<?, ?> error = cell(robot, "Per hour", "#DIV/0!").orElseThrow(() ->
                new AssertionError("no #DIV/0! cell"));
        assertThat(error.getStyleClass()).contains("cell-invalid", "numeric-cell");
        assertThat(error.getTooltip()).isNotNull();
        assertThat(error.getTooltip().getText()).isEqualTo("division by zero");
        assertThat(cell(robot, "Shout", "WRITE").orElseThrow().getStyleClass()).as("a text formula sits left")
                .doesNotContain("numeric-cell");
        Screenshots.write(desktop.scene(), "grid-formula-errors.png");

        // the form shows the same marker, right-aligned, with the reason
        robot.interact(() -> {
            var table = desktop.view().grid().table();
            int row = table.getItems().size() > 1 && error.getIndex() >= 0 ? error.getIndex() : 0;
            table.getSelectionModel().clearAndSelect(row, table.getColumns().get(1));
            table.getFocusModel().focus(row, table.getColumns().get(1));
        });
        robot.clickOn("#grid-form");
        waitFor("form shows the error", () -> formField(robot, "form-field-Per_hour").map(TextField::getText)
                .filter("#DIV/0!"::equals).isPresent());
        TextField perHour = formField(robot, "form-field-Per_hour").orElseThrow();
        assertThat(perHour.getStyleClass()).contains(RecordFormView.ERROR_VALUE);
        assertThat(perHour.getAlignment()).isEqualTo(Pos.CENTER_RIGHT);
        assertThat(perHour.getTooltip().getText()).isEqualTo("division by zero");
        assertThat(formField(robot, "form-field-Shout").orElseThrow().getAlignment()).as("a text result")
                .isNotEqualTo(Pos.CENTER_RIGHT);
        Screenshots.write(desktop.scene(), "form-formula-error.png");

        // projects: a rollup and a lookup of numbers sit right, a lookup of titles left
        robot.clickOn("#tab-grid");
        robot.interact(() -> desktop.viewModel().navigator().find(p.id())
                .ifPresent(desktop.viewModel().navigator()::select));
        waitFor("projects open", () -> filled(robot, "Total").isPresent() && filled(robot, "Task hours").isPresent());
        assertThat(filled(robot, "Total").orElseThrow().getText()).isEqualTo("2.5");
        assertThat(filled(robot, "Total").orElseThrow().getStyleClass()).contains("numeric-cell");
        assertThat(filled(robot, "Task hours").orElseThrow().getText()).as("in the looked-up field's format")
                .isEqualTo("2.5, 0.0");
        assertThat(filled(robot, "Task hours").orElseThrow().getStyleClass()).contains("numeric-cell");
        assertThat(filled(robot, "Titles").orElseThrow().getText()).isEqualTo("write, idle");
        assertThat(filled(robot, "Titles").orElseThrow().getStyleClass()).doesNotContain("numeric-cell");
        Screenshots.write(desktop.scene(), "grid-computed-alignment.png");
    }

    private Optional<TextField> formField(FxRobot robot, String id) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup((Node n) -> n instanceof TextField && id.equals(n.getId()) && n.getScene() == desktop.scene())
                .tryQuery().map(n -> (TextField) n);
    }
}
