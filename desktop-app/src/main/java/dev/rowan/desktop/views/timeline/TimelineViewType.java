package dev.rowan.desktop.views.timeline;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.util.UUID;

/** The timeline (Gantt) kind: {@link TimelineViewModel} shown by {@link TimelineView}. */
public final class TimelineViewType implements ViewType<TimelineViewModel, TimelineViewType.Hosted> {
    public static final TimelineViewType INSTANCE = new TimelineViewType();

    private TimelineViewType() {
    }

    public record Hosted(TimelineView view) implements HostedView {
        @Override
        public Node root() {
            return view.root();
        }

        @Override
        public void commitEdit() {
            // nothing is typed in the timeline: changes are saved as they happen
        }

        @Override
        public void focus() {
            view.axis().requestFocus();
        }
    }

    @Override
    public ViewKind kind() {
        return ViewKind.TIMELINE;
    }

    @Override
    public String defaultName() {
        return TimelineViewModel.DEFAULT_VIEW_NAME;
    }

    @Override
    public TimelineViewModel createViewModel(ViewContext context) {
        return new TimelineViewModel(context);
    }

    @Override
    public Hosted createView(TimelineViewModel viewModel, ViewEnvironment environment) {
        return new Hosted(new TimelineView(viewModel, environment.openRecord(), LocalDate::now));
    }

    @Override
    public void open(TimelineViewModel viewModel, UUID tableId, @Nullable UUID viewId) {
        viewModel.open(tableId, viewId);
    }

    @Override
    public void refresh(TimelineViewModel viewModel) {
        viewModel.refresh();
    }

    @Override
    public void reloadSchema(TimelineViewModel viewModel) {
        viewModel.reloadSchema();
    }
}
