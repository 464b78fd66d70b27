package dev.rowan.desktop.views;

import dev.rowan.desktop.grid.GridView;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** The grid, the first view kind: {@link GridViewModel} and {@link GridView} hosted as they are. */
public final class GridViewType implements ViewType<GridViewModel, GridViewType.Hosted> {
    public static final GridViewType INSTANCE = new GridViewType();

    private GridViewType() {
    }

    /** The grid's nodes as the host places them. */
    public record Hosted(GridView grid) implements HostedView {
        @Override
        public Node root() {
            return grid.root();
        }

        @Override
        public void commitEdit() {
            grid.commitEdit();
        }

        @Override
        public void focus() {
            grid.table().requestFocus();
        }
    }

    @Override
    public ViewKind kind() {
        return ViewKind.GRID;
    }

    @Override
    public String defaultName() {
        return GridViewModel.DEFAULT_VIEW_NAME;
    }

    @Override
    public GridViewModel createViewModel(ViewContext context) {
        // the grid reads and writes through the workspace's record store: its source and its editor's store are one
        RecordStore store = context.editor().store();
        return new GridViewModel(context.schema(), store, context.executor(), context.views(),
                context.editor().history());
    }

    @Override
    public Hosted createView(GridViewModel viewModel, ViewEnvironment environment) {
        return new Hosted(new GridView(viewModel, environment.dates(), environment.openInForm()));
    }
}
