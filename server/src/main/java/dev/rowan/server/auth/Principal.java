package dev.rowan.server.auth;

import java.util.UUID;

/** Who is calling: the signed-in user, the company all data access is scoped to, and its schema. */
public record Principal(UUID userId, UUID companyId, String schemaName, String role, String ip, String userAgent)
        implements dev.rowan.server.journal.Actor {
    /** The all-zero user id marks what the server did by itself (scheduled purges) in the logs. */
    public static final UUID SYSTEM_USER = new UUID(0, 0);

    /** Owners, admins and the server itself see and change every table and manage access. */
    public boolean admin() {
        return role.equals("system") || adminRole(role);
    }

    /** Whether a company role sees and changes every table and manages access. */
    public static boolean adminRole(String role) {
        return role.equals("owner") || role.equals("admin");
    }

    public static Principal system(UUID companyId, String schemaName) {
        return new Principal(SYSTEM_USER, companyId, schemaName, "system", "server", "rowan-server");
    }
}
