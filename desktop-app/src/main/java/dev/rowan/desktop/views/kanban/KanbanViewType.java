package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;


/** The kanban kind: {@link KanbanViewModel} made from the host's context, {@link KanbanView} from it. */
public final class KanbanViewType {
    public static final ViewType<KanbanViewModel, Hosted> INSTANCE = ViewType.of(
            ViewKind.KANBAN, KanbanViewModel.DEFAULT_VIEW_NAME, KanbanViewModel::new,
            (viewModel, environment) -> new Hosted(new KanbanView(viewModel, environment.dates(),
                    environment.openRecord())), KanbanRehearsal::run);

    private KanbanViewType() {
    }

    /** The board's nodes as the host places them. */
    public record Hosted(KanbanView board) implements HostedView {
        @Override
        public Node root() {
            return board.root();
        }

        @Override
        public void commitEdit() {
            // a card's title being typed is not a record yet: leaving the board drops it, like Escape
        }

        @Override
        public void focus() {
            board.root().requestFocus();
        }
    }
}
