package dev.rowan.desktop.views.kanban;

import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.core.Styles;
import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.views.RecordEditor;
import dev.rowan.desktop.views.ViewContext;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.Workspace;
import javafx.scene.Scene;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first board rehearsed off-screen (h-kanbanfirst): the real board is drawn with cards in a scene of its own,
 * the window it was made for is left as it was, and nothing is read from or written to the workspace.
 */
@ExtendWith(ApplicationExtension.class)
class KanbanRehearsalTest {
    @TempDir
    Path dir;
    private Scene window;

    @Start
    void start(Stage stage) {
        window = new Scene(new BorderPane(), 1024, 700);
        window.getStylesheets().add(Styles.STYLESHEET);
        stage.setScene(window);
        stage.show();
    }

    @Test
    void aBoardWithCardsIsDrawnOffScreenAndNothingIsStoredOrShown(FxRobot robot) {
        try (Workspace ws = Workspace.open(dir)) {
            RecordStore records = new RecordStore(ws);
            ViewContext ctx = new ViewContext(new SchemaStore(ws), records,
                    new RecordEditor(records, new UndoStack()), new ViewStore(ws), new SameThreadTaskExecutor());
            long outbox = Outbox.size(ws);
            AtomicInteger drawn = new AtomicInteger();
            robot.interact(() -> drawn.set(KanbanRehearsal.run(ctx, () -> DateTimeFormatter.ISO_LOCAL_DATE, window)));
            assertThat(drawn.get()).as("cards laid out in the rehearsal's own scene").isGreaterThan(3);
            assertThat(window.getRoot().lookup("#kanban")).as("the window shows no board").isNull();
            assertThat(((BorderPane) window.getRoot()).getChildren()).isEmpty();
            assertThat(Outbox.size(ws)).isEqualTo(outbox);
            assertThat(new SchemaStore(ws).apps()).as("its table is made up, never stored").isEmpty();
        }
    }
}
