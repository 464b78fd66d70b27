package dev.rowan.server.support;

import dev.rowan.server.RowanServer;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.Passwords;
import dev.rowan.server.config.Settings;
import io.helidon.config.Config;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * One real Rowan server per test JVM, over the wire on a free port, on the test PostgreSQL. Each test gets its own
 * company and owner through {@link #newTenant()}, so tests never see each other's data.
 */
public final class TestServer {
    private static RowanServer server;
    private static final String PASSWORD = "correct horse battery staple";

    private TestServer() {
    }

    public static synchronized RowanServer get() {
        if (server == null) {
            server = RowanServer.start(settings(Map.of()));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** Settings for a server on a free port against the test database; {@code env} overrides like production. */
    public static Settings settings(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "ROWAN_PORT", "0",
                "ROWAN_HOST", "127.0.0.1",
                "ROWAN_DB_URL", TestDatabase.url(),
                "ROWAN_DB_USER", TestDatabase.user(),
                "ROWAN_DB_PASSWORD", TestDatabase.password(),
                "ROWAN_ADMIN_PASSWORD", PASSWORD,
                "ROWAN_DATA_DIR", Path.of("target", "test-data").toAbsolutePath().toString(),
                // every test signs in from 127.0.0.1: sign-in throttling gets its own servers (LoginAbuseTest)
                "ROWAN_LOGIN_IP_LIMIT", "1000000", "ROWAN_LOGIN_ACCOUNT_LIMIT", "1000"));
        all.putAll(env);
        return Settings.from(Config.create(), all);
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + get().port();
    }

    /** A fresh company with an owner, signed in. */
    public static ApiClient newTenant() {
        get();
        String email = "owner-" + UUID.randomUUID() + "@test.rowan";
        UUID companyId = createTenant(email, PASSWORD);
        ApiClient client = new ApiClient(baseUrl());
        client.login(email, PASSWORD);
        client.companyId = companyId;
        return client;
    }

    public static UUID createTenant(String email, String password) {
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            AccountRepository accounts = new AccountRepository(get().database().dbClient());
            UUID company = accounts.createCompany(c, "Test company");
            UUID user = accounts.createUser(c, email, Passwords.hash(password), "Tester");
            accounts.addMember(c, company, user, "owner");
            c.commit();
            return company;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A direct connection, for asserting what really is in PostgreSQL. */
    public static Connection jdbc() throws SQLException {
        return DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
    }
}
