package dev.rowan.server.auth;

import dev.rowan.model.error.RowanException;
import io.helidon.webserver.http.ServerRequest;

/**
 * Bearer credentials that are not sessions (API keys, identity.keys). {@link AuthFilter} asks it first; a token it
 * claims never falls back to a session lookup.
 */
public interface BearerKeys {
    boolean claims(String token);

    /**
     * The caller the key acts as for this request, with no more rights than the key's scopes and its owner's role now.
     *
     * @throws RowanException 401 for an unknown, expired or revoked key; 403 for a route or method the key may not use
     */
    Principal authenticate(String token, ServerRequest req);

    /**
     * The caller a live socket ({@code /api/live}) authenticated with this key acts as: present only for a live key
     * that may read (the socket only tells of changes to pull).
     */
    default java.util.Optional<Principal> live(String token, String userAgent) {
        return java.util.Optional.empty();
    }

    /** Whether the key with this hash is still live and may read: the live socket's periodic re-check. */
    default boolean stillLive(byte[] keyHash) {
        return false;
    }

    BearerKeys NONE = new BearerKeys() {
        @Override
        public boolean claims(String token) {
            return false;
        }

        @Override
        public Principal authenticate(String token, ServerRequest req) {
            throw RowanException.unauthorized("Unknown key");
        }
    };
}
