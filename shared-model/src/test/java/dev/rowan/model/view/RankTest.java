package dev.rowan.model.view;

import dev.rowan.model.error.RowanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fractional ranks: always one strictly between two, short in the common cases, and text order is the order. */
class RankTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, null", "null, V", "V, null", "V, W", "V, V1", "V1, W", "0001, 0002", "zzz, null", "null, 0001",
            "a, a00001", "Az, B"})
    void aRankFallsStrictlyBetweenItsBounds(String before, String after) {
        String r = Rank.between(before, after);
        assertThat(Rank.valid(r)).as(r).isTrue();
        if (before != null) assertThat(r.compareTo(before)).as(r).isPositive();
        if (after != null) assertThat(r.compareTo(after)).as(r).isNegative();
    }

    @Test
    void randomInsertsKeepEveryRankBetweenItsNeighboursAndShort() {
        Random random = new Random(11);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int at = random.nextInt(list.size() + 1);
            String r = Rank.between(at == 0 ? null : list.get(at - 1), at == list.size() ? null : list.get(at));
            list.add(at, r);
        }
        for (int i = 1; i < list.size(); i++) assertThat(list.get(i - 1)).isLessThan(list.get(i));
        assertThat(list).allSatisfy(r -> assertThat(Rank.valid(r)).isTrue());
        assertThat(list.stream().mapToInt(String::length).max().orElseThrow()).isLessThan(12);
    }

    @Test
    void repeatedDropsAtTheSameSpotGrowTheRankSlowly() {
        // the worst common case: every card dropped right after the same first one
        String first = Rank.between(null, null);
        String next = null;
        for (int i = 0; i < 60; i++) next = Rank.between(first, next);
        assertThat(next.length()).isLessThanOrEqualTo(12);
        assertThat(next).isGreaterThan(first);
    }

    @Test
    void theDigitsAreInAsciiOrderSoDatabasesSortRanksAlike() {
        for (int i = 1; i < Rank.DIGITS.length(); i++) {
            assertThat(Rank.DIGITS.charAt(i - 1)).isLessThan(Rank.DIGITS.charAt(i));
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"W, V", "V, V", "V0, null", "null, ''", "a-b, null", "null, é"})
    void badBoundsAreRefused(String before, String after) {
        assertThatThrownBy(() -> Rank.between(before, after)).isInstanceOfSatisfying(RowanException.class,
                e -> assertThat(e.status()).isEqualTo(422));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, 1", "null, 61", "null, 62", "V, 5", "zz, 1000", "a, 3843",
            "V1, 100000"})
    void ranksAfterABoundAscendStayAboveItAndBelowWhatFollowsIt(String before, int n) {
        List<String> keys = Rank.after(before, n);
        assertThat(keys).hasSize(n);
        for (int i = 0; i < n; i++) {
            String k = keys.get(i);
            assertThat(Rank.valid(k)).as(k).isTrue();
            if (before != null) assertThat(k).startsWith(before);
            if (i > 0) assertThat(k.compareTo(keys.get(i - 1))).as(keys.get(i - 1) + " < " + k).isPositive();
        }
        if (before != null && n > 0) {
            // below the next rank that does not extend before, so a ranked neighbour after it stays after
            String next = Rank.between(before, null);
            if (!next.startsWith(before)) assertThat(keys.getLast().compareTo(next)).isNegative();
        }
        // short: one width for all, a few digits past the bound
        int longest = keys.stream().mapToInt(String::length).max().orElse(0);
        assertThat(longest).isLessThanOrEqualTo((before == null ? 0 : before.length()) + 4);
    }

    @Test
    void aGapTooFineForAnotherRankIsRefusedNotStoredLonger() {
        String before = "V";
        String after = "W";
        int written = 0;
        try {
            for (int i = 0; i < 10_000; i++) {
                after = Rank.between(before, after); // always into the same, shrinking gap
                assertThat(after.length()).isLessThanOrEqualTo(Rank.MAX_LENGTH);
                written++;
            }
        } catch (RowanException e) {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.getMessage()).contains("too finely");
        }
        assertThat(written).isGreaterThan(50).isLessThan(10_000);
    }
}
