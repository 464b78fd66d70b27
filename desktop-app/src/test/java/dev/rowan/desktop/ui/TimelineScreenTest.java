package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.views.timeline.TimelineView;
import dev.rowan.desktop.views.timeline.TimelineViewModel;
import dev.rowan.desktop.views.timeline.TimelineViewType;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.TimelineConfig;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline kind in the real window: resizing a bar and dropping an undated record write the date fields. */
class TimelineScreenTest extends DesktopScreenTest {
    static final LocalDate FROM = LocalDate.of(2026, 11, 2);
    RecordStore records;
    TableDef t;
    FieldDef name;
    FieldDef start;
    FieldDef end;
    FieldDef team;
    TimelineView view;
    TimelineViewModel vm;

    private Row insert(String title, @Nullable LocalDate s, @Nullable LocalDate e, @Nullable String option) {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), title);
        m.put(start.id(), s);
        m.put(end.id(), e);
        m.put(team.id(), option);
        return records.insert(t, m);
    }

    private void setUp(FxRobot robot) {
        robot.interact(() -> {
            desktop = Desktop.start(stage, dir.resolve("ws"));
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        t = schema.createTable(schema.createApp("Projects").id(), null, "Plan", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Start", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "End", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Team", new FieldType.SingleSelect(List.of(
                        new SelectOption("a", "Design", "blue"), new SelectOption("b", "Engineering", "green"))))));
        name = t.fields().get(0);
        start = t.fields().get(1);
        end = t.fields().get(2);
        team = t.fields().get(3);
        views.save(t, null, "All", GridConfig.EMPTY);
        views.save(t, null, "Roadmap", new TimelineConfig(RecordQuery.ALL, start.id(), end.id(), team.id(), null,
                TimelineConfig.WEEK));
    }

    private void show(FxRobot robot) {
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> desktop.viewModel().views().views().size() == 2);
        robot.interact(() -> desktop.viewModel().views().select(desktop.viewModel().views().views().get(1)));
        view = desktop.view().views().view(TimelineViewType.INSTANCE).view();
        vm = desktop.viewModel().views().viewModel(TimelineViewType.INSTANCE);
        robot.interact(() -> vm.showFrom(FROM));
    }


    private @Nullable Object value(Row r, FieldDef f) {
        return records.byId(t, r.id()).orElseThrow().value(f.id());
    }

    @Test
    void resizingABarByItsEdgeAndDroppingAnUndatedRecordWriteTheFields(FxRobot robot) {
        setUp(robot);
        Row design = insert("Design system", LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 9), "a");
        Row later = insert("Someday task", null, null, "b");
        show(robot);
        waitFor("the bar", () -> view.barNode(design.id()).map(Node::isVisible).orElse(false)
                && view.undatedList().getItems().size() == 1);
        assertThat(desktop.view().tabs().getTabs().getFirst().getText()).isEqualTo("Roadmap");

        // week zoom: 84 px a column, 12 px a day; drag the right edge three days later
        Label bar = view.barNode(design.id()).orElseThrow();
        Bounds b = bar.localToScreen(bar.getLayoutBounds());
        Point2D edge = new Point2D(b.getMaxX() - 2, b.getCenterY());
        robot.moveTo(edge).press(MouseButton.PRIMARY).moveTo(edge.add(18, 0)).moveTo(edge.add(36, 0))
                .release(MouseButton.PRIMARY);
        waitFor("the end moved", () -> LocalDate.of(2026, 11, 12).equals(value(design, end)));
        assertThat(value(design, start)).as("a resize keeps the start").isEqualTo(LocalDate.of(2026, 11, 3));
        waitFor("the bar redrawn", () -> vm.bars().stream().anyMatch(x -> x.recordId().equals(design.id())
                && x.end().equals(LocalDate.of(2026, 11, 12))));

        // drop the undated record on 20 November
        Node cell = robot.lookup(".list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?> c
                && "Someday task".equals(c.getText())).query();
        Point2D day = view.axis().localToScreen(18 * 12 + 6, 40);
        robot.drag(cell, MouseButton.PRIMARY).moveTo(day).drop();
        waitFor("the record placed", () -> LocalDate.of(2026, 11, 20).equals(value(later, start)));
        waitFor("listed no more", () -> view.undatedList().getItems().isEmpty());
    }

    @Test
    void theTodayLineStandsWhereABarStartingTodayBeginsAndOnlyWhenTodayIsShown(FxRobot robot) {
        setUp(robot);
        LocalDate today = LocalDate.now();
        Row now = insert("Starts today", today, today.plusDays(10), "a");
        show(robot);
        robot.clickOn(robot.lookup(n -> n instanceof javafx.scene.control.Button b && "Today".equals(b.getText()))
                .queryAs(javafx.scene.control.Button.class));
        waitFor("the bar and the today line", () -> view.barNode(now.id()).map(Node::isVisible).orElse(false)
                && robot.lookup("#timeline-today").tryQuery().isPresent());
        javafx.scene.shape.Line line = robot.lookup("#timeline-today").queryAs(javafx.scene.shape.Line.class);
        Label bar = view.barNode(now.id()).orElseThrow();
        double lineX = line.localToScreen(line.getStartX(), 0).getX();
        double barX = bar.localToScreen(bar.getLayoutBounds()).getMinX();
        assertThat(lineX).as("today's line at the start of today's bar").isCloseTo(barX, org.assertj.core.data.Offset.offset(3.0));

        // a span a year ahead does not show today
        robot.interact(() -> vm.showFrom(today.plusYears(1)));
        waitFor("no today line", () -> robot.lookup("#timeline-today").tryQuery().isEmpty());
    }

    @Test
    void screenshotOfARoadmap(FxRobot robot) {
        setUp(robot);
        insert("Research", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 13), "a");
        insert("Design system", LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 27), "a");
        insert("Usability tests", LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 18), "a");
        insert("API", LocalDate.of(2026, 11, 16), LocalDate.of(2026, 12, 11), "b");
        insert("Desktop client", LocalDate.of(2026, 11, 30), LocalDate.of(2027, 1, 15), "b");
        Row last = insert("Release 2.0", LocalDate.of(2027, 1, 18), LocalDate.of(2027, 1, 22), "b");
        insert("Translations", null, null, "a");
        show(robot);
        waitFor("the bars", () -> view.barNode(last.id()).isPresent());
        assertThat(vm.lanes()).containsExactly("Design", "Engineering");
        Screenshots.write(desktop.scene(), "timeline.png");
    }
}
