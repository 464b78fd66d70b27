package dev.rowan.desktop.views.calendar;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import dev.rowan.model.view.CalendarConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewKind;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The calendar's ViewModel on a real H2 workspace, without the FX thread. */
class CalendarViewModelTest {
    /** Done is the second option, so a colour by position could never be this one. */
    static final String DONE_COLOUR = "#0f766e";

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir
    Path dir;
    Workspace ws;
    SchemaStore schema;
    RecordStore records;
    ViewStore views;
    UndoStack history;
    ViewContext context;
    CalendarViewModel vm;
    TableDef t;
    FieldDef name;
    FieldDef start;
    FieldDef end;
    FieldDef meeting;
    FieldDef status;

    @BeforeEach
    void setUp() {
        ws = Workspace.open(dir);
        schema = new SchemaStore(ws);
        records = new RecordStore(ws);
        views = new ViewStore(ws);
        history = new UndoStack();
        AppInfo app = schema.createApp("A");
        t = schema.createTable(app.id(), null, "Tasks", List.of(
                FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Start", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "End", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Meeting", new FieldType.DateType(true)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(List.of(
                        new SelectOption("o1", "Open", "blue"), new SelectOption("o2", "Done", DONE_COLOUR))))));
        name = t.fields().get(0);
        start = t.fields().get(1);
        end = t.fields().get(2);
        meeting = t.fields().get(3);
        status = t.fields().get(4);
        context = new ViewContext(schema, records, new RecordEditor(records, history), views,
                new SameThreadTaskExecutor());
        vm = new CalendarViewModel(context, ZONE);
    }

    @AfterEach
    void tearDown() {
        ws.close();
    }

    private Row insert(String title, @Nullable LocalDate s, @Nullable LocalDate e, @Nullable String option) {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), title);
        m.put(start.id(), s);
        m.put(end.id(), e);
        m.put(status.id(), option);
        return records.insert(t, m);
    }

    private CalendarItem item(String title) {
        return vm.items().stream().filter(i -> i.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void onlyTheVisibleRangeIsReadAndDatesWithoutTimeAreAllDay() {
        insert("before", LocalDate.of(2026, 10, 31), null, null);
        insert("first", LocalDate.of(2026, 11, 1), null, "o2");
        insert("last", LocalDate.of(2026, 11, 30), null, null);
        insert("after", LocalDate.of(2026, 12, 1), null, null);
        insert("no date", null, null, null);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, start.id(), null, null, status.id()));
        vm.open(t.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        assertThat(vm.items()).extracting(CalendarItem::title).containsExactlyInAnyOrder("first", "last");
        CalendarItem first = item("first");
        assertThat(first.allDay()).isTrue();
        assertThat(first.start()).isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
        assertThat(first.end()).isEqualTo(LocalDateTime.of(2026, 11, 2, 0, 0));
        assertThat(first.colour()).as("the option's own colour, not its position").isEqualTo(DONE_COLOUR);
        assertThat(first.colourName()).isEqualTo("Done");
        assertThat(item("last").colour()).isEmpty();
    }

    @Test
    void aStartEndPairSpansDaysAndItemsEndingInTheRangeShow() {
        insert("spanning in", LocalDate.of(2026, 10, 28), LocalDate.of(2026, 11, 3), null);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, start.id(), end.id(), null, null));
        vm.open(t.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        CalendarItem i = item("spanning in");
        assertThat(i.start()).isEqualTo(LocalDateTime.of(2026, 10, 28, 0, 0));
        assertThat(i.end()).as("the end day is inclusive in the record, exclusive in the item")
                .isEqualTo(LocalDateTime.of(2026, 11, 4, 0, 0));
    }

    @Test
    void anItemSpanningTheWholeRangeShowsAndOnesThatEndBeforeItDoNot() {
        insert("whole month and more", LocalDate.of(2026, 10, 20), LocalDate.of(2026, 12, 10), null);
        insert("ended the day before", LocalDate.of(2026, 10, 20), LocalDate.of(2026, 10, 31), null);
        insert("ends on the first day", LocalDate.of(2026, 10, 20), LocalDate.of(2026, 11, 1), null);
        insert("starts after", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5), null);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, start.id(), end.id(), null, null));
        vm.open(t.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        assertThat(vm.items()).extracting(CalendarItem::title)
                .containsExactlyInAnyOrder("whole month and more", "ends on the first day");
    }

    @Test
    void movingAnItemWritesBothFieldsAsOneUndoableEditQueuedForTheServer() {
        Row r = insert("trip", LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 12), null);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, start.id(), end.id(), null, null));
        vm.open(t.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        long outboxBefore = Outbox.size(ws);
        // dragged two days later (CalendarFX hands all-day ends exclusive)
        vm.move(r.id(), LocalDateTime.of(2026, 11, 12, 0, 0), LocalDateTime.of(2026, 11, 15, 0, 0));
        Row after = records.byId(t, r.id()).orElseThrow();
        assertThat(after.value(start.id())).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(after.value(end.id())).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(Outbox.size(ws)).isEqualTo(outboxBefore + 1);
        List<Mutation> pending = Outbox.pending(ws, 100);
        assertThat(pending.getLast().op()).isEqualTo(Mutation.Op.UPDATE);
        assertThat(pending.getLast().entityId()).isEqualTo(r.id());
        assertThat(item("trip").start()).isEqualTo(LocalDateTime.of(2026, 11, 12, 0, 0));
        assertThat(history.canUndo().get()).isTrue();

        // Ctrl+Z goes through the window's grid ViewModel, which shares the history: one step undoes both fields
        GridViewModel grid = new GridViewModel(schema, records, new SameThreadTaskExecutor(), views, history);
        grid.undo();
        Row undone = records.byId(t, r.id()).orElseThrow();
        assertThat(undone.value(start.id())).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(undone.value(end.id())).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(item("trip").start()).as("the calendar read again after the undo")
                .isEqualTo(LocalDateTime.of(2026, 11, 10, 0, 0));
    }

    @Test
    void aTimedItemMovesToTheSameLocalTimeStoredAsUtc() {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), "call");
        m.put(meeting.id(), OffsetDateTime.of(2026, 11, 10, 9, 0, 0, 0, ZoneOffset.UTC));
        Row r = records.insert(t, m);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, meeting.id(), null, null, null));
        vm.open(t.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        CalendarItem call = item("call");
        assertThat(call.allDay()).isFalse();
        assertThat(call.start()).as("09:00 UTC is 10:00 in Berlin").isEqualTo(LocalDateTime.of(2026, 11, 10, 10, 0));
        vm.move(r.id(), LocalDateTime.of(2026, 11, 11, 14, 30), LocalDateTime.of(2026, 11, 11, 15, 30));
        assertThat(records.byId(t, r.id()).orElseThrow().value(meeting.id()))
                .isEqualTo(OffsetDateTime.of(2026, 11, 11, 13, 30, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void doubleClickingADayCreatesARecordThereThatUndoRemoves() {
        vm.open(t.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        UUID[] made = new UUID[1];
        vm.create(LocalDate.of(2026, 11, 20), id -> made[0] = id);
        assertThat(made[0]).isNotNull();
        assertThat(records.byId(t, made[0]).orElseThrow().value(start.id()))
                .as("the first date field, as no field was chosen").isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(vm.items()).extracting(CalendarItem::recordId).containsExactly(made[0]);
        new GridViewModel(schema, records, new SameThreadTaskExecutor(), views, history).undo();
        assertThat(records.byId(t, made[0])).isEmpty();
        assertThat(vm.items()).isEmpty();
    }

    @Test
    void settingsAreSavedToTheViewAndReadBack() {
        vm.open(t.id(), null);
        vm.setDateField(meeting.id());
        vm.setColorField(status.id());
        CalendarConfig stored = (CalendarConfig) views.first(t, ViewKind.CALENDAR).orElseThrow().config();
        assertThat(stored.dateField()).isEqualTo(meeting.id());
        assertThat(stored.colorField()).isEqualTo(status.id());
        CalendarViewModel again = new CalendarViewModel(context, ZONE);
        again.open(t.id(), null);
        assertThat(again.config().get()).isEqualTo(stored);
    }

    @Test
    void withoutADateFieldTheCalendarSaysWhatToDo() {
        TableDef plain = schema.createTable(schema.createApp("B").id(), null, "Notes",
                List.of(FieldDef.of(UUID.randomUUID(), "Text", new FieldType.Text())));
        vm.open(plain.id(), null);
        vm.showRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
        assertThat(vm.items()).isEmpty();
        assertThat(vm.message().get()).contains("Add a date field");
    }

    @Test
    void theExportParsesBackWithStableUidsStampsAndTimes() throws Exception {
        Row trip = insert("trip", LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 12), "o1");
        insert("no date", null, null, null);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, start.id(), end.id(), null, status.id()));
        vm.open(t.id(), null);
        String first = export();
        String second = export();
        Calendar cal = new CalendarBuilder().build(new ByteArrayInputStream(first.getBytes(StandardCharsets.UTF_8)));
        cal.validate();
        List<VEvent> events = cal.getComponents("VEVENT");
        assertThat(events).hasSize(1);
        VEvent e = events.getFirst();
        assertThat(e.getProperty(Property.UID).orElseThrow().getValue()).isEqualTo(trip.id() + IcsExport.UID_SUFFIX);
        assertThat(e.getProperty(Property.SUMMARY).orElseThrow().getValue()).isEqualTo("trip");
        assertThat(e.getProperty(Property.DTSTART).orElseThrow().getValue()).isEqualTo("20261110");
        assertThat(e.getProperty(Property.DTEND).orElseThrow().getValue()).as("exclusive end").isEqualTo("20261113");
        assertThat(e.getProperty(Property.DTSTAMP).orElseThrow().getValue())
                .isEqualTo(trip.updatedAt().withOffsetSameInstant(ZoneOffset.UTC)
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")));
        assertThat(e.getProperty(Property.CATEGORIES).orElseThrow().getValue()).isEqualTo("Open");
        assertThat(second).as("a second export is the same file (stable UIDs and stamps)").isEqualTo(first);
    }

    @Test
    void timedItemsExportAsUtcInstants() throws Exception {
        Map<UUID, @Nullable Object> m = new HashMap<>();
        m.put(name.id(), "call");
        m.put(meeting.id(), OffsetDateTime.of(2026, 11, 10, 9, 0, 0, 0, ZoneOffset.UTC));
        records.insert(t, m);
        views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, meeting.id(), null, null, null));
        vm.open(t.id(), null);
        Calendar cal = new CalendarBuilder().build(new ByteArrayInputStream(export().getBytes(StandardCharsets.UTF_8)));
        VEvent e = cal.<VEvent>getComponents("VEVENT").getFirst();
        assertThat(e.getProperty(Property.DTSTART).orElseThrow().getValue()).isEqualTo("20261110T090000Z");
        assertThat(e.getProperty(Property.DTEND).orElseThrow().getValue()).isEqualTo("20261110T100000Z");
    }

    private String export() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        vm.export(out);
        return out.toString(StandardCharsets.UTF_8);
    }
    private CalendarConfig stored(UUID id) {
        return (CalendarConfig) views.list(t).stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow().config();
    }

    @Test
    void everySettingsChangeIsOneUndoStepStoredInTheView() {
        UUID id = views.save(t, null, "Cal", new CalendarConfig(RecordQuery.ALL, start.id(), null, null, null));
        vm.open(t.id(), id);
        vm.setEndField(end.id());
        vm.setColorField(status.id());
        assertThat(stored(id).colorField()).isEqualTo(status.id());
        GridViewModel grid = new GridViewModel(schema, records, new SameThreadTaskExecutor(), views, history);
        grid.undo();
        assertThat(vm.config().get().colorField()).as("shown").isNull();
        assertThat(stored(id).colorField()).as("stored").isNull();
        assertThat(stored(id).endField()).isEqualTo(end.id());
        grid.undo();
        assertThat(vm.config().get().endField()).isNull();
        assertThat(stored(id).endField()).isNull();
        grid.redo();
        assertThat(vm.config().get().endField()).isEqualTo(end.id());
        assertThat(stored(id).endField()).isEqualTo(end.id());
        assertThat(views.list(t).getFirst().name()).isEqualTo("Cal");
    }

}
