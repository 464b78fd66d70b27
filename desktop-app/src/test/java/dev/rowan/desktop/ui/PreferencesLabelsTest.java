package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListCell;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: Preferences speak in words (Light/Dark, Normal/Compact), never the stored enum names. */
class PreferencesLabelsTest extends DesktopScreenTest {



    private Optional<DialogPane> dialog(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.listWindows().stream().filter(Window::isShowing).map(Window::getScene)
                .filter(s -> s != null && s.getRoot() instanceof DialogPane).map(s -> (DialogPane) s.getRoot()).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownItems(ComboBox<?> c) {
        ComboBox<Object> combo = (ComboBox<Object>) c;
        return combo.getItems().stream().map(o -> combo.getConverter().toString(o)).toList();
    }

    private static String shownValue(ComboBox<?> c) {
        WaitForAsyncUtils.waitForFxEvents();
        return ((ListCell<?>) ((javafx.scene.control.skin.ComboBoxListViewSkin<?>) c.getSkin()).getDisplayNode()).getText();
    }

    @Test
    void themeAndDensityAreShownInWordsAndStoredAsBefore(FxRobot robot) throws Exception {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-empty");
        robot.clickOn("#open-preferences");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot).isPresent());
        DialogPane pane = dialog(robot).orElseThrow();
        // found by place (Theme, Density), not by id, so the test runs against the old dialog too
        List<ComboBox<?>> combos = pane.lookupAll(".combo-box").stream().<ComboBox<?>>map(n -> (ComboBox<?>) n).toList();
        ComboBox<?> theme = combos.get(0);
        ComboBox<?> density = combos.get(1);
        assertThat(shownItems(theme)).containsExactly("Light", "Dark");
        assertThat(shownItems(density)).containsExactly("Compact", "Normal");
        assertThat(shownValue(theme)).isEqualTo("Light");
        assertThat(shownValue(density)).isEqualTo("Normal");
        DialogScreenshots.write(desktop.scene(), pane.getScene(), "preferences.png");

        robot.clickOn(theme);
        robot.clickOn(robot.lookup((Node n) -> n instanceof ListCell<?> c && "Dark".equals(c.getText())
                && n.getScene() != pane.getScene() && n.getScene() != desktop.scene()).queryAs(Node.class));
        robot.clickOn(density);
        robot.clickOn(robot.lookup((Node n) -> n instanceof ListCell<?> c && "Compact".equals(c.getText())
                && n.getScene() != pane.getScene() && n.getScene() != desktop.scene()).queryAs(Node.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownValue(theme)).isEqualTo("Dark");
        assertThat(shownValue(density)).isEqualTo("Compact");
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog(robot).isEmpty());
        assertThat(desktop.view().root().getStyleClass()).contains("compact");
        String stored = read(dir.resolve("ws").resolve("preferences.properties"));
        assertThat(stored).contains("theme=DARK").contains("density=COMPACT");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
