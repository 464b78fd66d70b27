package dev.rowan.model.value;

import org.jspecify.annotations.Nullable;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Quick readers for the plain ISO 8601 shapes the API writes ({@code 2026-01-31},
 * {@code 2026-01-31T14:30:00.123456Z}), about ten times cheaper than {@code java.time}'s formatters, which matters
 * when a sync page carries hundreds of thousands of them. Anything else (other shapes, out-of-range parts) answers
 * {@code null}, and the caller parses it the usual way, so the accepted text and the error messages stay those of
 * {@code java.time}.
 */
public final class IsoText {
    private IsoText() {
    }

    /** {@code yyyy-MM-dd} exactly, or null. */
    public static @Nullable LocalDate date(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return null;
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 2);
        int d = digits(s, 8, 2);
        if (y < 0 || m < 0 || d < 0) return null;
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} followed by {@code Z} or {@code ±HH:MM} (what
     * {@code OffsetDateTime.toString()} writes), or null.
     */
    public static @Nullable OffsetDateTime offsetDateTime(String s) {
        int n = s.length();
        if (n < 17 || s.charAt(10) != 'T' || s.charAt(13) != ':') return null;
        LocalDate date = date(s.substring(0, 10));
        int hh = digits(s, 11, 2);
        int mi = digits(s, 14, 2);
        if (date == null || hh < 0 || mi < 0) return null;
        int p = 16;
        int ss = 0;
        int nanos = 0;
        if (p < n && s.charAt(p) == ':') {
            ss = digits(s, p + 1, 2);
            if (ss < 0) return null;
            p += 3;
            if (p < n && s.charAt(p) == '.') {
                p++;
                int start = p;
                while (p < n && p - start < 9 && isDigit(s.charAt(p))) {
                    nanos = nanos * 10 + (s.charAt(p) - '0');
                    p++;
                }
                if (p == start || p < n && isDigit(s.charAt(p))) return null;
                for (int k = p - start; k < 9; k++) nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (p == n - 1 && s.charAt(p) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (p == n - 6 && (s.charAt(p) == '+' || s.charAt(p) == '-') && s.charAt(p + 3) == ':') {
            int oh = digits(s, p + 1, 2);
            int om = digits(s, p + 4, 2);
            if (oh < 0 || om < 0) return null;
            int sign = s.charAt(p) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), hh, mi, ss, nanos, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The non-negative number written by {@code len} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int len) {
        if (from + len > s.length()) return -1;
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
