package dev.rowan.model.link;

import dev.rowan.model.error.RowanException;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A write to a link field, as the API takes it: a list of record ids (or {@code {id}} objects, as reads give them)
 * sets the links in that order, {@code null} or {@code []} removes them all, {@code {"add": [...], "remove": [...]}}
 * changes some.
 */
public sealed interface LinkEdit {
    /** Most ids one write may name. */
    int MAX_IDS = 10_000;

    record SetTo(List<UUID> ids) implements LinkEdit {
        public SetTo {
            ids = List.copyOf(new LinkedHashSet<>(ids));
        }
    }

    record Change(List<UUID> add, List<UUID> remove) implements LinkEdit {
        public Change {
            add = List.copyOf(new LinkedHashSet<>(add));
            remove = List.copyOf(new LinkedHashSet<>(remove));
        }
    }

    /** The ids this edit links (to be checked against the linked table). */
    default List<UUID> linking() {
        return switch (this) {
            case SetTo s -> s.ids();
            case Change c -> c.add();
        };
    }

    static LinkEdit parse(@Nullable Object raw, String key) {
        if (raw == null) return new SetTo(List.of());
        if (raw instanceof List<?> l) return new SetTo(ids(l, key));
        if (raw instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!"add".equals(k) && !"remove".equals(k)) {
                    throw RowanException.invalid(key, "A link change is {\"add\": [ids], \"remove\": [ids]}");
                }
            }
            return new Change(ids(listOf(m.get("add"), key), key), ids(listOf(m.get("remove"), key), key));
        }
        throw RowanException.invalid(key, "Links are written as a list of record ids");
    }

    private static List<?> listOf(@Nullable Object raw, String key) {
        if (raw == null) return List.of();
        if (raw instanceof List<?> l) return l;
        throw RowanException.invalid(key, "add and remove are lists of record ids");
    }

    private static List<UUID> ids(List<?> raw, String key) {
        if (raw.size() > MAX_IDS) throw RowanException.invalid(key, "At most " + MAX_IDS + " linked records at once");
        Set<UUID> out = new LinkedHashSet<>();
        for (Object o : raw) {
            Object v = o instanceof Map<?, ?> m ? m.get("id") : o;
            UUID id = null;
            if (v instanceof String s && s.length() == 36) {
                try {
                    id = UUID.fromString(s);
                } catch (IllegalArgumentException e) {
                    // below
                }
            }
            if (id == null) throw RowanException.invalid(key, "Links are written as record ids (UUIDs)");
            out.add(id);
        }
        return new ArrayList<>(out);
    }
}
