package dev.rowan.server.records;

import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Something that follows single-record writes (REST create, update, delete) to keep derived answers up to date
 * without reading them again, e.g. the kept {@code /groups} answers of {@code views.GroupsCache}. {@link #writing} is
 * called in the write's transaction after its one change-log sequence number was reserved (the company's writers wait
 * for it) and before the record is written; {@link Followed#written} after the write, in the same transaction;
 * {@link Followed#publish} after commit only. A write that is not followed (bulk, sync push, restore) just moves the
 * sequence on, which followers must treat as "read in full".
 */
public interface RecordWriteFollowers {
    /** One write being followed. */
    interface Followed {
        void written(Connection c, UUID record) throws SQLException;

        void publish();
    }

    /** {@code record} is null for a create (its id is known only after {@link Followed#written}). */
    Followed writing(Connection c, UUID company, TableDef t, long seq, @Nullable UUID record) throws SQLException;

    /** Follows nothing. */
    RecordWriteFollowers NONE = (c, company, t, seq, record) -> new Followed() {
        @Override
        public void written(Connection c1, UUID r) {
        }

        @Override
        public void publish() {
        }
    };
}
