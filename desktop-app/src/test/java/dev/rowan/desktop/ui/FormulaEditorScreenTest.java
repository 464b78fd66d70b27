package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Collection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The formula editor in the designer: what is typed is coloured as the parser reads it (functions, {field
 * references}, texts, numbers, operators), the piece at the error's position is underlined while the message says
 * what is wrong and where, and field names after "{" and function names complete from the suggestions (Ctrl+Space).
 */
class FormulaEditorScreenTest extends DesktopScreenTest {

    private static Collection<String> styleAt(CodeArea area, String text, String piece) {
        int at = text.indexOf(piece);
        assertThat(at).as("'%s' in '%s'", piece, text).isGreaterThanOrEqualTo(0);
        return area.getStyleOfChar(at + (piece.length() - 1) / 2); // a character inside the piece
    }

    private String label(FxRobot robot, String id) {
        return ((Label) robot.lookup(id).query()).getText();
    }

    private void clear(FxRobot robot, CodeArea area) {
        robot.interact(() -> area.replaceText(""));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    @SuppressWarnings("unchecked")
    void typedFormulasAreColouredTheErrorUnderlinedAndNamesComplete(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> desktop.viewModel().grid().rowCount().get() == 4);
        robot.clickOn("#tab-fields");
        robot.interact(() -> desktop.viewModel().designer().addField("Price text", "formula", Map.of("formula", "1")));
        waitFor("formula field selected", () -> desktop.viewModel().designer().selected().get() != null
                && desktop.viewModel().designer().selected().get().name().equals("Price text")
                && robot.lookup("#designer-formula").tryQuery().isPresent());
        CodeArea area = robot.lookup("#designer-formula").queryAs(CodeArea.class);

        // typed at full speed: every piece gets its colour, and a good formula has no error mark
        String good = "ROUND({Budget} * 1.5, 2) & \" eur\" != 'x'";
        clear(robot, area);
        robot.clickOn(area).write(good);
        waitFor("typed", () -> good.equals(area.getText()));
        waitFor("checked", () -> label(robot, "#designer-formula-type").equals("Result: boolean"));
        assertThat(styleAt(area, good, "ROUND")).contains("formula-function");
        assertThat(styleAt(area, good, "{Budget}")).contains("formula-field");
        assertThat(styleAt(area, good, "1.5")).contains("formula-number");
        assertThat(styleAt(area, good, "\" eur\"")).contains("formula-string");
        assertThat(styleAt(area, good, "'x'")).contains("formula-string");
        assertThat(styleAt(area, good, "!=")).contains("formula-operator");
        assertThat(styleAt(area, good, "*")).contains("formula-operator");
        for (int i = 0; i < good.length(); i++) {
            assertThat(area.getStyleOfChar(i)).as("no error mark at %s", i).doesNotContain("formula-error-mark");
        }

        // an error: the message with its place, and exactly the piece there underlined
        String bad = "{Budget} * {Budgit} + 1";
        robot.interact(() -> area.replaceText(bad));
        try {
            waitFor("error shown", () -> label(robot, "#designer-formula-error").startsWith("1:12"));
        } catch (AssertionError e) {
            assertThat(label(robot, "#designer-formula-error")).as("text: " + area.getText()).startsWith("1:12");
        }
        assertThat(label(robot, "#designer-formula-error")).contains("Budgit");
        int from = bad.indexOf("{Budgit}");
        for (int i = 0; i < bad.length(); i++) {
            boolean inside = i >= from && i < from + "{Budgit}".length();
            if (inside) assertThat(area.getStyleOfChar(i)).as("char %s", i).contains("formula-error-mark");
            else assertThat(area.getStyleOfChar(i)).as("char %s", i).doesNotContain("formula-error-mark");
        }
        Screenshots.write(desktop.scene(), "formula-editor-error.png");
        // fixed: the mark goes
        robot.interact(() -> area.replaceText("{Budget} * 2"));
        waitFor("error gone", () -> label(robot, "#designer-formula-error").isEmpty());
        for (int i = 0; i < area.getLength(); i++) {
            assertThat(area.getStyleOfChar(i)).doesNotContain("formula-error-mark");
        }

        // completion: a field name after "{", then a function name
        clear(robot, area);
        robot.clickOn(area).write("{Bu");
        ListView<String> suggestions = robot.lookup("#designer-formula-suggestions").queryAs(ListView.class);
        waitFor("field suggested", () -> suggestions.getItems().contains("{Budget}"));
        robot.press(KeyCode.CONTROL).press(KeyCode.SPACE).release(KeyCode.SPACE).release(KeyCode.CONTROL);
        waitFor("field completed", () -> area.getText().equals("{Budget}"));
        robot.write(" * rou");
        waitFor("function suggested", () -> suggestions.getItems().stream().anyMatch(x -> x.startsWith("ROUND(")));
        robot.press(KeyCode.CONTROL).press(KeyCode.SPACE).release(KeyCode.SPACE).release(KeyCode.CONTROL);
        waitFor("function completed", () -> area.getText().equals("{Budget} * ROUND("));
        robot.write("{Budget}, 1)");
        waitFor("completed formula checks", () -> label(robot, "#designer-formula-type").equals("Result: number"));
        assertThat(styleAt(area, area.getText(), "ROUND")).contains("formula-function");
        Screenshots.write(desktop.scene(), "formula-editor.png");
    }
}
