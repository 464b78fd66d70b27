package dev.rowan.model.formula;

import dev.rowan.model.error.RowanException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Cycles between computed fields: a formula that reads itself, directly or through other formulas (later rollups
 * and lookups). Checked when a field is saved, with the cycle named. Iterative, so a long chain cannot overflow
 * the stack.
 */
public final class Dependencies {
    private Dependencies() {
    }

    /**
     * The first cycle through {@code field}, as the fields along it (starting and ending with {@code field}), when
     * {@code field} would read {@code reads} and every other field reads what {@code readsOf} says.
     */
    public static Optional<List<UUID>> cycleThrough(UUID field, Set<UUID> reads, Function<UUID, Set<UUID>> readsOf) {
        // depth-first from each field the new formula reads, looking for the way back to it
        record Frame(UUID id, List<UUID> next, int at) {
        }
        Set<UUID> done = new HashSet<>();
        for (UUID first : reads) {
            List<UUID> path = new ArrayList<>(List.of(field));
            Set<UUID> onPath = new HashSet<>(path);
            List<Frame> stack = new ArrayList<>();
            stack.add(new Frame(first, List.copyOf(first.equals(field) ? Set.of() : readsOf.apply(first)), 0));
            path.add(first);
            onPath.add(first);
            if (first.equals(field)) return Optional.of(path);
            while (!stack.isEmpty()) {
                Frame top = stack.getLast();
                if (top.at() >= top.next().size()) {
                    done.add(top.id());
                    stack.removeLast();
                    onPath.remove(path.removeLast());
                    continue;
                }
                stack.set(stack.size() - 1, new Frame(top.id(), top.next(), top.at() + 1));
                UUID n = top.next().get(top.at());
                if (n.equals(field)) {
                    path.add(n);
                    return Optional.of(path);
                }
                if (done.contains(n) || onPath.contains(n)) continue;
                path.add(n);
                onPath.add(n);
                stack.add(new Frame(n, List.copyOf(new LinkedHashSet<>(readsOf.apply(n))), 0));
            }
        }
        return Optional.empty();
    }

    /** Refuses a cycle with its fields named: "Total → Tax → Total". */
    public static void refuseCycle(UUID field, Set<UUID> reads, Function<UUID, Set<UUID>> readsOf,
                                   Map<UUID, String> names) {
        cycleThrough(field, reads, readsOf).ifPresent(cycle -> {
            List<String> shown = cycle.stream().map(id -> names.getOrDefault(id, "a removed field")).toList();
            throw RowanException.invalid("formula", "The formula would read its own result: "
                    + String.join(" → ", shown) + "; remove one of these references");
        });
    }
}
