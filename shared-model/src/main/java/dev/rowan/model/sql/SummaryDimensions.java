package dev.rowan.model.sql;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.kind.StorageClass;
import dev.rowan.model.schema.FieldDef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a table summary (server {@code views.TableSummaries}, desktop {@code workspace.TableSummary}) chooses its
 * dimensions, the same on both sides: the candidate fields' distinct values (no value counting as one) among a
 * bounded sample of records, read by one query ({@link #sampleQuery}), then the fields with at most
 * {@link #MAX_DISTINCT} values, fewest first, while the product of their counts stays within the cells allowed, at
 * most {@link #MAX_DIMENSIONS} ({@link #choose}). Column names come from the table definition, quoted by the
 * dialect; the sample size is bound.
 */
public final class SummaryDimensions {
    /** Records the distinct values are counted among. */
    public static final int SAMPLE = 10_000;
    /** A dimension has at most this many values in the sample. */
    public static final int MAX_DISTINCT = 64;
    /** The product of the dimensions' counts in the sample stays within this; the cells are read at most this. */
    public static final int MAX_CELLS = 10_000;
    public static final int MAX_DIMENSIONS = 6;

    private SummaryDimensions() {
    }

    /**
     * Whether the field's values are read as one plain value each, compared and equal as the database compares them
     * (text, decimal, boolean, date, timestamp; not lists, JSON or computed storage).
     */
    public static boolean plain(FieldDef f) {
        StorageClass s = FieldKinds.storage(f.type());
        while (s instanceof StorageClass.Computed c) s = c.value();
        return switch (s) {
            case StorageClass.Text x -> true;
            case StorageClass.Decimal x -> true;
            case StorageClass.Bool x -> true;
            case StorageClass.Date x -> true;
            case StorageClass.Timestamp x -> true;
            case StorageClass.Json x -> false;
            case StorageClass.TextArray x -> false;
            case StorageClass.Computed x -> false;
        };
    }

    /**
     * Whether a field may be a dimension on either side: shown, stored (not computed), grouped by its one value (not
     * by each value of a list) and {@link #plain}. The server adds what its groupings need of their own.
     */
    public static boolean candidate(FieldDef f) {
        return !f.hidden() && !FieldKinds.of(f.type()).computed() && !EachValue.applies(f) && plain(f);
    }

    /**
     * One row with, per candidate column (an expression over the alias {@code t} of {@code source}), its distinct
     * values among the first sampled records, no value counting as one. Bound in order: {@code source}'s and
     * {@code where}'s parameters, then the sample size ({@link #SAMPLE}).
     */
    public static String sampleQuery(String source, String where, List<String> columns) {
        StringBuilder inner = new StringBuilder("SELECT ");
        StringBuilder outer = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            inner.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" AS c").append(i);
            outer.append(i == 0 ? "" : ", ").append("count(DISTINCT s.c").append(i)
                    .append(") + max(CASE WHEN s.c").append(i).append(" IS NULL THEN 1 ELSE 0 END)");
        }
        inner.append(" FROM ").append(source).append(" WHERE ").append(where).append(" LIMIT ?");
        return outer.append(" FROM (").append(inner).append(") s").toString();
    }

    /**
     * The dimensions among {@code candidates} ({@code distinct[i]} values each in the sample): at most
     * {@link #MAX_DISTINCT} values, fewest first (ties in the candidates' order), while the product of their counts
     * stays within {@code maxCells}; at most {@link #MAX_DIMENSIONS}.
     */
    public static <T> List<T> choose(List<T> candidates, long[] distinct, long maxCells) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) if (distinct[i] <= MAX_DISTINCT) order.add(i);
        order.sort(Comparator.comparingLong(i -> distinct[i])); // stable: ties keep the candidates' order
        List<T> out = new ArrayList<>();
        long product = 1;
        for (int i : order) {
            long next = product * Math.max(1, distinct[i]);
            if (next > maxCells || out.size() == MAX_DIMENSIONS) break;
            product = next;
            out.add(candidates.get(i));
        }
        return out;
    }
}
