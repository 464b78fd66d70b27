package dev.rowan.model.sql;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What differs between PostgreSQL (server) and H2 (desktop workspace): column types, how JSON and arrays are
 * bound and read, array membership and index kinds. Everything else in the SQL is shared. A dialect knows
 * {@link StorageClass storage classes}, not field types: a field's kind says how it is stored.
 */
public sealed interface SqlDialect permits PostgresDialect, H2Dialect {

    SqlDialect POSTGRES = new PostgresDialect();
    SqlDialect H2 = new H2Dialect();

    String name();

    String columnType(StorageClass storage);

    default String columnType(FieldType type) {
        return columnType(FieldKinds.storage(type));
    }

    String timestampType();

    /** The parameter marker for a value of this storage ({@code ?} plus any cast the engine needs). */
    String placeholder(StorageClass storage);

    default String placeholder(FieldType type) {
        return placeholder(FieldKinds.storage(type));
    }

    /** Condition "array column {@code column} contains the one bound option id". */
    String arrayContains(String column);

    /** Condition "array column is empty or null". */
    String arrayEmpty(String column);

    /** Text of a JSON column for contains-searches. */
    String jsonAsText(String column);

    boolean supportsTrigramIndex();

    void bind(PreparedStatement ps, int index, StorageClass storage, @Nullable Object canonical) throws SQLException;

    default void bind(PreparedStatement ps, int index, FieldType type, @Nullable Object canonical) throws SQLException {
        bind(ps, index, FieldKinds.storage(type), canonical);
    }

    @Nullable Object read(ResultSet rs, int index, StorageClass storage) throws SQLException;

    default @Nullable Object read(ResultSet rs, int index, FieldType type) throws SQLException {
        return read(rs, index, FieldKinds.storage(type));
    }

    /**
     * One bound parameter holding an array of values of this storage, typed as the column is (what
     * {@code UNNEST} reads in {@link SummaryCells}): bound by {@link #bindArray}.
     */
    String arrayPlaceholder(StorageClass storage);

    /** Binds {@code values} (canonical values of this storage, nulls allowed) as one array parameter. */
    void bindArray(PreparedStatement ps, int index, StorageClass storage, java.util.List<? extends @Nullable Object> values)
            throws SQLException;

    default String quote(String identifier) {
        return "\"" + dev.rowan.model.schema.PhysicalNames.checked(identifier) + "\"";
    }
}
