package dev.rowan.model.view;

import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps manual-order ranks short. {@link Rank#between} halves a gap, so dropping card after card into the same gap
 * grows the key by a digit every few drops; once a new key would be longer than {@link #RESPACE_LENGTH}, the drop
 * instead gives new, evenly spread keys to a window of cards around it (widened until its outer neighbours are far
 * enough apart for short keys). The drop and the re-spaced cards are then one batch of rank writes: one undo step,
 * one VIEW_RANK operation per card, so every replica converges on the same order. A drop never fails for length.
 */
public final class RankSpacing {
    /** A new key longer than this re-spaces its neighbourhood instead (well below {@link Rank#MAX_LENGTH}). */
    public static final int RESPACE_LENGTH = 16;
    /** The window grows until its keys fit in this many digits (or it cannot grow further). */
    static final int TARGET_LENGTH = 8;

    private static final BigInteger BASE = BigInteger.valueOf(Rank.DIGITS.length());

    private RankSpacing() {
    }

    /**
     * A new rank for each of {@code ids} in this order: {@code ids} are the cards of {@code from .. to} (exclusive) of
     * the known cards, with the dropped card inserted at its place.
     */
    public record Plan(int from, int to, List<String> keys) {
        public Plan {
            keys = List.copyOf(keys);
        }
    }

    /**
     * The ranks that put a card at {@code at} of {@code ranks} (the loaded cards of its column in order, without it;
     * null for a card never ranked): usually one key between its neighbours ({@code Plan(at, at, [key])}); when the
     * card above is unranked, keys for the unranked cards above it too; and when the new key would be longer than
     * {@link #RESPACE_LENGTH}, a re-spaced window around the drop ({@link #respace}).
     */
    public static Plan place(List<@Nullable String> ranks, int at, boolean complete) {
        if (at < 0 || at > ranks.size()) throw new IllegalArgumentException("at " + at + " of " + ranks.size());
        String before = at > 0 ? ranks.get(at - 1) : null;
        if (at > 0 && before == null) {
            int u = 0;
            while (u < at && ranks.get(u) != null) u++;
            String lastRanked = u > 0 ? ranks.get(u - 1) : null;
            if (lastRanked == null || lastRanked.length() < RESPACE_LENGTH - 2) {
                List<String> keys = Rank.after(lastRanked, at - u + 1);
                if (keys.getLast().length() <= RESPACE_LENGTH) return new Plan(u, at, keys);
            }
            return respace(ranks, at, complete);
        }
        String after = at < ranks.size() ? ranks.get(at) : null;
        if (before != null && after != null && before.compareTo(after) >= 0) {
            // two cards share a rank (two clients chose it offline): go after both, before the next higher one
            after = null;
            for (int k = at; k < ranks.size(); k++) {
                String r = ranks.get(k);
                if (r != null && r.compareTo(before) > 0) {
                    after = r;
                    break;
                }
            }
        }
        if ((before == null || before.length() < RESPACE_LENGTH) && (after == null || after.length() < RESPACE_LENGTH)) {
            String key = Rank.between(before, after);
            if (key.length() <= RESPACE_LENGTH) return new Plan(at, at, List.of(key));
        }
        return respace(ranks, at, complete);
    }

    /**
     * The window to re-space for a card dropped at {@code at} of {@code ranks} (the loaded cards of the column in
     * their order, without the dropped card; null for a card never ranked — those come after every ranked one).
     * {@code complete} says the loaded cards are the whole column, so nothing ranked follows the last one. The plan
     * covers every unranked card above the drop (they are ordered too) and never an unranked card below it, and
     * keeps every key strictly between the ranks of the cards just outside it.
     */
    public static Plan respace(List<@Nullable String> ranks, int at, boolean complete) {
        if (at < 0 || at > ranks.size()) throw new IllegalArgumentException("at " + at + " of " + ranks.size());
        int u = 0;
        while (u < ranks.size() && ranks.get(u) != null) u++;
        // where the window may end: below a drop among unranked cards only those above it; among ranked cards at the
        // first unranked one, or (more ranked cards may follow unseen) before the last loaded one, whose rank then
        // bounds the window
        int jMax = at > u ? at : (u == ranks.size() && !complete ? Math.max(at, u - 1) : u);
        for (int r = 1; ; r *= 2) {
            int i = Math.max(0, Math.min(u, at - r));
            int j = at > u ? at : Math.min(jMax, at + r);
            String lo = i > 0 ? ranks.get(i - 1) : null;
            String hi = j < ranks.size() && j < u ? ranks.get(j) : null;
            boolean widest = i == 0 && j == jMax;
            // bounds that tie (two clients chose one rank offline) leave no room: take the tied cards in as well
            if (lo != null && hi != null && lo.compareTo(hi) >= 0 && !widest) continue;
            int n = j - i + 1;
            List<String> keys = spread(lo, hi, n);
            if (keys.stream().allMatch(k -> k.length() <= TARGET_LENGTH) || widest) {
                if (keys.stream().anyMatch(k -> k.length() > Rank.MAX_LENGTH)) {
                    throw RowanException.invalid("rank", "The cards around this place cannot be ordered further; "
                            + "scroll down to load the rest of the column and drop it again");
                }
                return new Plan(i, j, keys);
            }
        }
    }

    /**
     * {@code n} evenly spread ranks strictly between {@code lo} and {@code hi} (null: the start and the end), in
     * ascending order, as short as the gap allows: all of one width (before dropping trailing zeros), the smallest at
     * which the gap holds {@code n} distinct keys.
     */
    public static List<String> spread(@Nullable String lo, @Nullable String hi, int n) {
        if (n < 0) throw new IllegalArgumentException("n < 0");
        if (lo != null && !Rank.valid(lo) || hi != null && !Rank.valid(hi)) {
            throw RowanException.invalid("rank", "a bound is not a rank");
        }
        if (lo != null && hi != null && lo.compareTo(hi) >= 0) {
            throw RowanException.invalid("rank", "the rank before must sort below the rank after");
        }
        int width = Math.max(1, Math.max(lo == null ? 0 : lo.length(), hi == null ? 0 : hi.length()));
        BigInteger need = BigInteger.valueOf(n + 1L);
        while (true) {
            BigInteger a = lo == null ? BigInteger.ZERO : value(lo, width);
            BigInteger b = hi == null ? BASE.pow(width) : value(hi, width);
            BigInteger gap = b.subtract(a);
            if (gap.compareTo(need) >= 0) {
                List<String> out = new ArrayList<>(n);
                for (int k = 1; k <= n; k++) {
                    out.add(digits(a.add(gap.multiply(BigInteger.valueOf(k)).divide(need)), width));
                }
                return out;
            }
            width++;
        }
    }

    /** The rank read as an integer of {@code width} base-62 digits (shorter ranks padded with zeros). */
    private static BigInteger value(String rank, int width) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < width; i++) {
            v = v.multiply(BASE).add(BigInteger.valueOf(i < rank.length() ? Rank.DIGITS.indexOf(rank.charAt(i)) : 0));
        }
        return v;
    }

    /** {@code v} as {@code width} digits, trailing zeros dropped (the same fraction; a rank never ends in 0). */
    private static String digits(BigInteger v, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = v.divideAndRemainder(BASE);
            out[i] = Rank.DIGITS.charAt(qr[1].intValue());
            v = qr[0];
        }
        int end = width;
        while (end > 0 && out[end - 1] == '0') end--;
        return new String(out, 0, end);
    }
}
