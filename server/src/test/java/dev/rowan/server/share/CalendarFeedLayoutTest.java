package dev.rowan.server.share;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which fields a calendar view draws from when its stored config names them (the desktop's CalendarConfig settings,
 * read defensively): start and end make multi-day events with an exclusive end, a title the view hides is never
 * used, and a stale or hidden date reference falls back to a date the view shows.
 */
class CalendarFeedLayoutTest {
    private static final FieldDef TITLE = FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text());
    private static final FieldDef SECRET = FieldDef.of(UUID.randomUUID(), "Secret", new FieldType.Text());
    private static final FieldDef START = FieldDef.of(UUID.randomUUID(), "Start", new FieldType.DateType(false));
    private static final FieldDef END = FieldDef.of(UUID.randomUUID(), "End", new FieldType.DateType(false));
    private static final FieldDef HIDDEN_DATE = FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false));
    private static final TableDef TABLE = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Trips", "co_x",
            "dt_x", List.of(TITLE, SECRET, START, END, HIDDEN_DATE));

    private static String config(Map<String, Object> extra, List<FieldDef> shown) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "calendar");
        m.put("query", Map.of("fields", shown.stream().map(f -> f.id().toString()).toList()));
        m.putAll(extra);
        return JsonText.write(m);
    }

    @Test
    void startEndAndTitleFromTheConfigMakeMultiDayEvents() throws Exception {
        var layout = CalendarFeed.layout(TABLE, config(Map.of("startField", START.id().toString(),
                "endField", END.id().toString(), "titleField", TITLE.id().toString()),
                List.of(TITLE, START, END))).orElseThrow();
        assertThat(layout.date()).isEqualTo(START);
        assertThat(layout.end()).isEqualTo(END);
        String ics = CalendarFeed.render("Trips", layout, List.of(record("Lisbon", "2026-03-02", "2026-03-05")));
        VEvent e = new CalendarBuilder().build(new StringReader(ics)).<VEvent>getComponents("VEVENT").getFirst();
        assertThat(e.getSummary().getValue()).isEqualTo("Lisbon");
        assertThat(e.getDateTimeStart().getValue()).isEqualTo("20260302");
        assertThat(e.getDateTimeEnd().getValue()).isEqualTo("20260306");
        // an end before the start is ignored rather than making an event that ends before it begins
        String backwards = CalendarFeed.render("Trips", layout, List.of(record("Oops", "2026-03-05", "2026-03-01")));
        VEvent b = new CalendarBuilder().build(new StringReader(backwards)).<VEvent>getComponents("VEVENT").getFirst();
        assertThat(b.getDateTimeEnd().getValue()).isEqualTo("20260306");
    }

    @Test
    void aFieldTheViewHidesIsNeverUsedEvenWhenTheConfigNamesIt() throws Exception {
        var layout = CalendarFeed.layout(TABLE, config(Map.of("dateField", HIDDEN_DATE.id().toString(),
                "titleField", SECRET.id().toString()), List.of(TITLE, START))).orElseThrow();
        assertThat(layout.date()).isEqualTo(START);
        assertThat(layout.title()).isEqualTo(TITLE);
        Map<String, Object> r = record("Visible", "2026-04-01", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) r.get("fields");
        fields.put("Secret", "do not show");
        String ics = CalendarFeed.render("Trips", layout, List.of(r));
        assertThat(ics).doesNotContain("do not show").contains("Visible");
        Calendar cal = new CalendarBuilder().build(new StringReader(ics));
        assertThat(cal.<VEvent>getComponents("VEVENT")).hasSize(1);
    }

    @Test
    void aViewThatShowsNoDateHasNoLayout() {
        assertThat(CalendarFeed.layout(TABLE, config(Map.of(), List.of(TITLE, SECRET)))).isEmpty();
        assertThat(CalendarFeed.layout(TABLE, "not json")).isPresent(); // unreadable config: all fields, first date
    }

    private static Map<String, Object> record(String title, String start, String end) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Title", title);
        fields.put("Start", start);
        fields.put("End", end);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", UUID.randomUUID());
        r.put("updatedAt", "2026-01-02T03:04:05.123456Z");
        r.put("fields", fields);
        return r;
    }
}
