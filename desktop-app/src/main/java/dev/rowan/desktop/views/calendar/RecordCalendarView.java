package dev.rowan.desktop.views.calendar;

import com.calendarfx.model.Calendar;
import com.calendarfx.model.CalendarEvent;
import com.calendarfx.model.CalendarSource;
import com.calendarfx.model.Entry;
import com.calendarfx.model.Interval;
import com.calendarfx.view.CalendarView;
import com.calendarfx.view.DateControl;
import dev.rowan.model.schema.FieldDef;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import org.jspecify.annotations.Nullable;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The calendar's nodes: CalendarFX's day (with its agenda list), week and month pages over one calendar per colour,
 * a bar with the view's settings (date field, end field, colour field) and the iCalendar export. The ViewModel reads
 * just the days the selected page can show. A drag or an edge resize that
 * CalendarFX applies to an entry is handed to the ViewModel, which writes the record; the entries are then rebuilt
 * from what it read back.
 */
public final class RecordCalendarView {
    public static final String STYLESHEET = RecordCalendarView.class.getResource("calendar.css").toExternalForm();

    private final CalendarViewModel vm;
    private final BorderPane root = new BorderPane();
    private final CalendarView calendar = new CalendarView(CalendarView.Page.DAY, CalendarView.Page.WEEK,
            CalendarView.Page.MONTH);
    /** One CalendarFX calendar per colour shown ({@code #rrggbb}; "" is no colour), made when first needed. */
    private final Map<String, Calendar<UUID>> calendars = new LinkedHashMap<>();
    private final CalendarSource source = new CalendarSource("Records");
    private @Nullable String colourSheet;
    private final Map<UUID, Entry<UUID>> entries = new HashMap<>();
    private final ComboBox<Optional<FieldDef>> dateField = new ComboBox<>();
    private final ComboBox<Optional<FieldDef>> endField = new ComboBox<>();
    private final ComboBox<Optional<FieldDef>> colourField = new ComboBox<>();
    private final Label message = new Label();
    private boolean rebuilding;

    public RecordCalendarView(CalendarViewModel vm, Consumer<UUID> openRecord) {
        this.vm = vm;
        root.setId("calendar-view");
        root.getStylesheets().add(STYLESHEET);
        calendar.setId("calendar");
        calendar("");
        calendar.getCalendarSources().setAll(source);
        calendar.setDefaultCalendarProvider(control -> calendar(""));
        calendar.setShowSourceTrayButton(false);
        calendar.setShowSourceTray(false);
        calendar.setShowAddCalendarButton(false);
        calendar.setShowPrintButton(false);
        calendar.setShowSearchField(false);
        calendar.setShowDeveloperConsole(false);
        calendar.setTraysAnimated(false);
        // a record is deleted in the grid or the form, never by a key press in the calendar
        calendar.setEntryEditPolicy(p -> p.getEditOperation() != DateControl.EditOperation.DELETE);
        calendar.setEntryContextMenuCallback(p -> null);
        // double-clicking a day makes a record there (written by the ViewModel; CalendarFX makes no entry itself)
        // the ViewModel opens the record it made; CalendarFX's own "details upon creation" would fire a request
        // event for the null entry our factory returns (a NullPointerException on the FX thread)
        calendar.setShowDetailsUponEntryCreation(false);
        calendar.setEntryFactory(p -> {
            vm.create(p.getZonedDateTime().toLocalDate(), openRecord);
            return null;
        });
        calendar.setEntryDetailsCallback(p -> {
            if (p.getEntry().getUserObject() instanceof UUID id) openRecord.accept(id);
            return true;
        });
        // the days the selected page shows (CalendarFX's LoadEvents come from every page, hidden ones too, so the
        // last one is not necessarily the page on screen)
        agendaFollowsTheDay();
        calendar.dateProperty().addListener((o, a, b) -> showVisibleRange());
        calendar.selectedPageProperty().addListener((o, a, b) -> showVisibleRange());
        vm.items().addListener((ListChangeListener<CalendarItem>) c -> rebuild());

        setUpFieldChoice(dateField, "calendar-date-field", "Date field", false);
        setUpFieldChoice(endField, "calendar-end-field", "End", true);
        setUpFieldChoice(colourField, "calendar-colour-field", "Colour", true);
        vm.table().addListener((o, a, b) -> updateChoices());
        vm.config().addListener((o, a, b) -> updateChoices());
        dateField.setOnAction(e -> {
            if (!rebuilding) vm.setDateField(dateField.getValue() == null ? null : dateField.getValue().map(FieldDef::id).orElse(null));
        });
        endField.setOnAction(e -> {
            if (!rebuilding) vm.setEndField(endField.getValue() == null ? null : endField.getValue().map(FieldDef::id).orElse(null));
        });
        colourField.setOnAction(e -> {
            if (!rebuilding) vm.setColorField(colourField.getValue() == null ? null : colourField.getValue().map(FieldDef::id).orElse(null));
        });
        Button export = new Button("Export .ics…");
        export.setId("calendar-export");
        export.setOnAction(e -> export());
        message.setId("calendar-message");
        message.textProperty().bind(vm.message());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = dev.rowan.desktop.views.ViewBar.of(message, new Label("On"), dateField, new Label("until"), endField,
                new Label("colour by"), colourField, message, gap, export);
        root.setTop(bar);
        root.setCenter(calendar);
        calendar.showMonthPage();
        showVisibleRange();
        monthDrag(calendar.getMonthPage().getMonthView());
    }

