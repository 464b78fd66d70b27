package dev.rowan.model.formula;

import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.sql.SqlDialect;
import dev.rowan.model.sql.SqlFragment;

import java.util.List;
import java.util.UUID;

/**
 * Where the compiled formula reads its inputs: the SQL of a field's column and of the system columns. The type of
 * each field is the one the formula was checked with.
 */
public interface ColumnResolver {

    enum SystemColumn { ID, CREATED_AT, UPDATED_AT }

    SqlFragment field(UUID fieldId);

    SqlFragment system(SystemColumn column);

    /** The columns of a user table read through the table alias {@code alias} (a fixed identifier, e.g. "t"). */
    static ColumnResolver table(SqlDialect dialect, String alias) {
        String a = dialect.quote(alias);
        return new ColumnResolver() {
            public SqlFragment field(UUID fieldId) {
                return new SqlFragment(a + "." + dialect.quote(PhysicalNames.column(fieldId)), List.of());
            }

            public SqlFragment system(SystemColumn column) {
                return new SqlFragment(a + "." + switch (column) {
                    case ID -> "id";
                    case CREATED_AT -> "created_at";
                    case UPDATED_AT -> "updated_at";
                }, List.of());
            }
        };
    }
}
