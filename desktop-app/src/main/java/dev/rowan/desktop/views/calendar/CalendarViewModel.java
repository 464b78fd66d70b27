package dev.rowan.desktop.views.calendar;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.views.HostedViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.kinds.OptionColours;
import dev.rowan.desktop.views.SavedSettings;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewSettings;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.CalendarConfig;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A calendar view of a table: reads only the records of the date range the calendar shows (the workspace's date
 * range query), turns them into {@link CalendarItem}s, and writes a move or resize back to the date fields as one
 * undoable edit (queued for the server like any edit). Its settings (which fields) are saved to the view.
 */
public final class CalendarViewModel implements HostedViewModel {
    public static final String DEFAULT_VIEW_NAME = "Calendar";
    /** Records read for one visible range at most (a month of a busy table); more are reported, not shown. */
    public static final int RANGE_LIMIT = 2000;

    private final ViewContext context;
    private final ZoneId zone;
    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObjectProperty<CalendarConfig> config = new SimpleObjectProperty<>(new CalendarConfig(RecordQuery.ALL));
    private final ObservableList<CalendarItem> items = FXCollections.observableArrayList();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final SavedSettings<CalendarConfig> saved;
    private @Nullable LocalDate from;
    private @Nullable LocalDate to;
    private long generation;

    public CalendarViewModel(ViewContext context) {
        this(context, ZoneId.systemDefault());
    }

    public CalendarViewModel(ViewContext context, ZoneId zone) {
        this.context = context;
        this.saved = new SavedSettings<>(context, ViewKind.CALENDAR, DEFAULT_VIEW_NAME, config, this::fail, this::refresh);
        this.zone = zone;
        // an undo or redo (Ctrl+Z goes through the window) of a change in this table: read again
        context.editor().history().applied().addListener((o, a, c) -> {
            TableDef t = table.get();
            if (c != null && t != null && c.tableId().equals(t.id())) refresh();
        });
    }

    // ------------------------------------------------------------------ opening and reading

    /** Opens the calendar view {@code viewId} of the table (null: its first calendar view, or the defaults). */
    @Override
    public void open(UUID tableId, @Nullable UUID view) {
        TableDef t = context.schema().table(tableId);
        ViewStore.StoredView shown = saved.choose(t, view).orElse(null);
        table.set(t);
        config.set(shown == null ? new CalendarConfig(RecordQuery.ALL) : (CalendarConfig) shown.config());
        message.set(shown == null || shown.dropped().isEmpty() ? "" : "Some settings no longer fit the table and were left out");
        items.clear();
        refresh();
    }

    /** The calendar shows {@code [from, to)}: only those days are read. */
    public void showRange(LocalDate from, LocalDate to) {
        if (from.equals(this.from) && to.equals(this.to)) return;
        this.from = from;
        this.to = to;
        refresh();
    }

    /** Reads the visible range again. */
    @Override
    public void refresh() {
        TableDef t = table.get();
        LocalDate a = from;
        LocalDate b = to;
        if (t == null || a == null || b == null) return;
        CalendarConfig cfg = config.get();
        Optional<FieldDef> date = cfg.dateFieldIn(t);
        if (date.isEmpty()) {
            items.clear();
            message.set("Add a date field to " + t.name() + " to see its records on the calendar");
            return;
        }
        long gen = ++generation;
        loading.set(true);
        context.executor().submit("Reading the calendar", p -> read(t, cfg, a, b), result -> {
            if (gen != generation) return;
            loading.set(false);
            items.setAll(result.items());
            message.set(result.more() ? "Only the first " + RANGE_LIMIT + " records of these days are shown" : "");
        }, this::fail);
    }

    private record Read(List<CalendarItem> items, boolean more) {
    }

    /** The records in the range as items (runs on the worker). */
    private Read read(TableDef t, CalendarConfig cfg, LocalDate a, LocalDate b) {
        FieldDef date = cfg.dateFieldIn(t).orElseThrow();
        Map<UUID, Row> rows = new LinkedHashMap<>();
        Page p = context.records().range(t, date.id(), a, b, zone, cfg.query(), RANGE_LIMIT);
        boolean more = p.next() != null;
        for (Row r : p.rows()) rows.put(r.id(), r);
        FieldDef end = end(t, cfg);
        if (end != null) {
            // items that start before the range and end inside it or after it
            Page e = context.records().runningInto(t, date.id(), end.id(), a, zone, cfg.query(), RANGE_LIMIT);
            more |= e.next() != null;
            for (Row r : e.rows()) rows.putIfAbsent(r.id(), r);
        }
        List<CalendarItem> out = new ArrayList<>(rows.size());
        for (Row r : rows.values()) item(t, cfg, r).ifPresent(out::add);
        return new Read(out, more);
    }

