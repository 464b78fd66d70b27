package dev.rowan.server.share;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A calendar view as an iCalendar (RFC 5545) document, built with ical4j. Which fields it reads comes from the view:
 * the date field ({@code dateField}, else {@code startField}, else the table's first date field), an optional end
 * field ({@code endField}) and the title ({@code titleField}, else the first field it shows; the desktop's CalendarConfig keys). Only fields the view shows
 * are used (a view that lists its fields shows only those), so a field the view hides never reaches a subscriber.
 * <p>
 * Each record is one VEVENT: UID {@code <record id>@rowan} (stable across edits and feeds), DTSTAMP and
 * LAST-MODIFIED the record's last change in UTC (for a feed without METHOD, DTSTAMP is when the information was last
 * revised, RFC 5545 3.8.7.2), all-day ({@code VALUE=DATE}, end exclusive) for a date without time, UTC times
 * otherwise (no VTIMEZONE needed).
 */
public final class CalendarFeed {
    /** The fields a calendar view is drawn from. */
    public record Layout(FieldDef date, @Nullable FieldDef end, @Nullable FieldDef title) {
        boolean allDay() {
            return date.type() instanceof FieldType.DateType d && !d.includeTime();
        }
    }

    private CalendarFeed() {
    }

    /**
     * The fields of a stored calendar view, read defensively (the typed {@code CalendarConfig} may not carry them
     * yet, or name a field since removed): empty when the table has no visible date field for it.
     */
    public static Optional<Layout> layout(TableDef table, String configJson) {
        Map<?, ?> raw = rawConfig(configJson);
        ViewConfig.Read read = ViewConfig.read("calendar", raw, table);
        List<UUID> shown = read.config().query().fields();
        List<FieldDef> visible = table.activeFields().stream()
                .filter(f -> shown.isEmpty() || shown.contains(f.id())).toList();
        Optional<FieldDef> date = pick(visible, raw.get("dateField"), CalendarFeed::isDate)
                .or(() -> pick(visible, raw.get("startField"), CalendarFeed::isDate))
                .or(() -> visible.stream().filter(CalendarFeed::isDate).findFirst());
        if (date.isEmpty()) return Optional.empty();
        FieldDef end = pick(visible, raw.get("endField"), CalendarFeed::isDate)
                .filter(f -> !f.id().equals(date.get().id()) && f.type().equals(date.get().type())).orElse(null);
        FieldDef title = pick(visible, raw.get("titleField"), f -> true)
                .or(() -> visible.stream().findFirst())
                .orElse(null);
        return Optional.of(new Layout(date.get(), end, title));
    }

    /** The view's own filter, narrowed to records that touch {@code [from, to)} on the layout's dates. */
    public static Filter rangeFilter(@Nullable Filter viewFilter, Layout layout, LocalDate from, LocalDate to) {
        Object lo = bound(layout, from);
        Object hi = bound(layout, to);
        String start = layout.date().id().toString();
        Filter startsBefore = Filter.where(start, Operator.LT, hi);
        Filter reaches = layout.end() == null ? Filter.where(start, Operator.GTE, lo)
                : Filter.or(Filter.where(start, Operator.GTE, lo),
                Filter.where(layout.end().id().toString(), Operator.GTE, lo));
        Filter range = Filter.and(startsBefore, reaches);
        return viewFilter == null ? range : Filter.and(viewFilter, range);
    }

    private static Object bound(Layout layout, LocalDate day) {
        return layout.allDay() ? day.toString() : day.atStartOfDay().atOffset(ZoneOffset.UTC).toString();
    }

    /** The feed for records as the records API reads them (fields keyed by name, API values); no layout: empty. */
    public static String render(String viewName, @Nullable Layout layout, List<Map<String, Object>> records) {
        Calendar cal = new Calendar();
        cal.add(new ProdId("-//Rowan//Calendar feed//EN"));
        cal.add(ImmutableVersion.VERSION_2_0);
        cal.add(ImmutableCalScale.GREGORIAN);
        cal.add(new XProperty("X-WR-CALNAME", viewName));
        for (Map<String, Object> r : records) {
            if (layout != null) event(layout, r).ifPresent(cal::add);
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(cal, out);
        } catch (IOException e) {
            throw new IllegalStateException("The calendar could not be written", e);
        }
        return out.toString();
    }

    private static Optional<VEvent> event(Layout layout, Map<String, Object> record) {
        Map<?, ?> fields = record.get("fields") instanceof Map<?, ?> m ? m : Map.of();
        Optional<Temporal> start = temporal(layout, fields.get(layout.date().name()));
        if (start.isEmpty()) return Optional.empty();
        Temporal end = layout.end() == null ? null : temporal(layout, fields.get(layout.end().name()))
                .filter(e -> after(e, start.get())).orElse(null);
        String title = layout.title() == null ? "" : text(fields.get(layout.title().name()));
        if (title.isBlank()) title = "(untitled)";
        VEvent ev;
        if (layout.allDay()) {
            LocalDate s = (LocalDate) start.get();
            // DTEND of an all-day event is exclusive: the day after the last day
            LocalDate e = end == null ? s.plusDays(1) : ((LocalDate) end).plusDays(1);
            ev = new VEvent(s, e, title);
        } else {
            ev = end == null ? new VEvent(start.get(), title) : new VEvent(start.get(), end, title);
        }
        Instant changed = instant(record.get("updatedAt")).orElse(Instant.EPOCH);
        ev.replace(new DtStamp(changed));
        ev.add(new LastModified(changed));
        ev.add(new Uid(record.get("id") + "@rowan"));
        return Optional.of(ev);
    }

    private static boolean after(Temporal end, Temporal start) {
        if (end instanceof LocalDate e && start instanceof LocalDate s) return !e.isBefore(s);
        return end instanceof Instant e && start instanceof Instant s && e.isAfter(s);
    }

    private static Optional<Temporal> temporal(Layout layout, @Nullable Object v) {
        if (!(v instanceof String s) || s.isBlank()) return Optional.empty();
        try {
            if (layout.allDay()) return Optional.of(LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s));
            return instant(s).map(i -> (Temporal) i);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(@Nullable Object v) {
        if (v instanceof OffsetDateTime t) return Optional.of(t.toInstant());
        if (!(v instanceof String s)) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static String text(@Nullable Object v) {
        if (v == null) return "";
        if (v instanceof List<?> l) return l.stream().map(CalendarFeed::text).collect(Collectors.joining(", "));
        return String.valueOf(v);
    }

    private static boolean isDate(FieldDef f) {
        return f.type() instanceof FieldType.DateType;
    }

    private static Optional<FieldDef> pick(List<FieldDef> visible, @Nullable Object ref,
                                           java.util.function.Predicate<FieldDef> fits) {
        if (!(ref instanceof String s)) return Optional.empty();
        return visible.stream().filter(f -> f.id().toString().equals(s)).filter(fits).findFirst();
    }

    static Map<?, ?> rawConfig(String json) {
        try {
            return JsonText.parse(json) instanceof Map<?, ?> m ? m : Map.of();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
