package dev.rowan.desktop;

import dev.rowan.desktop.workspace.WorkspaceLocation;
import javafx.application.Application;
import javafx.stage.Stage;

import java.util.logging.Logger;

/** The JavaFX application: one window on the workspace from {@link WorkspaceLocation}. */
public final class RowanApplication extends Application {
    private static final Logger LOG = Logger.getLogger(RowanApplication.class.getName());
    private Desktop desktop;

    @Override
    public void start(Stage stage) {
        long t0 = System.nanoTime();
        java.nio.file.Path folder = WorkspaceLocation.resolve();
        try {
            desktop = Desktop.start(stage, folder, getHostServices()::showDocument);
        } catch (dev.rowan.model.error.RowanException e) {
            // the workspace cannot be opened (in use by another window, not upgradable): say so, then quit
            cannotOpen(e.getMessage(), javafx.application.Platform::exit);
            return;
        }
        desktop.onReplaced(d -> desktop = d);
        LOG.info(() -> String.format("Window ready in %d ms", (System.nanoTime() - t0) / 1_000_000));
    }

    /** An error window with what went wrong; {@code closed} runs when it is closed (the application ends). */
    public static javafx.scene.control.Alert cannotOpen(String message, Runnable closed) {
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                message, javafx.scene.control.ButtonType.CLOSE);
        a.setTitle("Rowan");
        a.setHeaderText("Rowan cannot open this workspace");
        a.getDialogPane().setId("cannot-open");
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        a.setOnHidden(e -> closed.run());
        a.show();
        return a;
    }

    @Override
    public void stop() {
        if (desktop != null) desktop.close();
    }

    public static void main(String[] args) {
        launch(RowanApplication.class, args);
    }
}
