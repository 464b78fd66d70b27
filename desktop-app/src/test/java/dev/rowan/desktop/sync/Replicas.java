package dev.rowan.desktop.sync;

import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.server.support.TestServer;
import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Desktop replicas for sync tests: each an H2 workspace in its own folder with its sync engine, against the test
 * server; everything opened here is closed together, last opened first.
 */
final class Replicas implements AutoCloseable {
    /** One replica: its workspace, engine and stores. */
    static final class Client {
        final Workspace ws;
        final SyncEngine engine;
        final SchemaStore schema;
        final RecordStore records;

        private Client(Workspace ws, SyncEngine engine) {
            this.ws = ws;
            this.engine = engine;
            this.schema = new SchemaStore(ws);
            this.records = new RecordStore(ws);
        }
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A replica in {@code folder}, signed in to the test server as {@code email} unless it is null. */
    Client open(Path folder, @Nullable String email, String password) throws Exception {
        Workspace ws = Workspace.open(folder);
        SyncEngine engine = new SyncEngine(ws);
        open.add(ws);
        open.add(engine);
        if (email != null) engine.signIn(TestServer.baseUrl(), email, password, null);
        return new Client(ws, engine);
    }

    /** Something else to close with the replicas (a second engine on a replica's workspace). */
    <T extends AutoCloseable> T closeLater(T c) {
        open.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        open.clear();
    }
}
