package dev.rowan.server.auth;

import java.util.UUID;

/** Who is calling: the signed-in user, the company all data access is scoped to, and its schema. */
public record Principal(UUID userId, UUID companyId, String schemaName, String role, String ip, String userAgent) {
}