    /** A record as an item; empty when it has no date. */
    Optional<CalendarItem> item(TableDef t, CalendarConfig cfg, Row r) {
        FieldDef date = cfg.dateFieldIn(t).orElseThrow();
        boolean allDay = !((FieldType.DateType) date.type()).includeTime();
        LocalDateTime start = local(r.value(date.id()));
        if (start == null) return Optional.empty();
        FieldDef endField = end(t, cfg);
        LocalDateTime end = endField == null ? null : local(r.value(endField.id()));
        if (end != null && endField != null && !((FieldType.DateType) endField.type()).includeTime()) {
            // a date-only end is the last day, inclusive
            end = allDay ? end.plusDays(1) : end.with(LocalTime.MAX);
        }
        if (end == null || end.isBefore(start)) end = allDay ? start.plusDays(1) : start.plusHours(1);
        if (allDay && !end.isAfter(start)) end = start.plusDays(1);
        String colour = "";
        String colourName = "";
        FieldDef c = cfg.colorField() == null ? null : t.fieldById(cfg.colorField()).orElse(null);
        if (c != null && c.type() instanceof FieldType.SingleSelect s && r.value(c.id()) instanceof String optionId) {
            // the option's own colour: reordering or adding options never repaints other records
            for (SelectOption o : s.options()) {
                if (o.id().equals(optionId)) {
                    colour = OptionColours.rgb(o.color()).orElse("");
                    colourName = o.label();
                }
            }
        }
        return Optional.of(new CalendarItem(r.id(), title(t, cfg, r), start, end, allDay, colour, colourName,
                r.updatedAt()));
    }

    private String title(TableDef t, CalendarConfig cfg, Row r) {
        FieldDef f = cfg.titleField() == null ? null : t.fieldById(cfg.titleField()).orElse(null);
        if (f == null) f = t.activeFields().isEmpty() ? null : t.activeFields().getFirst();
        if (f == null) return "(untitled)";
        String text = FieldUis.of(f.type()).text(f.type(), r.value(f.id()), DateTimeFormatter.ISO_LOCAL_DATE);
        return text.isBlank() ? "(untitled)" : text;
    }

    private @Nullable LocalDateTime local(@Nullable Object v) {
        return switch (v) {
            case LocalDate d -> d.atStartOfDay();
            case OffsetDateTime o -> o.atZoneSameInstant(zone).toLocalDateTime();
            case null, default -> null;
        };
    }

    private static @Nullable FieldDef end(TableDef t, CalendarConfig cfg) {
        return cfg.endField() == null ? null : t.fieldById(cfg.endField()).filter(f -> !f.hidden()).orElse(null);
    }

    // ------------------------------------------------------------------ editing

    /**
     * Moves or resizes an item: its date field takes {@code start}, its end field (when the view has one) {@code end}
     * (exclusive for all-day items, as CalendarFX hands it). One undoable edit, queued for the server.
     */
    public void move(UUID recordId, LocalDateTime start, LocalDateTime end) {
        TableDef t = requireTable();
        CalendarItem was = items.stream().filter(i -> i.recordId().equals(recordId)).findFirst().orElse(null);
        if (was == null) return;
        CalendarConfig cfg = config.get();
        FieldDef date = cfg.dateFieldIn(t).orElseThrow();
        FieldDef endField = end(t, cfg);
        context.executor().submit("Moving a record", p -> {
            Row r = context.records().byId(t, recordId).orElseThrow(() ->
                    dev.rowan.model.error.RowanException.notFound("The record was deleted meanwhile"));
            List<CellChange> changes = new ArrayList<>();
            Object newStart = value(date, start, false, was.allDay());
            if (!java.util.Objects.equals(newStart, r.value(date.id()))) {
                changes.add(new CellChange(recordId, date.id(), r.value(date.id()), newStart));
            }
            if (endField != null) {
                Object newEnd = value(endField, end, true, was.allDay());
                if (!java.util.Objects.equals(newEnd, r.value(endField.id()))) {
                    changes.add(new CellChange(recordId, endField.id(), r.value(endField.id()), newEnd));
                }
            }
            if (!changes.isEmpty()) context.editor().store().update(t, changes);
            return changes;
        }, changes -> {
            if (!changes.isEmpty()) {
                context.editor().history().push(new Edit(t, changes, "move of " + was.title()));
            }
            refresh();
        }, this::fail);
    }

    /** A time as a value of a date field: a day (an exclusive all-day end becomes the last day) or a UTC instant. */
    private Object value(FieldDef f, LocalDateTime at, boolean isEnd, boolean allDay) {
        if (((FieldType.DateType) f.type()).includeTime()) {
            return at.atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        LocalDate d = at.toLocalDate();
        if (isEnd && allDay && at.toLocalTime().equals(LocalTime.MIDNIGHT)) d = d.minusDays(1);
        return d;
    }

    /** A new record on a day (double-click): its date field is that day (9:00 for a date-time field). */
    public void create(LocalDate day, java.util.function.Consumer<UUID> created) {
        TableDef t = requireTable();
        FieldDef date = config.get().dateFieldIn(t).orElse(null);
        if (date == null) return;
        Object v = ((FieldType.DateType) date.type()).includeTime()
                ? day.atTime(9, 0).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC) : day;
        Map<UUID, @Nullable Object> values = new HashMap<>();
        values.put(date.id(), v);
        context.executor().submit("Adding a record", p -> context.editor().store().insert(t, values), row -> {
            context.editor().history().push(new Added(t, row));
            refresh();
            created.accept(row.id());
        }, this::fail);
    }

