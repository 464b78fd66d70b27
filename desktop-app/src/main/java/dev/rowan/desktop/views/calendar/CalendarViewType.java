package dev.rowan.desktop.views.calendar;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** The calendar kind: {@link CalendarViewModel} shown by {@link RecordCalendarView} (CalendarFX). */
public final class CalendarViewType implements ViewType<CalendarViewModel, CalendarViewType.Hosted> {
    public static final CalendarViewType INSTANCE = new CalendarViewType();

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

    @Override
    public ViewKind kind() {
        return ViewKind.CALENDAR;
    }

    @Override
    public String defaultName() {
        return CalendarViewModel.DEFAULT_VIEW_NAME;
    }

    @Override
    public CalendarViewModel createViewModel(ViewContext context) {
        return new CalendarViewModel(context);
    }

    @Override
    public Hosted createView(CalendarViewModel viewModel, ViewEnvironment environment) {
        return new Hosted(new RecordCalendarView(viewModel, environment.openRecord()));
    }

    @Override
    public void open(CalendarViewModel viewModel, UUID tableId, @Nullable UUID viewId) {
        viewModel.open(tableId, viewId);
    }

    @Override
    public void refresh(CalendarViewModel viewModel) {
        viewModel.refresh();
    }

    @Override
    public void reloadSchema(CalendarViewModel viewModel) {
        viewModel.reloadSchema();
    }
}
