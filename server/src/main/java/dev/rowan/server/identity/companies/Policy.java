package dev.rowan.server.identity.companies;

import dev.rowan.server.auth.Principal;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A company's security policy. {@code null} lengths and limit mean the server's defaults (no limit).
 *
 * @param requireMfa          {@code off}, {@code admins} (owners and admins) or {@code everyone}
 * @param sessionIdleSeconds  a session unused this long is over
 * @param sessionMaxSeconds   a session is over this long after sign-in, however much it is used
 * @param maxSessions         live sessions one user may hold in the company; a new one ends the oldest
 * @param allowedEmailDomains domains invitations and single sign-on may admit (empty: any)
 */
public record Policy(String requireMfa, @Nullable Integer sessionIdleSeconds, @Nullable Integer sessionMaxSeconds,
                     @Nullable Integer maxSessions, List<String> allowedEmailDomains) {
    public static final Policy DEFAULT = new Policy("off", null, null, null, List.of());
    public static final List<String> MFA_RULES = dev.rowan.model.identity.SecurityBounds.MFA_RULES;

    /** Whether a member with this role must sign in with a second factor. */
    public boolean mfaRequiredFor(String role) {
        return switch (requireMfa) {
            case "everyone" -> true;
            case "admins" -> Principal.adminRole(role);
            default -> false;
        };
    }
}
