package dev.rowan.desktop.sync;

import dev.rowan.desktop.sync.Replicas.Client;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.TableInfo;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.schema.Validation;
import dev.rowan.server.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two (or three) desktop sync engines, each on its own H2 workspace, against a real server on embedded PostgreSQL:
 * publishing, converging after offline edits, field conflicts with their resolution, schema clashes, a client
 * killed between push and answer, live pokes, and a large first sync.
 */
class SyncEngineTest {
    private static final String PASSWORD = "a long enough password";
    @TempDir
    Path dir;
    private final Replicas replicas = new Replicas();
    private String email;

    @BeforeEach
    void tenant() {
        email = "sync-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(email, PASSWORD);
    }

    @AfterEach
    void close() throws Exception {
        replicas.close();
    }

    /** A workspace and its engine, signed in to the test tenant. */

    private Client client(String name, boolean signIn) throws Exception {
        return replicas.open(dir.resolve(name), signIn ? email : null, PASSWORD);
    }

    private static FieldDef field(String name, FieldType type) {
        return new FieldDef(UUID.randomUUID(), name, type, false, false, false, null, Validation.NONE, null, false, 0);
    }

    private static TableDef onlyTable(Client c) {
        AppInfo app = c.schema.apps().getFirst();
        TableInfo t = c.schema.tables(app.id()).getFirst();
        return c.schema.table(t.id());
    }

    private static Map<String, Object> byName(TableDef t, Row r) {
        Map<String, Object> m = new HashMap<>();
        for (FieldDef f : t.activeFields()) m.put(f.name(), r.value(f.id()));
        return m;
    }

    private static List<Row> rows(Client c, TableDef t) {
        return c.records.page(t, null, List.of(), null, 100_000).rows();
    }

    @Test
    void aLocalWorkspaceIsPublishedAndASecondClientReceivesIt() throws Exception {
        Client a = client("a", false);
        AppInfo app = a.schema.createApp("Sales");
        var status = new FieldType.SingleSelect(List.of(new SelectOption("o1", "Open", "blue"),
                new SelectOption("o2", "Won", "green")));
        TableDef t = a.schema.createTable(app.id(), a.schema.createFolder(app.id(), "2026").id(), "Deals",
                List.of(field("Name", new FieldType.Text()), field("Amount", new FieldType.NumberType(2)),
                        field("Stage", status)));
        a.records.insertAll(t, List.of(
                Map.of(t.activeFields().get(0).id(), "Acme", t.activeFields().get(1).id(), new BigDecimal("12.50"),
                        t.activeFields().get(2).id(), "o1"),
                Map.of(t.activeFields().get(0).id(), "Globex", t.activeFields().get(2).id(), "o2")), () -> false);
        assertThat(a.engine.status().state()).isEqualTo(SyncStatus.State.LOCAL_ONLY);
        assertThat(Outbox.size(a.ws)).isGreaterThan(5);

        a.engine.signIn(TestServer.baseUrl(), email, PASSWORD, null);
        a.engine.syncOnce();
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(a.engine.conflicts().open()).isEmpty();
        assertThat(a.engine.status().state()).isEqualTo(SyncStatus.State.ONLINE);

        Client b = client("b", true);
        b.engine.syncOnce();
        TableDef tb = onlyTable(b);
        assertThat(tb.id()).isEqualTo(t.id());
        assertThat(tb.activeFields()).extracting(FieldDef::name).containsExactly("Name", "Amount", "Stage");
        assertThat(b.schema.folders(tb.appId())).extracting(f -> f.name()).containsExactly("2026");
        List<Row> rows = rows(b, tb);
        assertThat(rows).hasSize(2);
        assertThat(rows.stream().map(r -> byName(tb, r).get("Name")).toList()).containsExactlyInAnyOrder("Acme", "Globex");
        Row acme = rows.stream().filter(r -> "Acme".equals(byName(tb, r).get("Name"))).findFirst().orElseThrow();
        assertThat((BigDecimal) byName(tb, acme).get("Amount")).isEqualByComparingTo("12.5");
        assertThat(byName(tb, acme).get("Stage")).isEqualTo("o1");
        assertThat(acme.rowVersion()).isPositive();
    }

