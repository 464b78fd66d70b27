package dev.rowan.model.sql;

import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Binding and reading shared by both dialects, per storage class; only JSON differs and is passed in. */
final class JdbcValues {
    private JdbcValues() {
    }

    static void bind(PreparedStatement ps, int i, StorageClass storage, @Nullable Object v) throws SQLException {
        switch (storage) {
            case StorageClass.Computed c -> bind(ps, i, c.value(), v);
            case StorageClass.Decimal d -> ps.setBigDecimal(i, (BigDecimal) v);
            case StorageClass.Bool b -> {
                if (v == null) ps.setNull(i, Types.BOOLEAN);
                else ps.setBoolean(i, (Boolean) v);
            }
            case StorageClass.Date d -> {
                if (v == null) ps.setNull(i, Types.DATE);
                else ps.setObject(i, v);
            }
            case StorageClass.Timestamp t -> {
                if (v == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
                else ps.setObject(i, v);
            }
            case StorageClass.TextArray a -> {
                if (v == null) {
                    ps.setNull(i, Types.ARRAY);
                } else {
                    Array arr = ps.getConnection().createArrayOf("text", ((List<?>) v).toArray(new Object[0]));
                    ps.setArray(i, arr);
                }
            }
            case StorageClass.Json j -> {
                if (v == null) ps.setNull(i, Types.VARCHAR);
                else ps.setString(i, v instanceof JsonValue jv ? jv.text() : v.toString());
            }
            case StorageClass.Text t -> {
                if (v == null) ps.setNull(i, Types.VARCHAR);
                // the keyset's id bound: PostgreSQL has no uuid > varchar operator
                else if (v instanceof java.util.UUID u) ps.setObject(i, u);
                else ps.setString(i, v.toString());
            }
        }
    }

    static @Nullable Object read(ResultSet rs, int i, StorageClass storage) throws SQLException {
        return switch (storage) {
            case StorageClass.Computed c -> read(rs, i, c.value());
            case StorageClass.Decimal d -> {
                BigDecimal v = rs.getBigDecimal(i);
                yield v == null ? null : v.setScale(d.scale(), RoundingMode.HALF_UP);
            }
            case StorageClass.Bool b -> {
                boolean v = rs.getBoolean(i);
                yield rs.wasNull() ? null : v;
            }
            case StorageClass.Timestamp t -> {
                OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
                yield v == null ? null : v.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case StorageClass.Date d -> rs.getObject(i, LocalDate.class);
            case StorageClass.TextArray a -> {
                Array arr = rs.getArray(i);
                if (arr == null) yield null;
                Object[] values = (Object[]) arr.getArray();
                yield values.length == 0 ? null : Arrays.stream(values).map(String::valueOf).toList();
            }
            case StorageClass.Json j -> {
                String s = rs.getString(i);
                yield s == null ? null : new JsonValue(s);
            }
            case StorageClass.Text t -> rs.getString(i);
        };
    }
}
