package dev.rowan.desktop;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.rowan.desktop.core.FxDialogService;
import dev.rowan.desktop.core.FxTaskExecutor;
import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.main.MainWindowView;
import dev.rowan.desktop.main.MainWindowViewModel;
import dev.rowan.desktop.prefs.Preferences;
import dev.rowan.desktop.workspace.Workspace;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The composition root: opens the workspace, builds ViewModels and views, applies preferences. The application
 * and the GUI tests both start the window through {@link #start}.
 */
public final class Desktop implements AutoCloseable {
    private final Workspace workspace;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final MainWindowViewModel viewModel;
    private final MainWindowView view;
    private final Scene scene;
    private Preferences prefs;

    private Desktop(Stage stage, Path folder) {
        workspace = Workspace.open(folder);
        prefs = Preferences.load(folder);
        viewModel = new MainWindowViewModel(workspace, executor, prefs, this::apply);
        view = new MainWindowView(viewModel, new FxDialogService(stage), executor, () -> prefs.dateFormatter(), () -> stage);
        scene = new Scene(view.root(), 1280, 800);
        scene.getStylesheets().add(Objects.requireNonNull(Desktop.class.getResource(Styles.STYLESHEET)).toExternalForm());
        apply(prefs);
        stage.setTitle("Rowan — " + folder + ServerConfig.presetServerUrl().map(u -> " — server " + u).orElse(" — local only"));
        stage.setScene(scene);
        viewModel.start();
    }

    public static Desktop start(Stage stage, Path folder) {
        Desktop d = new Desktop(stage, folder);
        stage.show();
        return d;
    }

    private void apply(Preferences p) {
        prefs = p;
        Application.setUserAgentStylesheet(p.theme() == Preferences.Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        view.root().getStyleClass().remove(Styles.COMPACT);
        if (p.density() == Preferences.Density.COMPACT) view.root().getStyleClass().add(Styles.COMPACT);
        // row height per density comes from rowan.css (-fx-cell-size under .compact); a fixed cell size would make
        // the row skin drop the cells of columns scrolled out of view, blanking the frozen columns
        view.grid().table().refresh();
    }

    public MainWindowViewModel viewModel() {
        return viewModel;
    }

    public MainWindowView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }

    public FxTaskExecutor executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.close();
        workspace.close();
    }
}
