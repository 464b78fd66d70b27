package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.formula.FormulaType;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A formula over a rollup or a lookup that fails for a record shows its error marker in the desktop's grid like any
 * other formula (issue 12, h-fieldgaps), while a good value shows the value.
 */
class LinkFormulaErrorsScreenTest extends DesktopScreenTest {

    private static Optional<TableCell<?, ?>> cell(FxRobot robot, String columnName, String text) {
        return robot.lookup(".table-cell").queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null
                        && columnName.equals(c.getTableColumn().getText()) && text.equals(((Labeled) n).getText()))
                .<TableCell<?, ?>>map(n -> (TableCell<?, ?>) n).findFirst();
    }

    @Test
    void formulasOverRollupsAndLookupsShowTheirErrorMarker(FxRobot robot) {
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
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Titles",
                new FieldType.Lookup(linkId, tasks.fields().get(0).id(), new FieldType.Text())));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Total",
                new FieldType.Rollup(linkId, tasks.fields().get(1).id(), RollupFunction.SUM, null,
                        new FieldType.NumberType(1))));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Per hour",
                new FieldType.Formula("100 / {Total}", FormulaType.NUMBER)));
        schema.addField(projects.id(), FieldDef.of(UUID.randomUUID(), "Per task",
                new FieldType.Formula("100 / COUNTA({Titles})", FormulaType.NUMBER)));
        TableDef t = schema.table(tasks.id());
        Row idle = records.insert(t, Map.of(t.fields().get(0).id(), "idle", t.fields().get(1).id(), BigDecimal.ZERO));
        Row busy = records.insert(t, Map.of(t.fields().get(0).id(), "busy", t.fields().get(1).id(),
                new BigDecimal("4")));
        TableDef p = schema.table(projects.id());
        Row lazy = records.insert(p, Map.of(p.fields().get(0).id(), "lazy"));
        records.setLinks(p, lazy.id(), link, List.of(idle.id()));
        Row good = records.insert(p, Map.of(p.fields().get(0).id(), "good"));
        records.setLinks(p, good.id(), link, List.of(busy.id()));
        records.insert(p, Map.of(p.fields().get(0).id(), "none"));

        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(p.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("projects open", () -> desktop.viewModel().grid().table().get() != null
                && !desktop.viewModel().grid().loading().get() && cell(robot, "Per hour", "25").isPresent());
        TableCell<?, ?> error = cell(robot, "Per hour", "#DIV/0!").orElseThrow(() ->
                new AssertionError("no #DIV/0! cell over the rollup"));
        assertThat(error.getStyleClass()).contains("cell-invalid");
        assertThat(error.getTooltip().getText()).isEqualTo("division by zero");
        assertThat(cell(robot, "Per task", "#DIV/0!")).as("the count of an empty lookup").isPresent();
        assertThat(cell(robot, "Per task", "100")).as("one task").isPresent();
        Screenshots.write(desktop.scene(), "grid-link-formula-errors.png");
    }
}
