package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class SmokeUiTest {
    @TempDir
    static Path dir;
    Desktop desktop;

    @Start
    void start(Stage stage) {
        desktop = Desktop.start(stage, dir.resolve("ws"));
    }

    @AfterEach
    void close() {
        desktop.close();
    }

    @Test
    void sampleProjectOpens(FxRobot robot) throws Exception {
        robot.clickOn("#welcome-sample");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> desktop.viewModel().grid().rowCount().get() > 0);
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        Screenshots.write(desktop.scene(), "smoke.png");
        assertThat(desktop.viewModel().tableTitle().get()).isEqualTo("Projects");
    }
}
