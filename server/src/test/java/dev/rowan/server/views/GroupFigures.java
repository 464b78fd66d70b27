package dev.rowan.server.views;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An independent computation of a {@code /groups} answer's figures for the tests that compare it with a Java sum over
 * every record ({@code GroupsWritePathsTest}, {@code GroupsColdTest}): group keys, count, and per number (the quantity
 * field and Price) count, sum, min, max and average as normalised text.
 */
final class GroupFigures {
    private GroupFigures() {
    }

    static List<Object> keyOf(Object... values) {
        List<Object> k = new ArrayList<>();
        for (Object v : values) k.add(v == null ? "(none)" : v);
        return k;
    }

    static int compareKeys(List<Object> a, List<Object> b) {
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> groups(Map<String, Object> m) {
        Object g = m.get("groups");
        return g == null ? List.of() : (List<Map<String, Object>>) g;
    }

    /** Count, and per number (Qty, Price) count of values, sum, min, max, avg, compared as normalised text. */
    static final class Figures {
        long count;
        final long[] n = new long[2];
        final BigDecimal[] sum = new BigDecimal[2];
        final BigDecimal[] min = new BigDecimal[2];
        final BigDecimal[] max = new BigDecimal[2];
        final BigDecimal[] avg = new BigDecimal[2];

        void add(Object qty, Object price) {
            count++;
            Object[] v = {qty, price};
            for (int k = 0; k < 2; k++) {
                if (v[k] == null) continue;
                BigDecimal d = new BigDecimal(String.valueOf(v[k]));
                n[k]++;
                sum[k] = sum[k] == null ? d : sum[k].add(d);
                min[k] = min[k] == null || d.compareTo(min[k]) < 0 ? d : min[k];
                max[k] = max[k] == null || d.compareTo(max[k]) > 0 ? d : max[k];
                avg[k] = sum[k].divide(BigDecimal.valueOf(n[k]), new MathContext(12));
            }
        }

        @SuppressWarnings("unchecked")
        static Figures of(Map<String, Object> m, String qty) {
            Figures f = new Figures();
            f.count = ((Number) m.get("count")).longValue();
            Map<String, Object> aggregates = (Map<String, Object>) m.get("aggregates");
            String[] names = {qty, "Price"};
            for (int k = 0; k < 2; k++) {
                Map<String, Object> a = (Map<String, Object>) aggregates.get(names[k]);
                f.sum[k] = num(a.get("sum"));
                f.min[k] = num(a.get("min"));
                f.max[k] = num(a.get("max"));
                f.avg[k] = num(a.get("avg"));
            }
            return f;
        }

        private static BigDecimal num(Object o) {
            return o == null ? null : new BigDecimal(String.valueOf(o));
        }

        String text() {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("count", count);
            for (int k = 0; k < 2; k++) {
                t.put("sum" + k, norm(sum[k]));
                t.put("min" + k, norm(min[k]));
                t.put("max" + k, norm(max[k]));
                t.put("avg" + k, avg[k] == null ? null
                        : avg[k].round(new MathContext(9)).stripTrailingZeros().toPlainString());
            }
            return t.toString();
        }

        private static String norm(BigDecimal d) {
            return d == null ? null : Objects.toString(d.stripTrailingZeros().toPlainString());
        }
    }
}
