package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What differs between PostgreSQL (server) and H2 (desktop workspace): column types, how JSON and arrays are
 * bound and read, array membership and index kinds. Everything else in the SQL is shared.
 */
public sealed interface SqlDialect permits PostgresDialect, H2Dialect {

    SqlDialect POSTGRES = new PostgresDialect();
    SqlDialect H2 = new H2Dialect();

    String name();

    String columnType(FieldType type);

    String timestampType();

    /** The parameter marker for a value of this type ({@code ?} plus any cast the engine needs). */
    String placeholder(FieldType type);

    /** Condition "array column {@code column} contains the one bound option id". */
    String arrayContains(String column);

    /** Condition "array column is empty or null". */
    String arrayEmpty(String column);

    /** Text of a JSON column for contains-searches. */
    String jsonAsText(String column);

    boolean supportsTrigramIndex();

    void bind(PreparedStatement ps, int index, FieldType type, @Nullable Object canonical) throws SQLException;

    @Nullable Object read(ResultSet rs, int index, FieldType type) throws SQLException;

    default String quote(String identifier) {
        return "\"" + dev.rowan.model.schema.PhysicalNames.checked(identifier) + "\"";
    }
}
