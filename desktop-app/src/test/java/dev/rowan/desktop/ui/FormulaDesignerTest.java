package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.kinds.FormulaSettings;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import org.fxmisc.richtext.CodeArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 (formula field, desktop): in the designer a formula with an error shows the error with its line and
 * column and a marker under it; fixing it shows the result type and a live preview on the first records; applying
 * it stores the formula and the grid shows the computed column, read-only (typing on it says why).
 */
class FormulaDesignerTest extends DesktopScreenTest {

    private List<Object> column(String fieldName) {
        TableDef t = desktop.viewModel().grid().table().get();
        FieldDef f = t.field(fieldName).orElseThrow();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < desktop.viewModel().grid().rowCount().get(); i++) {
            Row r = desktop.viewModel().grid().loadedRecord(i);
            Object v = r == null ? "<not loaded>" : r.value(f.id());
            out.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v));
        }
        return out;
    }

    private String label(FxRobot robot, String id) {
        return ((Label) robot.lookup(id).query()).getText();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aFormulaWithAnErrorIsFixedPreviewedAppliedAndComputedInTheGrid(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-sample");
        waitFor("Projects loaded", () -> desktop.viewModel().grid().rowCount().get() == 4);
        robot.clickOn("#tab-fields");
        robot.interact(() -> desktop.viewModel().designer().addField("Double budget", "formula",
                Map.of("formula", "1")));
        waitFor("formula field selected", () -> desktop.viewModel().designer().selected().get() != null
                && desktop.viewModel().designer().selected().get().name().equals("Double budget")
                && robot.lookup("#designer-formula").tryQuery().isPresent());

        // an error, with its position
        CodeArea text = robot.lookup("#designer-formula").queryAs(CodeArea.class);
        robot.clickOn(text).press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL)
                .write("{Budget} * {Budgit}");
        waitFor("error shown", () -> label(robot, "#designer-formula-error").startsWith("1:12"));
        assertThat(label(robot, "#designer-formula-error")).containsIgnoringCase("Budgit");
        assertThat(label(robot, "#designer-formula-marker")).endsWith("\n" + " ".repeat(11) + "^");
        assertThat(robot.lookup("#designer-formula-preview").queryListView().getItems()).isEmpty();
        FormulaSettings settings = (FormulaSettings) desktop.viewModel().designer().settings().get();
        assertThat(settings.errorLine().get()).isEqualTo(1);
        assertThat(settings.errorColumn().get()).isEqualTo(12);

        // suggestions for the word at the caret: field names after a brace
        robot.interact(() -> {
            text.moveTo(text.getText().indexOf("Budgit") + 3);
        });
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ListView<String> suggestions = robot.lookup("#designer-formula-suggestions").queryAs(ListView.class);
        assertThat(suggestions.getItems()).contains("{Budget}");

        // fixed: no error, the result type and the preview of the first records
        robot.interact(() -> text.replaceText("{Budget} * 2"));
        waitFor("error gone", () -> label(robot, "#designer-formula-error").isEmpty());
        assertThat(label(robot, "#designer-formula-type")).isEqualTo("Result: number");
        waitFor("preview", () -> !robot.lookup("#designer-formula-preview").queryListView().getItems().isEmpty());
        assertThat(robot.lookup("#designer-formula-preview").queryListView().getItems())
                .containsExactlyInAnyOrder("24000", "96000", "15001", "46000");
        Screenshots.write(desktop.scene(), "formula-designer.png");

        // the settings pane scrolls: bring Apply into view, then click it
        robot.interact(() -> {
            Node apply = robot.lookup("#designer-apply").query();
            for (Node p = apply.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) sp.setVvalue(sp.getVmax());
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#designer-apply");
        waitFor("saved", () -> desktop.viewModel().designer().message().get().equals("Saved"));
        TableDef t = desktop.viewModel().designer().table().get();
        FieldType.Formula stored = (FieldType.Formula) t.field("Double budget").orElseThrow().type();
        assertThat(stored.formula()).isEqualTo("{fld:" + t.field("Budget").orElseThrow().id() + "} * 2");

        // the grid shows the computed column
        robot.clickOn("#tab-grid");
        waitFor("computed column", () -> desktop.viewModel().grid().table().get().field("Double budget").isPresent()
                && desktop.viewModel().grid().loadedRecord(3) != null
                && new java.util.HashSet<>(column("Double budget")).equals(
                        java.util.Set.of("24000", "96000", "15001", "46000")));
        robot.interact(() -> {
            javafx.scene.control.TableView<?> table = desktop.view().grid().table();
            for (var col : table.getColumns()) {
                if (col.getUserData() instanceof FieldDef f && f.name().equals("Double budget")) {
                    table.scrollToColumn((javafx.scene.control.TableColumn) col);
                }
            }
            table.layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Node cell = robot.lookup((Node n) -> n instanceof TableCell<?, ?> c && c.getIndex() == 0
                && c.getTableColumn() != null && c.getTableColumn().getUserData() instanceof FieldDef f
                && f.name().equals("Double budget")).query();
        Object before = column("Double budget").getFirst();
        // typing on it is refused with the reason; the value stays
        robot.clickOn(cell).write("5").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(column("Double budget").getFirst()).isEqualTo(before);
        assertThat(robot.lookup((Node n) -> n instanceof javafx.scene.control.Labeled l && l.getText() != null
                && l.getText().contains("computed")).tryQuery().isPresent()
                || robot.lookup((Node n) -> n instanceof javafx.scene.control.Control c && c.getTooltip() != null
                && c.getTooltip().getText().contains("computed")).tryQuery().isPresent())
                .as("the refusal says the field is computed").isTrue();

        // the field it reads removed: the formula is broken, its cells say #ERROR with the reason as tooltip
        robot.type(KeyCode.ESCAPE);
        robot.interact(() -> {
            TableDef now = desktop.viewModel().grid().table().get();
            desktop.viewModel().designer().open(now.id());
            desktop.viewModel().designer().select(now.field("Budget").orElseThrow());
            desktop.viewModel().designer().removeSelected();
        });
        robot.clickOn("#tab-fields");
        robot.clickOn("#tab-grid");
        waitFor("#ERROR shown", () -> robot.lookup((Node n) -> n instanceof TableCell<?, ?> c
                && "#ERROR".equals(c.getText()) && c.getTooltip() != null
                && c.getTooltip().getText().contains("no longer exists")).tryQuery().isPresent());
    }
}
