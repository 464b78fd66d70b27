package dev.rowan.model.sql;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.kind.UserKind;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which cells of a table summary (server {@code views.TableSummaries}, desktop {@code workspace.TableSummary}) pass a
 * filter whose every condition is on one of the summary's dimensions — the one rule both sides use, so a filtered
 * grouping over dimensions is rolled up from the passing cells instead of scanning the table.
 *
 * <p>The database decides, not Java: the filter is compiled by {@link RecordSql#where} exactly as the scan compiles
 * it, and evaluated over the cells' dimension values, bound as one array per dimension and turned back into rows by
 * {@code UNNEST ... WITH ORDINALITY} under the alias {@code t} with the dimensions' own column names. Text matching
 * (ILIKE, case, accents), decimals, dates, timestamps and NULLs are thus the database's own, and the SQL's size does
 * not grow with the number of cells. Every cell of a dimension has one value per dimension, so a record passes the
 * filter exactly when its cell does.
 *
 * <p>Refused ({@link #of} empty: the caller reads in full) when a condition names anything but a dimension (another
 * field, createdAt/updatedAt, an unknown field, a link or lookup path), still holds {@code @me}, or when the compiled
 * SQL reads anything but the dimensions' columns (checked on its text as well). A value the database cannot take
 * back into a column (an {@link SQLException}) is for the caller to treat as a refusal too.
 */
public final class SummaryCells {
    private final SqlDialect dialect;
    private final List<FieldDef> dimensions;
    private final SqlFragment where;
    private final String sql;

    private SummaryCells(SqlDialect dialect, List<FieldDef> dimensions, SqlFragment where, String sql) {
        this.dialect = dialect;
        this.dimensions = dimensions;
        this.where = where;
        this.sql = sql;
    }

    /**
     * The cell filter of {@code filter} over a summary of {@code t} by {@code dimensions} (in the cells' key order),
     * or empty when it cannot be decided from the cells alone (see the class comment).
     */
    public static Optional<SummaryCells> of(SqlDialect dialect, TableDef t, @Nullable Filter filter,
                                            List<FieldDef> dimensions) {
        if (filter == null || dimensions.isEmpty()) return Optional.empty();
        Set<UUID> ids = new HashSet<>();
        for (FieldDef d : dimensions) {
            if (!SummaryDimensions.plain(d) || FieldKinds.of(d.type()).computed()) return Optional.empty();
            ids.add(d.id());
        }
        if (!onDimensions(t, filter, ids)) return Optional.empty();
        SqlFragment where;
        try {
            where = new RecordSql(dialect).where(t, filter);
        } catch (RuntimeException e) { // an operator the field does not have: the scan answers with its error
            return Optional.empty();
        }
        List<String> columns = dimensions.stream().map(d -> dialect.quote(d.columnName())).toList();
        if (!readsOnly(where.sql(), columns)) return Optional.empty();
        StringBuilder q = new StringBuilder("SELECT t.ord FROM UNNEST(");
        for (int i = 0; i < dimensions.size(); i++) {
            q.append(i == 0 ? "" : ", ").append(dialect.arrayPlaceholder(storage(dimensions.get(i))));
        }
        q.append(") WITH ORDINALITY AS t(").append(String.join(", ", columns)).append(", ord) WHERE ")
                .append(where.sql());
        return Optional.of(new SummaryCells(dialect, List.copyOf(dimensions), where, q.toString()));
    }

    /**
     * Whether every condition of {@code filter} is on one of the fields {@code dimensions} (by id) and holds no
     * {@code @me}: what the cells can decide. An empty group holds no condition (every record passes).
     */
    public static boolean onDimensions(TableDef t, Filter filter, Set<UUID> dimensions) {
        return switch (filter) {
            case Filter.Group g -> g.conditions().stream().allMatch(c -> onDimensions(t, c, dimensions));
            case Filter.Condition c -> {
                Column col;
                try {
                    col = RecordSql.column(t, c.field(), "filter");
                } catch (RuntimeException unknown) {
                    yield false;
                }
                yield col.field() != null && dimensions.contains(col.field().id()) && !col.field().hidden()
                        && !me(c.value());
            }
        };
    }

    private static boolean me(@Nullable Object value) {
        if (UserKind.ME.equals(value)) return true;
        return value instanceof List<?> l && l.stream().anyMatch(UserKind.ME::equals);
    }

    /**
     * Whether the compiled condition reads the dimensions' columns ({@code t."…"}) and nothing else: no other
     * identifier, no other column of {@code t}, no subquery. Values are bound, so the text holds none.
     */
    static boolean readsOnly(String where, List<String> columns) {
        String rest = where;
        for (String c : columns) rest = rest.replace("t." + c, " ");
        String lower = rest.toLowerCase(Locale.ROOT);
        return !rest.contains("\"") && !lower.matches("(?s).*\\bt\\s*\\..*") && !lower.contains("select")
                && !lower.contains(";");
    }

    private static StorageClass storage(FieldDef f) {
        return FieldKinds.storage(f.type());
    }

    /** The SQL run by {@link #passing} (tests). */
    String sql() {
        return sql;
    }

    /**
     * The positions (0-based, in {@code keys}' order) of the cells that pass: each key holds one value per dimension,
     * in the dimensions' order, as the cells keep it. One query; the values and the filter's own are bound.
     */
    public BitSet passing(Connection c, List<? extends List<? extends @Nullable Object>> keys) throws SQLException {
        BitSet out = new BitSet(keys.size());
        if (keys.isEmpty()) return out;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = 1;
            for (int d = 0; d < dimensions.size(); d++) {
                List<@Nullable Object> values = new ArrayList<>(keys.size());
                for (List<? extends @Nullable Object> k : keys) {
                    if (k.size() != dimensions.size()) throw new IllegalArgumentException("a key of " + k.size()
                            + " values for " + dimensions.size() + " dimensions");
                    values.add(k.get(d));
                }
                dialect.bindArray(ps, next++, storage(dimensions.get(d)), values);
            }
            where.bind(dialect, ps, next);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ord = rs.getLong(1);
                    if (ord < 1 || ord > keys.size()) throw new SQLException("a cell out of range: " + ord);
                    out.set((int) ord - 1);
                }
            }
        }
        return out;
    }
}
