package dev.rowan.model.view;

import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

/**
 * Fractional ranks for a manual order (a card's place in a kanban column, per view): a rank is a base-62 fraction
 * written as its digits ({@code "V"} is about one half), compared as plain text. There is always a rank between two
 * others, so moving one item writes one rank and never renumbers its neighbours. The digits are in ASCII order, so
 * Java's {@code String.compareTo}, PostgreSQL's {@code COLLATE "C"} and H2's binary comparison all sort alike. A rank
 * never ends in {@code 0} (otherwise nothing would fit just before it) and is at most {@link #MAX_LENGTH} characters;
 * {@link RankSpacing} decides a drop's ranks and spaces a neighbourhood out again long before keys grow that long.
 *
 * <p>Part of the manual-order design in docs/architecture.md ("Manual order within a column").
 */
public final class Rank {
    static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final int MAX_LENGTH = 64;

    private Rank() {
    }

    /**
     * A rank strictly between {@code before} and {@code after}; null stands for the start or the end of the list.
     * Refused (422) when a bound is not a rank or {@code before} is not below {@code after}.
     */
    public static String between(@Nullable String before, @Nullable String after) {
        String a = before == null ? "" : check(before, "before");
        String b = after == null ? null : check(after, "after");
        if (b != null && a.compareTo(b) >= 0) {
            throw RowanException.invalid("rank", "the rank before must sort below the rank after");
        }
        String r = midpoint(a, b);
        if (r.length() > MAX_LENGTH) {
            // only after very many drops into one gap; the card stays where it was and the user is told
            throw RowanException.invalid("rank", "The cards around this place are ordered too finely to fit another "
                    + "one between them; drop it one place further");
        }
        return r;
    }

    /**
     * {@code n} ranks in ascending order, all above {@code before} (null: the start) and below any rank that does not
     * start with {@code before}: {@code before} followed by {@code n} evenly spread keys of one width. Used to give
     * unranked records a place when a card is dropped among them, in one batch whose keys stay short (a chain of
     * {@link #between} calls would grow a key by a digit every few records).
     */
    public static java.util.List<String> after(@Nullable String before, int n) {
        String base = before == null ? "" : check(before, "before");
        if (n < 0) throw new IllegalArgumentException("n < 0");
        int width = 1;
        java.math.BigInteger room = java.math.BigInteger.valueOf(DIGITS.length());
        java.math.BigInteger sixtyTwo = room;
        while (room.compareTo(java.math.BigInteger.valueOf(n + 1L)) <= 0) {
            room = room.multiply(sixtyTwo);
            width++;
        }
        java.util.List<String> out = new java.util.ArrayList<>(n);
        for (int k = 1; k <= n; k++) {
            java.math.BigInteger v = room.multiply(java.math.BigInteger.valueOf(k)).divide(java.math.BigInteger.valueOf(n + 1L));
            StringBuilder digits = new StringBuilder();
            for (int i = 0; i < width; i++) {
                java.math.BigInteger[] qr = v.divideAndRemainder(sixtyTwo);
                digits.append(DIGITS.charAt(qr[1].intValue()));
                v = qr[0];
            }
            String key = base + digits.reverse();
            // a key never ends in 0; one more digit keeps it in place (the keys differ before it)
            if (key.endsWith("0")) key = key + "V";
            if (key.length() > MAX_LENGTH) {
                throw RowanException.invalid("rank", "the column's order is too deep; it has to be spaced out again");
            }
            out.add(key);
        }
        return out;
    }

    /** Whether {@code s} is a rank: 1 to {@link #MAX_LENGTH} base-62 digits, not ending in 0. */
    public static boolean valid(String s) {
        if (s.isEmpty() || s.length() > MAX_LENGTH || s.charAt(s.length() - 1) == '0') return false;
        for (int i = 0; i < s.length(); i++) if (DIGITS.indexOf(s.charAt(i)) < 0) return false;
        return true;
    }

    private static String check(String s, String what) {
        if (!valid(s)) throw RowanException.invalid("rank", "the rank " + what + " is not a rank");
        return s;
    }

    /** The fraction halfway (roughly) between {@code a} (may be "", zero) and {@code b} (null: one). */
    private static String midpoint(String a, @Nullable String b) {
        if (b != null) {
            // a shared prefix stays; the rest is a midpoint of what follows it ("" reads as zeros)
            int n = 0;
            while (n < b.length() && (n < a.length() ? a.charAt(n) : '0') == b.charAt(n)) n++;
            if (n > 0) return b.substring(0, n) + midpoint(n < a.length() ? a.substring(n) : "", b.substring(n));
        }
        int da = a.isEmpty() ? 0 : DIGITS.indexOf(a.charAt(0));
        int db = b == null ? DIGITS.length() : DIGITS.indexOf(b.charAt(0));
        if (db - da > 1) return String.valueOf(DIGITS.charAt((da + db + 1) / 2));
        // neighbouring first digits: keep a's digit and go halfway between the rest of a and one
        if (b != null && b.length() > 1) return b.substring(0, 1);
        return DIGITS.charAt(da) + midpoint(a.isEmpty() ? "" : a.substring(1), null);
    }
}
