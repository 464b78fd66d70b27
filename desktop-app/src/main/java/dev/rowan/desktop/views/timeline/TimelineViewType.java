package dev.rowan.desktop.views.timeline;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;

import java.time.LocalDate;

/** The timeline (Gantt) kind: {@link TimelineViewModel} shown by {@link TimelineView}. */
public final class TimelineViewType {
    public static final ViewType<TimelineViewModel, Hosted> INSTANCE = ViewType.of(
            ViewKind.TIMELINE, TimelineViewModel.DEFAULT_VIEW_NAME, TimelineViewModel::new,
            (viewModel, environment) -> new Hosted(new TimelineView(viewModel, environment.openRecord(),
                    LocalDate::now)));

    private TimelineViewType() {
    }

    /** The timeline's nodes as the host places them. */
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
}
