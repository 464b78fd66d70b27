package dev.rowan.model.sql;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.Conversions;
import dev.rowan.model.value.FileRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The check a type change <em>to</em> attachment needs beyond conversion: every value must name files of this table
 * (a text holding an id-like string converts, but it is no file). The one rule the server's field change and the
 * desktop's run, inside the caller's transaction and before anything is written; each side says which files it knows
 * ({@link KnownFiles}: the server its company's files of the table, the desktop what its workspace has seen).
 */
public final class AttachmentConversion {
    private static final int CHUNK = 1_000;

    /** Which of the ids are files of the table. */
    @FunctionalInterface
    public interface KnownFiles {
        Set<UUID> known(Connection c, TableDef table, Set<UUID> ids) throws SQLException;
    }

    private final SqlDialect d;
    private final RecordSql records;

    public AttachmentConversion(SqlDialect dialect) {
        this.d = dialect;
        this.records = new RecordSql(dialect);
    }

    /**
     * Refuses (422 at {@code type}, saying how many records) a change of {@code from} to an attachment field while
     * values would name files that are not files of the table. Other changes pass; values that do not convert at all
     * are the conversion preview's business.
     */
    public void refuseUnknownFiles(Connection c, TableDef t, FieldDef from, FieldDef to, KnownFiles files)
            throws SQLException {
        if (!(to.type() instanceof FieldType.Attachment) || from.type() instanceof FieldType.Attachment
                || Ddl.computed(from)) {
            return;
        }
        List<Set<UUID>> perRecord = new ArrayList<>();
        Set<UUID> all = new LinkedHashSet<>();
        String col = "t." + d.quote(from.columnName());
        try (PreparedStatement ps = c.prepareStatement("SELECT t.id, " + col + " FROM " + records.from(t) + " t WHERE "
                + col + " IS NOT NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object v = d.read(rs, 2, from.type());
                    Conversions.Outcome o = Conversions.convert(from.type(), to, v);
                    if (o.failed() || o.value() == null) continue;
                    Set<UUID> ids = new HashSet<>();
                    for (FileRef f : FileRef.list(o.value())) ids.add(f.id());
                    if (ids.isEmpty()) continue;
                    perRecord.add(ids);
                    all.addAll(ids);
                }
            }
        }
        if (all.isEmpty()) return;
        Set<UUID> known = new HashSet<>();
        List<UUID> list = new ArrayList<>(all);
        for (int i = 0; i < list.size(); i += CHUNK) {
            known.addAll(files.known(c, t, new LinkedHashSet<>(list.subList(i, Math.min(list.size(), i + CHUNK)))));
        }
        long bad = perRecord.stream().filter(ids -> !known.containsAll(ids)).count();
        if (bad > 0) {
            throw RowanException.invalid("type", bad + (bad == 1 ? " record's value" : " records' values") + " of "
                    + from.name() + (bad == 1 ? " names" : " name") + " no file of this table; nothing was changed. "
                    + "Empty those values, or add the files as attachments, then change the type");
        }
    }
}
