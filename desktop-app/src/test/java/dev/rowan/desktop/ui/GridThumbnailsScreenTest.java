package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.kinds.Thumbnails;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FileRef;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachment cells in the real grid show a small thumbnail on each image's chip: decoded small, off the FX thread,
 * from the workspace's cache only (a file the desktop does not have shows its chip without a picture), and kept, so
 * scrolling away and back decodes nothing again. Writes docs/screenshots/grid-attachment-thumbnails.png.
 */
class GridThumbnailsScreenTest extends DesktopScreenTest {

    private static Path png(Path dir, String name, Color color, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static List<ImageView> shownThumbs(FxRobot robot) {
        List<ImageView> out = new ArrayList<>();
        for (Node n : robot.lookup(".attachment-cell-thumb").queryAll()) {
            if (n instanceof ImageView v && v.getImage() != null && n.getScene() != null) out.add(v);
        }
        return out;
    }

    @Test
    void imageChipsShowCachedThumbnailsLoadedInTheBackground(FxRobot robot) throws Exception {
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        RecordStore records = new RecordStore(desktop.viewModel().workspace());
        UUID app = schema.createApp("Media").id();
        TableDef t = schema.createTable(app, null, "Shots", List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Files", new FieldType.Attachment())));
        List<FileRef> images = List.of(
                desktop.files().attach(t.id(), png(dir, "sky.png", new Color(40, 120, 200), 640, 400)),
                desktop.files().attach(t.id(), png(dir, "grass.png", new Color(60, 160, 80), 300, 300)),
                desktop.files().attach(t.id(), png(dir, "sunset.png", new Color(220, 110, 40), 200, 500)));
        // a picture this desktop does not have: its chip has no thumbnail, and nothing waits for it
        FileRef elsewhere = new FileRef(UUID.randomUUID(), "elsewhere.png", 999, "image/png", 100, 100);
        FieldDef title = t.fields().get(0);
        FieldDef files = t.fields().get(1);
        for (int i = 0; i < 120; i++) {
            List<FileRef> value = i == 0 ? List.of(images.get(0), elsewhere)
                    : List.of(images.get(i % 3), images.get((i + 1) % 3));
            records.insert(t, Map.of(title.id(), "Shot " + i, files.id(), FileRef.value(value)));
        }
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(t.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("thumbnails shown", () -> shownThumbs(robot).size() >= 6);
        for (ImageView v : shownThumbs(robot)) {
            assertThat(v.getImage().getWidth()).as("decoded small").isLessThanOrEqualTo(Thumbnails.SIZE * 2);
            assertThat(v.getFitWidth()).isEqualTo(Thumbnails.SIZE);
        }
        Thumbnails thumbs = desktop.thumbnails();
        assertThat(thumbs.loads()).as("each picture decoded once").isEqualTo(3);
        Node lacking = robot.lookup((Node n) -> n instanceof javafx.scene.control.Label l && l.getText() != null
                && l.getText().startsWith("elsewhere")).query();
        assertThat(((javafx.scene.control.Label) lacking).getGraphic()).as("the file this desktop lacks").isNull();
        Screenshots.write(desktop.scene(), "grid-attachment-thumbnails.png");

        // scrolling down and back: every thumbnail comes from the cache
        robot.interact(() -> desktop.view().grid().table().scrollTo(110));
        WaitForAsyncUtils.waitForFxEvents();
        waitFor("thumbnails further down", () -> !shownThumbs(robot).isEmpty());
        robot.interact(() -> desktop.view().grid().table().scrollTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        waitFor("thumbnails again", () -> shownThumbs(robot).size() >= 6);
        assertThat(thumbs.loads()).as("nothing decoded again").isEqualTo(3);
    }
}
