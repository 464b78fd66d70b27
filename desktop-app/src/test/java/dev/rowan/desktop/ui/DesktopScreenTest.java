package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What every test of the real main window shares: a stage from TestFX (headless Monocle), a workspace in a temporary
 * folder, the app closed after each test, and a wait that says what was on screen when it times out.
 */
@ExtendWith(ApplicationExtension.class)
abstract class DesktopScreenTest {
    @TempDir
    Path dir;
    Desktop desktop;
    Stage stage;

    /** TestFX's primary stage (its {@code @Start} is not looked for in superclasses, so it is asked for here). */
    @BeforeEach
    void primaryStage() throws java.util.concurrent.TimeoutException {
        stage = org.testfx.api.FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close(FxRobot robot) {
        if (desktop != null) robot.interact(desktop::close);
    }

    /** Opens table {@code tableId} through the navigator (the sample project declined) and waits for its grid. */
    void openTable(FxRobot robot, java.util.UUID tableId) {
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(tableId).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("table open", () -> desktop.viewModel().grid().table().get() != null
                && desktop.viewModel().grid().table().get().id().equals(tableId)
                && !desktop.viewModel().grid().loading().get());
    }

    /** Waits up to 15 s; on time-out writes {@code failure-<test class>.png} and names the state it saw. */
    void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
                WaitForAsyncUtils.waitForFxEvents();
                return condition.call();
            });
        } catch (Exception e) {
            Screenshots.write(desktop.scene(), "failure-" + getClass().getSimpleName() + ".png");
            throw new AssertionError("Timed out waiting until " + what + "; status=" + desktop.viewModel().status().get()
                    + " designer=" + desktop.viewModel().designer().message().get()
                    + " focus=" + desktop.scene().getFocusOwner(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
