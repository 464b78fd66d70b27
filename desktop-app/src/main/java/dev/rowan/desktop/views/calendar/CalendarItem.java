package dev.rowan.desktop.views.calendar;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One record as the calendar shows it: its title, where it sits ({@code start} inclusive; {@code end} exclusive for
 * all-day items, the end time otherwise), its colour (the colour option's own colour as {@code #rrggbb}, empty for none) and when the
 * record last changed (an iCalendar DTSTAMP).
 */
public record CalendarItem(UUID recordId, String title, LocalDateTime start, LocalDateTime end, boolean allDay,
                           String colour, String colourName, OffsetDateTime updatedAt) {

    public LocalDate startDate() {
        return start.toLocalDate();
    }
}
