package dev.rowan.desktop.views;

import dev.rowan.desktop.workspace.ViewStore.StoredView;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;

/**
 * The host's nodes: the shown kind's view, and above it a small switcher between the table's views (shown only when
 * the table has more than one view of a registered kind; the full view bar is issue 11). Each kind's nodes are made
 * once, from its ViewModel, the first time the kind is shown.
 */
public final class ViewHostView {
    private final ViewHost host;
    private final ViewEnvironment environment;
    private final Map<ViewType<?, ?>, HostedView> made = new HashMap<>();
    private final BorderPane root = new BorderPane();
    private final ComboBox<StoredView> switcher = new ComboBox<>();
    private boolean syncing;

    public ViewHostView(ViewHost host, ViewEnvironment environment) {
        this.host = host;
        this.environment = environment;
        root.setId("view-host");
        switcher.setId("view-switcher");
        switcher.setItems(host.views());
        switcher.setCellFactory(l -> new Named());
        switcher.setButtonCell(new Named());
        switcher.setFocusTraversable(false);
        HBox bar = new HBox(switcher);
        bar.setPadding(new Insets(4, 8, 0, 8));
        bar.visibleProperty().bind(javafx.beans.binding.Bindings.size(host.views()).greaterThan(1));
        bar.managedProperty().bind(bar.visibleProperty());
        root.setTop(bar);
        switcher.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null && b != host.shown().get()) host.select(b);
        });
        host.shown().addListener((o, a, b) -> showSelected(b));
        host.kind().addListener((o, a, b) -> root.setCenter(view(b).root()));
        root.setCenter(view(host.kind().get()).root());
    }

    private void showSelected(@Nullable StoredView v) {
        syncing = true;
        try {
            switcher.setValue(v);
        } finally {
            syncing = false;
        }
    }

    /** A kind's nodes (made the first time they are asked for). */
    @SuppressWarnings("unchecked")
    public <V extends HostedView> V view(ViewType<?, V> type) {
        HostedView v = made.get(type);
        if (v == null) {
            v = create(type);
            made.put(type, v);
        }
        return (V) v;
    }

    private <M extends HostedViewModel, V extends HostedView> V create(ViewType<M, V> type) {
        return type.createView(host.viewModel(type), environment);
    }

    /** The nodes of the kind shown. */
    public HostedView current() {
        return view(host.kind().get());
    }

    public Node root() {
        return root;
    }

    private static final class Named extends ListCell<StoredView> {
        @Override
        protected void updateItem(@Nullable StoredView item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.name());
        }
    }
}
