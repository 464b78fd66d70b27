package dev.rowan.server.sync;

import dev.rowan.model.schema.TableDef;
import dev.rowan.server.access.AccessRepository;
import dev.rowan.server.apps.AppHandler;
import dev.rowan.server.auth.AccountRepository;
import dev.rowan.server.config.SecuritySettings;
import dev.rowan.server.db.Database;
import dev.rowan.server.folders.FolderHandler;
import dev.rowan.server.journal.Journal;
import dev.rowan.server.records.RecordRepository;
import dev.rowan.server.tables.SchemaCache;
import dev.rowan.server.tables.TableRepository;
import dev.rowan.server.tables.TableHandler;
import io.helidon.webserver.websocket.WsRouting;

import java.util.function.BiConsumer;

/** Wiring of sync for the composition root: the HTTP service, the WebSocket route and the change listener. */
public final class Sync implements AutoCloseable {
    private final LiveHub hub;
    private final ChangeListener listener;
    private final AccountRepository accounts;
    private volatile dev.rowan.server.auth.BearerKeys keys = dev.rowan.server.auth.BearerKeys.NONE;

    public Sync(Database db, AccountRepository accounts, SecuritySettings security) {
        this.accounts = accounts;
        this.hub = new LiveHub(security.liveAuthTimeout(), security.liveRecheck(), security.liveSendTimeout(),
                accounts::sessionLive);
        this.listener = new ChangeListener(db, hub);
    }

    public Sync start() {
        listener.start();
        return this;
    }

    public SyncService service(Database db, TableRepository tables, SchemaCache schemas, TableHandler tableHandler,
                               AppHandler appHandler, FolderHandler folderHandler,
                               dev.rowan.server.views.ViewHandler viewHandler, RecordRepository records,
                               Journal journal, long maxBody, long maxPushBytes, long maxMutationBytes,
                               long pullPageBytes, BiConsumer<TableDef, Long> bulkLoaded) {
        SyncRepository repo = new SyncRepository();
        return new SyncService(new Pull(db.tx(), repo, tables, records, new AccessRepository(), pullPageBytes),
                new Push(db.tx(), repo, schemas, records, tableHandler, appHandler, folderHandler, viewHandler, journal,
                        bulkLoaded),
                maxBody, maxPushBytes, maxMutationBytes);
    }

    /** How the views feature tells a desktop that its view settings lost a contest (see {@link OverruledNotices}). */
    public dev.rowan.server.views.Overruled overruled() {
        return new OverruledNotices(new SyncRepository());
    }

    public WsRouting.Builder wsRouting() {
        return WsRouting.builder().endpoint("/api/live", () -> new LiveEndpoint(accounts, keys, hub));
    }

    /** API keys ({@code rk_…}) a live socket may authenticate with besides sessions; set by the routing. */
    public void acceptKeys(dev.rowan.server.auth.BearerKeys keys) {
        this.keys = keys;
    }

    public LiveHub hub() {
        return hub;
    }

    @Override
    public void close() {
        listener.close();
        hub.close();
    }
}
