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
    private final DbClient db;
    private final Duration idle;
    private final Duration lifetime;
    /** A session's last use is written at most this often (not on every request). */
    private final Duration touchEvery;

    /** With the default session lengths (fixtures and tools). */
    public AccountRepository(DbClient db) {
        this(db, Duration.ofDays(7), Duration.ofDays(30));
    }

    /**
     * @param idle     a session unused this long is over; every use extends it (sliding)
     * @param lifetime a session is over this long after sign-in, however much it is used
     */
    public AccountRepository(DbClient db, Duration idle, Duration lifetime) {
        this.db = db;
        this.idle = idle;
        this.lifetime = lifetime;
        this.touchEvery = Duration.ofSeconds(Math.max(1, Math.min(60, idle.toSeconds() / 10)));
    }

    public Duration sessionIdle() {
        return idle;
    }

    public Duration sessionLifetime() {
        return lifetime;
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

    /**
     * A company the user belongs to, with its name and the user's role there; {@code pending} while the user has
     * not yet signed in to a company that added their existing account.
     */
    public record Company(UUID id, String name, String schemaName, String role, boolean pending) {
    }

    /** The user's memberships, oldest company first (the default company of a login is the first accepted). */
    public java.util.List<Company> memberships(UUID userId) {
        return db.execute().createQuery("SELECT m.company_id, c.name, c.schema_name, m.role, "
                        + "m.accepted_at IS NULL AS pending FROM rowan.memberships m "
                        + "JOIN rowan.companies c ON c.id = m.company_id WHERE m.user_id = CAST(? AS uuid) "
                        + "ORDER BY c.created_at, c.id")
                .addParam(userId)
                .execute()
                .map(r -> new Company(r.column("company_id").get(UUID.class), r.column("name").getString(),
                        r.column("schema_name").getString(), r.column("role").getString(),
                        r.column("pending").get(Boolean.class)))
                .toList();
    }

    /** The user signed in to a company that invited them: the membership is theirs now. */
    public void accept(Connection c, UUID companyId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rowan.memberships SET accepted_at = now(), "
                + "invited_email = NULL, invited_name = NULL WHERE company_id = ? AND user_id = ? "
                + "AND accepted_at IS NULL")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }

    public boolean anyUser() {
        return db.execute().createGet("SELECT 1 FROM rowan.users LIMIT 1").execute().isPresent();
    }

    private static final String LIVE_SESSION = "FROM rowan.sessions s "
            + "JOIN rowan.companies c ON c.id = s.company_id "
            + "JOIN rowan.memberships m ON m.company_id = s.company_id AND m.user_id = s.user_id "
            + "JOIN rowan.users u ON u.id = s.user_id "
            + "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > now() "
            + "AND s.last_used_at > now() - COALESCE(s.idle_seconds, ?) * interval '1 second' "
            + "AND m.accepted_at IS NOT NULL AND NOT u.disabled";

    /**
     * Looks a bearer token up: a live session (not signed out, not past its lifetime, used within the idle timeout)
     * of an enabled user with a membership in the session's company. Using it extends the idle timeout.
     */
    public Optional<Principal> session(byte[] tokenHash, String ip, String userAgent) {
        Optional<DbRow> row = db.execute().createGet("SELECT s.user_id, s.company_id, c.schema_name, m.role, "
                        + "s.last_used_at < now() - LEAST(?, GREATEST(1, COALESCE(s.idle_seconds / 10, ?))) "
                        + "* interval '1 second' AS stale " + LIVE_SESSION)
                .addParam(touchEvery.toSeconds())
                .addParam(touchEvery.toSeconds())
                .addParam(tokenHash)
                .addParam(idle.toSeconds())
                .execute();
        if (row.isEmpty()) return Optional.empty();
        DbRow r = row.get();
        if (Boolean.TRUE.equals(r.column("stale").get(Boolean.class))) {
            db.execute().createUpdate("UPDATE rowan.sessions SET last_used_at = now() WHERE token_hash = ?")
                    .addParam(tokenHash).execute();
        }
        return Optional.of(new Principal(r.column("user_id").get(UUID.class), r.column("company_id").get(UUID.class),
                r.column("schema_name").getString(), r.column("role").getString(), ip, userAgent));
    }

    /** Whether the session is still live, without counting this as a use (live sockets re-check with it). */
    public boolean sessionLive(byte[] tokenHash) {
        return db.execute().createGet("SELECT 1 " + LIVE_SESSION)
                .addParam(tokenHash)
                .addParam(idle.toSeconds())
                .execute()
                .isPresent();
    }

    public void createSession(Connection c, byte[] tokenHash, UUID userId, UUID companyId, String ip, String userAgent)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.sessions (token_hash, user_id, company_id, "
                + "expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setBytes(1, tokenHash);
            ps.setObject(2, userId);
            ps.setObject(3, companyId);
            ps.setObject(4, OffsetDateTime.now().plus(lifetime));
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
        // the company's file store (attachments): one definition, in migration V10
        try (PreparedStatement ps = c.prepareStatement("SELECT rowan.create_file_tables(?)")) {
            ps.setString(1, schema);
            ps.execute();
        }
        // the member directory created by / last modified by read names from: one definition, in migration V18
        try (PreparedStatement ps = c.prepareStatement("SELECT rowan.create_member_view(?, ?)")) {
            ps.setString(1, schema);
            ps.setObject(2, id);
            ps.execute();
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

    /**
     * Invites an existing account into a company: a membership that counts once the account's owner signs in to
     * the company. Until then the company lists it with the email and name it typed.
     */
    public void invite(Connection c, UUID companyId, UUID userId, String role, String email, String name)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rowan.memberships (company_id, user_id, role, "
                + "accepted_at, invited_email, invited_name) VALUES (?, ?, ?, NULL, ?, ?)")) {
            ps.setObject(1, companyId);
            ps.setObject(2, userId);
            ps.setString(3, role);
            ps.setString(4, email);
            ps.setString(5, name);
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
