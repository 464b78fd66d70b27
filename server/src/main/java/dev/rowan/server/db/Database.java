package dev.rowan.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rowan.server.config.DbLimits;
import dev.rowan.server.config.Settings;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * The server's PostgreSQL: the embedded one in the data folder when no URL is configured, or any PostgreSQL 14+.
 * One connection pool serves both the Helidon DB Client (reads of metadata) and {@link Tx} (transactional writes,
 * COPY and dynamic DDL, which need one JDBC connection for a whole unit of work).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final @Nullable EmbeddedWatchdog watchdog;
    private final HikariDataSource pool;
    private final DbClient dbClient;
    private final Tx tx;
    private final boolean trigram;

    private Database(@Nullable EmbeddedWatchdog watchdog, HikariDataSource pool, DbLimits limits) {
        this.watchdog = watchdog;
        this.pool = pool;
        this.dbClient = JdbcClientBuilder.create().connectionPool(() -> {
            Tx.checkNotHolding();
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                throw DbFailures.unavailable(e).map(RuntimeException.class::cast)
                        .orElseGet(() -> new IllegalStateException("No database connection available", e));
            }
        }).build();
        this.tx = new Tx(pool, limits.bulkStatementMs());
        this.trigram = enableTrigram(pool);
        if (watchdog != null) watchdog.start();
    }

    public static Database open(Settings settings) {
        EmbeddedPostgres embedded = null;
        String url = settings.dbUrl();
        String user = settings.dbUser();
        String password = settings.dbPassword();
        if (settings.embeddedDatabase()) {
            embedded = startEmbedded(settings.dataDir().resolve("pg"), settings.embeddedDbPort(), true);
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "postgres";
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (user != null) hc.setUsername(user);
        if (password != null) hc.setPassword(password);
        hc.setMaximumPoolSize(settings.dbPoolSize());
        hc.setPoolName("rowan");
        DbLimits limits = settings.dbLimits();
        hc.setConnectionTimeout(Math.max(250, limits.poolWaitMs()));
        // every pooled session gets the limits; bulk work raises statement_timeout for its own transaction only
        hc.setConnectionInitSql("SET statement_timeout = " + limits.statementMs() + "; SET lock_timeout = "
                + limits.lockMs() + "; SET idle_in_transaction_session_timeout = " + limits.idleInTxMs());
        // a pool that cannot reach PostgreSQL at start fails fast; later outages are answered 503 and healed
        hc.setInitializationFailTimeout(1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.addDataSourceProperty("ApplicationName", "rowan-server");
        HikariDataSource pool = new HikariDataSource(hc);
        try {
            migrate(pool);
            EmbeddedWatchdog watchdog = embedded == null ? null
                    : new EmbeddedWatchdog(embedded, settings.dataDir().resolve("pg"), limits.watchdogMs());
            return new Database(watchdog, pool, limits);
        } catch (RuntimeException e) {
            pool.close();
            closeEmbedded(embedded);
            throw e;
        }
    }

    /**
     * Starts (or restarts, keeping its data) a PostgreSQL in {@code dir}. {@code durable} turns fsync and synchronous
     * commit back on: the embedded driver switches them off by default, which suits throwaway test databases only.
     */
    public static EmbeddedPostgres startEmbedded(Path dir, int port, boolean durable) {
        try {
            Files.createDirectories(dir);
            stopOrphan(dir);
            LOG.info("Starting embedded PostgreSQL in {}", dir);
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder();
            if (durable) {
                b.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            return b
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * A server killed without shutting down (kill -9, power cut of the JVM only) leaves its embedded PostgreSQL
     * running with nobody to stop it. If no live server holds the data folder (its lock file is free) but a
     * postmaster from it is still running, that postmaster is an orphan: it is stopped (its clients are gone, so a
     * smart shutdown ends at once) before a new one starts.
     */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        Path lockFile = dir.resolve("epg-lock");
        if (!Files.exists(pidFile) || !Files.exists(lockFile)) return;
        try (var ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE);
             var lock = ch.tryLock()) {
            if (lock == null) return; // a live server owns it
            long pid;
            try {
                pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            } catch (RuntimeException e) {
                return;
            }
            var orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (orphan.isEmpty()) return;
            LOG.warn("Stopping the embedded PostgreSQL (pid {}) a previous server left running in {}", pid, dir);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("The old PostgreSQL did not stop in time; killing it", e);
                orphan.get().destroyForcibly();
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // this JVM holds it: not an orphan
        }
    }

    public static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .schemas("rowan")
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static boolean enableTrigram(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            return true;
        } catch (SQLException e) {
            LOG.warn("pg_trgm is not available; text contains filters will scan ({})", e.getMessage());
            return false;
        }
    }

    public DbClient dbClient() {
        return dbClient;
    }

    public Tx tx() {
        return tx;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Whether trigram (pg_trgm) indexes can back text contains filters. */
    public boolean trigram() {
        return trigram;
    }

    /**
     * A new connection outside the pool, for a long-lived session such as LISTEN (a pooled one would be recycled
     * and lose its subscriptions).
     */
    public Connection openDedicated() throws SQLException {
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

    public boolean healthy() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The embedded PostgreSQL's watchdog, if the database is embedded. */
    public Optional<EmbeddedWatchdog> watchdog() {
        return Optional.ofNullable(watchdog);
    }

    /** Work that must run while the pool is still open when the database closes (writing what it holds). */
    private final java.util.List<Runnable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code work} when the database closes, before its pool does. */
    public void beforeClose(Runnable work) {
        beforeClose.add(work);
    }

    @Override
    public void close() {
        for (Runnable work : beforeClose) {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("Work before closing the database failed", e);
            }
        }
        if (watchdog != null) watchdog.stop();
        pool.close();
        if (watchdog != null) closeEmbedded(watchdog.current());
    }

    static void closeEmbedded(@Nullable EmbeddedPostgres e) {
        if (e == null) return;
        try {
            e.close();
        } catch (IOException ex) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", ex);
        }
    }
}
