package dev.rowan.model.view;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A calendar. Its own settings (the date field or fields, colours) arrive with the views issue; until then a
 * calendar view keeps its record query and nothing else, and a client that sends more is refused (unknown property),
 * so nothing is stored that a later, typed version would have to guess at.
 */
public record CalendarConfig(RecordQuery query) implements ViewConfig {
    @Override
    public ViewKind kind() {
        return ViewKind.CALENDAR;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind().api());
        m.put("query", query.toMap());
        return m;
    }
}
