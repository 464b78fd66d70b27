package dev.rowan.server.views;

import dev.rowan.model.view.ViewMerge;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Where the views feature tells a desktop that a view setting it had set was replaced by someone else's change that
 * had not seen it (a contest it lost, issue 11). The sync feature implements it (the notice reaches that desktop with
 * its next pull, once); views knows nothing of sync. Runs in the change's transaction.
 */
@FunctionalInterface
public interface Overruled {

    /**
     * {@code lost} are the contests as the loser sees them: {@code mine} the loser's value, {@code theirs} the value
     * that replaced it, {@code base} what the winner started from; {@code seq} the change that replaced them.
     */
    void tell(Connection c, UUID companyId, UUID userId, UUID clientId, UUID viewId, long seq,
              List<ViewMerge.Contest> lost) throws SQLException;
}
