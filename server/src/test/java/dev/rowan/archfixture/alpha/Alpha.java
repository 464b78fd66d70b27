package dev.rowan.archfixture.alpha;

import dev.rowan.archfixture.beta.Beta;

/** A deliberate package cycle (alpha -> beta -> alpha) that the server's no-cycle rule must refuse. */
public final class Alpha {
    public int size(Beta b) {
        return b.weight() + 1;
    }
}
