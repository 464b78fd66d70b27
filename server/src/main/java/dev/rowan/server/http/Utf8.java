package dev.rowan.server.http;

import dev.rowan.model.error.RowanException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no cut-off sequence. Jackson
 * and {@code new String(bytes, UTF_8)} both let some of these through as replacement or surrogate characters,
 * which would then be stored mangled; a body that is not UTF-8 is refused before it is parsed.
 */
final class Utf8 {
    private int need;      // continuation bytes still expected
    private int lo = 0x80; // bounds of the next continuation byte (narrower right after some lead bytes)
    private int hi = 0xBF;
    private long offset;

    private Utf8() {
    }

    /** Refuses {@code body} unless it is entirely valid UTF-8. */
    static void check(byte[] body) {
        Utf8 v = new Utf8();
        v.feed(body, 0, body.length);
        v.end();
    }

    /** A stream that refuses (RowanException 400) the first byte that breaks UTF-8, and a cut-off end. */
    static InputStream checking(InputStream in) {
        return new FilterInputStream(in) {
            private final Utf8 v = new Utf8();

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) v.end();
                else v.feed(new byte[] {(byte) b}, 0, 1);
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) v.end();
                else v.feed(b, off, n);
                return n;
            }
        };
    }

    private void feed(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if (need > 0) {
                if (c < lo || c > hi) throw invalid();
                lo = 0x80;
                hi = 0xBF;
                need--;
            } else if (c >= 0x80) {
                if (c >= 0xC2 && c <= 0xDF) {
                    need = 1;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    need = 2;
                    if (c == 0xE0) lo = 0xA0;       // overlong
                    else if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
                } else if (c >= 0xF0 && c <= 0xF4) {
                    need = 3;
                    if (c == 0xF0) lo = 0x90;       // overlong
                    else if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
                } else {
                    throw invalid();
                }
            }
            offset++;
        }
    }

    private void end() {
        if (need > 0) throw invalid();
    }

    private RowanException invalid() {
        return RowanException.badRequest("The body is not valid UTF-8 (at byte " + offset + "); send JSON encoded "
                + "as UTF-8");
    }
}
