package dev.rowan.desktop.ui;

import com.calendarfx.view.EntryViewBase;
import com.calendarfx.view.MonthView;
import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.views.calendar.CalendarViewType;
import dev.rowan.desktop.views.calendar.RecordCalendarView;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.CalendarConfig;
import dev.rowan.model.view.GridConfig;
import dev.rowan.model.view.RecordQuery;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The calendar kind in the real window: a table's calendar view shows its month, and a drag moves a record. */
class CalendarScreenTest extends DesktopScreenTest {
    static final LocalDate MONTH = LocalDate.of(2026, 11, 1);
    RecordStore records;
    TableDef t;
    FieldDef name;
    FieldDef due;
    FieldDef status;
    RecordCalendarView view;

    private Row insert(String title, LocalDate day, @Nullable String option) {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), title);
        m.put(due.id(), day);
        m.put(status.id(), option);
        return records.insert(t, m);
    }

    private void openCalendar(FxRobot robot) {
        robot.interact(() -> {
            desktop = Desktop.start(stage, dir.resolve("ws"));
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        ViewStore views = new ViewStore(desktop.viewModel().workspace());
        records = new RecordStore(desktop.viewModel().workspace());
        t = schema.createTable(schema.createApp("Office").id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Open", "blue"), new SelectOption("o2", "Doing", "orange"),
                        new SelectOption("o3", "Done", "green"))))));
        name = t.fields().get(0);
        due = t.fields().get(1);
        status = t.fields().get(2);
        views.save(t, null, "All tasks", GridConfig.EMPTY);
        views.save(t, null, "Due dates", new CalendarConfig(RecordQuery.ALL, due.id(), null, name.id(), status.id()));
    }

    private void showCalendar(FxRobot robot) {
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> desktop.viewModel().views().views().size() == 2);
        robot.interact(() -> desktop.viewModel().views().select(desktop.viewModel().views().views().get(1)));
        view = desktop.view().views().view(CalendarViewType.INSTANCE).view();
        robot.interact(() -> view.showMonth(MONTH));
    }


    private @Nullable Node entryNode(UUID recordId) {
        return view.calendar().lookupAll("*").stream()
                .filter(n -> n instanceof EntryViewBase<?> e && recordId.equals(e.getEntry().getUserObject())
                        && n.isVisible() && n.getScene() != null && n.getLayoutBounds().getWidth() > 0)
                .findFirst().orElse(null);
    }

    /** Where the month view shows a day (screen coordinates, inside the day's cell at the entry's height). */
    private Point2D dayOnScreen(MonthView month, LocalDate day, Node entry) {
        Point2D e = month.screenToLocal(entry.localToScreen(entry.getLayoutBounds().getCenterX(),
                entry.getLayoutBounds().getCenterY()));
        for (double x = 1; x < month.getWidth(); x += 4) {
            ZonedDateTime at = month.getZonedDateTimeAt(x, e.getY(), ZoneId.systemDefault());
            if (at != null && at.toLocalDate().equals(day)) return month.localToScreen(x + 30, e.getY());
        }
        throw new AssertionError("the month view does not show " + day);
    }

    @Test
    void draggingAnEntryToAnotherDayMovesTheRecordInTheWorkspace(FxRobot robot) {
        openCalendar(robot);
        Row report = insert("Quarterly report", LocalDate.of(2026, 11, 10), "o2");
        insert("Team lunch", LocalDate.of(2026, 11, 13), "o3");
        insert("Not this month", LocalDate.of(2026, 12, 14), "o1");
        showCalendar(robot);
        waitFor("the month's records", () -> view.entry(report.id()).isPresent() && entryNode(report.id()) != null);
        assertThat(desktop.view().tabs().getTabs().getFirst().getText()).isEqualTo("Due dates");

        long outbox = Outbox.size(desktop.viewModel().workspace());
        Node entry = entryNode(report.id());
        MonthView month = view.calendar().getMonthPage().getMonthView();
        Point2D target = dayOnScreen(month, LocalDate.of(2026, 11, 12), entry);
        robot.drag(entry).moveTo(target).drop();
        waitFor("the record moved", () -> LocalDate.of(2026, 11, 12)
                .equals(records.byId(t, report.id()).orElseThrow().value(due.id())));
        waitFor("the calendar shows it there", () -> view.entry(report.id())
                .map(e -> e.getStartDate().equals(LocalDate.of(2026, 11, 12))).orElse(false));
        List<Mutation> pending = Outbox.pending(desktop.viewModel().workspace(), 1000);
        assertThat(pending).hasSize((int) outbox + 1);
        assertThat(pending.getLast().entityId()).isEqualTo(report.id());

        // Ctrl+Z undoes the move
        robot.interact(() -> view.calendar().requestFocus());
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.Z)
                .release(javafx.scene.input.KeyCode.CONTROL);
        waitFor("the move undone", () -> LocalDate.of(2026, 11, 10)
                .equals(records.byId(t, report.id()).orElseThrow().value(due.id())));
        waitFor("the calendar shows it back", () -> view.entry(report.id())
                .map(e -> e.getStartDate().equals(LocalDate.of(2026, 11, 10))).orElse(false));
    }

    @Test
    void screenshotOfAMonth(FxRobot robot) {
        openCalendar(robot);
        String[][] tasks = {{"Kick-off", "2", "o1"}, {"Design review", "4", "o2"}, {"Quarterly report", "10", "o2"},
                {"Team lunch", "13", "o3"}, {"Supplier call", "13", "o1"}, {"Invoice run", "17", "o3"},
                {"Release 1.4", "20", "o2"}, {"Board meeting", "24", "o1"}, {"Retrospective", "27", ""},
                {"Budget draft", "30", "o1"}};
        Row last = null;
        for (String[] task : tasks) {
            last = insert(task[0], MONTH.withDayOfMonth(Integer.parseInt(task[1])), task[2].isEmpty() ? null : task[2]);
        }
        showCalendar(robot);
        Row lastRow = last;
        waitFor("the month's records", () -> view.entry(lastRow.id()).isPresent() && entryNode(lastRow.id()) != null);
        assertThat(view.calendar().getCalendarSources().getFirst().getCalendars().stream()
                .mapToLong(c -> c.findEntries("").size()).sum()).isEqualTo(tasks.length);
        Screenshots.write(desktop.scene(), "calendar.png");
    }
}