    @Test
    void offlineEditsOfDifferentFieldsMergeAndOfTheSameFieldBecomeAConflict() throws Exception {
        Client a = client("a", true);
        AppInfo app = a.schema.createApp("Ops");
        TableDef t = a.schema.createTable(app.id(), null, "Tasks",
                List.of(field("Title", new FieldType.Text()), field("Owner", new FieldType.Text()),
                        field("Status", new FieldType.Text())));
        UUID title = t.activeFields().get(0).id(), owner = t.activeFields().get(1).id(), st = t.activeFields().get(2).id();
        Row row = a.records.insert(t, Map.of(title, "Ship it", owner, "ann", st, "open"));
        a.engine.syncOnce();
        Client b = client("b", true);
        b.engine.syncOnce();
        TableDef tb = b.schema.table(t.id());

        // both offline: a changes Owner and Status, b changes Title and Status
        a.records.update(t, List.of(new RecordStore.CellChange(row.id(), owner, "ann", "bob"),
                new RecordStore.CellChange(row.id(), st, "open", "done")));
        b.records.update(tb, List.of(new RecordStore.CellChange(row.id(), title, "Ship it", "Ship it now"),
                new RecordStore.CellChange(row.id(), st, "open", "blocked")));
        a.engine.syncOnce();
        b.engine.syncOnce();
        a.engine.syncOnce();

        Map<String, Object> onA = byName(t, a.records.byId(t, row.id()).orElseThrow());
        Map<String, Object> onB = byName(tb, b.records.byId(tb, row.id()).orElseThrow());
        assertThat(onA).isEqualTo(onB);
        assertThat(onA).containsEntry("Title", "Ship it now").containsEntry("Owner", "bob").containsEntry("Status", "done");
        assertThat(a.engine.conflicts().open()).isEmpty();
        List<Conflicts.Conflict> conflicts = b.engine.conflicts().open();
        assertThat(conflicts).hasSize(1);
        Conflicts.Conflict k = conflicts.getFirst();
        assertThat(k.kind()).isEqualTo(Conflicts.Kind.FIELD);
        assertThat(k.fieldName()).isEqualTo("Status");
        assertThat(k.mine()).isEqualTo("blocked");
        assertThat(k.theirs()).isEqualTo("done");
        assertThat(k.base()).isEqualTo("open");
        assertThat(k.tableName()).isEqualTo("Tasks");
        assertThat(b.engine.status().conflicts()).isEqualTo(1);

        // b keeps its value: a new edit, based on the version it now has, wins everywhere
        b.engine.conflicts().keepMine(k);
        assertThat(b.engine.conflicts().open()).isEmpty();
        b.engine.syncOnce();
        a.engine.syncOnce();
        assertThat(b.engine.conflicts().open()).isEmpty();
        assertThat(a.records.byId(t, row.id()).orElseThrow().value(st)).isEqualTo("blocked");
        assertThat(b.records.byId(tb, row.id()).orElseThrow().value(st)).isEqualTo("blocked");
    }

    @Test
    void anEditOfARecordDeletedElsewhereIsReportedAndCanBeRecreated() throws Exception {
        Client a = client("a", true);
        TableDef t = a.schema.createTable(a.schema.createApp("CRM").id(), null, "People",
                List.of(field("Name", new FieldType.Text())));
        UUID name = t.activeFields().getFirst().id();
        Row row = a.records.insert(t, Map.of(name, "Ada"));
        a.engine.syncOnce();
        Client b = client("b", true);
        b.engine.syncOnce();

        a.records.delete(t, List.of(row.id()));
        b.records.update(b.schema.table(t.id()), List.of(new RecordStore.CellChange(row.id(), name, "Ada", "Ada L.")));
        a.engine.syncOnce();
        b.engine.syncOnce();
        Conflicts.Conflict k = b.engine.conflicts().open().getFirst();
        assertThat(k.kind()).isEqualTo(Conflicts.Kind.DELETED);
        assertThat(b.records.byId(b.schema.table(t.id()), row.id())).isEmpty();

        b.engine.conflicts().recreate(k);
        b.engine.syncOnce();
        a.engine.syncOnce();
        assertThat(a.records.byId(t, row.id()).orElseThrow().value(name)).isEqualTo("Ada L.");
    }

