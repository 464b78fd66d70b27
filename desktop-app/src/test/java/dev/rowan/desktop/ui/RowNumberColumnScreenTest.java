package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grid's row numbers are drawn whole at the end of a big table ("100,000", not "100…"; a 1,000,000-record table
 * showed "999…" in the real window), and so is the footer's count under them: the number column is as wide as its
 * largest number, in the app's own style.
 */
class RowNumberColumnScreenTest extends DesktopScreenTest {

    @Test
    void theLastRowNumbersAndTheFootersCountAreDrawnWhole(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("A").id(), null, "Big", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        UUID name = t.fields().getFirst().id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) rows.add(Map.of(name, "r" + i));
        new RecordStore(desktop.viewModel().workspace()).insertAll(t, rows, () -> false);
        openTable(robot, t.id());
        waitFor("every record counted", () -> desktop.viewModel().grid().rowCount().get() == 100_000);
        // a footer (grouped by nothing, a count under the numbers): choose one from the group menu's summaries
        robot.interact(() -> desktop.viewModel().grid().setSummary(name,
                dev.rowan.model.view.GridGrouping.Summary.FILLED));
        @SuppressWarnings("unchecked")
        TableView<Object> table = (TableView<Object>) robot.lookup("#grid-table").queryAs(TableView.class);
        robot.interact(() -> table.scrollTo(99_999));
        waitFor("the last rows read", () -> numbers(robot, table, false).contains("100,000"));
        List<String> shown = numbers(robot, table, true);
        assertThat(shown).as("the numbers drawn at the end").contains("100,000", "99,999");
        assertThat(shown).noneMatch(s -> s.contains("…") || s.contains("..."));
        waitFor("the footer's count", () -> robot.lookup("#footer-count").tryQueryAs(Label.class).isPresent());
        String[] footer = new String[1];
        robot.interact(() -> {
            for (Node x : robot.lookup("#footer-count").queryAs(Label.class).lookupAll(".text")) {
                if (x instanceof Text text) footer[0] = text.getText();
            }
        });
        assertThat(footer[0]).as("the footer's count as drawn").isEqualTo("100,000");
        Screenshots.write(stage.getScene(), "grid-row-numbers.png");
    }

    /**
     * The row numbers: each number cell's text, or ({@code drawn}) its text node's, which is cut with an ellipsis
     * when the column is too narrow.
     */
    private static List<String> numbers(FxRobot robot, TableView<?> table, boolean drawn) {
        List<String> shown = new ArrayList<>();
        robot.interact(() -> {
            for (Node n : table.lookupAll(".row-number-column")) {
                if (!(n instanceof TableCell<?, ?> cell) || cell.getText() == null) continue;
                if (!drawn) shown.add(cell.getText());
                else for (Node x : cell.lookupAll(".text")) if (x instanceof Text text) shown.add(text.getText());
            }
        });
        return shown;
    }
}
