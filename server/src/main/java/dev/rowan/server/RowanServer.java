package dev.rowan.server;

import dev.rowan.server.access.AccessRepository;
import dev.rowan.server.access.AccessService;
import dev.rowan.server.apps.AppRepository;
import dev.rowan.server.apps.AppsService;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.auth.AuthFilter;
import dev.rowan.server.auth.AuthService;
import dev.rowan.server.auth.Bootstrap;
import dev.rowan.server.auth.LoginThrottle;
import dev.rowan.server.auth.PasswordGate;
import dev.rowan.server.guard.ClientAddresses;
import dev.rowan.server.guard.RequestGuard;
import dev.rowan.server.config.Settings;
import dev.rowan.server.db.Database;
import dev.rowan.server.folders.FolderRepository;
import dev.rowan.server.folders.FoldersService;
import dev.rowan.server.http.Drain;
import dev.rowan.server.http.Problems;
import dev.rowan.server.http.SystemService;
import dev.rowan.server.indexes.AutoIndexes;
import dev.rowan.server.indexes.IndexesService;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.records.RecordsService;
import dev.rowan.server.tables.FieldPurger;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.TableRepository;
import dev.rowan.server.tables.TablesService;
import dev.rowan.server.sync.Sync;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The composition root: builds every repository and service through constructors and runs the web server.
 * Tests start it the same way, on port 0 and a database of their choosing.
 */
