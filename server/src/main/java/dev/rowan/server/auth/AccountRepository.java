package dev.rowan.server.auth;

import dev.rowan.model.schema.PhysicalNames;
import dev.rowan.model.sql.Ddl;
import dev.rowan.model.sql.SqlDialect;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Users, companies, memberships and sessions. Reads go through the Helidon DB Client. */
public final class AccountRepository {
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);

    private final DbClient db;

    public AccountRepository(DbClient db) {
        this.db = db;
    }

    public record UserRow(UUID id, String email, String passwordHash, String displayName) {
    }

    public Optional<UserRow> userByEmail(String email) {
        return db.execute().createGet("SELECT id, email, password_hash, display_name FROM rowan.users "
                        + "WHERE lower(email) = lower(?) AND NOT disabled")
                .addParam(email)
                .execute()
                .map(AccountRepository::user);
    }

    private static UserRow user(DbRow r) {
        return new UserRow(r.column("id").get(UUID.class), r.column("email").getString(),
                r.column("password_hash").getString(), java.util.Objects.toString(dev.rowan.server.db.Rows.raw(r, "display_name"), ""));
    }

    /** A company the user belongs to, with its name and the user's role there. */
    public record Company(UUID id, String name, String schemaName, String role) {
    }

    /** The user's memberships, oldest company first (the default company of a login is the first). */
    public java.util.List<Company> memberships(UUID userId) {
        return db.execute().createQuery("SELECT m.company_id, c.name, c.schema_name, m.role FROM rowan.memberships m "
                        + "JOIN rowan.companies c ON c.id = m.company_id WHERE m.user_id = CAST(? AS uuid) "
                        + "ORDER BY c.created_at, c.id")
                .addParam(userId)
                .execute()
                .map(r -> new Company(r.column("company_id").get(UUID.class), r.column("name").getString(),
                        r.column("schema_name").getString(), r.column("role").getString()))
                .toList();
    }

    public boolean anyUser() {
        return db.execute().createGet("SELECT 1 FROM rowan.users LIMIT 1").execute().isPresent();
    }

    /** Looks a bearer token up: a live session of an enabled user with a membership in the session's company. */
    public Optional<Principal> session(byte[] tokenHash, String ip, String userAgent) {
        return db.execute().createGet("SELECT s.user_id, s.company_id, c.schema_name, m.role FROM rowan.sessions s "
                        + "JOIN rowan.companies c ON c.id = s.company_id "
                        + "JOIN rowan.memberships m ON m.company_id = s.company_id AND m.user_id = s.user_id "
                        + "JOIN rowan.users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled")
                .addParam(tokenHash)
                .execute()
                .map(r -> new Principal(r.column("user_id").get(UUID.class), r.column("company_id").get(UUID.class),
                        r.column("schema_name").getString(), r.column("role").getString(), ip, userAgent));
    }

    public void createSession(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String ip, String userAgent)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.sessions (token_hash, user_id, company_id, "
                + "expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setBytes(1, tokenHash);
            ps.setObject(2, userId);
            ps.setObject(3, companyId);
            ps.setObject(4, OffsetDateTime.now().plus(SESSION_LIFETIME));
            ps.setString(5, ip);
            ps.setString(6, userAgent.substring(0, Math.min(300, userAgent.length())));
            ps.executeUpdate();
        }
    }

    public long revokeSession(byte[] tokenHash) {
        return db.execute().createUpdate("UPDATE rowan.sessions SET revoked_at = now() WHERE token_hash = ? "
                + "AND revoked_at IS NULL").addParam(tokenHash).execute();
    }

    /** Creates a company and its PostgreSQL schema, in the caller's transaction. */
    public UUID createCompany(Connection c, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        String schema = PhysicalNames.companySchema(id);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.companies (id, name, schema_name) "
                + "VALUES (?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, name);
            ps.setString(3, schema);
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute(new Ddl(SqlDialect.POSTGRES).createSchema(schema));
        }
        return id;
    }

    public UUID createUser(Connection c, String email, String passwordHash, String displayName) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.users (id, email, password_hash, "
                + "display_name) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, email);
            ps.setString(3, passwordHash);
            ps.setString(4, displayName);
            ps.executeUpdate();
        }
        return id;
    }

    public void addMember(Connection c, UUID companyId, UUID userId, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.memberships (company_id, user_id, role) "
                + "VALUES (?, ?, ?)")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.setString(3, role);
            ps.executeUpdate();
        }
    }

    public static byte[] hashToken(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
