package dev.rowan.desktop.views.timeline;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.views.HostedViewModel;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.kinds.FieldUis;
import dev.rowan.desktop.views.SavedSettings;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewSettings;
import dev.rowan.desktop.workspace.Page;
import dev.rowan.desktop.workspace.RecordStore.CellChange;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.RecordQuery;
import dev.rowan.model.view.TimelineConfig;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A timeline of a table: reads the bars of the visible span only (records whose start or end lies in it), the
 * records without a start (a page of them, to be dropped onto the axis), and writes moves and resizes to the start
 * and end fields as one undoable edit. Days are the unit: a date-time field keeps its time of day when moved.
 */
public final class TimelineViewModel implements HostedViewModel {
    public static final String DEFAULT_VIEW_NAME = "Timeline";
    public static final int RANGE_LIMIT = 2000;
    public static final int UNDATED_LIMIT = 200;

    /** One bar: {@code start} and {@code end} are days, both inclusive. */
    public record Bar(UUID recordId, String title, String lane, LocalDate start, LocalDate end) {
    }

    private final ViewContext context;
    private final ZoneId zone;
    private final ObjectProperty<@Nullable TableDef> table = new SimpleObjectProperty<>();
    private final ObjectProperty<TimelineConfig> config = new SimpleObjectProperty<>(new TimelineConfig(RecordQuery.ALL));
    private final ObservableList<Bar> bars = FXCollections.observableArrayList();
    private final ObservableList<Bar> undated = FXCollections.observableArrayList();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>(LocalDate.now());
    private final StringProperty message = new SimpleStringProperty("");
    private final SavedSettings<TimelineConfig> saved;
    private long generation;

    public TimelineViewModel(ViewContext context) {
        this(context, ZoneId.systemDefault());
    }

    public TimelineViewModel(ViewContext context, ZoneId zone) {
        this.context = context;
        this.saved = new SavedSettings<>(context, ViewKind.TIMELINE, DEFAULT_VIEW_NAME, config, this::fail, this::refresh);
        this.zone = zone;
        context.editor().history().applied().addListener((o, a, c) -> {
            TableDef t = table.get();
            if (c != null && t != null && c.tableId().equals(t.id())) refresh();
        });
    }

    /** Days one column of the axis stands for at a zoom. */
    public static int daysPerColumn(String zoom) {
        return switch (zoom) {
            case TimelineConfig.DAY -> 1;
            case TimelineConfig.WEEK -> 7;
            case TimelineConfig.MONTH -> 30;
            default -> 91;
        };
    }

    /** How many days the visible span covers at a zoom (a screenful of columns). */
    public static int spanDays(String zoom) {
        return daysPerColumn(zoom) * (TimelineConfig.DAY.equals(zoom) ? 42 : 16);
    }

    @Override
    public void open(UUID tableId, @Nullable UUID view) {
        TableDef t = context.schema().table(tableId);
        ViewStore.StoredView shown = saved.choose(t, view).orElse(null);
        table.set(t);
        config.set(shown == null ? new TimelineConfig(RecordQuery.ALL) : (TimelineConfig) shown.config());
        from.set(LocalDate.now(zone).minusDays(2L * daysPerColumn(config.get().zoom())));
        refresh();
    }

    /** The first day shown; the span follows from the zoom. */
    public void showFrom(LocalDate day) {
        if (day.equals(from.get())) return;
        from.set(day);
        refresh();
    }

    public LocalDate to() {
        return from.get().plusDays(spanDays(config.get().zoom()));
    }

    @Override
    public void refresh() {
        TableDef t = table.get();
        if (t == null) return;
        TimelineConfig cfg = config.get();
        if (cfg.startFieldIn(t).isEmpty()) {
            bars.clear();
            undated.clear();
            message.set("Add a date field to " + t.name() + " to see its records on a timeline");
            return;
        }
        long gen = ++generation;
        LocalDate a = from.get();
        LocalDate b = to();
        context.executor().submit("Reading the timeline", p -> read(t, cfg, a, b), r -> {
            if (gen != generation) return;
            bars.setAll(r.bars());
            undated.setAll(r.undated());
            message.set(r.more() ? "Only the first " + RANGE_LIMIT + " records of this span are shown" : "");
        }, this::fail);
    }