public final class RowanServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RowanServer.class);

    /** Answers one client address may send to one shared form per minute, and the largest answer in bytes. */
    static final int SHARED_FORM_POSTS = 10;
    static final long SHARED_FORM_BYTES = 64 * 1024;

    private final Database db;
    private final WebServer server;
    private final FieldPurger purger;
    private final dev.rowan.server.files.FileCollector files;

    private final Sync sync;
    private final AutoIndexes autoIndexes;
    private final Drain drain;
    private final long drainMs;

    private RowanServer(Database db, WebServer server, FieldPurger purger, Sync sync, AutoIndexes autoIndexes,
                        Drain drain, long drainMs, dev.rowan.server.files.FileCollector files) {
        this.db = db;
        this.files = files;
        this.autoIndexes = autoIndexes;
        this.server = server;
        this.purger = purger;
        this.sync = sync;
        this.drain = drain;
        this.drainMs = drainMs;
    }

    public static RowanServer start(Settings settings) {
        Database db = Database.open(settings);
        try {
            Journal journal = new Journal();
            AccountRepository accounts = new AccountRepository(db.dbClient(), settings.security().sessionIdle(),
                    settings.security().sessionLifetime());
            Bootstrap.ensureOwner(settings,
                    new dev.rowan.server.identity.accounts.PasswordPolicy(settings.accounts().passwordMinLength())::problem,
                    accounts, db.tx(), journal);
            dev.rowan.server.identity.secrets.PlaintextSecrets.seal(db.tx(), secretBox(settings));
            Sync sync = new Sync(db, accounts, settings.security()).start();
            AutoIndexes autoIndexes = new AutoIndexes(db, settings.autoIndexes()).start();
            Drain drain = new Drain(settings.dbLimits().retryAfterS());
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    // every route holds its body to its own limit; uploads stream up to the file limit
                    .maxPayloadSize(Math.max(Math.max(settings.maxBulkBytes(), settings.maxBodyBytes()),
                            settings.files().maxFileBytes()) + 1024)
                    .directHandlers(Problems.directHandlers())
                    .routing(r -> routing(r.addFilter(drain), settings, db, accounts, journal, sync,
                            autoIndexes))
                    .addRouting(sync.wsRouting())
                    .build()
                    .start();
            LOG.info("Rowan server listening on http://{}:{} (database: {})", settings.host(), server.port(),
                    settings.embeddedDatabase() ? "embedded PostgreSQL in " + settings.dataDir() : settings.dbUrl());
            var tables = new TableRepository(db.dbClient(), db.trigram());
            FieldPurger purger = new FieldPurger(tables, new SchemaCache(tables, db.tx()), db.tx(), journal,
                    Duration.ofDays(settings.fieldRetentionDays())).start();
            var files = new dev.rowan.server.files.FileCollector(new dev.rowan.server.files.FileRepository(), db.tx(),
                    settings.files()).start();
            return new RowanServer(db, server, purger, sync, autoIndexes, drain, settings.dbLimits().drainMs(), files);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The server key's sealing of stored secrets ({@code ROWAN_SECRET_KEY}, or the data directory's key file). */
    private static dev.rowan.server.identity.secrets.SecretBox secretBox(Settings settings) {
        return dev.rowan.server.identity.secrets.SecretKeys.box(settings.accounts().secretKey(), settings.dataDir());
    }

    /** All routes, in one place; tests reuse it. */
    public static void routing(HttpRouting.Builder routing, Settings settings, Database db, AccountRepository accounts,
                               Journal journal, Sync sync, AutoIndexes autoIndexes) {
        var tx = db.tx();
        var apps = new AppRepository(db.dbClient());
        var folders = new FolderRepository(db.dbClient());
        var tables = new TableRepository(db.dbClient(), db.trigram());
        var schemas = new SchemaCache(tables, tx);
        long body = settings.maxBodyBytes();
        // one instance: every record update and delete brings the /groups answers it keeps up to date
        var viewGroups = new dev.rowan.server.views.ViewGroupsRepository(tx);
        db.beforeClose(viewGroups::close); // kept /groups answers still queued are stored
        viewGroups.summarizeAtStart(tables::load); // big tables' summaries ready before the first grouping
        var records = new RecordRepository(viewGroups);
        var tableHandler = new dev.rowan.server.tables.TableHandler(tables, apps, folders, schemas, journal);
        var tablesService = new TablesService(tables, apps, schemas, tableHandler, tx, journal, body);
        var contained = new dev.rowan.server.tables.ContainedTables(tables, schemas);
        var appHandler = new dev.rowan.server.apps.AppHandler(apps, contained, journal);
        var folderHandler = new dev.rowan.server.folders.FolderHandler(folders, apps, journal);
        var appsService = new AppsService(apps, appHandler, tx, body);
        var foldersService = new FoldersService(folders, apps, contained, folderHandler, tx, body);
        var viewHandler = new dev.rowan.server.views.ViewHandler(new dev.rowan.server.views.ViewRepository(), schemas,
                journal, sync.overruled());
        var passwords = new PasswordGate(settings.security().hashConcurrency(), settings.security().hashWait());
        var shares = new dev.rowan.server.share.ShareRepository();
        var throttle = new LoginThrottle(settings.security());
        var accountsWiring = dev.rowan.server.identity.Accounts.create(settings.accounts(), accounts, tx, journal,
                passwords, sync.hub()::revoked, throttle::forget);
        var identity = new dev.rowan.server.identity.Identity(db.dbClient(), tx, accounts, journal,
                settings.security(), sync.hub()::revoked, accountsWiring.loginGuard(), secretBox(settings));
        sync.acceptKeys(identity.bearerKeys());
        Problems.register(routing);
        routing.addFilter(new RequestGuard(new ClientAddresses(settings.security().trustedProxies())))
                .addFilter(new dev.rowan.server.http.UrlFilter())
                .addFilter(new AuthFilter(accounts, identity.bearerKeys(),
                        path -> dev.rowan.server.identity.Accounts.isPublic(path)
                                || dev.rowan.server.identity.sso.SsoService.isPublic(path)))
                .register(new SystemService(db))
                .register("/api/auth", new AuthService(accounts, tx, journal, throttle,
                        passwords, sync.hub()::revoked, identity.loginSteps(), accountsWiring.loginGuard()))
                .register("/api", identity.services())
                .register("/api", appsService,
                        foldersService,
                        tablesService,
                        new dev.rowan.server.views.ViewsService(viewHandler,
                                viewGroups, records, schemas, autoIndexes, tx, body),
                        new AccessService(new AccessRepository(), accounts, schemas, tx, journal, body, passwords,
                                accountsWiring.passwordPolicy()),
                        new RecordsService(records, schemas, tx, journal, body,
                                settings.maxBulkBytes(), settings.maxBulkRows(), autoIndexes),
                        new dev.rowan.server.records.LinkPagesService(records, schemas, tx),
                        new IndexesService(autoIndexes, schemas),
                        sync.service(db, tables, schemas, tableHandler, appHandler,
                                folderHandler, viewHandler, records,
                                journal, body, settings.maxBulkBytes(), settings.dbLimits().maxMutationBytes(),
                                settings.dbLimits().pullPageBytes(), autoIndexes::bulkLoaded),
                        new dev.rowan.server.share.ShareService(shares, records, schemas, tx, journal),
                        new dev.rowan.server.files.FilesService(new dev.rowan.server.files.FileStore(
                                new dev.rowan.server.files.FileRepository(), schemas, tx, settings.files())))
                .register("/forms", new dev.rowan.server.share.PublicFormService(shares, schemas,
                        new dev.rowan.server.records.RecordWrites(records, journal), tx, journal,
                        new dev.rowan.server.guard.RateLimiter(SHARED_FORM_POSTS, Duration.ofMinutes(1), 10_000),
                        SHARED_FORM_BYTES))
                .register("/api", accountsWiring.services())
                .register(accountsWiring.pages())
                .any(Problems::notFound);
    }

    public int port() {
        return server.port();
    }

    public Sync sync() {
        return sync;
    }

    public FieldPurger purger() {
        return purger;
    }

    /** The collector of unreferenced files (tests run a sweep with {@code sweep()}). */
    public dev.rowan.server.files.FileCollector files() {
        return files;
    }

    public AutoIndexes autoIndexes() {
        return autoIndexes;
    }

    public Database database() {
        return db;
    }

    /** Graceful: stops taking requests, lets running ones finish, then closes the database. */
    @Override
    public void close() {
        purger.close();
        files.close();
        if (!drain.drain(drainMs)) {
            LOG.warn("{} requests were still running after {} ms; stopping anyway", drain.inflight(), drainMs);
        }
        server.stop();
        autoIndexes.close();
        sync.close();
        db.close();
        LOG.info("Rowan server stopped");
    }
}