    /** How many days after the shown day the day page's agenda lists (all read with the day: see showVisibleRange). */
    static final int AGENDA_DAYS = 14;

    /**
     * CalendarFX's agenda beside the day view is bound to today by the day page and lists the 30 days from it,
     * whatever day the page shows, so it listed days this view never read (nothing, when the shown day is far from today). It
     * lists the shown day and the {@link #AGENDA_DAYS} after it instead, which the day page reads.
     */
    private void agendaFollowsTheDay() {
        com.calendarfx.view.page.DayPage page = calendar.getDayPage();
        com.calendarfx.view.AgendaView agenda = page.getAgendaView();
        agenda.setLookBackPeriodInDays(0);
        agenda.setLookAheadPeriodInDays(AGENDA_DAYS);
        // the day page's skin, made when the page is first shown, binds the agenda's date to today: bound again after
        Runnable follow = () -> {
            agenda.dateProperty().unbind();
            agenda.dateProperty().bind(calendar.dateProperty());
        };
        follow.run();
        page.skinProperty().addListener((o, a, b) -> follow.run());
    }

    /** Reads the days the selected page can show: the month grid's six weeks, the week, the day and its agenda. */
    private void showVisibleRange() {
        LocalDate d = calendar.getDate();
        CalendarView.Page page = calendar.getSelectedPage();
        if (page == CalendarView.Page.WEEK) {
            vm.showRange(d.minusDays(7), d.plusDays(8));
        } else if (page == CalendarView.Page.DAY) {
            vm.showRange(d.minusDays(1), d.plusDays(AGENDA_DAYS + 1));
        } else {
            LocalDate first = d.withDayOfMonth(1);
            vm.showRange(first.minusDays(7), first.plusMonths(1).plusDays(14));
        }
    }

    private @Nullable Entry<?> pressedEntry;
    private @Nullable LocalDate pressedDay;

