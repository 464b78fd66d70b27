package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FileRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A type change to attachment in the desktop's workspace runs the server's rule: values naming files the workspace
 * does not know as files of the table refuse it saying how many records, and nothing changes (type, values, outbox);
 * files the table's attachments name or that wait to upload count as known.
 */
class AttachmentTypeChangeWorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void valuesNamingNoKnownFileRefuseTheChange() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            UUID app = schema.createApp("Files").id();
            TableDef t = schema.createTable(app, null, "Docs", List.of(
                    FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Ref", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Files", new FieldType.Attachment())));
            FieldDef title = t.fields().get(0);
            FieldDef ref = t.fields().get(1);
            FieldDef files = t.fields().get(2);
            Path source = Files.writeString(dir.resolve("plan.txt"), "the plan");
            FileRef attached = new FileOutbox(ws).attach(t.id(), source);
            records.insert(t, Map.of(title.id(), "with file", files.id(), FileRef.value(List.of(attached))));
            records.insert(t, Map.of(title.id(), "names it", ref.id(), attached.id().toString()));
            Row stray = records.insert(t, Map.of(title.id(), "stray", ref.id(), UUID.randomUUID().toString()));
            records.insert(t, Map.of(title.id(), "empty"));
            long outbox = Outbox.size(ws);
            FieldDef toAttachment = ref.withType(new FieldType.Attachment());

            assertThatThrownBy(() -> schema.changeFieldType(t.id(), toAttachment, () -> false))
                    .hasMessageContaining("1 record's value of Ref names no file of this table");
            assertThat(schema.table(t.id()).field("Ref").orElseThrow().type()).isInstanceOf(FieldType.Text.class);
            assertThat(Outbox.size(ws)).isEqualTo(outbox);

            records.update(schema.table(t.id()), List.of(new RecordStore.CellChange(stray.id(), ref.id(),
                    stray.value(ref.id()), null)));
            schema.changeFieldType(t.id(), toAttachment, () -> false);
            TableDef after = schema.table(t.id());
            assertThat(after.field("Ref").orElseThrow().type()).isInstanceOf(FieldType.Attachment.class);
            Row named = records.page(after, null, List.of(), null, 10).rows().stream()
                    .filter(r -> "names it".equals(r.value(title.id()))).findFirst().orElseThrow();
            assertThat(FileRef.list(named.value(ref.id()))).extracting(FileRef::id).containsExactly(attached.id());
        }
    }
}
