package dev.rowan.model;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * New ids: UUID version 7 (RFC 9562), time-ordered, so rows created together sit together in primary-key indexes
 * and keyset paging by id follows creation order. Made the same way on the desktop, offline.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static UUID newId() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
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
