package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** PostgreSQL 14+. */
public final class PostgresDialect implements SqlDialect {
    PostgresDialect() {
    }

    public String name() {
        return "postgresql";
    }

    public String columnType(FieldType type) {
        return switch (type) {
            case FieldType.NumberType n -> "numeric";
            case FieldType.Currency c -> "numeric";
            case FieldType.Percent p -> "numeric";
            case FieldType.DateType d -> d.includeTime() ? "timestamptz" : "date";
            case FieldType.BooleanType b -> "boolean";
            case FieldType.MultipleSelect m -> "text[]";
            case FieldType.Json j -> "jsonb";
            default -> "text";
        };
    }

    public String timestampType() {
        return "timestamptz";
    }

    public String placeholder(FieldType type) {
        return type instanceof FieldType.Json ? "CAST(? AS jsonb)" : "?";
    }

    public String arrayContains(String column) {
        return "? = ANY(" + column + ")";
    }

    public String arrayEmpty(String column) {
        return "(" + column + " IS NULL OR cardinality(" + column + ") = 0)";
    }

    public String jsonAsText(String column) {
        return "CAST(" + column + " AS text)";
    }

    public boolean supportsTrigramIndex() {
        return true;
    }

    public void bind(PreparedStatement ps, int index, FieldType type, @Nullable Object canonical) throws SQLException {
        JdbcValues.bind(ps, index, type, canonical);
    }

    public @Nullable Object read(ResultSet rs, int index, FieldType type) throws SQLException {
        return JdbcValues.read(rs, index, type);
    }
}