    @Test
    void offlineSchemaDesignOnBothSidesConverges() throws Exception {
        Client a = client("a", true);
        TableDef t = a.schema.createTable(a.schema.createApp("Eng").id(), null, "Bugs",
                List.of(field("Title", new FieldType.Text()), field("Notes", new FieldType.Text())));
        a.engine.syncOnce();
        Client b = client("b", true);
        b.engine.syncOnce();

        // both add "Priority" offline; a also renames Notes, b adds a record using its new field
        a.schema.addField(t.id(), field("Priority", new FieldType.Text()));
        FieldDef notes = t.activeFields().get(1);
        a.schema.updateField(t.id(), notes.withName("Details"));
        FieldDef bPriority = b.schema.addField(t.id(), field("Priority", new FieldType.NumberType(0)));
        b.records.insert(b.schema.table(t.id()), Map.of(bPriority.id(), new BigDecimal("3")));
        a.engine.syncOnce();
        b.engine.syncOnce();
        a.engine.syncOnce();

        TableDef onA = a.schema.table(t.id());
        TableDef onB = b.schema.table(t.id());
        assertThat(onA.activeFields()).extracting(FieldDef::name)
                .containsExactlyInAnyOrder("Title", "Details", "Priority", "Priority (2)");
        assertThat(onB.activeFields()).extracting(FieldDef::name)
                .containsExactlyInAnyOrderElementsOf(onA.activeFields().stream().map(FieldDef::name).toList());
        assertThat(onA.fieldById(bPriority.id()).orElseThrow().name()).isEqualTo("Priority (2)");
        // the clash is explained to the designer whose field was renamed
        assertThat(b.engine.conflicts().open()).anySatisfy(k -> {
            assertThat(k.kind()).isEqualTo(Conflicts.Kind.SCHEMA);
            assertThat(k.reason()).contains("Priority (2)");
        });
        // the record created with b's field arrived on a with its value
        List<Row> rowsOnA = rows(a, onA);
        assertThat(rowsOnA).hasSize(1);
        assertThat((BigDecimal) rowsOnA.getFirst().value(bPriority.id())).isEqualByComparingTo("3");
    }

    @Test
    void aClientKilledAfterSendingAPushReplaysWithoutDuplicates() throws Exception {
        Client a = client("a", true);
        TableDef t = a.schema.createTable(a.schema.createApp("Stock").id(), null, "Items",
                List.of(field("Name", new FieldType.Text()), field("Qty", new FieldType.NumberType(0))));
        a.engine.syncOnce();
        UUID qty = t.activeFields().get(1).id();
        Row row = a.records.insert(t, Map.of(qty, BigDecimal.ONE));
        a.records.update(t, List.of(new RecordStore.CellChange(row.id(), qty, BigDecimal.ONE, BigDecimal.TEN)));
        AtomicBoolean die = new AtomicBoolean(true);
        a.engine.afterPushSent(() -> {
            if (die.get()) throw new IllegalStateException("killed before the answer arrived");
        });
        assertThatThrownBy(a.engine::syncOnce).hasMessageContaining("killed");
        assertThat(Outbox.size(a.ws)).isEqualTo(2); // nothing was taken off the queue

        // "restart": a new engine on the same workspace sends the same mutations again
        die.set(false);
        SyncEngine again = replicas.closeLater(new SyncEngine(a.ws));
        again.syncOnce();
        assertThat(Outbox.size(a.ws)).isZero();
        assertThat(again.conflicts().open()).isEmpty();

        Client b = client("b", true);
        b.engine.syncOnce();
        List<Row> rows = rows(b, b.schema.table(t.id()));
        assertThat(rows).hasSize(1);
        assertThat((BigDecimal) rows.getFirst().value(qty)).isEqualByComparingTo("10");
    }

    @Test
    void aRunningEngineReceivesAnotherClientsEditLiveAndGoesOfflineWithoutLosingChanges() throws Exception {
        Client a = client("a", true);
        TableDef t = a.schema.createTable(a.schema.createApp("Live").id(), null, "Notes",
                List.of(field("Text", new FieldType.Text())));
        UUID text = t.activeFields().getFirst().id();
        Row row = a.records.insert(t, Map.of(text, "v1"));
        a.engine.syncOnce();
        Client b = client("b", true);
        b.engine.syncOnce();
        a.engine.start();
        b.engine.start();
        waitFor(() -> a.engine.status().state() == SyncStatus.State.ONLINE
                && b.engine.status().state() == SyncStatus.State.ONLINE, 30_000);

        // idle engines stay idle: their own writes (pulled pages, cursors) do not start another cycle
        Thread.sleep(1000);
        java.util.concurrent.atomic.AtomicInteger cycles = new java.util.concurrent.atomic.AtomicInteger();
        a.engine.onStatus(s -> {
            if (s.state() == SyncStatus.State.SYNCING) cycles.incrementAndGet();
        });
        Thread.sleep(1500);
        assertThat(cycles.get()).isZero();

        TableDef tb = b.schema.table(t.id());
        // the local commit wakes b's engine, it pushes; the server pokes a, which pulls
        b.records.update(tb, List.of(new RecordStore.CellChange(row.id(), text, "v1", "v2")));
        waitFor(() -> "v2".equals(a.records.byId(t, row.id()).orElseThrow().value(text)), 30_000);
        assertThat(Outbox.size(b.ws)).isZero();
    }

