package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** The kanban kind: {@link KanbanViewModel} made from the host's context, {@link KanbanView} from it. */
public final class KanbanViewType implements ViewType<KanbanViewModel, KanbanViewType.Hosted> {
    public static final KanbanViewType INSTANCE = new KanbanViewType();

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

    @Override
    public ViewKind kind() {
        return ViewKind.KANBAN;
    }

    @Override
    public String defaultName() {
        return KanbanViewModel.DEFAULT_VIEW_NAME;
    }

    @Override
    public KanbanViewModel createViewModel(ViewContext context) {
        return new KanbanViewModel(context);
    }

    @Override
    public Hosted createView(KanbanViewModel viewModel, ViewEnvironment environment) {
        return new Hosted(new KanbanView(viewModel, environment.dates()));
    }

    @Override
    public void open(KanbanViewModel viewModel, UUID tableId, @Nullable UUID viewId) {
        viewModel.open(tableId, viewId);
    }

    @Override
    public void refresh(KanbanViewModel viewModel) {
        viewModel.refresh();
    }

    @Override
    public void reloadSchema(KanbanViewModel viewModel) {
        viewModel.reloadSchema();
    }
}