    // ------------------------------------------------------------------ export

    /** The first and last day an export reads (every record with a date in practice). */
    static final LocalDate EXPORT_FROM = LocalDate.of(1900, 1, 1);
    static final LocalDate EXPORT_TO = LocalDate.of(2200, 1, 1);
    /** Records an export writes at most. */
    public static final int EXPORT_LIMIT = 100_000;

    /** Every record of the view that has a date, as items (for the iCalendar export). */
    public List<CalendarItem> allItems() {
        TableDef t = requireTable();
        CalendarConfig cfg = config.get();
        FieldDef date = cfg.dateFieldIn(t).orElse(null);
        if (date == null) return List.of();
        Page p = context.records().range(t, date.id(), EXPORT_FROM, EXPORT_TO, zone, cfg.query(), EXPORT_LIMIT);
        List<CalendarItem> out = new ArrayList<>(p.rows().size());
        for (Row r : p.rows()) item(t, cfg, r).ifPresent(out::add);
        return out;
    }

    /** Writes the view as an iCalendar file. */
    public void export(java.io.OutputStream out) {
        IcsExport.write(allItems(), zone, out);
    }

    // ------------------------------------------------------------------ settings

    public void setDateField(@Nullable UUID f) {
        save(config.get().withDateField(f), "date field");
    }

    public void setEndField(@Nullable UUID f) {
        save(config.get().withEndField(f), "end field");
    }

    public void setTitleField(@Nullable UUID f) {
        save(config.get().withTitleField(f), "title field");
    }

    public void setColorField(@Nullable UUID f) {
        save(config.get().withColorField(f), "colour field");
    }

    /** A settings change: saved to the view as one undo step (Ctrl+Z takes it back). */
    private void save(CalendarConfig cfg, String what) {
        saved.save(table.get(), cfg, what);
    }

    /** Re-reads the table definition (the designer or a pull changed it): settings that no longer fit are dropped. */
    @Override
    public void reloadSchema() {
        saved.reloadSchema(table);
    }

    /** The fields a calendar can place records on (date fields). */
    public List<FieldDef> dateFields() {
        return ViewSettings.dateFields(table.get());
    }

    /** The fields that can colour items (single selects). */
    public List<FieldDef> colourFields() {
        return ViewSettings.fields(table.get(), type -> type instanceof FieldType.SingleSelect);
    }

    private TableDef requireTable() {
        TableDef t = table.get();
        if (t == null) throw new IllegalStateException("no table open");
        return t;
    }

    private void fail(Throwable e) {
        loading.set(false);
        message.set(Errors.message(e));
    }

    // ------------------------------------------------------------------ undo entries

    private final class Edit implements UndoStack.Change {
        private final TableDef t;
        private final List<CellChange> changes;
        private final String description;

        Edit(TableDef t, List<CellChange> changes, String description) {
            this.t = t;
            this.changes = List.copyOf(changes);
            this.description = description;
        }

        public void undo() {
            context.editor().store().update(t, changes.stream()
                    .map(c -> new CellChange(c.recordId(), c.fieldId(), c.after(), c.before())).toList());
        }

        public void redo() {
            context.editor().store().update(t, changes);
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return description;
        }
    }

    private final class Added implements UndoStack.Change {
        private final TableDef t;
        private final Row row;

        Added(TableDef t, Row row) {
            this.t = t;
            this.row = row;
        }

        public void undo() {
            context.editor().store().delete(t, List.of(row.id()));
        }

        public void redo() {
            context.editor().store().restore(t, List.of(row));
        }

        public UUID tableId() {
            return t.id();
        }

        public String description() {
            return "new record";
        }
    }

    // ------------------------------------------------------------------ state

    /** The status bar's count: the events of the days the calendar shows. */
    @Override
    public Optional<javafx.beans.value.ObservableValue<String>> statusCount() {
        return Optional.of(javafx.beans.binding.Bindings.createStringBinding(() -> String.format("%,d event%s in "
                + "these days", items.size(), items.size() == 1 ? "" : "s"), items));
    }

    public ObservableList<CalendarItem> items() {
        return items;
    }

    public ObjectProperty<CalendarConfig> config() {
        return config;
    }

    public ObjectProperty<@Nullable TableDef> table() {
        return table;
    }

    public StringProperty message() {
        return message;
    }

    public BooleanProperty loading() {
        return loading;
    }

    public ZoneId zone() {
        return zone;
    }

    public Optional<UUID> viewId() {
        return saved.viewId();
    }
}
