package dev.rowan.desktop.views.gallery;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.views.ViewEnvironment;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/** The gallery kind: {@link GalleryViewModel} and {@link GalleryView}. */
public final class GalleryViewType implements ViewType<GalleryViewModel, GalleryViewType.Hosted> {
    public static final GalleryViewType INSTANCE = new GalleryViewType();

    private GalleryViewType() {
    }

    /** The gallery's nodes as the host places them. */
    public record Hosted(GalleryView gallery) implements HostedView {
        @Override
        public Node root() {
            return gallery.root();
        }

        @Override
        public void commitEdit() {
            // cards are not edited in place
        }

        @Override
        public void focus() {
            gallery.cards().requestFocus();
        }
    }

    @Override
    public ViewKind kind() {
        return ViewKind.GALLERY;
    }

    @Override
    public String defaultName() {
        return GalleryViewModel.DEFAULT_VIEW_NAME;
    }

    @Override
    public GalleryViewModel createViewModel(ViewContext context) {
        return new GalleryViewModel(context);
    }

    @Override
    public Hosted createView(GalleryViewModel viewModel, ViewEnvironment environment) {
        return new Hosted(new GalleryView(viewModel, environment));
    }

    @Override
    public void open(GalleryViewModel viewModel, UUID tableId, @Nullable UUID viewId) {
        viewModel.open(tableId, viewId);
    }

    @Override
    public void refresh(GalleryViewModel viewModel) {
        viewModel.refresh();
    }

    @Override
    public void reloadSchema(GalleryViewModel viewModel) {
        viewModel.reloadSchema();
    }
}
