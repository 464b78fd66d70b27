package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
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

/** Binding and reading shared by both dialects; only JSON differs and is passed in. */
final class JdbcValues {
    private JdbcValues() {
    }

    static void bind(PreparedStatement ps, int i, FieldType type, @Nullable Object v) throws SQLException {
        switch (type) {
            case FieldType.NumberType n -> ps.setBigDecimal(i, (BigDecimal) v);
            case FieldType.Currency c -> ps.setBigDecimal(i, (BigDecimal) v);
            case FieldType.Percent p -> ps.setBigDecimal(i, (BigDecimal) v);
            case FieldType.BooleanType b -> {
                if (v == null) ps.setNull(i, Types.BOOLEAN);
                else ps.setBoolean(i, (Boolean) v);
            }
            case FieldType.DateType d -> {
                if (v == null) ps.setNull(i, d.includeTime() ? Types.TIMESTAMP_WITH_TIMEZONE : Types.DATE);
                else ps.setObject(i, v);
            }
            case FieldType.MultipleSelect m -> {
                if (v == null) {
                    ps.setNull(i, Types.ARRAY);
                } else {
                    Array a = ps.getConnection().createArrayOf("text", ((List<?>) v).toArray(new Object[0]));
                    ps.setArray(i, a);
                }
            }
            case FieldType.Json j -> {
                if (v == null) ps.setNull(i, Types.VARCHAR);
                else ps.setString(i, v instanceof JsonValue jv ? jv.text() : v.toString());
            }
            default -> {
                if (v == null) ps.setNull(i, Types.VARCHAR);
                // the keyset's id bound: PostgreSQL has no uuid > varchar operator
                else if (v instanceof java.util.UUID u) ps.setObject(i, u);
                else ps.setString(i, v.toString());
            }
        }
    }

    static @Nullable Object read(ResultSet rs, int i, FieldType type) throws SQLException {
        return switch (type) {
            case FieldType.NumberType n -> scaled(rs.getBigDecimal(i), n.precision());
            case FieldType.Currency c -> scaled(rs.getBigDecimal(i), c.precision());
            case FieldType.Percent p -> scaled(rs.getBigDecimal(i), p.precision());
            case FieldType.BooleanType b -> {
                boolean v = rs.getBoolean(i);
                yield rs.wasNull() ? null : v;
            }
            case FieldType.DateType d -> {
                if (d.includeTime()) {
                    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                    yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
                }
                yield rs.getObject(i, LocalDate.class);
            }
            case FieldType.MultipleSelect m -> {
                Array a = rs.getArray(i);
                if (a == null) yield null;
                Object[] arr = (Object[]) a.getArray();
                yield arr.length == 0 ? null : Arrays.stream(arr).map(String::valueOf).toList();
            }
            case FieldType.Json j -> {
                String s = rs.getString(i);
                yield s == null ? null : new JsonValue(s);
            }
            default -> rs.getString(i);
        };
    }

    private static @Nullable BigDecimal scaled(@Nullable BigDecimal d, int precision) {
        return d == null ? null : d.setScale(precision, java.math.RoundingMode.HALF_UP);
    }
}
