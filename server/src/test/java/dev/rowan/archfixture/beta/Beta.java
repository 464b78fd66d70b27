package dev.rowan.archfixture.beta;

import dev.rowan.archfixture.alpha.Alpha;

/** The other half of the deliberate cycle: beta -> alpha. */
public final class Beta {
    public int weight() {
        return 1;
    }

    public int back(Alpha a) {
        return a.size(this);
    }
}
