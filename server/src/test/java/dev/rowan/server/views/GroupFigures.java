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

    static final List<String> STATUS = List.of("Open", "Doing", "Done");
    static final List<String> TEAMS = List.of("Red", "Blue", "Green");

    /** A record's values: cents (a precision change rounds them), numbers at the edges (0, 50), empty ones now and then. */
    static Map<String, Object> randomFields(java.util.Random r) {
        Map<String, Object> f = new HashMap<>();
        f.put("Title", "item " + r.nextInt(1000));
        f.put("Qty", r.nextInt(8) == 0 ? null : r.nextInt(51));
        f.put("Price", r.nextInt(8) == 0 ? null : r.nextInt(10_000) / 100.0);
        f.put("Status", r.nextInt(6) == 0 ? null : STATUS.get(r.nextInt(STATUS.size())));
        f.put("Team", TEAMS.get(r.nextInt(TEAMS.size())));
        return f;
    }

    /**
     * {@code answer} (a {@code /groups} answer by Status then Team) holds the figures computed here over every record
     * {@code on} lists at {@code recordsPath}; {@code qty} names the quantity field.
     */
    static void assertMatchesRecords(dev.rowan.server.support.ApiClient on, String recordsPath,
                                     Map<String, Object> answer, String qty) {
        Map<List<Object>, Figures> expected = new java.util.TreeMap<>(GroupFigures::compareKeys);
        String cursor = null;
        do {
            var page = on.get(recordsPath + "?limit=1000" + (cursor == null ? ""
                    : "&cursor=" + dev.rowan.server.support.ApiClient.q(cursor)));
            org.assertj.core.api.Assertions.assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (var rec : page.data()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) rec.get("fields");
                Object status = f.get("Status");
                Object team = f.get("Team");
                for (List<Object> key : List.of(List.<Object>of(), keyOf(status), keyOf(status, team))) {
                    expected.computeIfAbsent(key, k -> new Figures()).add(f.get(qty), f.get("Price"));
                }
            }
            cursor = (String) page.map().get("nextCursor");
        } while (cursor != null);
        Map<List<Object>, Figures> actual = new java.util.TreeMap<>(GroupFigures::compareKeys);
        actual.put(List.of(), Figures.of(answer, qty));
        for (var g1 : groups(answer)) {
            actual.put(keyOf(g1.get("value")), Figures.of(g1, qty));
            for (var g2 : groups(g1)) actual.put(keyOf(g1.get("value"), g2.get("value")), Figures.of(g2, qty));
        }
        org.assertj.core.api.Assertions.assertThat(actual.keySet()).as("groups").isEqualTo(expected.keySet());
        for (var e : expected.entrySet()) {
            org.assertj.core.api.Assertions.assertThat(actual.get(e.getKey()).text()).as("group " + e.getKey())
                    .isEqualTo(e.getValue().text());
        }
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
