package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The view bar on the real window: create a view of a kind from "+ View" and name it, rename with F2, duplicate from
 * the tab's menu, delete with the Delete key and bring it back with Ctrl+Z, move with Alt+Right, and a restart opens
 * the table in the view last shown. Every step is checked in the workspace (H2), not only on screen.
 */
class ViewBarScreenTest extends DesktopScreenTest {
    private TableDef t;
    private FieldDef name;

    private List<String> tabs() {
        return desktop.view().views().tabs().getChildren().stream()
                .map(n -> n instanceof ToggleButton b ? b.getText() : "[editing]").toList();
    }

    private List<String> stored() {
        return new ViewStore(desktop.viewModel().workspace()).list(t).stream().map(ViewStore.StoredView::name).toList();
    }

    private String shown() {
        ViewStore.StoredView v = desktop.viewModel().views().shown().get();
        return v == null ? "" : v.name();
    }

    private void start(FxRobot robot, Path ws) {
        robot.interact(() -> desktop = Desktop.start(stage, ws));
    }

    private void openTable(FxRobot robot) {
        openTable(robot, t.id());
    }

    private Node tab(FxRobot robot, int i) {
        return robot.lookup("#view-tab-" + i).query();
    }

    @Test
    void createRenameDuplicateDeleteUndoReorderAndRestart(FxRobot robot) {
        Path ws = dir.resolve("ws");
        start(robot, ws);
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        t = schema.createTable(schema.createApp("Shop").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        name = t.fields().get(0);
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Everything", GridConfig.EMPTY);
        openTable(robot);
        assertThat(tabs()).containsExactly("Everything");

        // create: "+ View" offers the registered kinds; the new tab opens with its name selected for typing
        robot.clickOn("#view-add");
        robot.clickOn("#view-add-grid");
        waitFor("the name field", () -> robot.lookup("#view-name").tryQuery().map(Node::isFocused).orElse(false));
        Typist.type("Only names");
        Typist.keys(KeyCode.ENTER);
        waitFor("the new view", () -> tabs().equals(List.of("Everything", "Only names")));
        assertThat(stored()).containsExactly("Everything", "Only names");
        assertThat(shown()).isEqualTo("Only names");
        // a setting changed in the new view stays in it
        robot.interact(() -> desktop.viewModel().grid().setFieldVisible(name.id(), false));
        waitFor("hidden saved", () -> ((GridConfig) new ViewStore(desktop.viewModel().workspace()).list(t).get(1)
                .config()).hidden().equals(Set.of(name.id())));

        // rename with F2 on the focused tab
        robot.clickOn(tab(robot, 0));
        waitFor("first view shown", () -> shown().equals("Everything"));
        Typist.keys(KeyCode.F2);
        waitFor("the name field", () -> robot.lookup("#view-name").tryQuery().map(Node::isFocused).orElse(false));
        robot.interact(() -> ((TextField) robot.lookup("#view-name").query()).selectAll());
        Typist.type("All items");
        Typist.keys(KeyCode.ENTER);
        waitFor("renamed", () -> tabs().equals(List.of("All items", "Only names")));
        assertThat(stored()).containsExactly("All items", "Only names");

        // duplicate from the tab's menu: the copy sits right after it and shows
        // (Monocle's robot sends no context-menu event for a right click: the tab's own menu is shown as it would be)
        ToggleButton second = (ToggleButton) tab(robot, 1);
        robot.interact(() -> second.getContextMenu().show(second, Side.BOTTOM, 0, 0));
        robot.clickOn("Duplicate");
        waitFor("duplicated", () -> tabs().equals(List.of("All items", "Only names", "Only names copy")));
        assertThat(stored()).containsExactly("All items", "Only names", "Only names copy");
        assertThat(shown()).isEqualTo("Only names copy");
        assertThat(((GridConfig) desktop.viewModel().views().shown().get().config()).hidden()).containsExactly(name.id());

        // delete with the Delete key, then Ctrl+Z brings it back in its place
        robot.clickOn(tab(robot, 1));
        waitFor("second view shown", () -> shown().equals("Only names"));
        Typist.keys(KeyCode.DELETE);
        waitFor("deleted", () -> tabs().equals(List.of("All items", "Only names copy")));
        assertThat(stored()).containsExactly("All items", "Only names copy");
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("restored", () -> tabs().equals(List.of("All items", "Only names", "Only names copy")));
        assertThat(stored()).containsExactly("All items", "Only names", "Only names copy");
        assertThat(shown()).isEqualTo("Only names");

        // reorder: Alt+Right moves the focused tab one place right
        robot.clickOn(tab(robot, 0));
        waitFor("first view shown", () -> shown().equals("All items"));
        Typist.keys(KeyCode.ALT, KeyCode.RIGHT);
        waitFor("moved", () -> tabs().equals(List.of("Only names", "All items", "Only names copy")));
        assertThat(stored()).containsExactly("Only names", "All items", "Only names copy");

        robot.clickOn(tab(robot, 2));
        waitFor("copy shown", () -> shown().equals("Only names copy"));
        Screenshots.write(desktop.scene(), "view-bar.png");

        // restart: the table opens in the view last shown
        robot.interact(desktop::close);
        desktop = null;
        start(robot, ws);
        openTable(robot);
        waitFor("the last view", () -> shown().equals("Only names copy"));
        assertThat(tabs()).containsExactly("Only names", "All items", "Only names copy");
        assertThat(desktop.viewModel().grid().columns()).extracting(FieldDef::name).containsExactly("Qty");
    }

    @Test
    void aBlankNameIsRefusedAndTheOldNameKept(FxRobot robot) {
        start(robot, dir.resolve("ws"));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        t = schema.createTable(schema.createApp("Shop").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        new ViewStore(desktop.viewModel().workspace()).save(t, null, "Everything", GridConfig.EMPTY);
        openTable(robot);
        robot.doubleClickOn(tab(robot, 0));
        waitFor("the name field", () -> robot.lookup("#view-name").tryQuery().map(Node::isFocused).orElse(false));
        robot.interact(() -> ((TextField) robot.lookup("#view-name").query()).clear());
        Typist.keys(KeyCode.ENTER);
        waitFor("refused", () -> !robot.lookup("#view-problem").queryLabeled().getText().isEmpty());
        assertThat(robot.lookup("#view-problem").queryLabeled().getText()).contains("name");
        assertThat(tabs()).containsExactly("Everything");
        assertThat(stored()).containsExactly("Everything");
    }
}
