package dev.rowan.server.support;

import dev.rowan.server.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL tests run against: one embedded PostgreSQL per test JVM, or the one {@code ROWAN_TEST_DB_URL}
 * (+ {@code ROWAN_TEST_DB_USER}, {@code ROWAN_TEST_DB_PASSWORD}) points at. Tests isolate themselves by company.
 */
public final class TestDatabase {
    private static String url;
    private static String user;
    private static String password;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null) start();
        return url;
    }

    public static String user() {
        url();
        return user;
    }

    public static String password() {
        url();
        return password;
    }

    private static void start() {
        String external = System.getenv("ROWAN_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            url = external;
            user = System.getenv().getOrDefault("ROWAN_TEST_DB_USER", "postgres");
            password = System.getenv().getOrDefault("ROWAN_TEST_DB_PASSWORD", "postgres");
            return;
        }
        try {
            Path dir = Files.createTempDirectory("rowan-test-pg");
            EmbeddedPostgres pg = Database.startEmbedded(dir, 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
            url = pg.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "postgres";
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the test PostgreSQL", e);
        }
    }
}
