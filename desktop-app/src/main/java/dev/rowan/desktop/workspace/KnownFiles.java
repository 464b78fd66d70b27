package dev.rowan.desktop.workspace;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.RecordSql;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.value.FileRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The files of a table as far as this workspace knows them: those its attachment fields name and those attached
 * here and still waiting to upload. What a type change to attachment checks values against on the desktop
 * ({@link dev.rowan.model.sql.AttachmentConversion}); the server checks its own list again when the change syncs.
 */
final class KnownFiles {
    private static final SqlDialect D = SqlDialect.H2;

    private KnownFiles() {
    }

    static Set<UUID> of(Connection c, TableDef t, Set<UUID> ids) throws SQLException {
        Set<UUID> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT file_id FROM rowan.file_uploads WHERE table_id = ?")) {
            ps.setObject(1, t.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getObject(1, UUID.class));
            }
        }
        RecordSql records = new RecordSql(D);
        for (FieldDef f : t.activeFields()) {
            if (!(f.type() instanceof FieldType.Attachment)) continue;
            String col = D.quote(f.columnName());
            try (PreparedStatement ps = c.prepareStatement("SELECT " + col + " FROM " + records.from(t) + " WHERE "
                    + col + " IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (FileRef r : FileRef.list(D.read(rs, 1, f.type()))) out.add(r.id());
                }
            }
        }
        out.retainAll(ids);
        return out;
    }
}
