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
    FieldDef until;
    RecordCalendarView view;

    private Row insert(String title, LocalDate day, @Nullable String option) {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), title);
        m.put(due.id(), day);
        m.put(status.id(), option);
        return records.insert(t, m);
    }

    private void openCalendar(FxRobot robot) {
        openCalendar(robot, false);
    }

    /** With {@code timed}, Due is a date-time field and the view runs from Due to a date-time field Until. */
    private void openCalendar(FxRobot robot, boolean timed) {
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
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(timed)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Open", "blue"), new SelectOption("o2", "Doing", "orange"),
                        new SelectOption("o3", "Done", "green")))),
                FieldDef.of(UUID.randomUUID(), "Until", new FieldType.DateType(timed))));
        name = t.fields().get(0);
        due = t.fields().get(1);
        status = t.fields().get(2);
        until = t.fields().get(3);
        views.save(t, null, "All tasks", GridConfig.EMPTY);
        views.save(t, null, "Due dates", new CalendarConfig(RecordQuery.ALL, due.id(), timed ? until.id() : null,
                name.id(), status.id()));
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
        return entryNode(view.calendar(), recordId);
    }

    private static @Nullable Node entryNode(Node within, UUID recordId) {
        return within.lookupAll("*").stream()
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

    private UUID idOf(String title) {
        for (var c : view.calendar().getCalendarSources().getFirst().getCalendars()) {
            for (Object e : c.findEntries(title)) {
                if (((com.calendarfx.model.Entry<?>) e).getUserObject() instanceof UUID id) return id;
            }
        }
        throw new AssertionError("no entry " + title);
    }

    /** The days the agenda lists, with the titles of their entries. */
    private static Map<LocalDate, List<String>> agendaDays(com.calendarfx.view.AgendaView agenda) {
        Map<LocalDate, List<String>> out = new java.util.TreeMap<>();
        for (var day : agenda.getListView().getItems()) {
            out.put(day.getDate(), day.getEntries().stream().map(e -> e.getTitle()).sorted().toList());
        }
        return out;
    }

    @Test
    void aLongMessageIsCutInsteadOfTheBarsLabelsAndChoices(FxRobot robot) {
        openCalendar(robot);
        showCalendar(robot);
        robot.interact(() -> desktop.viewModel().views().viewModel(CalendarViewType.INSTANCE).message()
                .set("Add a date field to Tasks to see its records on the calendar, then choose it here; a long hint"));
        waitFor("laid out", () -> true);
        javafx.scene.layout.HBox bar = (javafx.scene.layout.HBox) robot.lookup("." + dev.rowan.desktop.views.ViewBar.STYLE)
                .query();
        javafx.scene.control.Label message = robot.lookup("#calendar-message").query();
        assertThat(message.getWidth()).as("the message is cut").isLessThan(message.prefWidth(-1));
        for (Node n : bar.getChildren()) {
            if (n == message || !(n instanceof javafx.scene.control.Control c)) continue;
            assertThat(c.getWidth()).as("%s keeps its size", c).isGreaterThanOrEqualTo(c.prefWidth(-1) - 0.5);
        }
        assertThat(message.getTooltip()).isNotNull();
        assertThat(message.getTooltip().getText()).startsWith("Add a date field");
    }

    @Test
    void theDayPageAndTheWeekPageShowTheRecordsOfTheirDays(FxRobot robot) {
        openCalendar(robot);
        Row report = insert("Quarterly report", LocalDate.of(2026, 11, 10), "o2");
        Row lunch = insert("Team lunch", LocalDate.of(2026, 11, 13), "o3");
        insert("Retrospective", LocalDate.of(2026, 11, 27), "o1"); // 17 days on: past the agenda's two weeks
        showCalendar(robot);
        waitFor("the month's records", () -> entryNode(report.id()) != null);

        robot.interact(() -> {
            view.calendar().setDate(LocalDate.of(2026, 11, 10));
            view.calendar().showDayPage();
        });
        var dayPage = view.calendar().getDayPage();
        waitFor("the day's record on the day page", () -> entryNode(dayPage.getDetailedDayView(), report.id()) != null);
        // the agenda beside the day lists the shown day and the two weeks after it, all read with the day page
        var agenda = dayPage.getAgendaView();
        waitFor("the agenda lists the day's and the next days' records", () -> agendaDays(agenda).equals(
                Map.of(LocalDate.of(2026, 11, 10), List.of("Quarterly report"), LocalDate.of(2026, 11, 13), List.of("Team lunch"))));
        Screenshots.write(desktop.scene(), "calendar-day.png");
        robot.interact(() -> view.calendar().setDate(LocalDate.of(2026, 11, 14)));
        waitFor("a later day's agenda starts there and reaches two weeks on", () -> agendaDays(agenda).equals(
                Map.of(LocalDate.of(2026, 11, 27), List.of("Retrospective"))));
        robot.interact(() -> view.calendar().setDate(LocalDate.of(2026, 11, 10)));
        assertThat(entryNode(dayPage.getDetailedDayView(), lunch.id())).as("another day is not on the day page").isNull();

        robot.interact(() -> view.calendar().showWeekPage());
        var week = view.calendar().getWeekPage();
        waitFor("the week page shows the record", () -> entryNode(week, report.id()) != null);
        assertThat(entryNode(week, lunch.id())).isNotNull();
    }

    @Test
    void doubleClickingAnEntryOpensItsRecordInTheForm(FxRobot robot) {
        openCalendar(robot);
        insert("Team lunch", LocalDate.of(2026, 11, 13), "o3");
        Row report = insert("Quarterly report", LocalDate.of(2026, 11, 10), "o2");
        showCalendar(robot);
        waitFor("the month's records", () -> entryNode(report.id()) != null);
        robot.doubleClickOn(entryNode(report.id()));
        waitFor("the record in the form", () -> desktop.viewModel().form().record().get() != null
                && desktop.viewModel().form().record().get().id().equals(report.id()));
        assertThat(desktop.viewModel().form().entries().getFirst().text().get()).isEqualTo("Quarterly report");
        assertThat(records.count(t, null)).as("a double click on an entry creates nothing").isEqualTo(2);
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

    /** The middle of the month view's cell for {@code day}, on screen (found by asking the view what lies where). */
    private static Point2D dayCell(MonthView month, LocalDate day) {
        double sx = 0, sy = 0;
        int n = 0;
        for (double x = 1; x < month.getWidth(); x += 6) {
            for (double y = 1; y < month.getHeight(); y += 6) {
                ZonedDateTime at = month.getZonedDateTimeAt(x, y, ZoneId.systemDefault());
                if (at != null && at.toLocalDate().equals(day)) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        if (n == 0) throw new AssertionError("the month view does not show " + day);
        return month.localToScreen(sx / n, sy / n);
    }

    @Test
    void doubleClickingADayCreatesARecordOnThatDay(FxRobot robot) {
        openCalendar(robot);
        Row other = insert("Already there", LocalDate.of(2026, 11, 3), "o1");
        showCalendar(robot);
        waitFor("the month's records", () -> view.entry(other.id()).isPresent() && entryNode(other.id()) != null);
        LocalDate day = LocalDate.of(2026, 11, 18);
        long outbox = Outbox.size(desktop.viewModel().workspace());
        robot.moveTo(dayCell(view.calendar().getMonthPage().getMonthView(), day)).doubleClickOn();
        waitFor("a record on the 18th", () -> records.count(t, null) == 2);
        Row made = records.page(t, null, List.of(), null, 10).rows().stream()
                .filter(r -> !r.id().equals(other.id())).findFirst().orElseThrow();
        assertThat(made.value(due.id())).isEqualTo(day);
        assertThat(Outbox.size(desktop.viewModel().workspace())).isEqualTo(outbox + 1);
        waitFor("the calendar shows it", () -> view.entry(made.id()).map(e -> e.getStartDate().equals(day)).orElse(false));
        // the record opens in the form with the keyboard in its first field: typed at once, nothing is lost
        waitFor("the form shown and focused", () -> "tab-form".equals(desktop.view().tabs().getSelectionModel()
                .getSelectedItem().getId()) && desktop.scene().getFocusOwner() instanceof javafx.scene.control.TextField);
        Typist.type("Quarterly review", 0);
        robot.clickOn("Save");
        waitFor("the title typed is stored", () -> "Quarterly review".equals(records.byId(t, made.id()).orElseThrow()
                .value(name.id())));
    }

    @Test
    void draggingTheLowerEdgeOfAnEntryInTheWeekViewWritesTheEndField(FxRobot robot) {
        openCalendar(robot, true);
        ZoneId zone = ZoneId.systemDefault();
        java.time.OffsetDateTime start = LocalDate.of(2026, 11, 11).atTime(2, 0).atZone(zone).toOffsetDateTime()
                .withOffsetSameInstant(java.time.ZoneOffset.UTC);
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), "Planning");
        m.put(due.id(), start);
        m.put(until.id(), start.plusHours(1));
        Row planning = records.insert(t, m);
        showCalendar(robot);
        robot.interact(() -> {
            view.calendar().setDate(LocalDate.of(2026, 11, 11));
            view.calendar().showWeekPage();
            // the week view scrolls to the time of day it is run at: from about 10:00 the 2:00 entry was above the
            // visible hours and the drag missed it (the test failed by the clock, not by the app)
            view.calendar().setRequestedTime(java.time.LocalTime.of(1, 0));
        });
        Node week = view.calendar().getWeekPage().getDetailedWeekView();
        waitFor("the week's entry", () -> view.entry(planning.id()).isPresent() && entryNode(week, planning.id()) != null
                && entryNode(week, planning.id()).getLayoutBounds().getHeight() > 10);
        Node entry = entryNode(week, planning.id());
        com.calendarfx.view.DayView day = ancestor(entry, com.calendarfx.view.DayView.class);
        Point2D edge = entry.localToScreen(entry.getLayoutBounds().getCenterX(), entry.getLayoutBounds().getMaxY() - 2);
        Point2D four = null;
        Point2D local = day.screenToLocal(edge);
        for (double y = local.getY(); y < day.getHeight(); y += 1) {
            ZonedDateTime at = day.getZonedDateTimeAt(local.getX(), y, zone);
            if (at != null && !at.toLocalTime().isBefore(java.time.LocalTime.of(4, 0))) {
                four = day.localToScreen(local.getX(), y + 2);
                break;
            }
        }
        assertThat(four).as("the week view shows 4:00").isNotNull();
        long outbox = Outbox.size(desktop.viewModel().workspace());
        robot.moveTo(edge).press(javafx.scene.input.MouseButton.PRIMARY).moveTo(four)
                .release(javafx.scene.input.MouseButton.PRIMARY);
        java.time.OffsetDateTime fourAm = start.plusHours(2);
        waitFor("the end moved to 4:00", () -> records.byId(t, planning.id()).orElseThrow().value(until.id())
                instanceof java.time.OffsetDateTime e && e.isEqual(fourAm));
        Row after = records.byId(t, planning.id()).orElseThrow();
        assertThat(((java.time.OffsetDateTime) after.value(due.id())).isEqual(start)).as("the start stays").isTrue();
        assertThat(Outbox.size(desktop.viewModel().workspace())).isEqualTo(outbox + 1);
        waitFor("the entry ends at 4:00", () -> view.entry(planning.id())
                .map(e -> e.getEndTime().equals(java.time.LocalTime.of(4, 0))).orElse(false));
    }

    private static <T> T ancestor(Node n, Class<T> type) {
        for (Node p = n; p != null; p = p.getParent()) if (type.isInstance(p)) return type.cast(p);
        throw new AssertionError("no " + type.getSimpleName() + " around " + n);
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
        waitFor("the status bar counts the calendar's events, not the grid's rows", () -> robot.lookup("#status-count")
                .queryAs(javafx.scene.control.Label.class).getText().equals("Tasks · " + tasks.length + " events in these days"));
        // each entry wears its option's own colour (Doing is orange whatever its place among the options)
        assertThat(view.entryStyle(lastRow.id())).contains("rowan-c-3b82f6");
        UUID release = idOf("Release 1.4");
        Node doing = entryNode(release);
        assertThat(doing).isNotNull();
        assertThat(doing.getStyleClass()).contains("rowan-c-f97316-entry-small-full-day");
        javafx.scene.paint.Paint fill = ((javafx.scene.layout.Region) doing).getBackground().getFills().getFirst().getFill();
        assertThat(fill).isInstanceOf(javafx.scene.paint.Color.class);
        assertThat(((javafx.scene.paint.Color) fill).getHue())
                .as("painted from the generated stylesheet in the option's orange, not a CalendarFX style colour")
                .isCloseTo(javafx.scene.paint.Color.web("#f97316").getHue(), org.assertj.core.data.Offset.offset(12.0));
        Screenshots.write(desktop.scene(), "calendar.png");
    }
}
