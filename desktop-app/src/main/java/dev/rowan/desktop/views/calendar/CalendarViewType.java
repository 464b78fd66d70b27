package dev.rowan.desktop.views.calendar;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;


/** The calendar kind: {@link CalendarViewModel} shown by {@link RecordCalendarView} (CalendarFX). */
public final class CalendarViewType {
    public static final ViewType<CalendarViewModel, Hosted> INSTANCE = ViewType.of(
            ViewKind.CALENDAR, CalendarViewModel.DEFAULT_VIEW_NAME, CalendarViewModel::new,
            (viewModel, environment) -> new Hosted(new RecordCalendarView(viewModel, environment.openRecord())));

    private CalendarViewType() {
    }

    /** The calendar's nodes as the host places them. */
    public record Hosted(RecordCalendarView view) implements HostedView {
        @Override
        public Node root() {
            return view.root();
        }

        @Override
        public void commitEdit() {
            // nothing is typed in the calendar: moves are saved as they happen
        }

        @Override
        public void focus() {
            view.calendar().requestFocus();
        }
    }
}
