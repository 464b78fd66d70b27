package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.views.kanban.KanbanView;
import dev.rowan.desktop.views.kanban.KanbanViewModel;
import dev.rowan.desktop.views.kanban.KanbanViewType;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.KanbanConfig;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kanban kind in the real window: switched to from the view switcher, a card dragged to another column with the
 * robot's mouse (the record changes in H2 and an outbox entry is queued; Ctrl+Z puts it back), "+ Card" typed in a
 * column, a column collapsed (saved in the view).
 */
class KanbanScreenTest extends DesktopScreenTest {
    TableDef t;
    FieldDef status;
    String todo;
    String doing;
    String done;

    private Workspace ws() {
        return desktop.viewModel().workspace();
    }

    private KanbanViewModel board() {
        return desktop.viewModel().views().viewModel(KanbanViewType.INSTANCE);
    }

    private KanbanView boardView() {
        return desktop.view().views().view(KanbanViewType.INSTANCE).board();
    }

    private VBox column(String key) {
        return boardView().columnNodes().stream().filter(c -> key.equals(c.getUserData())).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private ListView<Row> cards(String key) {
        return (ListView<Row>) column(key).getChildren().stream().filter(n -> n instanceof ListView<?>).findFirst()
                .orElseThrow();
    }

    private @Nullable Object statusOf(UUID record) {
        return new RecordStore(ws()).byId(t, record).orElseThrow().value(status.id());
    }

    private void openBoard(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        SchemaStore schema = new SchemaStore(ws());
        AppInfo app = schema.createApp("Work");
        t = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Estimate", new FieldType.NumberType(0)),
                FieldDef.of(UUID.randomUUID(), "Status", FieldTypes.parse("single_select",
                        Map.of("options", List.of(Map.of("label", "Todo", "color", "blue"),
                                Map.of("label", "Doing", "color", "orange"), Map.of("label", "Done", "color", "green"))),
                        null))));
        status = t.fields().get(2);
        List<SelectOption> o = ((FieldType.SingleSelect) status.type()).options();
        todo = o.get(0).id();
        doing = o.get(1).id();
        done = o.get(2).id();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>();
        String[] names = {"Write the brief", "Draw the board", "Order chairs", "Call the printer", "Plan the launch",
                "Fix the login", "Review the budget", "Book the venue", "Test the installer", "Ship 1.0"};
        for (int i = 0; i < 60; i++) {
            Map<UUID, @Nullable Object> v = new HashMap<>();
            v.put(t.fields().get(0).id(), names[i % names.length] + (i >= names.length ? " (" + i + ")" : ""));
            v.put(t.fields().get(1).id(), BigDecimal.valueOf(1 + i % 8));
            v.put(status.id(), i % 10 < 6 ? todo : i % 10 < 9 ? doing : i % 20 == 9 ? done : null);
            rows.add(v);
        }
        new RecordStore(ws()).insertAll(t, rows, () -> false);
        ViewStore views = new ViewStore(ws());
        views.save(t, null, "All tasks", GridConfig.EMPTY);
        views.save(t, null, "Board", KanbanConfig.stackedBy(status.id())
                .withCardFields(List.of(t.fields().get(1).id(), status.id()), 2));
        openTable(robot, t.id());
        // the board is a tab of the view bar
        Node tab = desktop.view().views().tabs().getChildren().stream()
                .filter(n -> n instanceof ToggleButton b && b.getText().equals("Board")).findFirst().orElseThrow();
        robot.clickOn(tab);
        waitFor("the board", () -> robot.lookup("#kanban").tryQuery().isPresent()
                && boardView().columnNodes().size() == 4
                && board().column(todo).map(c -> c.count().get() == 36).orElse(false)
                && !cards(todo).getItems().isEmpty());
    }

    @Test
    void theFirstBoardIsRehearsedOffScreenOnceTheWindowIsIdle(FxRobot robot) {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        waitFor("the rehearsal of the first board", () -> desktop.boardRehearsed().get());
        assertThat(robot.lookup("#kanban").tryQuery()).as("drawn off-screen, not in the window").isEmpty();
        assertThat(desktop.view().views().made(KanbanViewType.INSTANCE)).isFalse();
    }

    @Test
    void aBoardTheWindowOpensInAtStartUndoesItsDragWithCtrlZ(FxRobot robot) {
        openBoard(robot);
        // the next start opens the table in its board (the last table and view) without the grid ever shown: Ctrl+Z
        // must still be this table's history
        robot.interact(desktop::close);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        waitFor("the board again", () -> robot.lookup("#kanban").tryQuery().isPresent()
                && boardView().columnNodes().size() == 4
                && board().column(todo).map(c -> c.count().get() == 36).orElse(false)
                && !cards(todo).getItems().isEmpty());
        Row first = cards(todo).getItems().getFirst();
        Node card = cards(todo).lookupAll("." + KanbanView.CARD).iterator().next();
        robot.drag(card, MouseButton.PRIMARY).moveTo(column(doing)).drop();
        waitFor("the record moved in H2", () -> doing.equals(statusOf(first.id())));
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("the move undone", () -> todo.equals(statusOf(first.id()))
                && cards(todo).getItems().stream().anyMatch(r -> r.id().equals(first.id())));
        assertThat(board().column(doing).orElseThrow().count().get()).isEqualTo(18);
    }

    @Test
    void aCardDraggedToAnotherColumnChangesTheRecordAndCtrlZPutsItBack(FxRobot robot) {
        openBoard(robot);
        assertThat(desktop.view().tabs().getTabs().getFirst().getText()).isEqualTo("Board");
        assertThat(boardView().columnNodes()).extracting(n -> n.lookup("." + KanbanView.COLUMN_TITLE))
                .extracting(n -> ((javafx.scene.control.Label) n).getText())
                .containsExactly("Todo", "Doing", "Done", "No value");
        assertThat(board().columns()).extracting(c -> c.count().get()).containsExactly(36L, 18L, 3L, 3L);
        Row first = cards(todo).getItems().getFirst();
        assertThat(statusOf(first.id())).isEqualTo(todo);
        long outbox = Outbox.size(ws());

        Node card = cards(todo).lookupAll("." + KanbanView.CARD).iterator().next();
        robot.drag(card, MouseButton.PRIMARY).moveTo(column(doing)).drop();
        waitFor("the record moved in H2", () -> doing.equals(statusOf(first.id())));
        assertThat(cards(doing).getItems().getFirst().id()).isEqualTo(first.id());
        assertThat(cards(todo).getItems()).extracting(Row::id).doesNotContain(first.id());
        assertThat(board().column(doing).orElseThrow().count().get()).isEqualTo(19);
        assertThat(Outbox.size(ws())).isEqualTo(outbox + 1);
        Mutation m = Outbox.pending(ws(), 10_000).getLast();
        assertThat(m.entity()).isEqualTo(Mutation.Entity.RECORD);
        assertThat(m.op()).isEqualTo(Mutation.Op.UPDATE);
        assertThat(m.entityId()).isEqualTo(first.id());

        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("the move undone", () -> todo.equals(statusOf(first.id()))
                && cards(todo).getItems().stream().anyMatch(r -> r.id().equals(first.id())));
        assertThat(cards(doing).getItems()).extracting(Row::id).doesNotContain(first.id());
        assertThat(board().column(doing).orElseThrow().count().get()).isEqualTo(18);
        assertThat(Outbox.size(ws())).isEqualTo(outbox + 2);

        Screenshots.write(desktop.scene(), "kanban.png");
    }

    private String selectedTab() {
        return desktop.view().tabs().getSelectionModel().getSelectedItem().getId();
    }

    @Test
    void plusCardTypesATitleCreatesTheRecordInThatColumnAndOpensItInTheRecordForm(FxRobot robot) {
        openBoard(robot);
        robot.clickOn(column(done).lookup("." + KanbanView.ADD_CARD));
        waitFor("the title field", () -> column(done).lookup("." + KanbanView.NEW_CARD).isFocused());
        Typist.type("Celebrate\n");
        waitFor("the new card", () -> cards(done).getItems().size() == 4);
        // where the board's order (creation order here) puts it: last, as it stays after the column is read again
        Row added = cards(done).getItems().getLast();
        assertThat(added.value(t.fields().get(0).id())).isEqualTo("Celebrate");
        Row stored = new RecordStore(ws()).byId(t, added.id()).orElseThrow();
        assertThat(stored.value(t.fields().get(0).id())).isEqualTo("Celebrate");
        assertThat(stored.value(status.id())).isEqualTo(done);
        assertThat(board().column(done).orElseThrow().count().get()).isEqualTo(4);
        assertThat(column(done).lookup("." + KanbanView.NEW_CARD).isVisible()).isFalse();
        assertThat(Outbox.pending(ws(), 10_000).getLast().op()).isEqualTo(Mutation.Op.CREATE);
        // the new record is open in the record form, with the column's value, for its other fields
        waitFor("the record form", () -> "tab-form".equals(selectedTab()));
        waitFor("the new record in the form", () -> {
            Row open = desktop.viewModel().form().record().get();
            return open != null && open.id().equals(added.id());
        });
        Row open = desktop.viewModel().form().record().get();
        assertThat(open.value(status.id())).isEqualTo(done);
        assertThat(open.value(t.fields().get(0).id())).isEqualTo("Celebrate");
        // the status bar counts the new record too (the board's total: 60 + 1)
        waitFor("the status count", () -> robot.lookup("#status-count").queryAs(javafx.scene.control.Label.class)
                .getText().endsWith(" · 61 records"));
    }

    @Test
    void aCollapsedColumnNarrowsHidesItsCardsAndIsSavedInTheView(FxRobot robot) {
        openBoard(robot);
        double wide = column(todo).getWidth();
        robot.clickOn(column(todo).lookup("." + KanbanView.COLLAPSE));
        waitFor("collapsed", () -> !cards(todo).isVisible());
        waitFor("narrow", () -> column(todo).getWidth() < wide / 2);
        assertThat(((javafx.scene.control.Label) column(todo).lookup("." + KanbanView.COUNT)).getText()).isEqualTo("36");
        waitFor("saved", () -> new ViewStore(ws()).first(t, ViewKind.KANBAN)
                .map(v -> ((KanbanConfig) v.config()).collapsedColumns().contains(todo)).orElse(false));

        robot.clickOn(column(todo).lookup("." + KanbanView.COLLAPSE));
        waitFor("open again", () -> cards(todo).isVisible() && !cards(todo).getItems().isEmpty());
        waitFor("saved open", () -> new ViewStore(ws()).first(t, ViewKind.KANBAN)
                .map(v -> ((KanbanConfig) v.config()).collapsedColumns().isEmpty()).orElse(false));
    }

    @Test
    void aColumnIsHiddenFromItsMenuShownAgainAndANewColumnIsTypedIn(FxRobot robot) {
        openBoard(robot);
        robot.clickOn(column(done).lookup(".menu-button"));
        robot.clickOn("Hide column");
        waitFor("hidden", () -> boardView().columnNodes().size() == 3);
        waitFor("saved hidden", () -> new ViewStore(ws()).first(t, ViewKind.KANBAN)
                .map(v -> ((KanbanConfig) v.config()).hiddenColumns().contains(done)).orElse(false));
        robot.clickOn("#kanban-hidden-columns");
        robot.clickOn("Show Done");
        waitFor("shown again", () -> boardView().columnNodes().size() == 4
                && cards(done).getItems().size() == 3);

        robot.clickOn("#kanban-new-column");
        Typist.type("Blocked\n");
        waitFor("the new column", () -> boardView().columnNodes().size() == 5);
        FieldType.SingleSelect now = (FieldType.SingleSelect) new SchemaStore(ws()).table(t.id())
                .fieldById(status.id()).orElseThrow().type();
        assertThat(now.options()).extracting(SelectOption::label).containsExactly("Todo", "Doing", "Done", "Blocked");
        assertThat(boardView().columnNodes().get(3).getUserData()).isEqualTo(now.options().getLast().id());
        assertThat(Outbox.pending(ws(), 10_000).getLast().entity()).isEqualTo(Mutation.Entity.FIELD);
    }

    /** The card node of a column's row {@code i} as shown. */
    private Node cardAt(String key, int i) {
        for (Node n : cards(key).lookupAll(".list-cell")) {
            if (n instanceof javafx.scene.control.ListCell<?> cell && cell.getIndex() == i && !cell.isEmpty()) {
                return cell.lookup("." + KanbanView.CARD);
            }
        }
        throw new AssertionError("no card " + i + " shown in " + key);
    }

    private java.util.Optional<String> rankOf(UUID record) {
        UUID view = board().viewId().orElseThrow();
        return new dev.rowan.desktop.workspace.RankStore(ws()).rank(view, record);
    }

    private void manualOrder(FxRobot robot) {
        robot.clickOn("#kanban-manual-order");
        waitFor("manual order saved", () -> new ViewStore(ws()).first(t, ViewKind.KANBAN)
                .map(v -> ((KanbanConfig) v.config()).manualOrder()).orElse(false));
        waitFor("the board read again", () -> board().manualOrder() && cards(todo).getItems().size() >= 10);
    }

    private ToggleButton viewTab(String name) {
        return (ToggleButton) desktop.view().views().tabs().getChildren().stream()
                .filter(n -> n instanceof ToggleButton b && b.getText().equals(name)).findFirst().orElseThrow();
    }

    private ViewStore.StoredView stored(String name) {
        return new ViewStore(ws()).list(t).stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** The view bar's menu locks the board and makes the grid personal; the tabs show it (icon and tooltip). */
    private void flags(FxRobot robot) {
        // (Monocle's robot sends no context-menu event for a right click: the tab's own menu is shown as it would be)
        ToggleButton board = viewTab("Board");
        robot.interact(() -> board.getContextMenu().show(board, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("Locked (only owners and admins change it)");
        waitFor("the board locked", () -> stored("Board").locked());
        waitFor("a lock on its tab", () -> viewTab("Board").getGraphic().lookup(".view-locked-icon") != null);
        assertThat(viewTab("Board").getTooltip().getText()).contains("Locked");
        ToggleButton grid = viewTab("All tasks");
        robot.interact(() -> grid.getContextMenu().show(grid, javafx.geometry.Side.BOTTOM, 0, 0));
        robot.clickOn("Personal (only I see it)");
        waitFor("the grid personal", () -> stored("All tasks").personal());
        waitFor("a person on its tab", () -> viewTab("All tasks").getGraphic().lookup(".view-personal-icon") != null);
        assertThat(viewTab("All tasks").getTooltip().getText()).contains("Personal");
        Mutation m = Outbox.pending(ws(), 10_000).getLast();
        assertThat(m.entity()).isEqualTo(Mutation.Entity.VIEW);
        assertThat(m.payload()).contains("\"personal\":true");
    }

    @Test
    void inManualOrderACardDraggedUpItsColumnKeepsThatPlaceAndCtrlZPutsItBack(FxRobot robot) {
        openBoard(robot);
        manualOrder(robot);
        flags(robot);
        waitFor("the board shown", () -> viewTab("Board").isSelected() && !cards(todo).getItems().isEmpty());
        Row first = cards(todo).getItems().get(0);
        Row fourth = cards(todo).getItems().get(3);
        long outbox = Outbox.size(ws());
        var dragging = robot.drag(cardAt(todo, 3), MouseButton.PRIMARY)
                .moveTo(cardAt(todo, 0), javafx.geometry.Pos.TOP_CENTER, new javafx.geometry.Point2D(0, 4),
                        org.testfx.robot.Motion.DIRECT);
        // while dragging, a line above the first card says where it lands
        waitFor("the drop line", () -> cardAt(todo, 0).getPseudoClassStates().stream()
                .anyMatch(pc -> pc.getPseudoClassName().equals(KanbanView.DROP_BEFORE_CARD)));
        assertThat(cardAt(todo, 1).getPseudoClassStates()).noneMatch(pc -> pc.getPseudoClassName()
                .equals(KanbanView.DROP_BEFORE_CARD));
        dragging.drop();
        waitFor("the line gone", () -> cardAt(todo, 1).getPseudoClassStates().stream()
                .noneMatch(pc -> pc.getPseudoClassName().equals(KanbanView.DROP_BEFORE_CARD)));
        waitFor("the card on top", () -> cards(todo).getItems().getFirst().id().equals(fourth.id()));
        waitFor("its rank stored", () -> rankOf(fourth.id()).isPresent());
        assertThat(cards(todo).getItems().get(1).id()).isEqualTo(first.id());
        assertThat(Outbox.size(ws())).isEqualTo(outbox + 1);
        Mutation m = Outbox.pending(ws(), 10_000).getLast();
        assertThat(m.entity()).isEqualTo(Mutation.Entity.VIEW_RANK);
        assertThat(m.entityId()).isEqualTo(fourth.id());
        assertThat(statusOf(fourth.id())).isEqualTo(todo);
        // the order is the stored one: a fresh read from H2 agrees
        var page = new RecordStore(ws()).rankedPage(t,
                dev.rowan.model.query.Filter.where(status.id().toString(), dev.rowan.model.query.Operator.EQ, "Todo"),
                board().viewId().orElseThrow(), null, 3);
        assertThat(page.page().rows()).extracting(Row::id).startsWith(fourth.id(), first.id());
        Screenshots.write(desktop.scene(), "kanban-manual-order.png");

        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("the reorder undone", () -> rankOf(fourth.id()).isEmpty()
                && cards(todo).getItems().getFirst().id().equals(first.id()));
        assertThat(cards(todo).getItems().get(3).id()).isEqualTo(fourth.id());
    }

    @Test
    void theKeyboardSelectsCardsMovesThemBetweenColumnsAndUpOrDownAndOpensTheRecord(FxRobot robot) {
        openBoard(robot);
        Row first = cards(todo).getItems().get(0);
        Row second = cards(todo).getItems().get(1);
        robot.clickOn(cardAt(todo, 0));
        waitFor("selected", () -> first.id().equals(board().selected().get()));
        Typist.keys(KeyCode.DOWN);
        waitFor("the next card", () -> second.id().equals(board().selected().get()));
        waitFor("drawn selected", () -> cardAt(todo, 1).getPseudoClassStates().stream()
                .anyMatch(pc -> pc.getPseudoClassName().equals(KanbanView.SELECTED_CARD)));
        Typist.keys(KeyCode.RIGHT);
        Row doingSecond = cards(doing).getItems().get(1);
        waitFor("the next column, same height", () -> doingSecond.id().equals(board().selected().get()));
        Typist.keys(KeyCode.LEFT);
        waitFor("back", () -> second.id().equals(board().selected().get()));

        // Ctrl+Shift+Right carries the card to the next column; Ctrl+Z brings it back
        Typist.keys(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.RIGHT);
        waitFor("moved to Doing", () -> doing.equals(statusOf(second.id())));
        assertThat(board().selected().get()).isEqualTo(second.id());
        Typist.keys(KeyCode.CONTROL, KeyCode.Z);
        waitFor("moved back", () -> todo.equals(statusOf(second.id()))
                && cards(todo).getItems().stream().anyMatch(r -> r.id().equals(second.id())));

        // in manual order (created order until cards are placed) Alt+Down moves it one place down
        manualOrder(robot);
        Row top = cards(todo).getItems().get(0);
        Row below = cards(todo).getItems().get(1);
        robot.clickOn(cardAt(todo, 0));
        waitFor("selected again", () -> top.id().equals(board().selected().get()));
        Typist.keys(KeyCode.ALT, KeyCode.DOWN);
        waitFor("one place down", () -> cards(todo).getItems().get(1).id().equals(top.id())
                && rankOf(top.id()).isPresent());
        assertThat(cards(todo).getItems().getFirst().id()).isEqualTo(below.id());

        // Enter opens the selected card's record in the form
        Typist.keys(KeyCode.ENTER);
        waitFor("the record in the form", () -> desktop.viewModel().form().record().get() != null
                && desktop.viewModel().form().record().get().id().equals(top.id()));
    }

    @Test
    void plusCardIsPressedWithSpaceOrEnter(FxRobot robot) {
        openBoard(robot);
        Node add = column(done).lookup("." + KanbanView.ADD_CARD);
        robot.interact(add::requestFocus);
        Typist.keys(KeyCode.SPACE);
        waitFor("the title field", () -> column(done).lookup("." + KanbanView.NEW_CARD).isFocused());
        Typist.type("Typed with the keyboard\n");
        waitFor("the new card", () -> cards(done).getItems().size() == 4);
        // where the board's order (creation order here) puts it: last, as it stays after the column is read again
        Row added = cards(done).getItems().getLast();
        assertThat(added.value(t.fields().get(0).id())).isEqualTo("Typed with the keyboard");
        assertThat(new RecordStore(ws()).byId(t, added.id()).orElseThrow().value(status.id())).isEqualTo(done);
        waitFor("the record form", () -> "tab-form".equals(selectedTab()));
        robot.clickOn("#tab-grid"); // back to the board

        robot.interact(add::requestFocus);
        Typist.keys(KeyCode.ENTER);
        waitFor("the title field again", () -> column(done).lookup("." + KanbanView.NEW_CARD).isFocused());
        Typist.keys(KeyCode.ESCAPE);
        waitFor("closed", () -> !column(done).lookup("." + KanbanView.NEW_CARD).isVisible());
        assertThat(cards(done).getItems()).hasSize(4);
    }
}
