package dev.rowan.server.sync;

import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The byte side of a pull page: records are added while their estimated JSON size stays under the budget, so a
 * page of wide rows (long texts, JSON values) holds a bounded amount of memory, not only a bounded row count. The
 * estimate is the JSON text length without escapes; objects in memory cost a small multiple of it.
 */
final class PageBudget {
    private final long max;
    private long used;

    PageBudget(long max) {
        this.max = max;
    }

    /** Counts an entry's size. */
    void add(Object entry) {
        used += size(entry);
    }

    /** True once the page has reached its byte budget (the next record starts the next page). */
    boolean full() {
        return used >= max;
    }

    static long size(Object v) {
        return switch (v) {
            case null -> 4;
            case String s -> s.length() + 2;
            case Map<?, ?> m -> {
                long n = 2;
                for (Map.Entry<?, ?> e : m.entrySet()) n += String.valueOf(e.getKey()).length() + 4 + size(e.getValue());
                yield n;
            }
            case Collection<?> c -> {
                long n = 2;
                for (Object o : c) n += size(o) + 1;
                yield n;
            }
            case Number x -> 20;
            case Boolean b -> 5;
            case UUID u -> 38;
            case TemporalAccessor t -> 36;
            default -> String.valueOf(v).length() + 2;
        };
    }
}
