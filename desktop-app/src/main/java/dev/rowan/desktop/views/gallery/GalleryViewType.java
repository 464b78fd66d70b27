package dev.rowan.desktop.views.gallery;

import dev.rowan.desktop.views.HostedView;
import dev.rowan.desktop.views.ViewType;
import dev.rowan.model.view.ViewKind;
import javafx.scene.Node;


/** The gallery kind: {@link GalleryViewModel} and {@link GalleryView}. */
public final class GalleryViewType {
    public static final ViewType<GalleryViewModel, Hosted> INSTANCE = ViewType.of(
            ViewKind.GALLERY, GalleryViewModel.DEFAULT_VIEW_NAME, GalleryViewModel::new,
            (viewModel, environment) -> new Hosted(new GalleryView(viewModel, environment)));

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
}
