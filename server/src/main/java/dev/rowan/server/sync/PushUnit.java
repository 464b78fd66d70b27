package dev.rowan.server.sync;

import dev.rowan.model.schema.TableDef;
import dev.rowan.server.journal.Journal;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * State of one unit of a push (one transaction): locked tables, a block of reserved change-log sequences, the row
 * versions read up front for its record updates and deletes, and its record writes' journal rows, written
 * together at the end.
 */
final class PushUnit {
    final Map<UUID, TableDef> locked = new HashMap<>();
    /** Sequences this unit's own writes took: a later edit of the same record in the unit is no conflict. */
    final Set<Long> mine = new HashSet<>();
    final UUID clientId;
    final Journal.Pending pending = new Journal.Pending();
    /** table -> record ids whose rows were locked up front -> version (absent: no such record then) */
    final Map<UUID, Set<UUID>> prefetched = new HashMap<>();
    final Map<UUID, Map<UUID, Long>> versions = new HashMap<>();
    long nextSeq;
    long endSeq;

    PushUnit(UUID clientId) {
        this.clientId = clientId;
    }

    /**
     * The record's version as read up front, used once: null if it was not read up front or a mutation of this
     * unit has touched the record since (the caller then locks and reads it itself).
     */
    @Nullable Optional<Long> takeVersion(UUID tableId, UUID id) {
        Set<UUID> ids = prefetched.get(tableId);
        if (ids == null || !ids.remove(id)) return null;
        return Optional.ofNullable(versions.get(tableId).get(id));
    }

    /** The first of {@code n} consecutive sequences from the unit's block. */
    long seq(int n) {
        if (nextSeq + n > endSeq) throw new IllegalStateException("sequence block exhausted");
        long first = nextSeq;
        for (long s = first; s < first + n; s++) mine.add(s);
        nextSeq += n;
        return first;
    }
}
