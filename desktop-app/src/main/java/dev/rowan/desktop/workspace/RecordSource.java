package dev.rowan.desktop.workspace;

import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sql.Cursor;
import dev.rowan.model.view.RecordQuery;
import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How a view reads records: counted and paged by a record query (keyset pages, offset jumps), one by id, and by
 * date range for views laid out in time (a calendar asks for the days it shows). The workspace's
 * {@link RecordStore} is the implementation; the query's search term is not applied yet (no view searches today).
 */
public interface RecordSource {
    long count(TableDef t, @Nullable Filter filter);

    Page page(TableDef t, @Nullable Filter filter, List<Sort> sorts, @Nullable Cursor cursor, int limit);

    Page pageAt(TableDef t, @Nullable Filter filter, List<Sort> sorts, long offset, int limit);

    Optional<Row> byId(TableDef t, UUID id);

    /**
     * Records whose date field lies in {@code [from, to)} (days in {@code zone} for a date-time field), in date order,
     * also matching the query's filter; at most {@code limit}, {@link Page#next()} set when more follow.
     */
    Page range(TableDef t, UUID dateField, LocalDate from, LocalDate to, ZoneId zone, RecordQuery query, int limit);

    /**
     * Records that began before {@code from} (start field) and had not ended by then (end field on or after
     * {@code from}): with {@link #range} on the start field, every record whose span overlaps a range — including one
     * that covers the whole range, which neither end's {@code range} finds. In start order, at most {@code limit}.
     */
    Page runningInto(TableDef t, UUID startField, UUID endField, LocalDate from, ZoneId zone, RecordQuery query,
                     int limit);

    /**
     * The page after {@code cursor} in view {@code viewId}'s manual order (its ranks, then created order), with the
     * ranks of its rows. Only the workspace keeps ranks; other sources do not offer manual order.
     */
    default RankedPage rankedPage(TableDef t, @Nullable Filter filter, UUID viewId, @Nullable Cursor cursor, int limit) {
        throw new UnsupportedOperationException("this record source keeps no manual order");
    }

    default long countMatching(TableDef t, RecordQuery q) {
        return count(t, q.filter());
    }

    default Page pageMatching(TableDef t, RecordQuery q, @Nullable Cursor cursor, int limit) {
        return page(t, q.filter(), q.sorts(), cursor, limit);
    }
}
