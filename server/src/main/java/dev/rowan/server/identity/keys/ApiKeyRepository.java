package dev.rowan.server.identity.keys;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code rowan.api_keys}. The per-request lookup goes through the Helidon DB Client like the session lookup. */
public final class ApiKeyRepository {
    private final DbClient db;

    public ApiKeyRepository(DbClient db) {
        this.db = db;
    }

    public record KeyRow(UUID id, String name, String prefix, List<String> scopes, @Nullable OffsetDateTime expiresAt,
                         OffsetDateTime createdAt, @Nullable OffsetDateTime lastUsedAt, @Nullable String lastUsedIp,
                         long useCount, @Nullable OffsetDateTime revokedAt) {
    }

    /** What a live key may do: whose it is, in which company, the owner's role there now, and the key's scopes. */
    public record Grant(UUID keyId, UUID userId, UUID companyId, String schemaName, String ownerRole,
                        List<String> scopes) {
    }

    /**
     * The live key with this hash: not revoked, not expired, of an enabled user who is still an accepted member of
     * the key's company (their role now, not when the key was made).
     */
    public Optional<Grant> grant(byte[] keyHash) {
        return db.execute().createGet("SELECT k.id, k.user_id, k.company_id, c.schema_name, m.role, "
                        + "array_to_string(k.scopes, ',') AS scopes FROM rowan.api_keys k "
                        + "JOIN rowan.companies c ON c.id = k.company_id "
                        + "JOIN rowan.memberships m ON m.company_id = k.company_id AND m.user_id = k.user_id "
                        + "JOIN rowan.users u ON u.id = k.user_id "
                        + "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()) "
                        + "AND m.accepted_at IS NOT NULL AND NOT u.disabled")
                .addParam(keyHash)
                .execute()
                .map(ApiKeyRepository::grant);
    }

    private static Grant grant(DbRow r) {
        return new Grant(r.column("id").get(UUID.class), r.column("user_id").get(UUID.class),
                r.column("company_id").get(UUID.class), r.column("schema_name").getString(),
                r.column("role").getString(), List.of(r.column("scopes").getString().split(",")));
    }

    /** Adds uses counted in memory since the last flush. */
    public void addUses(Connection c, UUID keyId, long uses, OffsetDateTime lastUsedAt, String ip) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.api_keys SET use_count = use_count + ?, "
                + "last_used_at = GREATEST(last_used_at, ?), last_used_ip = ? WHERE id = ?")) {
            ps.setLong(1, uses);
            ps.setObject(2, lastUsedAt);
            ps.setString(3, ip);
            ps.setObject(4, keyId);
            ps.executeUpdate();
        }
    }

    public void create(Connection c, UUID id, UUID userId, UUID companyId, String name, String prefix, byte[] hash,
                       List<String> scopes, @Nullable OffsetDateTime expiresAt, String ip) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.api_keys (id, user_id, company_id, name, "
                + "prefix, key_hash, scopes, expires_at, created_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            ps.setObject(3, companyId);
            ps.setString(4, name);
            ps.setString(5, prefix);
            ps.setBytes(6, hash);
            ps.setArray(7, c.createArrayOf("text", scopes.toArray()));
            ps.setObject(8, expiresAt);
            ps.setString(9, ip);
            ps.executeUpdate();
        }
    }

    /** The user's keys in the company, newest first (revoked ones too, marked). */
    public List<KeyRow> list(Connection c, UUID userId, UUID companyId) throws SQLException {
        return query(c, "WHERE user_id = ? AND company_id = ? ORDER BY created_at DESC, id LIMIT 1000", userId,
                companyId);
    }

    public Optional<KeyRow> get(Connection c, UUID userId, UUID companyId, UUID id) throws SQLException {
        return query(c, "WHERE user_id = ? AND company_id = ? AND id = ?", userId, companyId, id).stream().findFirst();
    }

    private static List<KeyRow> query(Connection c, String where, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, prefix, scopes, expires_at, created_at, "
                + "last_used_at, last_used_ip, use_count, revoked_at FROM rowan.api_keys " + where)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            List<KeyRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            List.copyOf(Arrays.asList((String[]) rs.getArray(4).getArray())),
                            rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                            rs.getObject(7, OffsetDateTime.class), rs.getString(8), rs.getLong(9),
                            rs.getObject(10, OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    /** Revokes one of the user's keys in the company; its hash, or empty when there is no such live key. */
    public Optional<byte[]> revoke(Connection c, UUID userId, UUID companyId, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.api_keys SET revoked_at = now() WHERE id = ? "
                + "AND user_id = ? AND company_id = ? AND revoked_at IS NULL RETURNING key_hash")) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            ps.setObject(3, companyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * The hashes of the user's unrevoked keys (in one company, or in all when {@code companyId} is null): what the
     * live sockets of a suspended, deleted or removed owner are told to close by (the keys themselves stop working
     * through {@link #grant}'s checks).
     */
    public static List<byte[]> liveHashes(Connection c, UUID userId, @Nullable UUID companyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key_hash FROM rowan.api_keys WHERE user_id = ? "
                + "AND revoked_at IS NULL" + (companyId == null ? "" : " AND company_id = ?"))) {
            ps.setObject(1, userId);
            if (companyId != null) ps.setObject(2, companyId);
            List<byte[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getBytes(1));
            }
            return out;
        }
    }
}