    private record Read(List<Bar> bars, List<Bar> undated, boolean more) {
    }

    private Read read(TableDef t, TimelineConfig cfg, LocalDate a, LocalDate b) {
        FieldDef start = cfg.startFieldIn(t).orElseThrow();
        FieldDef end = end(t, cfg);
        Map<UUID, Row> rows = new LinkedHashMap<>();
        Page p = context.records().range(t, start.id(), a, b, zone, cfg.query(), RANGE_LIMIT);
        boolean more = p.next() != null;
        p.rows().forEach(r -> rows.put(r.id(), r));
        if (end != null) {
            Page e = context.records().runningInto(t, start.id(), end.id(), a, zone, cfg.query(), RANGE_LIMIT);
            more |= e.next() != null;
            e.rows().forEach(r -> rows.putIfAbsent(r.id(), r));
        }
        List<Bar> out = new ArrayList<>();
        for (Row r : rows.values()) bar(t, cfg, r).ifPresent(out::add);
        Filter noStart = Filter.where(start.id().toString(), Operator.IS_NULL, null);
        Filter f = cfg.query().filter() == null ? noStart : Filter.and(cfg.query().filter(), noStart);
        List<Bar> undatedBars = new ArrayList<>();
        for (Row r : context.records().page(t, f, cfg.query().sorts(), null, UNDATED_LIMIT).rows()) {
            undatedBars.add(new Bar(r.id(), title(t, cfg, r), lane(t, cfg, r), a, a));
        }
        return new Read(out, undatedBars, more);
    }

    Optional<Bar> bar(TableDef t, TimelineConfig cfg, Row r) {
        FieldDef start = cfg.startFieldIn(t).orElseThrow();
        LocalDate s = day(r.value(start.id()));
        if (s == null) return Optional.empty();
        FieldDef end = end(t, cfg);
        LocalDate e = end == null ? null : day(r.value(end.id()));
        if (e == null || e.isBefore(s)) e = s;
        return Optional.of(new Bar(r.id(), title(t, cfg, r), lane(t, cfg, r), s, e));
    }

    private String lane(TableDef t, TimelineConfig cfg, Row r) {
        FieldDef g = cfg.groupField() == null ? null : t.fieldById(cfg.groupField()).orElse(null);
        if (g == null) return "";
        String text = FieldUis.of(g.type()).text(g.type(), r.value(g.id()), DateTimeFormatter.ISO_LOCAL_DATE);
        return text.isBlank() ? "(none)" : text;
    }

    private String title(TableDef t, TimelineConfig cfg, Row r) {
        FieldDef f = cfg.titleField() == null ? null : t.fieldById(cfg.titleField()).orElse(null);
        if (f == null) f = t.activeFields().isEmpty() ? null : t.activeFields().getFirst();
        if (f == null) return "(untitled)";
        String text = FieldUis.of(f.type()).text(f.type(), r.value(f.id()), DateTimeFormatter.ISO_LOCAL_DATE);
        return text.isBlank() ? "(untitled)" : text;
    }

    private @Nullable LocalDate day(@Nullable Object v) {
        return switch (v) {
            case LocalDate d -> d;
            case OffsetDateTime o -> o.atZoneSameInstant(zone).toLocalDate();
            case null, default -> null;
        };
    }

    private static @Nullable FieldDef end(TableDef t, TimelineConfig cfg) {
        return cfg.endField() == null ? null : t.fieldById(cfg.endField()).filter(f -> !f.hidden()).orElse(null);
    }

    /** The lanes in the order they show (first appearance in date order; "" when the view is not grouped). */
    public List<String> lanes() {
        List<String> out = new ArrayList<>();
        for (Bar b : bars) if (!out.contains(b.lane())) out.add(b.lane());
        return out;
    }

    // ------------------------------------------------------------------ editing

