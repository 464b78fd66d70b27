package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TableColumn;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window shows a table through the view host: its first grid view opens, the view bar changes views. */
class ViewHostScreenTest extends DesktopScreenTest {

    private List<String> columns() {
        return desktop.view().grid().table().getVisibleLeafColumns().stream()
                .filter(c -> c.getUserData() instanceof FieldDef).map(TableColumn::getText).toList();
    }

    private String tabText() {
        return desktop.view().tabs().getTabs().getFirst().getText();
    }

    private static boolean inside(Node n, Node parent) {
        for (Node x = n; x != null; x = x.getParent()) if (x == parent) return true;
        return false;
    }

    @Test
    void theTableOpensInItsFirstGridViewAndTheViewBarShowsTheOthers(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        AppInfo app = schema.createApp("Shop");
        TableDef t = schema.createTable(app.id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        FieldDef name = t.fields().get(0);
        FieldDef qty = t.fields().get(1);
        views.save(t, null, "Form", ViewConfig.defaults(ViewKind.FORM));
        views.save(t, null, "Everything", GridConfig.EMPTY.withWidth(name.id(), 222));
        UUID byQty = views.save(t, null, "By qty", GridConfig.EMPTY.withSorts(List.of(Sort.desc(qty.id().toString())))
                .withHidden(Set.of(name.id())));

        openTable(robot, t.id());
        assertThat(tabText()).isEqualTo("Everything");
        assertThat(columns()).containsExactly("Name", "Qty");
        assertThat(desktop.view().grid().table().getVisibleLeafColumns().stream()
                .filter(c -> c.getText().equals("Name")).findFirst().orElseThrow().getPrefWidth()).isEqualTo(222.0);
        Node host = robot.lookup("#view-host").query();
        assertThat(inside(desktop.view().grid().table(), host)).as("the grid sits in the view host").isTrue();
        assertThat(robot.lookup("#view-bar").query().isVisible()).isTrue();
        assertThat(desktop.view().views().tabs().getChildren()).extracting(n -> ((ToggleButton) n).getText())
                .containsExactly("Form", "Everything", "By qty");

        robot.clickOn("#view-tab-2");
        waitFor("the other view", () -> columns().equals(List.of("Qty")));
        assertThat(tabText()).isEqualTo("By qty");
        assertThat(desktop.viewModel().grid().viewId()).contains(byQty);
        assertThat(desktop.viewModel().grid().view().get().sorts()).containsExactly(Sort.desc(qty.id().toString()));
    }

    @Test
    void theTableAndViewOpenAtTheLastCloseOpenAgainAtTheNextStart(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        AppInfo app = schema.createApp("Shop");
        schema.createTable(app.id(), null, "First", List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        TableDef t = schema.createTable(app.id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(0))));
        views.save(t, null, "Everything", GridConfig.EMPTY);
        UUID byQty = views.save(t, null, "By qty", GridConfig.EMPTY.withHidden(Set.of(t.fields().get(0).id())));
        openTable(robot, t.id());
        robot.clickOn("#view-tab-1");
        waitFor("the second view", () -> columns().equals(List.of("Qty")));

        robot.interact(desktop::close);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        waitFor("the last table open again", () -> desktop.viewModel().grid().table().get() != null
                && !desktop.viewModel().grid().loading().get());
        assertThat(desktop.viewModel().grid().table().get().id()).isEqualTo(t.id());
        assertThat(desktop.viewModel().navigator().selected().get()).isNotNull()
                .satisfies(n -> assertThat(n.id()).isEqualTo(t.id()));
        assertThat(desktop.viewModel().grid().viewId()).contains(byQty);
        assertThat(columns()).containsExactly("Qty");
        assertThat(tabText()).isEqualTo("By qty");

        // a table deleted since (or a setting from elsewhere) opens nothing and breaks nothing
        robot.interact(() -> {
            desktop.viewModel().navigator().delete(desktop.viewModel().navigator().find(t.id()).orElseThrow());
            desktop.close();
            desktop = Desktop.start(stage, dir.resolve("ws"));
        });
        assertThat(desktop.viewModel().grid().table().get()).isNull();
        assertThat(desktop.viewModel().navigator().apps()).hasSize(1);
    }

    @Test
    void aTableWithoutAStoredViewShowsItsDefaultGridInTheBar(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Shop").id(), null, "Items", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text())));
        openTable(robot, t.id());
        assertThat(tabText()).isEqualTo("Grid");
        assertThat(desktop.view().views().tabs().getChildren()).singleElement()
                .satisfies(n -> assertThat(((ToggleButton) n).getText()).isEqualTo("Grid"));
        assertThat(columns()).containsExactly("Name");
    }
}
