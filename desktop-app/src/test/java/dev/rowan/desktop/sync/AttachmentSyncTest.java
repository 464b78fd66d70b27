package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FileRef;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments between two replicas through the server: files attached on A before its first sync are uploaded at
 * their place in the outbox; B pulls the record with the server's metadata (the type sniffed from the bytes, not
 * A's guess) and fetches the bytes into its own cache on first use; a file removed on B is removed on A too.
 */
class AttachmentSyncTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    @Test
    void filesAttachedOnOneReplicaArriveOnAnotherWithTheServersMetadata() throws Exception {
        String email = "files-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
        Replicas.Client a = replicas.open(dir.resolve("a"), email, PASSWORD);
        FieldDef title = FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text());
        FieldDef files = FieldDef.of(UUID.randomUUID(), "Files", new FieldType.Attachment());
        TableDef t = a.schema.createTable(a.schema.createApp("Docs").id(), null, "Docs", List.of(title, files));
        // named .bin, but it is a PDF: the server's sniffed type wins over the desktop's guess from the name
        Path pdf = dir.resolve("scan.bin");
        Files.write(pdf, "%PDF-1.4\n% a scan\n".getBytes(StandardCharsets.ISO_8859_1));
        Path text = dir.resolve("readme.txt");
        Files.writeString(text, "read me", StandardCharsets.UTF_8);
        FileRef one = a.engine.files().attach(t.id(), pdf);
        FileRef two = a.engine.files().attach(t.id(), text);
        Map<UUID, Object> v = new HashMap<>();
        v.put(title.id(), "Both");
        v.put(files.id(), FileRef.value(List.of(one, two)));
        Row row = a.records.insert(t, v);
        a.engine.syncOnce();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(a.engine.files().size()).isZero();

        Replicas.Client b = replicas.open(dir.resolve("b"), email, PASSWORD);
        b.engine.syncOnce();
        TableDef onB = b.schema.table(t.id());
        List<FileRef> pulled = FileRef.list(b.records.byId(onB, row.id()).orElseThrow().value(files.id()));
        assertThat(pulled).extracting(FileRef::id).containsExactly(one.id(), two.id());
        assertThat(pulled.get(0).mime()).isEqualTo("application/pdf");
        assertThat(pulled.get(0).name()).isEqualTo("scan.bin");
        assertThat(b.engine.files().cached(one.id())).as("nothing fetched before it is needed").isEmpty();
        Path fetched = b.engine.file(one.id()).orElseThrow();
        assertThat(Files.readAllBytes(fetched)).isEqualTo(Files.readAllBytes(pdf));
        assertThat(b.engine.files().cached(one.id())).contains(fetched);

        // B removes the text file; A follows
        b.records.update(onB, List.of(new dev.rowan.desktop.workspace.RecordStore.CellChange(row.id(), files.id(),
                b.records.byId(onB, row.id()).orElseThrow().value(files.id()), FileRef.value(List.of(pulled.get(0))))));
        b.engine.syncOnce();
        assertThat(b.engine.conflicts().open()).isEmpty();
        a.engine.syncOnce();
        List<FileRef> onA = FileRef.list(a.records.byId(a.schema.table(t.id()), row.id()).orElseThrow()
                .value(files.id()));
        assertThat(onA).extracting(FileRef::id).containsExactly(one.id());
        assertThat(onA.get(0).mime()).isEqualTo("application/pdf");
    }
}
