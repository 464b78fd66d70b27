package dev.rowan.server.sync;

import dev.rowan.model.sync.Mutation;
import dev.rowan.model.sync.PushResult;
import dev.rowan.model.view.ViewMerge;
import dev.rowan.server.views.Overruled;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells a desktop that view settings it had set lost a contest: stored as an outcome of that desktop's
 * ({@code rowan.sync_mutations}, status {@code conflict}, a fresh mutation id), so its next pull's {@code results}
 * carry it once, after the results cursor it already has, exactly like the answer to a push whose reply was lost.
 */
final class OverruledNotices implements Overruled {
    static final String REASON = "Someone else changed the same settings of this view without having seen yours; "
            + "theirs replaced yours (the last change wins)";

    private final SyncRepository repo;

    OverruledNotices(SyncRepository repo) {
        this.repo = repo;
    }

    @Override
    public void tell(Connection c, UUID companyId, UUID userId, UUID clientId, UUID viewId, long seq,
                     List<ViewMerge.Contest> lost) throws SQLException {
        Map<String, @Nullable Object> mine = new LinkedHashMap<>();
        Map<String, @Nullable Object> theirs = new LinkedHashMap<>();
        Map<String, @Nullable Object> base = new LinkedHashMap<>();
        for (ViewMerge.Contest k : lost) {
            mine.put(k.setting(), k.mine());
            theirs.put(k.setting(), k.theirs());
            base.put(k.setting(), k.base());
        }
        UUID id = UUID.randomUUID();
        PushResult r = new PushResult.Conflict(new PushResult.Target(id, Mutation.Entity.VIEW, Mutation.Op.UPDATE,
                viewId), false, PushResult.ConflictKind.OVERRULED, REASON, seq, null, null, List.of(), mine, theirs,
                base);
        // no seq on the row: the change is not this desktop's own write (its conflict checks must still see it)
        repo.store(c, companyId, clientId, userId, List.of(new SyncRepository.Stored(id, "view", viewId, "update",
                r.status(), r.toJson(), null, null)));
    }
}
