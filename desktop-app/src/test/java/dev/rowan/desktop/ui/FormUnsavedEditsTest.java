package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 6: the record form never throws away edits. Leaving it (Grid tab, another table) saves valid edits;
 * edits that cannot be saved bring a question (Discard changes / Keep editing), and keeping them keeps the user on
 * the form with the text as typed.
 */
class FormUnsavedEditsTest extends DesktopScreenTest {




    private Object stored(String fieldName) {
        TableDef t = desktop.viewModel().grid().table().get();
        FieldDef f = t.field(fieldName).orElseThrow();
        Row first = desktop.viewModel().grid().loadedRecord(0);
        return first == null ? "<not loaded>" : first.value(f.id());
    }

    private String selectedTab() {
        return desktop.view().tabs().getSelectionModel().getSelectedItem().getId();
    }

    /** The form's editor for a field: the text box in the row of its label (found by place, as a person does). */
    private TextField field(FxRobot robot, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        Node label = robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l && n.getScene() == desktop.scene()
                && l.getParent() instanceof javafx.scene.layout.GridPane && shown(n)
                && (name.equals(l.getText()) || (name + " *").equals(l.getText()))).query();
        assertThat(label).as("label %s on screen", name).isNotNull();
        Integer row = javafx.scene.layout.GridPane.getRowIndex(label);
        return (TextField) label.getParent().getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof TextField && java.util.Objects.equals(javafx.scene.layout.GridPane.getRowIndex(n), row))
                .findFirst().orElseThrow();
    }

    private static boolean shown(Node n) {
        for (Node x = n; x != null; x = x.getParent()) if (!x.isVisible()) return false;
        return true;
    }

    private void replace(FxRobot robot, Node field, String text) {
        robot.clickOn(field).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL).write(text);
    }

    private Optional<DialogPane> dialog(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.listWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .filter(s -> s != null && s.getRoot() instanceof DialogPane).map(s -> (DialogPane) s.getRoot()).findFirst();
    }

    @Test
    void leavingTheFormSavesValidEditsAndAsksAboutEditsThatCannotBeSaved(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> desktop.viewModel().grid().rowCount().get() == 4
                && desktop.viewModel().grid().loadedRecord(0) != null);
        robot.interact(() -> {
            desktop.view().grid().table().getSelectionModel().clearAndSelect(0, desktop.view().grid().table().getColumns().get(1));
            desktop.view().grid().table().getFocusModel().focus(0, desktop.view().grid().table().getColumns().get(1));
        });
        robot.clickOn("#grid-form");
        waitFor("record open in the form", () -> "tab-form".equals(selectedTab()));
        assertThat(field(robot, "Name").getText()).isEqualTo("Website relaunch");

        // valid edits are saved when the user switches to the grid (they used to vanish)
        replace(robot, field(robot, "Name"), "Website relaunch 2026");
        robot.clickOn("#tab-grid");
        waitFor("saved on leaving", () -> "Website relaunch 2026".equals(stored("Name")));
        assertThat(selectedTab()).isEqualTo("tab-grid");
        assertThat(dialog(robot)).as("no question for edits that could be saved").isEmpty();
        assertThat(desktop.viewModel().status().get()).contains("Saved your changes");

        // edits that cannot be saved: the user is asked, and "Keep editing" keeps the form and the text
        robot.clickOn("#tab-form");
        replace(robot, field(robot, "Budget"), "lots");
        robot.clickOn("#tab-grid");
        waitFor("question shown", () -> dialog(robot).isPresent());
        DialogPane question = dialog(robot).orElseThrow();
        assertThat(question.getContentText()).contains("Budget").contains("cannot be saved");
        DialogScreenshots.write(desktop.scene(), question.getScene(), "form-unsaved.png");
        robot.clickOn("Keep editing");
        waitFor("back on the form", () -> dialog(robot).isEmpty() && "tab-form".equals(selectedTab()));
        assertThat(field(robot, "Budget").getText()).isEqualTo("lots");
        assertThat(stored("Budget")).isEqualTo(new BigDecimal("12000.00"));

        // switching tables asks too; keeping the edits keeps the table
        robot.clickOn("Tasks");
        waitFor("question on table switch", () -> dialog(robot).isPresent());
        robot.clickOn("Keep editing");
        waitFor("still Projects", () -> dialog(robot).isEmpty());
        assertThat(desktop.viewModel().tableTitle().get()).isEqualTo("Projects");
        assertThat(selectedTab()).isEqualTo("tab-form");
        assertThat(field(robot, "Budget").getText()).isEqualTo("lots");

        // "Discard changes" drops exactly those edits
        robot.clickOn("#tab-grid");
        waitFor("question again", () -> dialog(robot).isPresent());
        robot.clickOn("Discard changes");
        waitFor("on the grid", () -> dialog(robot).isEmpty() && "tab-grid".equals(selectedTab()));
        assertThat(stored("Budget")).isEqualTo(new BigDecimal("12000.00"));
        robot.clickOn("#tab-form");
        assertThat(field(robot, "Budget").getText()).isEqualTo("12000.00");

        // a valid edit is saved when another table is opened
        replace(robot, field(robot, "Budget"), "13000");
        robot.clickOn("Tasks");
        waitFor("Tasks open", () -> "Tasks".equals(desktop.viewModel().tableTitle().get()));
        assertThat(dialog(robot)).isEmpty();
        robot.clickOn("Projects");
        waitFor("Projects again", () -> "Projects".equals(desktop.viewModel().tableTitle().get())
                && desktop.viewModel().grid().loadedRecord(0) != null);
        TableDef t = desktop.viewModel().grid().table().get();
        assertThat(desktop.viewModel().grid().loadedRecord(0).value(t.field("Budget").orElseThrow().id()))
                .isEqualTo(new BigDecimal("13000.00"));

        // "New record" keeps the edits of the record being left too
        robot.clickOn("#tab-grid");
        waitFor("grid", () -> "tab-grid".equals(selectedTab()));
        robot.interact(() -> {
            var table = desktop.view().grid().table();
            table.getSelectionModel().clearAndSelect(1, table.getColumns().get(1));
            table.getFocusModel().focus(1, table.getColumns().get(1));
        });
        robot.clickOn("#grid-form");
        waitFor("form", () -> "tab-form".equals(selectedTab()));
        replace(robot, field(robot, "Owner"), "kim@example.com");
        robot.clickOn("#form-new");
        waitFor("blank form", () -> desktop.viewModel().form().record().get() == null);
        assertThat(field(robot, "Owner").getText()).isEmpty();
        robot.clickOn("#tab-grid");
        UUID owner = t.field("Owner").orElseThrow().id();
        waitFor("owner saved", () -> java.util.stream.IntStream.range(0, 4).mapToObj(i -> desktop.viewModel().grid().loadedRecord(i))
                .anyMatch(r -> r != null && "kim@example.com".equals(r.value(owner))));
        assertThat(desktop.viewModel().grid().rowCount().get()).as("no empty record added").isEqualTo(4);
    }
}
