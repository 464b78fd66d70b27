package dev.rowan.server.views;

import dev.rowan.model.kind.FieldKinds;
import dev.rowan.model.query.Filter;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers of {@code GET /api/views/:id/groups} kept per (company data version, table definition, filter, group and
 * aggregate fields). The data version is the company's change sequence ({@code rowan.companies.change_seq}), which
 * every write that sync must see moves on (records of any table: links and lookups read other tables), so a kept
 * answer is only ever served while nothing changed. The sequence is read before the grouping query runs, so an
 * answer is never kept under a version newer than the data it was read from. Tables whose values may change
 * without a write (a formula reading the clock) or that show member names (a rename is no record change) are
 * never kept.
 */
final class GroupsCache {
    /** Answers kept at most (least recently used go first). */
    static final int KEPT = 256;
    /** Answers served from the cache (tests tell a kept answer from a fresh one). */
    static final AtomicLong HITS = new AtomicLong();

    private record Key(UUID company, long version, TableDef table, @Nullable Filter filter, List<UUID> by,
                       List<UUID> numbers) {
    }

    @FunctionalInterface
    interface Read {
        Map<String, Object> run() throws SQLException;
    }

    private final Map<Key, Map<String, Object>> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Map<String, Object>> eldest) {
            return size() > KEPT;
        }
    };

    /** The kept answer, or {@code read}'s (kept for the next caller); a copy the caller may add to. */
    Map<String, Object> answer(Connection c, UUID company, TableDef t, @Nullable Filter filter, List<FieldDef> by,
                               List<FieldDef> numbers, Read read) throws SQLException {
        if (!keepable(t)) return read.run();
        Key key = new Key(company, version(c, company), t, filter, by.stream().map(FieldDef::id).toList(),
                numbers.stream().map(FieldDef::id).toList());
        Map<String, Object> found;
        synchronized (kept) {
            found = kept.get(key);
        }
        if (found != null) {
            HITS.incrementAndGet();
            return new LinkedHashMap<>(found);
        }
        Map<String, Object> fresh = read.run();
        synchronized (kept) {
            kept.put(key, Map.copyOf(fresh));
        }
        return new LinkedHashMap<>(fresh);
    }

    private static long version(Connection c, UUID company) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT change_seq FROM rowan.companies WHERE id = ?")) {
            ps.setObject(1, company);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalStateException("Unknown company " + company);
                return rs.getLong(1);
            }
        }
    }

    /** Values that change only with a write of the company: no clock-reading formula, no member names. */
    static boolean keepable(TableDef t) {
        return t.activeFields().stream().noneMatch(f -> {
            var k = FieldKinds.of(f.type());
            return k.computed() && k.systemColumn().isEmpty() || k.showsMemberName();
        });
    }
}
