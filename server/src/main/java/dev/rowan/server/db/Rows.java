package dev.rowan.server.db;

import io.helidon.dbclient.DbRow;
import org.jspecify.annotations.Nullable;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Null-tolerant column access on Helidon DB Client rows. */
public final class Rows {
    private Rows() {
    }

    /** The column's value or null (DbColumn.get() and asOptional() refuse nulls; get(Class) does not). */
    public static @Nullable Object raw(DbRow r, String col) {
        return r.column(col).get(Object.class);
    }

    public static @Nullable String string(DbRow r, String col) {
        Object v = raw(r, col);
        return v == null ? null : v.toString();
    }

    public static @Nullable UUID uuid(DbRow r, String col) {
        Object v = raw(r, col);
        return v == null ? null : v instanceof UUID u ? u : UUID.fromString(v.toString());
    }

    public static int integer(DbRow r, String col) {
        Object v = raw(r, col);
        return v == null ? 0 : ((Number) v).intValue();
    }

    public static long longValue(DbRow r, String col) {
        Object v = raw(r, col);
        return v == null ? 0 : ((Number) v).longValue();
    }

    public static @Nullable String time(DbRow r, String col) {
        Object v = raw(r, col);
        return switch (v) {
            case null -> null;
            case Timestamp t -> t.toInstant().atOffset(ZoneOffset.UTC).toString();
            case OffsetDateTime o -> o.withOffsetSameInstant(ZoneOffset.UTC).toString();
            default -> v.toString();
        };
    }
}
