package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldType;
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

    public String columnType(FieldType type) {
        return switch (type) {
            case FieldType.NumberType n -> "NUMERIC(38, 10)";
            case FieldType.Currency c -> "NUMERIC(38, 10)";
            case FieldType.Percent p -> "NUMERIC(38, 10)";
            case FieldType.DateType d -> d.includeTime() ? "TIMESTAMP WITH TIME ZONE" : "DATE";
            case FieldType.BooleanType b -> "BOOLEAN";
            case FieldType.MultipleSelect m -> "VARCHAR ARRAY";
            case FieldType.Json j -> "JSON";
            default -> "VARCHAR";
        };
    }

    public String timestampType() {
        return "TIMESTAMP WITH TIME ZONE";
    }

    public String placeholder(FieldType type) {
        return type instanceof FieldType.Json ? "? FORMAT JSON" : "?";
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

    public void bind(PreparedStatement ps, int index, FieldType type, @Nullable Object canonical) throws SQLException {
        JdbcValues.bind(ps, index, type, canonical);
    }

    public @Nullable Object read(ResultSet rs, int index, FieldType type) throws SQLException {
        if (type instanceof FieldType.Json) {
            byte[] b = rs.getBytes(index);
            return b == null ? null : new dev.rowan.model.value.JsonValue(new String(b,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return JdbcValues.read(rs, index, type);
    }
}
