package dev.rowan.desktop.syncui;

import dev.rowan.desktop.sync.SyncStatus;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

import java.util.Locale;

/**
 * The status bar's sync indicator: a coloured dot and the one-line summary. A click opens the conflicts screen
 * when there are conflicts, otherwise a small menu (sync now, connect or sign in again, sign out).
 */
public final class SyncStatusView {
    public static final String STYLE = "sync-status";

    private final SyncStatusViewModel vm;
    private final SyncScreens screens;
    private final HBox root;
    private final ContextMenu menu = new ContextMenu();

    public SyncStatusView(SyncStatusViewModel vm, SyncScreens screens) {
        this.vm = vm;
        this.screens = screens;
        Region dot = new Region();
        dot.getStyleClass().add("sync-dot");
        dot.setId("sync-status-dot");
        Label text = new Label();
        text.setId("sync-status-text");
        text.textProperty().bind(vm.text());
        root = new HBox(6, dot, text);
        root.setId("sync-status");
        root.getStyleClass().add(STYLE);
        root.setAlignment(Pos.CENTER_LEFT);
        root.setCursor(Cursor.HAND);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.tooltip());
        Tooltip.install(root, tip);
        style(vm.state().get());
        vm.state().addListener((o, a, b) -> style(b));
        root.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.SECONDARY) click();
        });
    }

    public Node root() {
        return root;
    }

    public ContextMenu menu() {
        return menu;
    }

    /** The style class for a state: sync-online, sync-syncing, sync-local-only, sync-offline, sync-signed-out, sync-error. */
    public static String styleClass(SyncStatus.State s) {
        return "sync-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void style(SyncStatus.State s) {
        for (SyncStatus.State any : SyncStatus.State.values()) root.getStyleClass().remove(styleClass(any));
        root.getStyleClass().add(styleClass(s));
    }

    private void click() {
        if (vm.conflicts().get() > 0) {
            screens.openConflicts();
            return;
        }
        MenuItem sync = new MenuItem("Sync now");
        sync.setId("sync-now");
        sync.setDisable(!vm.connected().get());
        sync.setOnAction(e -> screens.syncNow());
        MenuItem connect = new MenuItem(vm.signedOut().get() ? "Sign in again…" : "Connect to server…");
        connect.setId("sync-connect");
        connect.setOnAction(e -> screens.openConnect());
        MenuItem signOut = new MenuItem("Sign out");
        signOut.setId("sync-sign-out");
        signOut.setDisable(!vm.connected().get());
        signOut.setOnAction(e -> screens.signOut());
        MenuItem conflicts = new MenuItem("Conflicts…");
        conflicts.setId("sync-conflicts");
        conflicts.setOnAction(e -> screens.openConflicts());
        MenuItem account = new MenuItem("Security and companies…");
        account.setId("sync-account");
        account.setDisable(!vm.connected().get());
        account.setOnAction(e -> screens.openAccount());
        menu.getItems().setAll(sync, connect, signOut, conflicts, account);
        menu.show(root, Side.TOP, 0, 0);
    }
}
