package dev.rowan.model.sql;

import dev.rowan.model.kind.StorageClass;
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

    public String columnType(StorageClass storage) {
        return switch (storage) {
            case StorageClass.Text s -> "text";
            case StorageClass.Decimal s -> "numeric";
            case StorageClass.Bool s -> "boolean";
            case StorageClass.Date s -> "date";
            case StorageClass.Timestamp s -> "timestamptz";
            case StorageClass.Json s -> "jsonb";
            case StorageClass.Computed s -> throw new IllegalStateException("a computed field has no column");
            case StorageClass.TextArray s -> "text[]";
        };
    }

    public String timestampType() {
        return "timestamptz";
    }

    public String placeholder(StorageClass storage) {
        return storage instanceof StorageClass.Json ? "CAST(? AS jsonb)" : "?";
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

    /** Bound as {@code text[]} (each value's text, which PostgreSQL's cast reads exactly), cast to the column's type. */
    public String arrayPlaceholder(StorageClass storage) {
        String text = "CAST(? AS text[])";
        return storage instanceof StorageClass.Text ? text : "CAST(" + text + " AS " + columnType(storage) + "[])";
    }

    public void bindArray(PreparedStatement ps, int index, StorageClass storage,
                          java.util.List<? extends @Nullable Object> values) throws SQLException {
        String[] text = new String[values.size()];
        for (int i = 0; i < text.length; i++) {
            Object v = values.get(i);
            text[i] = v == null ? null : v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
        }
        ps.setArray(index, ps.getConnection().createArrayOf("text", text));
    }

    public void bind(PreparedStatement ps, int index, StorageClass storage, @Nullable Object canonical)
            throws SQLException {
        JdbcValues.bind(ps, index, storage, canonical);
    }

    public @Nullable Object read(ResultSet rs, int index, StorageClass storage) throws SQLException {
        return JdbcValues.read(rs, index, storage);
    }
}
