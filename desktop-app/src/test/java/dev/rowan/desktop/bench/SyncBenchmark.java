package dev.rowan.desktop.bench;

import dev.rowan.desktop.sync.Seed;
import dev.rowan.desktop.sync.SyncEngine;
import dev.rowan.desktop.sync.SyncStatus;
import dev.rowan.desktop.workspace.Outbox;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.TableDef;
import dev.rowan.server.support.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sync measured end to end with the desktop's own engine: a real server on embedded PostgreSQL (the test server),
 * desktop workspaces in temporary folders. Prints a table; {@code --large} adds the 1,000,000-row first sync,
 * {@code --first-sync-only} leaves out the push and live measures.
 * Run: {@code ./mvnw -B -q -pl desktop-app -Pbenchmark test-compile exec:exec -Drowan.bench.main=dev.rowan.desktop.bench.SyncBenchmark}
 * (after {@code ./mvnw -B -q install -DskipTests}).
 */
public final class SyncBenchmark {
    private static final String PASSWORD = "benchmark password";

    public static void main(String[] args) throws Exception {
        // exec:exec passes -Drowan.bench.args as one argument: "--large --first-sync-only" means both
        List<String> options = Arrays.stream(args).flatMap(a -> Arrays.stream(a.strip().split("\\s+"))).toList();
        boolean large = options.contains("--large");
        // --first-sync-only: only the first syncs (100,000 rows, and 1,000,000 with --large), no push or live part
        boolean firstOnly = options.contains("--first-sync-only");
        List<String[]> lines = new ArrayList<>();
        Path root = Files.createTempDirectory("rowan-sync-bench");

        if (options.contains("--live-only")) {
            lines.addAll(live(root));
            for (String[] l : lines) System.out.printf(Locale.ROOT, "%-45s %12s %10s %s%n", l[0], l[1], l[2], l[3]);
            System.exit(0);
        }
        String email = tenant();
        String tableId = Seed.table(email, PASSWORD, 100_000);
        first:
        try (Workspace ws = Workspace.open(root.resolve("first")); SyncEngine engine = new SyncEngine(ws)) {
            engine.signIn(TestServer.baseUrl(), email, PASSWORD, null);
            long t0 = System.nanoTime();
            engine.syncOnce();
            lines.add(row("first sync, 100,000 rows x 10 fields", (System.nanoTime() - t0) / 1e9, "s", 5));
            if (firstOnly) break first;

            // 10,000 edits queued offline, one mutation each, then one cycle sends them
            var schema = new dev.rowan.desktop.workspace.SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            TableDef t = schema.table(UUID.fromString(tableId));
            FieldDef note = t.field("Note").orElseThrow();
            List<Row> rows = records.page(t, null, List.of(), null, 10_000).rows();
            for (Row r : rows) {
                records.update(t, List.of(new RecordStore.CellChange(r.id(), note.id(), r.value(note.id()), "edited")));
            }
            if (Outbox.size(ws) != 10_000) throw new IllegalStateException("expected 10,000 queued, got " + Outbox.size(ws));
            AtomicLong pushedAt = new AtomicLong();
            engine.onStatus(s -> {
                if ("Sending changes".equals(s.detail())) pushedAt.set(System.nanoTime());
            });
            long p0 = System.nanoTime();
            engine.syncOnce();
            long end = System.nanoTime();
            lines.add(row("push of 10,000 queued mutations", (pushedAt.get() - p0) / 1e9, "s", 5));
            lines.add(row("  same, with pulling their echo", (end - p0) / 1e9, "s", 0));
        }

        if (!firstOnly) lines.addAll(live(root));

        if (large) {
            String big = tenant();
            Seed.table(big, PASSWORD, 1_000_000);
            try (Workspace ws = Workspace.open(root.resolve("large")); SyncEngine engine = new SyncEngine(ws)) {
                engine.signIn(TestServer.baseUrl(), big, PASSWORD, null);
                long t0 = System.nanoTime();
                engine.syncOnce();
                lines.add(row("first sync, 1,000,000 rows x 10 fields", (System.nanoTime() - t0) / 1e9, "s", 60));
            }
        }
        System.out.printf(Locale.ROOT, "%n%-45s %12s %10s%n", "measure", "value", "target");
        for (String[] l : lines) System.out.printf(Locale.ROOT, "%-45s %12s %10s %s%n", l[0], l[1], l[2], l[3]);
        System.exit(0);
    }

    /** Two running engines; an edit on one until the other has it, 50 times. */
    private static List<String[]> live(Path root) throws Exception {
        String email = tenant();
        try (Workspace a = Workspace.open(root.resolve("live-a")); Workspace b = Workspace.open(root.resolve("live-b"));
             SyncEngine ea = new SyncEngine(a); SyncEngine eb = new SyncEngine(b)) {
            var sa = new dev.rowan.desktop.workspace.SchemaStore(a);
            var app = sa.createApp("Live");
            TableDef t = sa.createTable(app.id(), null, "Notes", List.of(new FieldDef(UUID.randomUUID(), "Text",
                    new dev.rowan.model.schema.FieldType.Text(), false, false, false, null,
                    dev.rowan.model.schema.Validation.NONE, null, false, 0)));
            UUID text = t.activeFields().getFirst().id();
            RecordStore ra = new RecordStore(a);
            RecordStore rb = new RecordStore(b);
            Row row = ra.insert(t, java.util.Map.of(text, "v0"));
            ea.signIn(TestServer.baseUrl(), email, PASSWORD, null);
            ea.syncOnce();
            eb.signIn(TestServer.baseUrl(), email, PASSWORD, null);
            eb.syncOnce();
            TableDef tb = new dev.rowan.desktop.workspace.SchemaStore(b).table(t.id());
            ea.start();
            eb.start();
            try {
                waitFor(() -> ea.status().state() == SyncStatus.State.ONLINE && eb.status().state() == SyncStatus.State.ONLINE);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("not online: " + ea.status() + " / " + eb.status(), e);
            }
            Thread.sleep(500);
            long[] ms = new long[50];
            String before = "v0";
            for (int i = 0; i < ms.length; i++) {
                String v = "v" + (i + 1);
                long t0 = System.nanoTime();
                ra.update(t, List.of(new RecordStore.CellChange(row.id(), text, before, v)));
                try {
                    waitFor(() -> v.equals(rb.byId(tb, row.id()).orElseThrow().value(text)));
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("edit " + v + " not seen: " + ea.status() + " / " + eb.status(), e);
                }
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
                before = v;
                Thread.sleep(50);
            }
            Arrays.sort(ms);
            return List.of(row("edit -> other client, p50", ms[ms.length / 2], "ms", 500),
                    row("edit -> other client, p95", ms[(int) Math.ceil(ms.length * 0.95) - 1], "ms", 500));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException("timed out");
            Thread.sleep(2);
        }
    }

    private static String tenant() {
        String email = "bench-" + UUID.randomUUID() + "@bench.rowan";
        TestServer.createTenant(email, PASSWORD);
        return email;
    }

    private static String[] row(String what, double v, String unit, double target) {
        System.out.printf(Locale.ROOT, "%s: %.2f %s%n", what, v, unit);
        return new String[]{what, String.format(Locale.ROOT, "%.2f %s", v, unit),
                target > 0 ? String.format(Locale.ROOT, "<= %s %s", target, unit) : "",
                target <= 0 ? "" : v <= target ? "ok" : "OVER"};
    }
}
