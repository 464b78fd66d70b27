package dev.rowan.server.records;

import dev.rowan.model.schema.FieldType;
import dev.rowan.server.auth.Principal;
import dev.rowan.model.schema.TableDef;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The reference checks of {@link RecordWrites#files} (attachment ids, user ids) for the many rows of one request:
 * company members are read once, and a table with neither attachment nor user fields costs nothing per row (the
 * check walked every row's values twice, and the row's error path was built for it, for nothing).
 */
final class RowRefs {
    private final Connection c;
    private final Principal p;
    private final TableDef t;
    private final MemberNames.Batch members;
    private final boolean any;

    RowRefs(Connection c, Principal p, TableDef t) {
        this.c = c;
        this.p = p;
        this.t = t;
        this.members = new MemberNames.Batch(c, p);
        this.any = t.activeFields().stream()
                .anyMatch(f -> f.type() instanceof FieldType.Attachment || f.type() instanceof FieldType.User);
    }

    /** The row at {@code index} of the body with its references checked (errors under {@code records[index].}). */
    RecordInput check(RecordInput in, int index) throws SQLException {
        return any ? RecordWrites.files(c, p, t, in, "records[" + index + "].", members) : in;
    }
}
