package dev.rowan.model.sql;

import dev.rowan.model.kind.StorageClass;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** H2 2.x in PostgreSQL mode (URL options in STACK.md), for the desktop workspace. */
public final class H2Dialect implements SqlDialect {
    H2Dialect() {
    }

    public String name() {
        return "h2";
    }

    public String columnType(StorageClass storage) {
        return switch (storage) {
            case StorageClass.Text s -> "VARCHAR";
            case StorageClass.Decimal s -> "NUMERIC(38, 10)";
            case StorageClass.Bool s -> "BOOLEAN";
            case StorageClass.Date s -> "DATE";
            case StorageClass.Timestamp s -> "TIMESTAMP WITH TIME ZONE";
            case StorageClass.Json s -> "JSON";
            case StorageClass.Computed s -> throw new IllegalStateException("a computed field has no column");
            case StorageClass.TextArray s -> "VARCHAR ARRAY";
        };
    }

    public String timestampType() {
        return "TIMESTAMP WITH TIME ZONE";
    }

    public String placeholder(StorageClass storage) {
        return storage instanceof StorageClass.Json ? "? FORMAT JSON" : "?";
    }

    public String arrayContains(String column) {
        return "ARRAY_CONTAINS(" + column + ", ?)";
    }

    public String arrayEmpty(String column) {
        return "(" + column + " IS NULL OR CARDINALITY(" + column + ") = 0)";
    }

    public String jsonAsText(String column) {
        return "CAST(" + column + " AS VARCHAR)";
    }

    public boolean supportsTrigramIndex() {
        return false;
    }

    /** Bound as a Java array of the values themselves, cast to an array of the column's type. */
    public String arrayPlaceholder(StorageClass storage) {
        return "CAST(? AS " + columnType(storage) + " ARRAY)";
    }

    public void bindArray(PreparedStatement ps, int index, StorageClass storage,
                          java.util.List<? extends @Nullable Object> values) throws SQLException {
        ps.setObject(index, values.toArray());
    }

    public void bind(PreparedStatement ps, int index, StorageClass storage, @Nullable Object canonical)
            throws SQLException {
        JdbcValues.bind(ps, index, storage, canonical);
    }

    public @Nullable Object read(ResultSet rs, int index, StorageClass storage) throws SQLException {
        if (storage instanceof StorageClass.Json) {
            byte[] b = rs.getBytes(index);
            return b == null ? null : new dev.rowan.model.value.JsonValue(new String(b,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return JdbcValues.read(rs, index, storage);
    }
}
