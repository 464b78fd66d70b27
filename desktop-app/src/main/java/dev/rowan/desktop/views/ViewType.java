package dev.rowan.desktop.views;

import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * One kind of view the desktop can show: it makes its ViewModel from a {@link ViewContext} (no nodes, tested
 * without the FX thread) and its nodes from that ViewModel, and opens a stored view of a table in it. A new kind
 * implements this and is added to {@link ViewKinds}; its configuration is a record under shared-model's
 * {@code ViewConfig}.
 *
 * @param <M> the kind's ViewModel
 * @param <V> the kind's view (its nodes)
 */
public interface ViewType<M, V extends HostedView> {
    /** The kind of stored view this type shows. */
    ViewKind kind();

    /** The name a table's first view of this kind gets when it is stored. */
    String defaultName();

    M createViewModel(ViewContext context);

    V createView(M viewModel, ViewEnvironment environment);

    /** Shows a view of the table: the stored view with {@code viewId}, or (null) the table's first of this kind. */
    void open(M viewModel, UUID tableId, @Nullable UUID viewId);

    /** Reads the records again (they changed: an edit elsewhere, a pull). */
    void refresh(M viewModel);

    /** Reads the table's definition again (the designer or a pull changed it) and then the records. */
    void reloadSchema(M viewModel);
}
