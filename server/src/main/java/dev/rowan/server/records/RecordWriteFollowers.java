package dev.rowan.server.records;

import dev.rowan.model.schema.TableDef;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Something that follows updates and deletes of existing records to keep derived answers up to date without reading
 * them again, e.g. the kept {@code /groups} answers of {@code views.GroupsCache}. {@link RecordRepository} is the one
 * caller: every {@code UPDATE} or {@code DELETE} of a record row it runs (REST single and bulk, sync push) calls
 * {@link #writing} first and {@link Followed#written} after, in the write's transaction. Creates need no follower:
 * the change log names the records created, and a follower reads them as they are when it catches up.
 *
 * <p>{@link #writing} is called with the company's change-log lock held ({@code Journal.reserve} came first, so the
 * company's other writers wait) and with the sequence numbers of the write: a single-record write's one number,
 * or for a set of records the first of {@code records.size()} numbers reserved for them. A follower may keep what
 * it learns before commit: it is told the sequence, and the change log (committed with the data) tells a reader
 * which sequences really happened.
 */
public interface RecordWriteFollowers {
    /** One write being followed. */
    interface Followed {
        /** After the write, in its transaction. */
        void written(Connection c) throws SQLException;
    }

    Followed writing(Connection c, UUID company, TableDef t, long firstSeq, List<UUID> records) throws SQLException;

    /**
     * {@code t}'s records were listed ({@code /records}): a follower may prepare something for the table in the
     * background (e.g. its table summary). Never blocks.
     */
    default void read(UUID company, TableDef t) {
    }

    /** Records of {@code t} were created (single, bulk, sync), inside the write's transaction. Never blocks. */
    default void created(UUID company, TableDef t) {
    }

    /** Follows nothing. */
    RecordWriteFollowers NONE = (c, company, t, seq, records) -> c1 -> {
    };
}
