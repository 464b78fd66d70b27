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
        desktop = Desktop.start(stage, WorkspaceLocation.resolve(), getHostServices()::showDocument);
        desktop.onReplaced(d -> desktop = d);
        LOG.info(() -> String.format("Window ready in %d ms", (System.nanoTime() - t0) / 1_000_000));
    }

    @Override
    public void stop() {
        if (desktop != null) desktop.close();
    }

    public static void main(String[] args) {
        launch(RowanApplication.class, args);
    }
}
