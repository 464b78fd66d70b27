package dev.rowan.model.sql;

import dev.rowan.model.schema.FieldType;
import org.jspecify.annotations.Nullable;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQL text with its parameters; user values only ever travel as parameters. */
public record SqlFragment(String sql, List<Param> params) {

    public record Param(@Nullable Object value, FieldType type) {
    }

    public SqlFragment {
        params = List.copyOf(params);
    }

    /** Binds the parameters from index {@code start}; returns the next free index. */
    public int bind(SqlDialect dialect, PreparedStatement ps, int start) throws SQLException {
        int i = start;
        for (Param p : params) {
            dialect.bind(ps, i++, p.type(), p.value());
        }
        return i;
    }
}
