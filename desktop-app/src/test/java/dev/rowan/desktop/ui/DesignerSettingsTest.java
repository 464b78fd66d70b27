package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.kinds.PrecisionSettings;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 items 9 and 15 (designer): every numeric setting shows its stored value (Decimal places showed 0 for a
 * field set to 2), a rename says "Renamed" and converts nothing, the type-change preview counts the failures it
 * does not list ("and 1 more"), offers to empty the values that cannot convert, and the labels keep their width
 * while a long error shows.
 */
class DesignerSettingsTest extends DesktopScreenTest {




    private void select(FxRobot robot, String field) {
        FieldDef f = desktop.viewModel().designer().fields().stream().filter(x -> x.name().equals(field)).findFirst()
                .orElseThrow();
        Node cell = robot.lookup((Node n) -> n instanceof javafx.scene.control.ListCell<?> c && c.getItem() == f).query();
        robot.clickOn(cell);
        waitFor(field + " selected", () -> desktop.viewModel().designer().selected().get() != null
                && desktop.viewModel().designer().selected().get().name().equals(field));
    }

    @SuppressWarnings("unchecked")
    private Spinner<Integer> precision(FxRobot robot) {
        return (Spinner<Integer>) robot.lookup("#designer-precision").query();
    }

    private void assertPrecisionShown(FxRobot robot, int expected) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(precision(robot).getValue()).as("spinner value").isEqualTo(expected);
        assertThat(precision(robot).getEditor().getText()).as("spinner text").isEqualTo(Integer.toString(expected));
        assertThat(precision(robot).isVisible() && precision(robot).getScene() != null).isTrue();
    }

    private String text(FxRobot robot, String id) {
        return ((TextField) robot.lookup(id).query()).getText();
    }

    private FieldType typeOf(String name) {
        TableDef t = desktop.viewModel().designer().table().get();
        return t.field(name).orElseThrow().type();
    }

    /** The designer's labels show their whole text (a squeezed label shows "…"). */
    private void assertLabelsWhole(FxRobot robot) {
        robot.interact(() -> {
            desktop.scene().getRoot().applyCss();
            desktop.scene().getRoot().layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> shown = new ArrayList<>();
        for (String name : List.of("Name", "Type", "Rules", "Default", "Description", "Validation", "Decimal places")) {
            for (Node n : robot.lookup((Node x) -> x instanceof Label l && name.equals(l.getText()) && x.isVisible()
                    && x.getScene() == desktop.scene()).queryAll()) {
                Text t = (Text) n.lookup(".text");
                if (t != null) shown.add(t.getText());
            }
        }
        assertThat(shown).hasSizeGreaterThanOrEqualTo(6).noneMatch(s -> s.contains("…") || s.endsWith("..."));
    }

    @Test
    void numericSettingsShowTheirStoredValuesAndTypeChangesSayWhatTheyDo(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> desktop.viewModel().grid().rowCount().get() == 4);
        robot.clickOn("#tab-fields");

        // Budget is stored with 2 decimal places: coming from a text field, a percent or itself, it shows 2
        select(robot, "Name");
        select(robot, "Budget");
        assertPrecisionShown(robot, 2);
        assertThat(text(robot, "#designer-currency")).isEqualTo("EUR");
        select(robot, "Progress");
        assertPrecisionShown(robot, 0);
        select(robot, "Budget");
        assertPrecisionShown(robot, 2);
        // the up arrow goes from the stored value
        robot.clickOn(precision(robot).lookup(".increment-arrow-button"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((PrecisionSettings) desktop.viewModel().designer().settings().get()).precision().get()).isEqualTo(3);
        assertPrecisionShown(robot, 3);
        select(robot, "Progress");
        select(robot, "Budget");
        assertPrecisionShown(robot, 2);

        // min and max come back as stored
        robot.clickOn(robot.lookup((Node n) -> n instanceof TextField tf && "min".equals(tf.getPromptText())).queryAs(TextField.class)).write("0");
        robot.clickOn(robot.lookup((Node n) -> n instanceof TextField tf && "max".equals(tf.getPromptText())).queryAs(TextField.class)).write("90000.5");
        robot.clickOn("#designer-apply");
        waitFor("saved", () -> desktop.viewModel().designer().message().get().equals("Saved"));
        select(robot, "Name");
        select(robot, "Budget");
        assertThat(desktop.viewModel().designer().min().get()).isEqualTo("0");
        assertThat(desktop.viewModel().designer().max().get()).isEqualTo("90000.5");
        assertPrecisionShown(robot, 2);

        // a rename converts nothing and says so
        robot.clickOn("#designer-name").press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL)
                .write("Budget (EUR)");
        robot.clickOn("#designer-apply");
        waitFor("renamed", () -> desktop.viewModel().designer().message().get().equals("Renamed to Budget (EUR)"));
        assertThat(typeOf("Budget (EUR)")).isEqualTo(new FieldType.Currency("EUR", 2));
        assertPrecisionShown(robot, 2);

        // the other table's number field (1 decimal place)
        robot.clickOn("Tasks");
        waitFor("Tasks open", () -> "Tasks".equals(desktop.viewModel().tableTitle().get()));
        select(robot, "Estimate (h)");
        assertPrecisionShown(robot, 1);
        // a number field's thousands separator: on by default; off is stored with the type
        CheckBox thousands = robot.lookup("#designer-thousands").queryAs(CheckBox.class);
        assertThat(thousands.isSelected()).isTrue();
        robot.clickOn(thousands);
        Screenshots.write(desktop.scene(), "designer-number.png");
        robot.clickOn("#designer-apply");
        waitFor("saved without separators", () -> new FieldType.NumberType(1, false).equals(typeOf("Estimate (h)")));
        select(robot, "Title");
        select(robot, "Estimate (h)");
        assertThat(robot.lookup("#designer-thousands").queryAs(CheckBox.class).isSelected()).isFalse();

        // a type change where 6 of 9 titles are not numbers: 5 listed, "and 1 more", and the choice to empty them
        TableDef tasks = desktop.viewModel().designer().table().get();
        FieldDef title = tasks.field("Title").orElseThrow();
        robot.interact(() -> {
            RecordStore records = new RecordStore(desktop.viewModel().workspace());
            for (String s : List.of("10", "20", "30", "Misc")) records.insert(tasks, Map.of(title.id(), s));
        });
        robot.interact(() -> stage.setWidth(1000));
        select(robot, "Title");
        robot.clickOn("#designer-kind").clickOn("Number");
        robot.clickOn("#designer-preview");
        waitFor("preview", () -> desktop.viewModel().designer().preview().get().contains("cannot"));
        String preview = desktop.viewModel().designer().preview().get();
        assertThat(preview).startsWith("3 of 9 values convert to Number; 6 cannot:").contains("… and 1 more");
        assertThat(preview.lines().filter(l -> l.startsWith("  '")).count()).isEqualTo(5);
        CheckBox clear = robot.lookup("#designer-clear-invalid").queryAs(CheckBox.class);
        assertThat(clear.isVisible()).isTrue();
        assertThat(clear.getText()).isEqualTo("Empty the 6 values that cannot convert, and apply");
        // refused without the choice; the labels keep their width beside the long error
        robot.clickOn("#designer-apply");
        waitFor("refused", () -> desktop.viewModel().designer().message().get().contains("cannot become number"));
        assertThat(typeOf("Title")).isEqualTo(new FieldType.Text());
        assertLabelsWhole(robot);
        // in a narrow window too (there the old layout shrank every label to "...")
        robot.interact(() -> stage.setWidth(760));
        assertLabelsWhole(robot);
        robot.interact(() -> stage.setWidth(1280));
        Screenshots.write(desktop.scene(), "designer-type-change.png");

        // scrolled into view as a person would, then ticked
        robot.interact(() -> {
            for (javafx.scene.Parent p = clear.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) sp.setVvalue(sp.getVmax());
            }
        });
        robot.clickOn("#designer-clear-invalid");
        assertThat(desktop.viewModel().designer().clearInvalid().get()).isTrue();
        robot.clickOn("#designer-apply");
        waitFor("converted", () -> typeOf("Title").equals(new FieldType.NumberType(0)));
        assertThat(desktop.viewModel().designer().message().get())
                .isEqualTo("Changed Title to Number; 3 values converted; 6 values emptied");
        TableDef after = desktop.viewModel().designer().table().get();
        List<Object> values = new ArrayList<>();
        new RecordStore(desktop.viewModel().workspace()).page(after, null, List.of(), null, 100).rows()
                .forEach(r -> values.add(r.value(title.id())));
        assertThat(values.stream().filter(Objects::nonNull).toList())
                .containsExactlyInAnyOrder(new BigDecimal("10"), new BigDecimal("20"), new BigDecimal("30"));
        assertThat(values).hasSize(9);
    }
}
