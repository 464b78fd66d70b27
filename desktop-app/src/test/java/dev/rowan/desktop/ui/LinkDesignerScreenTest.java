package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.kinds.LinkSettings;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.RollupFunction;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The designer's Link, Lookup and Rollup panes in the real window: a link to another table with the other side's
 * field named, made offline with its pair and junction and queued as one field create; a lookup and a rollup whose
 * choices are only what the shared rules accept; their values computed by the workspace.
 */
class LinkDesignerScreenTest extends DesktopScreenTest {

    private void settle() {
        for (int i = 0; i < 5; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            waitFor("background work", () -> desktop.executor().running().get() == 0);
        }
    }

    /** Picks an item of the "+ Field" menu (the menu of every kind is taller than the test window). */
    private static void add(FxRobot robot, String id) {
        javafx.scene.control.MenuButton menu = robot.lookup("#designer-add").queryAs(javafx.scene.control.MenuButton.class);
        robot.interact(() -> AddEveryKindScreenTest.items(menu.getItems()).filter(i -> id.equals(i.getId())).findFirst()
                .orElseThrow().fire());
    }

    @Test
    @SuppressWarnings("unchecked")
    void linkLookupAndRollupAreMadeInTheDesigner(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Work").id();
        TableDef tasks = schema.createTable(app, null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Hours", new FieldType.NumberType(1)),
                FieldDef.of(UUID.randomUUID(), "Tags", new FieldType.MultipleSelect(List.of()))));
        TableDef projects = schema.createTable(app, null, "Projects", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        Row a = records.insert(tasks, Map.of(tasks.fields().get(0).id(), "Write", tasks.fields().get(1).id(), new BigDecimal("2.5")));
        Row b = records.insert(tasks, Map.of(tasks.fields().get(0).id(), "Test", tasks.fields().get(1).id(), new BigDecimal("4")));
        Row launch = records.insert(projects, Map.of(projects.fields().get(0).id(), "Launch"));
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(projects.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> desktop.viewModel().grid().table().get() != null);
        robot.clickOn("#tab-fields");
        settle();

        // + Field → Link: a new field listed with its pane; the other table is offered first, this one too
        add(robot, "add-link");
        settle();
        ComboBox<LinkSettings.Choice> table = robot.lookup("#designer-link-table").queryComboBox();
        assertThat(table.getItems()).extracting(LinkSettings.Choice::name)
                .containsExactlyInAnyOrder("Tasks", "Projects (this table)");
        assertThat(table.getValue().name()).isEqualTo("Tasks");
        robot.clickOn("#designer-name").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A)
                .release(KeyCode.CONTROL).write("Work items");
        TextField inverse = robot.lookup("#designer-link-inverse").queryAs(TextField.class);
        assertThat(inverse.getText()).isEqualTo("Projects");
        robot.clickOn(inverse).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL)
                .write("Project");
        Screenshots.write(desktop.scene(), "link-settings.png");
        robot.clickOn("#designer-apply");
        settle();
        FieldDef link = schema.table(projects.id()).field("Work items").orElseThrow();
        FieldType.Link lt = (FieldType.Link) link.type();
        assertThat(lt.targetTable()).isEqualTo(tasks.id());
        assertThat(lt.junction()).isEqualTo(link.id());
        FieldDef back = schema.table(tasks.id()).field("Project").orElseThrow();
        assertThat(back.id()).isEqualTo(lt.inverseField());
        assertThat(((FieldType.Link) back.type()).targetTable()).isEqualTo(projects.id());
        // one field create queued, naming the inverse's id and name so the server makes the same pair
        List<Mutation> creates = Outbox.pending(desktop.viewModel().workspace(), 1000).stream()
                .filter(m -> m.entity() == Mutation.Entity.FIELD && m.op() == Mutation.Op.CREATE
                        && m.entityId().equals(link.id())).toList();
        assertThat(creates).hasSize(1);
        assertThat(creates.getFirst().payload()).contains("\"inverseName\":\"Project\"")
                .contains(back.id().toString());
        // a saved link keeps its table
        assertThat(robot.lookup("#designer-link-table").queryComboBox().isDisabled()).isTrue();
        records.setLinks(schema.table(projects.id()), launch.id(), link, List.of(a.id(), b.id()));

        // + Field → Lookup: the link field and a field of Tasks it may read (not the multiple select)
        add(robot, "add-lookup");
        settle();
        ComboBox<LinkSettings.Choice> target = robot.lookup("#designer-link-target").queryComboBox();
        assertThat(robot.lookup("#designer-link-field").queryComboBox().getValue().toString()).isEqualTo("Work items");
        assertThat(target.getItems()).extracting(LinkSettings.Choice::name).contains("Title", "Hours")
                .doesNotContain("Tags", "Project");
        robot.clickOn("#designer-apply");
        settle();

        // + Field → Rollup over Hours: the functions offered are those that apply to numbers
        add(robot, "add-rollup");
        settle();
        ComboBox<LinkSettings.Choice> rollTarget = robot.lookup("#designer-link-target").queryComboBox();
        robot.interact(() -> rollTarget.getSelectionModel().select(rollTarget.getItems().stream()
                .filter(c -> c.name().equals("Hours")).findFirst().orElseThrow()));
        ComboBox<RollupFunction> fn = robot.lookup("#designer-rollup-function").queryComboBox();
        assertThat(fn.getItems()).contains(RollupFunction.SUM, RollupFunction.AVG).doesNotContain(RollupFunction.AND);
        robot.interact(() -> fn.setValue(RollupFunction.SUM));
        // only the linked tasks of more than 3 hours, with the filter bar's condition editor over Tasks
        robot.clickOn("#rollup-filter-add");
        dev.rowan.desktop.filter.FilterBarViewModel rf = desktop.viewModel().designer().rollupFilter().get();
        assertThat(rf.fields()).extracting(FieldDef::name).contains("Title", "Hours");
        robot.interact(() -> {
            var c = (dev.rowan.desktop.filter.FilterBarViewModel.Condition) rf.root().parts().getFirst();
            c.field().set(rf.fields().stream().filter(f -> f.name().equals("Hours")).findFirst().orElseThrow());
            c.operator().set(dev.rowan.model.query.Operator.GT);
            c.value().set(new BigDecimal("3"));
        });
        settle();
        Screenshots.write(desktop.scene(), "rollup-settings.png");
        robot.clickOn("#designer-apply");
        settle();
        TableDef p = schema.table(projects.id());
        assertThat(p.field("Field 3").map(f -> f.type() instanceof FieldType.Lookup).orElse(false)).isTrue();
        FieldDef rollup = p.activeFields().stream().filter(f -> f.type() instanceof FieldType.Rollup).findFirst().orElseThrow();
        assertThat(((FieldType.Rollup) rollup.type()).function()).isEqualTo(RollupFunction.SUM);
        Row row = records.byId(p, launch.id()).orElseThrow();
        assertThat(((FieldType.Rollup) rollup.type()).filter()).isNotNull();
        assertThat(((BigDecimal) row.value(rollup.id())).compareTo(new BigDecimal("4"))).isZero();
        assertThat(String.valueOf(row.value(p.field("Field 3").orElseThrow().id()))).contains("Write").contains("Test");
        // and a text field cannot become a link (the server refuses it too)
        robot.interact(() -> desktop.viewModel().designer().select(p.field("Name").orElseThrow()));
        robot.interact(() -> desktop.viewModel().designer().kind().set("link"));
        robot.clickOn("#designer-apply");
        settle();
        assertThat(desktop.viewModel().designer().message().get()).contains("add a new field instead");
    }
}
