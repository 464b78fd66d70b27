package dev.rowan.model;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * New ids: UUID version 7 (RFC 9562), time-ordered, so rows created together sit together in primary-key indexes
 * and keyset paging by id follows creation order. Made the same way on the desktop, offline.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Random bytes drawn from {@link #RANDOM} 4 KB at a time (409 ids): one call per id (two, in fact) was a tenth of a bulk
     * load's parsing time, most of it the generator's fixed cost per call. The bytes are the same generator's.
     */
    private static final byte[] POOL = new byte[4090];
    private static int used = POOL.length;
    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private Ids() {
    }

    public static UUID newId() {
        long millis = System.currentTimeMillis();
        long a;
        long b;
        synchronized (POOL) {
            if (used + 10 > POOL.length) {
                RANDOM.nextBytes(POOL);
                used = 0;
            }
            // 74 random bits are needed: two bytes and eight
            a = (POOL[used] & 0xFFL) << 8 | (POOL[used + 1] & 0xFFL);
            b = (long) LONGS.get(POOL, used + 2);
            used += 10;
        }
        // 48 bits of milliseconds, version 7, 12 random bits; variant 10, 62 random bits
        long msb = (millis << 16) | 0x7000L | (a & 0xFFFL);
        long lsb = (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /**
     * UUIDs in the order PostgreSQL and H2 keep them (bytes compared unsigned, high half first), the order keyset
     * paging by id follows. {@link UUID#compareTo} compares signed halves and disagrees for ids starting with 8-f.
     */
    public static int compareUnsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