    /** Moves or resizes a bar (or places an undated record): start and end days, inclusive. One undoable edit. */
    public void setDays(UUID recordId, LocalDate start, LocalDate end) {
        TableDef t = requireTable();
        TimelineConfig cfg = config.get();
        FieldDef s = cfg.startFieldIn(t).orElseThrow();
        FieldDef e = end(t, cfg);
        LocalDate last = end.isBefore(start) ? start : end;
        context.executor().submit("Moving a record", p -> {
            Row r = context.records().byId(t, recordId).orElseThrow(() ->
                    dev.rowan.model.error.RowanException.notFound("The record was deleted meanwhile"));
            List<CellChange> changes = new ArrayList<>();
            Object ns = value(s, r.value(s.id()), start);
            if (!Objects.equals(ns, r.value(s.id()))) changes.add(new CellChange(recordId, s.id(), r.value(s.id()), ns));
            if (e != null) {
                Object ne = value(e, r.value(e.id()), last);
                if (!Objects.equals(ne, r.value(e.id()))) changes.add(new CellChange(recordId, e.id(), r.value(e.id()), ne));
            }
            if (!changes.isEmpty()) context.editor().store().update(t, changes);
            return changes;
        }, changes -> {
            if (!changes.isEmpty()) context.editor().history().push(new Edit(t, changes));
            refresh();
        }, this::fail);
    }

    /** A day as the field's value; a date-time keeps its time of day (9:00 when it had none). */
    private Object value(FieldDef f, @Nullable Object old, LocalDate day) {
        if (!((FieldType.DateType) f.type()).includeTime()) return day;
        java.time.LocalTime time = old instanceof OffsetDateTime o ? o.atZoneSameInstant(zone).toLocalTime()
                : java.time.LocalTime.of(9, 0);
        return day.atTime(time).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ settings

    public void setZoom(String zoom) {
        save(config.get().withZoom(zoom), "zoom");
    }

    public void setGroupField(@Nullable UUID f) {
        save(config.get().withGroupField(f), "grouping");
    }

    public void setFields(@Nullable UUID start, @Nullable UUID end) {
        save(config.get().withFields(start, end), "date fields");
    }

    /** A settings change: saved to the view as one undo step (Ctrl+Z takes it back). */
    private void save(TimelineConfig cfg, String what) {
        saved.save(table.get(), cfg, what);
    }

    @Override
    public void reloadSchema() {
        saved.reloadSchema(table);
    }

    public List<FieldDef> dateFields() {
        return ViewSettings.dateFields(table.get());
    }

    public List<FieldDef> groupFields() {
        return ViewSettings.fields(table.get(), type -> !(type instanceof FieldType.DateType));
    }

    private TableDef requireTable() {
        TableDef t = table.get();
        if (t == null) throw new IllegalStateException("no table open");
        return t;
    }

    private void fail(Throwable e) {
        message.set(Errors.message(e));
    }

    private final class Edit implements UndoStack.Change {
        private final TableDef t;
        private final List<CellChange> changes;

        Edit(TableDef t, List<CellChange> changes) {
            this.t = t;
            this.changes = List.copyOf(changes);
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
            return "timeline change";
        }
    }

    /** Days between the first shown day and {@code day} (negative before it). */
    public long offset(LocalDate day) {
        return ChronoUnit.DAYS.between(from.get(), day);
    }

    /** The status bar's count: the bars in the span shown, and the records without dates listed aside. */
    @Override
    public java.util.Optional<javafx.beans.value.ObservableValue<String>> statusCount() {
        return java.util.Optional.of(javafx.beans.binding.Bindings.createStringBinding(() -> String.format("%,d bar%s "
                + "in this span", bars.size(), bars.size() == 1 ? "" : "s") + (undated.isEmpty() ? ""
                : String.format(" · %,d%s without dates", undated.size(), undated.size() >= UNDATED_LIMIT ? "+" : "")),
                bars, undated));
    }

    public ObservableList<Bar> bars() {
        return bars;
    }

    public ObservableList<Bar> undated() {
        return undated;
    }

    public ObjectProperty<TimelineConfig> config() {
        return config;
    }

    public ObjectProperty<@Nullable TableDef> table() {
        return table;
    }

    public ObjectProperty<LocalDate> from() {
        return from;
    }

    public StringProperty message() {
        return message;
    }

    public Optional<UUID> viewId() {
        return saved.viewId();
    }
}
