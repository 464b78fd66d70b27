package dev.rowan.model.view;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Drops into one gap over and over never fail and keep keys short: the neighbourhood is spaced out again. */
class RankSpacingTest {

    /** A column: card names in order and their ranks (null = never ranked, always after the ranked ones). */
    private final List<String> cards = new ArrayList<>();
    private final List<@Nullable String> ranks = new ArrayList<>();
    private int respaced;

    private void drop(String card, int at, boolean complete) {
        RankSpacing.Plan plan = RankSpacing.place(ranks, at, complete);
        assertThat(plan.keys()).hasSize(plan.to() - plan.from() + 1);
        assertThat(plan.from()).isLessThanOrEqualTo(at);
        assertThat(plan.to()).isGreaterThanOrEqualTo(at);
        if (plan.keys().size() > 1 && plan.to() > at) respaced++;
        cards.add(at, card);
        ranks.add(at, null);
        for (int k = 0; k < plan.keys().size(); k++) ranks.set(plan.from() + k, plan.keys().get(k));
    }

    private void assertOrdered() {
        String prev = null;
        boolean unranked = false;
        for (String r : ranks) {
            if (r == null) {
                unranked = true;
                continue;
            }
            assertThat(unranked).as("a ranked card after an unranked one").isFalse();
            assertThat(Rank.valid(r)).as(r).isTrue();
            assertThat(r.length()).as(r).isLessThanOrEqualTo(RankSpacing.RESPACE_LENGTH);
            if (prev != null) assertThat(r).isGreaterThan(prev);
            prev = r;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void twoHundredDropsBetweenTheSameNeighboursNeverFailAndStayShort(int slot) {
        for (String c : List.of("a", "b", "c", "d")) drop(c, cards.size(), true);
        // slot 1: always right after "a" (each new card goes between "a" and the one dropped before);
        // slot 2: always after the one dropped before, before "b"
        for (int i = 0; i < 200; i++) {
            int at = slot == 1 || i == 0 ? 1 : 2;
            drop("n" + i, at, true);
            assertOrdered();
        }
        assertThat(respaced).as("the gap was spaced out again").isPositive();
        // the four first cards kept their order around the dropped ones
        assertThat(cards.indexOf("a")).isLessThan(cards.indexOf("b"));
        assertThat(cards.indexOf("b")).isLessThan(cards.indexOf("c"));
        assertThat(cards.getLast()).isEqualTo("d");
        assertThat(cards).hasSize(204);
    }

    @Test
    void aPlainDropWritesOneRankAndARespaceOnlyWhenTheKeyWouldGrowLong() {
        for (String c : List.of("a", "b")) drop(c, cards.size(), true);
        RankSpacing.Plan plain = RankSpacing.place(ranks, 1, true);
        assertThat(plain.keys()).hasSize(1);
        assertThat(plain.from()).isEqualTo(1);
        List<@Nullable String> tight = new ArrayList<>(List.of("V", "V000000000000001", "W"));
        RankSpacing.Plan wide = RankSpacing.place(tight, 2, true);
        assertThat(wide.keys().size()).isGreaterThan(1);
        assertThat(wide.keys()).allSatisfy(k -> assertThat(k.length()).isLessThanOrEqualTo(8));
    }

    @Test
    void aWindowNeverPassesTheLastLoadedRankWhenMoreCardsFollowUnseen() {
        // every loaded card ranked and tightly packed, more pages to come: the last loaded rank bounds the window
        List<@Nullable String> loaded = new ArrayList<>(List.of("V", "V000000000000001", "V000000000000002"));
        RankSpacing.Plan plan = RankSpacing.place(loaded, 2, false);
        assertThat(plan.to()).isLessThanOrEqualTo(2);
        assertThat(plan.keys()).allSatisfy(k -> assertThat(k).isLessThan("V000000000000002"));
        assertThat(plan.keys().getLast()).isGreaterThan(plan.from() == 0 ? "" : loaded.get(plan.from() - 1));
    }

    @Test
    void droppingAmongUnrankedCardsRanksThoseAboveAndNotThoseBelow() {
        ranks.addAll(java.util.Arrays.asList("V", null, null, null));
        cards.addAll(List.of("a", "u1", "u2", "u3"));
        drop("x", 3, false);
        assertThat(ranks.subList(0, 4)).doesNotContainNull();
        assertThat(ranks.get(4)).isNull();
        assertOrdered();
        // the same with a last rank so long that the ranks after it would pass the limit: spaced out instead
        ranks.clear();
        cards.clear();
        ranks.addAll(java.util.Arrays.asList("U", "V00000000000001", null, null));
        cards.addAll(List.of("a", "b", "u1", "u2"));
        drop("x", 3, false);
        assertThat(ranks.subList(0, 4)).doesNotContainNull();
        assertThat(ranks.get(4)).isNull();
        assertOrdered();
    }

    @Test
    void tiedRanksAreSeparatedWhenTheirNeighbourhoodIsSpacedOut() {
        ranks.addAll(List.of("U", "V", "V", "V", "V", "W"));
        cards.addAll(List.of("a", "b", "c", "d", "e", "f"));
        RankSpacing.Plan plan = RankSpacing.respace(ranks, 3, true);
        assertThat(plan.keys()).isSorted().doesNotHaveDuplicates();
        assertThat(plan.from()).isLessThanOrEqualTo(1);
        assertThat(plan.to()).isGreaterThanOrEqualTo(5);
        ranks.add(3, null);
        for (int k = 0; k < plan.keys().size(); k++) ranks.set(plan.from() + k, plan.keys().get(k));
        assertThat(ranks).isSorted().doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void randomDropsIntoFewGapsStayOrderedAndShort() {
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            int at = cards.isEmpty() ? 0 : random.nextInt(Math.min(cards.size(), 3)) + (random.nextBoolean() ? 0 : cards.size() / 2);
            drop("c" + i, Math.min(at, cards.size()), true);
        }
        assertOrdered();
        assertThat(cards).hasSize(3_000);
    }

    @Test
    void spreadGivesShortEvenKeysStrictlyInside() {
        assertThat(RankSpacing.spread(null, null, 3)).containsExactly("F", "V", "k");
        List<String> keys = RankSpacing.spread("V", "W", 100);
        assertThat(keys).hasSize(100).isSorted().doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).isGreaterThan("V").isLessThan("W").hasSizeLessThanOrEqualTo(3));
    }
}
