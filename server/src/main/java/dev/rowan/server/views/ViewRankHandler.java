package dev.rowan.server.views;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.Rank;
import dev.rowan.server.auth.Principal;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.tables.SchemaCache;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one place a record's rank in a view's manual order changes (the sync push's VIEW_RANK operations). The view must
 * be one the caller sees (else 404), its table one they may edit (403 read-only), and a locked view is reordered only
 * by owners/admins, as any other change of it. The record must be in the view's table. Last writer wins per (view,
 * record): a rank carries no meaning worth a conflict entry. The change log gets a {@code view_rank} entry under the
 * record's id, so a pull sends the record again with its ranks (see {@code sync.Pull}).
 */
public final class ViewRankHandler {
    private final ViewRepository views;
    private final ViewRankRepository ranks;
    private final RecordRepository records;
    private final SchemaCache schemas;
    private final Journal journal;

    public ViewRankHandler(ViewRepository views, ViewRankRepository ranks, RecordRepository records,
                           SchemaCache schemas, Journal journal) {
        this.views = views;
        this.ranks = ranks;
        this.records = records;
        this.schemas = schemas;
        this.journal = journal;
    }

    /** What a rank change did: its change-log seq, and whether the record was gone (nothing written then). */
    public record Result(long seq, boolean recordGone) {
    }

    public Result set(Connection c, Principal p, UUID viewId, UUID recordId, @Nullable String rank) throws SQLException {
        if (rank != null && !Rank.valid(rank)) {
            throw RowanException.invalid("rank", "rank is 1 to " + Rank.MAX_LENGTH + " base-62 digits not ending in 0");
        }
        ViewRepository.Stored v = views.get(c, p.companyId(), viewId, false)
                .filter(x -> x.visibleTo(p.userId()))
                .orElseThrow(() -> RowanException.notFound("No view " + viewId));
        TableDef def = schemas.lock(c, p, v.tableId(), false);
        if (v.locked() && !p.admin()) {
            throw RowanException.forbidden("View '" + v.name() + "' is locked; only owners and admins reorder its cards");
        }
        if (records.get(c, def, recordId).isEmpty()) return new Result(0, true);
        ranks.set(c, p.companyId(), viewId, recordId, rank, p.userId());
        long seq = journal.reserve(c, p.companyId(), 1);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("view", viewId.toString());
        if (rank != null) data.put("rank", rank);
        journal.change(c, p, seq, "view_rank", recordId, v.tableId(), "update", data);
        return new Result(seq, false);
    }
}
