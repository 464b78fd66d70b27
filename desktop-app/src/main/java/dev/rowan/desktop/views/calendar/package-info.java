/**
 * The calendar view kind: records on a date field (or a start/end pair) shown with CalendarFX by month, week, day
 * and as a list; {@link dev.rowan.desktop.views.calendar.CalendarViewModel} reads only the visible date range and
 * writes moves and resizes through the window's undo; {@link dev.rowan.desktop.views.calendar.IcsExport} writes the
 * view as an iCalendar file.
 */
@NullMarked
package dev.rowan.desktop.views.calendar;

import org.jspecify.annotations.NullMarked;
