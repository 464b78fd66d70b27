package dev.rowan.server.files;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FileRef;
import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The one check every record write (REST, bulk, sync push, shared forms) runs on attachment values: each file id must
 * be a file uploaded to this table of this company, and the stored value carries the server's metadata for it
 * (name, size, sniffed type, image size), never what the client claimed. Unknown ids are refused with the path of
 * the value (422) and nothing is written.
 */
public final class AttachmentRefs {
    private static final FileRepository REPO = new FileRepository();

    private AttachmentRefs() {
    }

    /** Replaces attachment values in {@code values} (field to canonical value) with the server's references. */
    public static void resolve(Connection c, Principal p, TableDef t, Map<FieldDef, @Nullable Object> values,
                               String path) throws SQLException {
        boolean any = false;
        // by key: an IdentityHashMap's entry iterator makes an object per entry, for every row of a bulk load
        for (FieldDef f : values.keySet()) any |= f.type() instanceof FieldType.Attachment;
        if (!any) return;
        Set<UUID> wanted = new LinkedHashSet<>();
        for (Map.Entry<FieldDef, @Nullable Object> e : values.entrySet()) {
            if (e.getKey().type() instanceof FieldType.Attachment && e.getValue() != null) {
                for (FileRef f : FileRef.list(e.getValue())) wanted.add(f.id());
            }
        }
        if (wanted.isEmpty()) return;
        Map<UUID, FileRepository.StoredFile> found = REPO.attach(c, p.schemaName(), t.id(), wanted);
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<FieldDef, @Nullable Object> e : values.entrySet()) {
            if (!(e.getKey().type() instanceof FieldType.Attachment) || e.getValue() == null) continue;
            List<FileRef> given = FileRef.list(e.getValue());
            List<FileRef> stored = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                FileRepository.StoredFile f = found.get(given.get(i).id());
                if (f == null) {
                    errors.add(new FieldError(path + "fields." + e.getKey().name() + "[" + i + "]",
                            "No file " + given.get(i).id() + " was uploaded to this table; upload it first"));
                } else {
                    stored.add(f.ref());
                }
            }
            e.setValue(FileRef.value(stored));
        }
        if (!errors.isEmpty()) throw RowanException.invalid("Some attachments name files that do not exist", errors);
    }
}
