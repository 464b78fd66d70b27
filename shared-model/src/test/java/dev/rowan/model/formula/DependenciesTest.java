package dev.rowan.model.formula;

import dev.rowan.model.error.RowanException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DependenciesTest {
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final UUID c = UUID.randomUUID();
    private final UUID d = UUID.randomUUID();
    private final Map<UUID, Set<UUID>> reads = new HashMap<>();

    private Set<UUID> readsOf(UUID id) {
        return reads.getOrDefault(id, Set.of());
    }

    @Test
    void aFormulaReadingItselfIsACycle() {
        assertThat(Dependencies.cycleThrough(a, Set.of(a), this::readsOf)).contains(List.of(a, a));
    }

    @Test
    void aCycleThroughOtherFormulasIsNamedInOrder() {
        reads.put(b, Set.of(c));
        reads.put(c, Set.of(d, a));
        assertThat(Dependencies.cycleThrough(a, Set.of(b), this::readsOf)).contains(List.of(a, b, c, a));
        assertThatThrownBy(() -> Dependencies.refuseCycle(a, Set.of(b), this::readsOf,
                Map.of(a, "Total", b, "Tax", c, "Net")))
                .isInstanceOf(RowanException.class)
                .hasMessage("The formula would read its own result: Total → Tax → Net → Total; remove one of these"
                        + " references");
    }

    @Test
    void sharedDependenciesWithoutAWayBackAreFine() {
        reads.put(b, Set.of(d));
        reads.put(c, Set.of(d));
        reads.put(d, Set.of());
        assertThat(Dependencies.cycleThrough(a, Set.of(b, c), this::readsOf)).isEmpty();
        Dependencies.refuseCycle(a, Set.of(b, c), this::readsOf, Map.of());
    }

    @Test
    void aCycleElsewhereIsNotThisFieldsCycle() {
        reads.put(b, Set.of(c));
        reads.put(c, Set.of(b));
        assertThat(Dependencies.cycleThrough(a, Set.of(b), this::readsOf)).isEmpty();
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        UUID[] chain = new UUID[100_000];
        for (int i = 0; i < chain.length; i++) chain[i] = UUID.randomUUID();
        for (int i = 0; i + 1 < chain.length; i++) reads.put(chain[i], Set.of(chain[i + 1]));
        reads.put(chain[chain.length - 1], Set.of(a));
        assertThat(Dependencies.cycleThrough(a, Set.of(chain[0]), this::readsOf).orElseThrow())
                .hasSize(chain.length + 2);
    }
}