    @Test
    void anUnreachableServerLeavesTheOutboxAlone() throws Exception {
        Client a = client("a", true);
        a.schema.createApp("Kept");
        SyncEngine engine = a.engine;
        engine.signOut();
        assertThat(engine.status().state()).isEqualTo(SyncStatus.State.SIGNED_OUT);
        assertThatThrownBy(engine::syncOnce).isInstanceOf(ServerApi.ApiError.class);
        assertThat(Outbox.size(a.ws)).isEqualTo(1);
        // another company on this workspace is refused: its data belongs to the first
        String other = "other-" + UUID.randomUUID() + "@test.rowan";
        TestServer.createTenant(other, PASSWORD);
        assertThatThrownBy(() -> engine.signIn(TestServer.baseUrl(), other, PASSWORD, null))
                .hasMessageContaining("Open a new workspace");
        assertThatThrownBy(() -> new SyncEngine(a.ws).signIn("http://127.0.0.1:1", email, PASSWORD, null))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Outbox.size(a.ws)).isEqualTo(1);
        engine.signIn(TestServer.baseUrl(), email, PASSWORD, null);
        engine.syncOnce();
        assertThat(Outbox.size(a.ws)).isZero();
    }

    @Test
    void aFirstSyncOf100000RowsArrivesWholeInPages() throws Exception {
        String tableId = Seed.table(email, PASSWORD, 100_000);
        Client b = client("b", true);
        List<Long> progress = new ArrayList<>();
        b.engine.onStatus(s -> {
            if (s.state() == SyncStatus.State.SYNCING && s.received() > 0) progress.add(s.received());
        });
        long t0 = System.nanoTime();
        b.engine.syncOnce();
        System.out.printf("first sync of 100,000 rows x 10 fields into H2: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        TableDef t = b.schema.table(UUID.fromString(tableId));
        assertThat(t.activeFields()).hasSize(10);
        assertThat(b.records.count(t, null)).isEqualTo(100_000);
        assertThat(progress).isNotEmpty().isSorted(); // the indicator counted pages as they arrived
        FieldDef num0 = t.field("Num0").orElseThrow();
        assertThat(b.records.page(t, null, List.of(new dev.rowan.model.query.Sort(num0.id().toString(), true)), null, 1)
                .rows().getFirst().value(num0.id())).isEqualTo(new BigDecimal("99999"));
        // a second cycle has nothing to do
        b.engine.syncOnce();
        assertThat(b.records.count(t, null)).isEqualTo(100_000);
    }

    /**
     * Issue 14: a bulk load is one change-log row per block of records; a desktop that already reads the log gets
     * every one of 10,000 rows created elsewhere by REST bulk, and its edit of one of them goes up without conflict.
     */
    @Test
    void rowsBulkCreatedElsewhereArriveThroughTheLogAndTakeEdits() throws Exception {
        Client b = client("b", true);
        b.engine.syncOnce(); // the empty company: from here on b reads the log
        String tableId = Seed.table(email, PASSWORD, 10_000);
        b.engine.syncOnce();
        TableDef t = b.schema.table(UUID.fromString(tableId));
        assertThat(b.records.count(t, null)).isEqualTo(10_000);
        FieldDef num0 = t.field("Num0").orElseThrow();
        FieldDef text0 = t.field("Text0").orElseThrow();
        FieldDef note = t.field("Note").orElseThrow();
        List<Row> top = b.records.page(t, null, List.of(new dev.rowan.model.query.Sort(num0.id().toString(), true)),
                null, 2).rows();
        assertThat(top.getFirst().value(num0.id())).isEqualTo(new BigDecimal("9999"));
        assertThat(top.getFirst().value(text0.id())).isEqualTo("alpha 9999");
        assertThat(top.get(1).value(text0.id())).isEqualTo("alpha 9998");
        // each record's version is its own sequence inside the block
        assertThat(top.getFirst().rowVersion()).isEqualTo(top.get(1).rowVersion() + 1);

        Row row = top.getFirst();
        b.records.update(t, List.of(new RecordStore.CellChange(row.id(), note.id(), "n", "edited on b")));
        b.engine.syncOnce();
        assertThat(Outbox.size(b.ws)).isZero();
        assertThat(b.engine.conflicts().open()).isEmpty();
        dev.rowan.server.support.ApiClient api = new dev.rowan.server.support.ApiClient(TestServer.baseUrl());
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(200);
        var onServer = api.get("/api/tables/" + tableId + "/records/" + row.id());
        assertThat(onServer.body()).contains("edited on b");
    }

    private static void waitFor(java.util.function.BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("condition not met in " + millis + " ms");
            Thread.sleep(20);
        }
    }
}
