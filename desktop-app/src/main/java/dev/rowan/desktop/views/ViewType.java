package dev.rowan.desktop.views;

import dev.rowan.model.view.ViewKind;
import org.jspecify.annotations.Nullable;

import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of view the desktop can show: it makes its ViewModel from a {@link ViewContext} (no nodes, tested
 * without the FX thread) and its nodes from that ViewModel, and opens a stored view of a table in it. A new kind
 * is usually one constant made by {@link #of} and added to {@link ViewKinds}; its configuration is a record under
 * shared-model's {@code ViewConfig}.
 *
 * @param <M> the kind's ViewModel
 * @param <V> the kind's view (its nodes)
 */
public interface ViewType<M extends HostedViewModel, V extends HostedView> {
    /** The kind of stored view this type shows. */
    ViewKind kind();

    /** The name a table's first view of this kind gets when it is stored. */
    String defaultName();

    M createViewModel(ViewContext context);

    V createView(M viewModel, ViewEnvironment environment);

    /** Shows a view of the table: the stored view with {@code viewId}, or (null) the table's first of this kind. */
    default void open(M viewModel, UUID tableId, @Nullable UUID viewId) {
        viewModel.open(tableId, viewId);
    }

    /** Reads the records again (they changed: an edit elsewhere, a pull). */
    default void refresh(M viewModel) {
        viewModel.refresh();
    }

    /** Reads the table's definition again (the designer or a pull changed it) and then the records. */
    default void reloadSchema(M viewModel) {
        viewModel.reloadSchema();
    }

    /**
     * How a view of this kind is drawn once off-screen while the window is idle, so the first one a person opens
     * does not pay for the first use of its controls in the JVM (their skins, CSS, code); null when the kind needs
     * none. The window ({@code Desktop}) runs each kind's rehearsal once, unless a view of that kind was shown.
     */
    default @Nullable Rehearsal rehearsal() {
        return null;
    }

    /** Draws a made-up view of the kind off-screen, styled like {@code like}; returns how many items it drew. */
    @FunctionalInterface
    interface Rehearsal {
        int run(ViewContext context, Supplier<DateTimeFormatter> dates, javafx.scene.Scene like);
    }

    /**
     * A view kind from its parts: the stored kind it shows, the name its first stored view gets, how its ViewModel is
     * made from the context, and how its nodes are made from the ViewModel.
     */
    static <M extends HostedViewModel, V extends HostedView> ViewType<M, V> of(
            ViewKind kind, String defaultName, Function<ViewContext, M> viewModel,
            BiFunction<M, ViewEnvironment, V> view) {
        return of(kind, defaultName, viewModel, view, null);
    }

    /** {@link #of(ViewKind, String, Function, BiFunction)} with a {@link Rehearsal}. */
    static <M extends HostedViewModel, V extends HostedView> ViewType<M, V> of(
            ViewKind kind, String defaultName, Function<ViewContext, M> viewModel,
            BiFunction<M, ViewEnvironment, V> view, @Nullable Rehearsal rehearsal) {
        record Made<M extends HostedViewModel, V extends HostedView>(ViewKind kind, String defaultName,
                Function<ViewContext, M> viewModel, BiFunction<M, ViewEnvironment, V> view,
                @Nullable Rehearsal rehearsal) implements ViewType<M, V> {
            @Override
            public M createViewModel(ViewContext context) {
                return viewModel.apply(context);
            }

            @Override
            public V createView(M model, ViewEnvironment environment) {
                return view.apply(model, environment);
            }
        }
        return new Made<>(kind, defaultName, viewModel, view, rehearsal);
    }
}
