package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.QueryParser;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter bar of issue 15 (item 13 and its wording): one filter per table's view, a builder that nests AND/OR
 * groups, the JSON as a second view of the same state, operators in words offered per field type, and value pickers
 * that fit the field (options, dates, checkboxes). Drives the real window headless.
 */
class FilterBarTest extends DesktopScreenTest {
    private static final Set<String> API_CODES = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "notIn",
            "contains", "notContains", "startsWith", "endsWith", "isNull", "isNotNull", "between");




    private long rows() {
        return desktop.viewModel().grid().rowCount().get();
    }

    @SuppressWarnings("unchecked")
    private <T> ComboBox<T> combo(FxRobot robot, String id) {
        WaitForAsyncUtils.waitForFxEvents();
        return (ComboBox<T>) robot.lookup(id).query();
    }

    /** The operator labels a condition offers, as shown. */
    private List<String> operatorLabels(FxRobot robot, String id) {
        ComboBox<Object> op = combo(robot, id);
        return op.getItems().stream().map(o -> op.getConverter().toString(o)).toList();
    }

    private String shown(FxRobot robot, String id) {
        ComboBox<Object> c = combo(robot, id);
        return c.getConverter().toString(c.getValue());
    }

    /** Opens a combo box and clicks the item with that text in its popup. */
    private void pick(FxRobot robot, String comboId, String item) {
        robot.clickOn(comboId);
        WaitForAsyncUtils.waitForFxEvents();
        Node cell = robot.lookup((Node n) -> n instanceof ListCell<?> c && item.equals(c.getText()) && c.isVisible()
                && n.getScene() != desktop.scene()).query();
        assertThat(cell).as("item %s of %s", item, comboId).isNotNull();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(FxRobot robot, String id) {
        if (robot == null) return "";
        return ((Labeled) robot.lookup(id).query()).getText();
    }

    private static Node node(FxRobot robot, String id) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(id).query();
    }

    private static boolean exists(FxRobot robot, String id) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(id).tryQuery().isPresent();
    }

    private TableDef table() {
        return desktop.viewModel().grid().table().get();
    }

    @Test
    void builderNestsGroupsSpeaksInWordsAndKeepsOneFilterPerTable(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> rows() == 4 && "Projects".equals(desktop.viewModel().tableTitle().get()));
        robot.clickOn("#grid-filter-toggle");
        assertThat(exists(robot, "#filter-field-0")).as("no condition before adding one").isFalse();

        // a select: operators in words, none of them API codes; "is any of" picks among the options
        robot.clickOn("#filter-add");
        pick(robot, "#filter-field-0", "Status");
        assertThat(operatorLabels(robot, "#filter-op-0"))
                .containsExactly("is", "is not", "is any of", "is none of", "is empty", "is not empty");
        pick(robot, "#filter-op-0", "is any of");
        Node statusValue = robot.lookup("#filter-value-0").query();
        assertThat(statusValue).isInstanceOf(CheckComboBox.class);
        @SuppressWarnings("unchecked")
        CheckComboBox<String> statuses = (CheckComboBox<String>) statusValue;
        assertThat(statuses.getItems()).containsExactly("Planned", "Active", "Done");
        robot.interact(() -> {
            statuses.getCheckModel().check("Active");
            statuses.getCheckModel().check("Planned");
        });
        assertThat(text(robot, "#grid-filter-toggle")).as("nothing applied yet").isEqualTo("Filter");
        robot.clickOn("#filter-apply");
        waitFor("Active or Planned", () -> rows() == 3);
        // the button says the view is filtered, and by how many conditions
        assertThat(text(robot, "#grid-filter-toggle")).isEqualTo("Filter (1)");

        // a number: comparisons, no "contains"
        robot.clickOn("#filter-add");
        pick(robot, "#filter-field-1", "Budget");
        List<String> budgetOps = operatorLabels(robot, "#filter-op-1");
        assertThat(budgetOps).contains("is", "greater than", "less than", "is between", "is empty")
                .doesNotContain("contains", "starts with");
        for (String l : budgetOps) assertThat(API_CODES).as("label %s", l).doesNotContain(l);
        pick(robot, "#filter-op-1", "greater than");
        robot.clickOn("#filter-value-1").write("20000");
        assertThat(robot.lookup("#filter-pending").query().isVisible()).as("edits not yet applied are marked").isTrue();
        robot.type(KeyCode.ENTER);
        waitFor("Budget > 20000 as well", () -> rows() == 2);

        // a nested OR group, and one more level inside it; no fourth level
        robot.clickOn("#filter-add-group");
        waitFor("group added", () -> robot.lookup("#filter-field-2_0").tryQuery().isPresent());
        assertThat(shown(robot, "#filter-logic-2")).isEqualTo("any");
        robot.clickOn("#filter-add-group-2");
        waitFor("level 3", () -> robot.lookup("#filter-add-group-2_1").tryQuery().isPresent());
        assertThat(((Button) robot.lookup("#filter-add-group-2_1").query()).isDisabled()).as("no 4th level").isTrue();
        assertThat(((Button) robot.lookup("#filter-add-group-2").query()).isDisabled()).isFalse();
        robot.clickOn("#filter-remove-2_1");
        waitFor("level 3 removed", () -> robot.lookup("#filter-add-group-2_1").tryQuery().isEmpty());
        // a checkbox gets a checkbox, a date a date picker
        pick(robot, "#filter-field-2_0", "Archived");
        assertThat((Object) node(robot, "#filter-value-2_0")).isInstanceOf(CheckBox.class);
        assertThat(operatorLabels(robot, "#filter-op-2_0")).containsExactly("is");
        robot.clickOn("#filter-add-2");
        pick(robot, "#filter-field-2_1", "Due");
        assertThat(operatorLabels(robot, "#filter-op-2_1")).contains("is after", "is before").doesNotContain("contains");
        pick(robot, "#filter-op-2_1", "is after");
        assertThat((Object) node(robot, "#filter-value-2_1")).isInstanceOf(DatePicker.class);
        robot.interact(() -> ((DatePicker) robot.lookup("#filter-value-2_1").query()).setValue(LocalDate.of(2026, 8, 1)));
        robot.clickOn("#filter-json-toggle");
        robot.clickOn("#filter-apply");
        // (Active or Planned) and Budget > 20000 and (not archived or due after August): both still match
        waitFor("nested filter applied", () -> rows() == 2 && !robot.lookup("#filter-pending").query().isVisible());
        Filter applied = desktop.viewModel().grid().view().get().filter();
        assertThat(applied).isInstanceOfSatisfying(Filter.Group.class, g -> {
            assertThat(g.logic()).isEqualTo(Filter.Logic.AND);
            assertThat(g.conditions()).hasSize(3);
            assertThat(g.conditions().get(2)).isInstanceOfSatisfying(Filter.Group.class,
                    inner -> assertThat(inner.logic()).isEqualTo(Filter.Logic.OR));
        });
        // the JSON view says exactly what is applied
        String jsonShown = ((TextArea) robot.lookup("#filter-json").query()).getText();
        assertThat(JsonText.write(RecordQuery.filterTree(table(), QueryParser.parseFilter(jsonShown))))
                .isEqualTo(JsonText.write(RecordQuery.filterTree(table(), applied)));
        Screenshots.write(desktop.scene(), "filter-builder.png");

        // editing the JSON rebuilds the builder: the two never disagree
        robot.clickOn("#filter-json").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL)
                .write("{\"field\":\"Status\",\"operator\":\"eq\",\"value\":\"Done\"}");
        waitFor("builder follows the JSON", () -> robot.lookup("#filter-field-1").tryQuery().isEmpty()
                && "Status".equals(shown(robot, "#filter-field-0")));
        assertThat(shown(robot, "#filter-op-0")).isEqualTo("is");
        assertThat((Object) node(robot, "#filter-value-0")).isInstanceOfSatisfying(ComboBox.class,
                c -> assertThat(c.getValue()).isEqualTo("Done"));
        assertThat(robot.lookup("#filter-pending").query().isVisible()).isTrue();
        robot.clickOn("#filter-apply");
        waitFor("only Done", () -> rows() == 1);

        // another table shows its own (empty) filter, never the conditions of Projects
        robot.clickOn("Tasks");
        waitFor("Tasks open", () -> "Tasks".equals(desktop.viewModel().tableTitle().get()) && rows() == 5);
        assertThat(text(robot, "#grid-filter-toggle")).as("Tasks has no filter").isEqualTo("Filter");
        assertThat(exists(robot, "#filter-field-0")).isFalse();
        assertThat(((TextArea) robot.lookup("#filter-json").query()).getText()).isEmpty();
        robot.clickOn("#filter-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#filter-message")).doesNotContain("Unknown field").doesNotContain("Status");
        assertThat(rows()).isEqualTo(5);
        robot.clickOn("#filter-add");
        assertThat(combo(robot, "#filter-field-0").getItems()).extracting(f -> ((dev.rowan.model.schema.FieldDef) f).name())
                .containsExactly("Title", "Project", "Priority", "Estimate (h)", "Tags", "Notes");
        pick(robot, "#filter-field-0", "Tags");
        assertThat(operatorLabels(robot, "#filter-op-0"))
                .containsExactly("has", "does not have", "has any of", "has none of", "is empty", "is not empty");
        assertThat((Object) node(robot, "#filter-value-0")).isInstanceOfSatisfying(ComboBox.class,
                c -> assertThat(c.getItems()).containsExactly("design", "backend", "ops", "legal"));
        pick(robot, "#filter-value-0", "backend");
        robot.clickOn("#filter-apply");
        waitFor("tasks tagged backend", () -> rows() == 2);

        // and back: Projects kept its own filter
        robot.clickOn("Projects");
        waitFor("Projects again", () -> "Projects".equals(desktop.viewModel().tableTitle().get()) && rows() == 1);
        assertThat(shown(robot, "#filter-field-0")).isEqualTo("Status");
        assertThat(exists(robot, "#filter-field-1")).isFalse();
        AtomicReference<String> json = new AtomicReference<>();
        robot.interact(() -> json.set(((TextArea) robot.lookup("#filter-json").query()).getText()));
        assertThat(json.get()).contains("Done").doesNotContain("backend");

        // JSON that names another table's field is refused where it is typed, and nothing is applied
        robot.clickOn("#filter-json").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL)
                .write("{\"field\":\"Tags\",\"operator\":\"contains\",\"value\":\"ops\"}");
        waitFor("error shown", () -> text(robot, "#filter-json-error").contains("Unknown field 'Tags'"));
        robot.clickOn("#filter-apply");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rows()).isEqualTo(1);
        assertThat(shown(robot, "#filter-field-0")).as("the builder kept the last valid state").isEqualTo("Status");

        robot.clickOn("#filter-clear");
        waitFor("cleared", () -> rows() == 4 && desktop.viewModel().grid().view().get().filter() == null);
    }
}
