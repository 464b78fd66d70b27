package dev.rowan.desktop.ui;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.FileOutbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FileRef;
import dev.rowan.server.support.ApiClient;
import dev.rowan.server.support.TestServer;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments in the real window against the real server: a file attached in the record form while the workspace is
 * not connected is copied into the workspace's cache and queued; the record saves with it (chips with the name and a
 * thumbnail); after signing in, one sync uploads the file before the record and the server has both, with the type it
 * sniffed from the bytes; opening an image shows the preview. Writes docs/screenshots/attachments-form.png.
 */
class AttachmentScreenTest extends DesktopScreenTest {
    private static final String PASSWORD = "a long enough password";

    private String selectedTab() {
        return desktop.view().tabs().getSelectionModel().getSelectedItem().getId();
    }

    private List<Node> chips(FxRobot robot) {
        return List.copyOf(robot.lookup(".attachment-chip").queryAll());
    }

    @Test
    void aFileAttachedOfflineReachesTheServerAfterSync(FxRobot robot) throws Exception {
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        TestServer.createTenant(email, PASSWORD);
        Path photo = dir.resolve("site photo.png");
        BufferedImage img = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(40, 120, 200));
        g.fillRect(0, 0, 320, 200);
        g.setColor(Color.ORANGE);
        g.fillOval(100, 40, 120, 120);
        g.dispose();
        ImageIO.write(img, "png", photo.toFile());
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "measurements: 12 x 4 m\n", StandardCharsets.UTF_8);

        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-empty");
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef docs = schema.createTable(schema.createApp("Site").id(), null, "Docs",
                List.of(FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                        FieldDef.of(UUID.randomUUID(), "Files", new FieldType.Attachment())));
        Map<UUID, Object> values = new HashMap<>();
        values.put(docs.field("Title").orElseThrow().id(), "Survey");
        new RecordStore(desktop.viewModel().workspace()).insert(docs, values);
        robot.interact(() -> desktop.viewModel().navigator().reload());
        robot.clickOn("Docs");
        waitFor("record loaded", () -> desktop.viewModel().grid().loadedRecord(0) != null);
        robot.interact(() -> {
            var table = desktop.view().grid().table();
            table.getSelectionModel().clearAndSelect(0, table.getColumns().get(1));
            table.getFocusModel().focus(0, table.getColumns().get(1));
        });
        robot.clickOn("#grid-form");
        waitFor("form open", () -> "tab-form".equals(selectedTab()));

        // the file chooser answers with the two files; nothing is connected
        desktop.files().chooser(() -> List.of(photo, notes));
        robot.clickOn(".attachment-add");
        waitFor("two chips", () -> chips(robot).size() == 2);
        FileOutbox outbox = desktop.engine().files();
        assertThat(outbox.size()).as("both uploads queued").isEqualTo(2);
        assertThat(chips(robot).get(0).lookup(".attachment-thumb")).as("a thumbnail for the image").isNotNull();
        assertThat(((ImageView) chips(robot).get(0).lookup(".attachment-thumb")).getImage().isError()).isFalse();
        assertThat(chips(robot).get(1).lookup(".attachment-thumb")).as("no thumbnail for text").isNull();

        // remove the text file again, add it back, save
        robot.clickOn(robot.from(chips(robot).get(1)).lookup(".attachment-remove").queryButton());
        waitFor("one chip", () -> chips(robot).size() == 1);
        desktop.files().chooser(() -> List.of(notes));
        robot.clickOn(".attachment-add");
        waitFor("two chips again", () -> chips(robot).size() == 2);
        Screenshots.write(desktop.scene(), "attachments-form.png");
        robot.clickOn("#form-save");
        FieldDef files = docs.field("Files").orElseThrow();
        waitFor("saved", () -> FileRef.list(desktop.viewModel().grid().loadedRecord(0) == null ? null
                : desktop.viewModel().grid().loadedRecord(0).value(files.id())).size() == 2);
        List<FileRef> local = FileRef.list(desktop.viewModel().grid().loadedRecord(0).value(files.id()));
        assertThat(local).extracting(FileRef::name).containsExactly("site photo.png", "notes.txt");
        assertThat(local.get(0).width()).isEqualTo(320);
        assertThat(outbox.cached(local.get(0).id())).isPresent();

        // the network returns: one sync uploads the files, then the record naming them
        desktop.engine().signIn(TestServer.baseUrl(), email, PASSWORD, null);
        desktop.engine().syncOnce();
        assertThat(outbox.size()).as("upload queue empty").isZero();
        ApiClient api = new ApiClient(TestServer.baseUrl());
        api.login(email, PASSWORD);
        var page = api.get("/api/tables/" + docs.id() + "/records");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> onServer = (List<Map<String, Object>>) ((Map<String, Object>) page.data().get(0)
                .get("fields")).get("Files");
        assertThat(onServer).extracting(m -> m.get("name")).containsExactly("site photo.png", "notes.txt");
        assertThat(onServer).extracting(m -> m.get("mime")).containsExactly("image/png", "text/plain");
        assertThat(onServer.get(0)).containsEntry("width", 320).containsEntry("height", 200);
        HttpResponse<byte[]> down = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        TestServer.baseUrl() + "/api/files/" + onServer.get(1).get("id")))
                .header("Authorization", "Bearer " + api.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).isEqualTo(Files.readAllBytes(notes));

        // opening the image shows it in the preview window
        robot.clickOn(robot.from(chips(robot).get(0)).lookup(".attachment-open").queryButton());
        waitFor("preview shown", () -> desktop.files().preview() != null && desktop.files().preview().isShowing());
        ImageView shown = (ImageView) desktop.files().preview().getScene().lookup("#attachment-preview-image");
        assertThat(shown.getImage().getWidth()).isEqualTo(320);
        robot.interact(() -> desktop.files().preview().close());

        // a file the desktop does not have any more is fetched from the server into the cache
        Path cachedNotes = outbox.path(local.get(1).id());
        Files.delete(cachedNotes);
        assertThat(desktop.engine().file(local.get(1).id())).contains(cachedNotes);
        assertThat(Files.readAllBytes(cachedNotes)).isEqualTo(Files.readAllBytes(notes));
    }

    @Test
    void aPdfOpensWithItsFirstPageInThePreview(FxRobot robot) throws Exception {
        Path pdf = dir.resolve("plan.pdf");
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            var page = new org.apache.pdfbox.pdmodel.PDPage(org.apache.pdfbox.pdmodel.common.PDRectangle.A4);
            doc.addPage(page);
            try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                content.setNonStrokingColor(Color.RED);
                content.addRect(100, 400, 300, 200);
                content.fill();
            }
            doc.save(pdf.toFile());
        }
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-empty");
        SchemaStore schema = new SchemaStore(desktop.viewModel().workspace());
        TableDef t = schema.createTable(schema.createApp("Plans").id(), null, "Plans",
                List.of(FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text())));
        FileRef ref = desktop.engine().files().attach(t.id(), pdf);
        // the desktop's offline guess of the type; the server sniffs it again from the bytes
        FileRef asPdf = new FileRef(ref.id(), ref.name(), ref.size(), "application/pdf", null, null);
        robot.interact(() -> desktop.files().open(asPdf));
        waitFor("preview shown", () -> desktop.files().preview() != null && desktop.files().preview().isShowing());
        ImageView shown = (ImageView) desktop.files().preview().getScene().lookup("#attachment-preview-image");
        // A4 is 595 x 842 points: the long side is rendered at 1,400 pixels
        assertThat(shown.getImage().getHeight()).isCloseTo(1400, org.assertj.core.data.Offset.offset(2.0));
        int red = shown.getImage().getPixelReader().getArgb((int) (250 * 1400 / 842.0),
                (int) ((842 - 500) * 1400 / 842.0));
        assertThat(red & 0xFFFFFF).as("the page's red box is drawn").isEqualTo(0xFF0000);
        robot.interact(() -> desktop.files().preview().close());
    }

    @Test
    void aGalleryCardShowsTheFirstImageOfItsAttachmentFieldAsItsCover(FxRobot robot) throws Exception {
        Path photo = dir.resolve("front.png");
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(30, 140, 90));
        g.fillRect(0, 0, 400, 300);
        g.dispose();
        ImageIO.write(img, "png", photo.toFile());
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "not a picture", StandardCharsets.UTF_8);
        robot.interact(() -> desktop = Desktop.start(stage, dir.resolve("ws")));
        robot.clickOn("#welcome-empty");
        var ws = desktop.viewModel().workspace();
        SchemaStore schema = new SchemaStore(ws);
        TableDef houses = schema.createTable(schema.createApp("Estate").id(), null, "Houses",
                List.of(FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text()),
                        FieldDef.of(UUID.randomUUID(), "Photos", new FieldType.Attachment())));
        FieldDef name = houses.fields().get(0);
        FieldDef photos = houses.fields().get(1);
        // the text file comes first: the cover is the first image, not the first file
        FileRef text = desktop.engine().files().attach(houses.id(), notes);
        FileRef picture = desktop.engine().files().attach(houses.id(), photo);
        RecordStore records = new RecordStore(ws);
        Map<UUID, Object> a = new HashMap<>();
        a.put(name.id(), "A house with a photo");
        a.put(photos.id(), FileRef.value(List.of(text, picture)));
        records.insert(houses, a);
        Map<UUID, Object> b = new HashMap<>();
        b.put(name.id(), "B house without");
        records.insert(houses, b);
        new dev.rowan.desktop.workspace.ViewStore(ws).save(houses, null, "Cards", new dev.rowan.model.view.GalleryConfig(
                dev.rowan.model.view.RecordQuery.ALL.withSorts(List.of(dev.rowan.model.query.Sort.asc(
                        name.id().toString()))), name.id(), null));
        robot.interact(() -> {
            desktop.viewModel().declineSample();
            desktop.viewModel().navigator().reload();
            desktop.viewModel().navigator().find(houses.id()).ifPresent(desktop.viewModel().navigator()::select);
        });
        waitFor("a cover on the first card", () -> robot.lookup("#gallery-card-cover-0").tryQuery().isPresent());
        ImageView cover = robot.lookup("#gallery-card-cover-0").queryAs(ImageView.class);
        assertThat(cover.getImage().isError()).isFalse();
        assertThat(cover.getImage().getWidth() / cover.getImage().getHeight()).isCloseTo(400.0 / 300.0,
                org.assertj.core.data.Offset.offset(0.02));
        assertThat(robot.lookup("#gallery-card-cover-1").tryQuery()).as("no image, no cover picture").isEmpty();
        Screenshots.write(desktop.scene(), "gallery-cover.png");
    }
}
