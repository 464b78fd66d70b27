package dev.rowan.desktop.workspace;

import java.util.Map;
import java.util.UUID;

/** A page in a view's manual order and the ranks of its rows (rows without one are unranked, after the ranked). */
public record RankedPage(Page page, Map<UUID, String> ranks) {
    public RankedPage {
        ranks = Map.copyOf(ranks);
    }
}
