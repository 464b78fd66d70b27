package dev.rowan.desktop.ui;

import dev.rowan.desktop.RowanApplication;
import javafx.scene.control.Alert;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting Rowan on a workspace it cannot open shows why in a window; closing it ends the application. */
class CannotOpenScreenTest extends DesktopScreenTest {
    @Test
    void theReasonIsShownAndClosingTheWindowEndsTheApplication(FxRobot robot) {
        AtomicBoolean ended = new AtomicBoolean();
        AtomicReference<Alert> shown = new AtomicReference<>();
        robot.interact(() -> shown.set(RowanApplication.cannotOpen(
                "The workspace in /home/ana/rowan is open in another Rowan window.", () -> ended.set(true))));
        DialogPane pane = robot.lookup("#cannot-open").queryAs(DialogPane.class);
        assertThat(pane.getHeaderText()).isEqualTo("Rowan cannot open this workspace");
        assertThat(pane.getContentText()).contains("open in another Rowan window");
        Screenshots.write(pane.getScene(), "cannot-open.png");
        robot.clickOn("Close");
        waitFor("closed", ended::get);
        assertThat(shown.get().isShowing()).isFalse();
    }
}
