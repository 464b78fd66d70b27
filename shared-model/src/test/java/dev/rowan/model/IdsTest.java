package dev.rowan.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** New ids are UUID v7 (RFC 9562): the time in front, version and variant bits set, the rest random and distinct. */
class IdsTest {
    @Test
    void idsAreVersion7WithTheTimeInFrontAndRandomBitsThatDiffer() {
        long before = System.currentTimeMillis();
        List<UUID> ids = new ArrayList<>();
        // past several refills of the random pool
        for (int i = 0; i < 2_000; i++) ids.add(Ids.newId());
        long after = System.currentTimeMillis();
        Set<Long> randA = new HashSet<>();
        Set<Long> randB = new HashSet<>();
        for (UUID id : ids) {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            long millis = id.getMostSignificantBits() >>> 16;
            assertThat(millis).isBetween(before, after);
            randA.add(id.getMostSignificantBits() & 0xFFFL);
            randB.add(id.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL);
        }
        assertThat(randB).as("62 random bits never repeat in 2,000 ids").hasSize(ids.size());
        // 12 random bits: 2,000 draws from 4,096 values hit well over a thousand distinct ones
        assertThat(randA.size()).isGreaterThan(1_000);
    }

    @Test
    void idsMadeOnManyThreadsAtOnceAreDistinct() throws InterruptedException {
        Set<UUID> all = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 5_000; i++) all.add(Ids.newId());
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(all).hasSize(40_000);
    }
}
