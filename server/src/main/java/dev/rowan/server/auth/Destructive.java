package dev.rowan.server.auth;

import dev.rowan.model.error.RowanException;

/**
 * The rule for operations that destroy data or move what others may not see: dropping a table, purging a field,
 * a type change that clears values, deleting an app or folder that holds tables. Only owners and admins (and the
 * server itself) may run them. The shared operation handlers call it, so REST and sync push get the same answer.
 */
public final class Destructive {
    private Destructive() {
    }

    /** 403 unless the caller is an owner or admin; {@code what} completes "Only owners and admins may …". */
    public static void require(Principal p, String what) {
        if (!p.admin()) throw RowanException.forbidden("Only owners and admins may " + what);
    }
}
