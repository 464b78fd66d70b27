package dev.rowan.desktop.views.calendar;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Uid;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.List;

/**
 * A calendar's items as an iCalendar (RFC 5545) file, written with ical4j. Every event's UID is the record's id (so
 * a re-export updates, never duplicates, what a client imported), DTSTAMP is when the record last changed (UTC),
 * all-day items are DATE values (end exclusive) and timed ones UTC instants, so no VTIMEZONE is needed.
 */
public final class IcsExport {
    /** The UID domain part: ids are unique on their own, RFC 5545 recommends a domain suffix. */
    public static final String UID_SUFFIX = "@rowan.dev";
    static final String PRODUCT = "-//Rowan//Calendar export 1.0//EN";

    private IcsExport() {
    }

    /** The items as an iCalendar object; timed items are read as local times in {@code zone}. */
    public static Calendar calendar(List<CalendarItem> items, ZoneId zone) {
        Calendar cal = new Calendar().withProdId(PRODUCT).withDefaults().getFluentTarget();
        for (CalendarItem i : items) {
            Temporal start;
            Temporal end;
            if (i.allDay()) {
                start = i.start().toLocalDate();
                end = i.end().toLocalDate();
            } else {
                start = i.start().atZone(zone).toInstant();
                end = i.end().atZone(zone).toInstant();
            }
            VEvent e = new VEvent(start, end, i.title());
            e.add(new Uid(uid(i)));
            e.replace(new DtStamp(stamp(i)));
            if (!i.colourName().isEmpty()) e.add(new Categories(i.colourName()));
            cal.add(e);
        }
        return cal;
    }

    public static String uid(CalendarItem i) {
        return i.recordId() + UID_SUFFIX;
    }

    private static Instant stamp(CalendarItem i) {
        return i.updatedAt().withOffsetSameInstant(ZoneOffset.UTC).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** Writes the items as an .ics file. */
    public static void write(List<CalendarItem> items, ZoneId zone, OutputStream out) {
        try {
            new CalendarOutputter(false).output(calendar(items, zone), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
