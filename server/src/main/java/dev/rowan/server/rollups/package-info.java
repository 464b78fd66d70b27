/** Stored rollups kept fresh by the change log (issue 12): {@link dev.rowan.server.rollups.RollupFreshness}. */
@NullMarked
package dev.rowan.server.rollups;

import org.jspecify.annotations.NullMarked;