    /**
     * CalendarFX's month view does not move entries (only its day and week views drag and resize timed ones): here a
     * press on an entry and a release over another day moves the record by those days.
     */
    private void monthDrag(com.calendarfx.view.MonthView month) {
        month.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            pressedEntry = null;
            if (!e.isPrimaryButtonDown()) return;
            for (Node n = e.getPickResult().getIntersectedNode(); n != null && n != month; n = n.getParent()) {
                if (n instanceof com.calendarfx.view.EntryViewBase<?> view) {
                    pressedEntry = view.getEntry();
                    pressedDay = dayAt(month, e);
                    return;
                }
            }
        });
        month.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_RELEASED, e -> {
            Entry<?> entry = pressedEntry;
            LocalDate from = pressedDay;
            pressedEntry = null;
            if (entry == null || from == null || !(entry.getUserObject() instanceof UUID id)) return;
            LocalDate to = dayAt(month, e);
            if (to == null || to.equals(from)) return;
            long days = java.time.temporal.ChronoUnit.DAYS.between(from, to);
            CalendarItem item = vm.items().stream().filter(i -> i.recordId().equals(id)).findFirst().orElse(null);
            if (item == null) return;
            vm.move(id, item.start().plusDays(days), item.end().plusDays(days));
            e.consume();
        });
    }

    private @Nullable LocalDate dayAt(com.calendarfx.view.MonthView month, javafx.scene.input.MouseEvent e) {
        javafx.geometry.Point2D p = month.sceneToLocal(e.getSceneX(), e.getSceneY());
        java.time.ZonedDateTime at = month.getZonedDateTimeAt(p.getX(), p.getY(), vm.zone());
        return at == null ? null : at.toLocalDate();
    }

    private void setUpFieldChoice(ComboBox<Optional<FieldDef>> box, String id, String prompt, boolean optional) {
        box.setId(id);
        box.setPromptText(prompt);
        box.setFocusTraversable(false);
        box.setCellFactory(l -> new FieldCell(optional));
        box.setButtonCell(new FieldCell(optional));
    }

    private void updateChoices() {
        rebuilding = true;
        try {
            var t = vm.table().get();
            var cfg = vm.config().get();
            List<Optional<FieldDef>> dates = vm.dateFields().stream().map(Optional::of).toList();
            dateField.getItems().setAll(dates);
            dateField.setValue(t == null ? null : cfg.dateFieldIn(t).map(Optional::of).orElse(null));
            List<Optional<FieldDef>> ends = new ArrayList<>();
            ends.add(Optional.empty());
            ends.addAll(dates);
            endField.getItems().setAll(ends);
            endField.setValue(t == null || cfg.endField() == null ? Optional.empty()
                    : t.fieldById(cfg.endField()).map(Optional::of).orElse(Optional.empty()));
            List<Optional<FieldDef>> colours = new ArrayList<>();
            colours.add(Optional.empty());
            vm.colourFields().forEach(f -> colours.add(Optional.of(f)));
            colourField.getItems().setAll(colours);
            colourField.setValue(t == null || cfg.colorField() == null ? Optional.empty()
                    : t.fieldById(cfg.colorField()).map(Optional::of).orElse(Optional.empty()));
        } finally {
            rebuilding = false;
        }
    }

    /** The entries again from the ViewModel's items (after every read). */
    private void rebuild() {
        rebuilding = true;
        try {
            for (Calendar<UUID> c : calendars.values()) c.clear();
            entries.clear();
            for (CalendarItem i : vm.items()) {
                Entry<UUID> e = new Entry<>(i.title());
                e.setId(i.recordId().toString());
                e.setUserObject(i.recordId());
                e.setFullDay(i.allDay());
                // CalendarFX's full-day interval ends on its last day; ours ends the day after (exclusive)
                LocalDateTime end = i.allDay() ? i.end().minusDays(1) : i.end();
                e.setInterval(new Interval(i.start(), end.isBefore(i.start()) ? i.start() : end));
                e.setCalendar(calendar(i.colour()));
                entries.put(i.recordId(), e);
            }
        } finally {
            rebuilding = false;
        }
    }

    /** CalendarFX moved or resized an entry (a drag): the record follows. */
    private void changed(CalendarEvent e) {
        if (rebuilding || e.getEntry() == null || !(e.getEntry().getUserObject() instanceof UUID id)) return;
        if (e.getEntry().getCalendar() == null) return;
        Entry<?> entry = e.getEntry();
        LocalDateTime start = entry.getStartAsLocalDateTime();
        LocalDateTime end = entry.isFullDay() ? entry.getEndDate().plusDays(1).atStartOfDay()
                : entry.getEndAsLocalDateTime();
        if (entry.isFullDay()) start = entry.getStartDate().atStartOfDay();
        vm.move(id, start, end);
    }

    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the calendar");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("iCalendar", "*.ics"));
        chooser.setInitialFileName(vm.table().get() == null ? "calendar.ics" : vm.table().get().name() + ".ics");
        File f = chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f == null) return;
        try (OutputStream out = new FileOutputStream(f)) {
            vm.export(out);
        } catch (IOException | RuntimeException ex) {
            vm.message().set("The calendar could not be exported: " + ex.getMessage());
        }
    }

    /** The calendar of entries in colour {@code rgb} (its style added to the generated stylesheet when new). */
    private Calendar<UUID> calendar(String rgb) {
        Calendar<UUID> known = calendars.get(rgb);
        if (known != null) return known;
        Calendar<UUID> c = new Calendar<>(rgb.isEmpty() ? "No colour" : rgb);
        c.setStyle(EntryColours.style(rgb));
        // CalendarFX's own one-argument handler: the EventTarget default (JavaFX 25) is not implemented by Calendar
        c.addEventHandler(evt -> {
            if (evt.getEventType() == CalendarEvent.ENTRY_INTERVAL_CHANGED) changed(evt);
        });
        calendars.put(rgb, c);
        source.getCalendars().add(c);
        if (!rgb.isEmpty()) {
            if (colourSheet != null) root.getStylesheets().remove(colourSheet);
            colourSheet = EntryColours.stylesheet(calendars.keySet());
            root.getStylesheets().add(colourSheet);
        }
        return c;
    }

    /** The CalendarFX style an entry is painted with (for tests). */
    public Optional<String> entryStyle(UUID recordId) {
        return entry(recordId).map(e -> e.getCalendar().getStyle());
    }

    /** The entry shown for a record (for tests and the host). */
    public Optional<Entry<UUID>> entry(UUID recordId) {
        return Optional.ofNullable(entries.get(recordId));
    }

    public CalendarView calendar() {
        return calendar;
    }

    public Node root() {
        return root;
    }

    /** Shows a month (the page and the date), for tests and screenshots. */
    public void showMonth(LocalDate day) {
        calendar.setDate(day);
        calendar.showMonthPage();
    }

    private static final class FieldCell extends ListCell<Optional<FieldDef>> {
        private final boolean optional;

        FieldCell(boolean optional) {
            this.optional = optional;
        }

        @Override
        protected void updateItem(@Nullable Optional<FieldDef> item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.map(FieldDef::name).orElse(optional ? "(none)" : ""));
        }
    }
}
