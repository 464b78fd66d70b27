package dev.rowan.desktop.bench;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.core.SameThreadTaskExecutor;
import dev.rowan.desktop.grid.GridRows;
import dev.rowan.desktop.grid.GridViewModel;
import dev.rowan.desktop.workspace.AppInfo;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures the desktop targets on this machine (not a unit test; numbers are printed, never asserted):
 * app start to usable window, 1,000,000-row table to first rows, page fetch while scrolling, 100,000-row insert,
 * memory with the table open. Run: {@code ./mvnw -pl desktop-app -Pbenchmark exec:exec}.
 */
public final class Benchmark {
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 && !args[0].equals("--") ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("rowan-bench");
        startWindow(dir.resolve("ui"));
        try (Workspace ws = Workspace.open(dir.resolve("data"))) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Bench");

            TableDef small = table(schema, app, "Insert100k");
            long t0 = System.nanoTime();
            insert(records, small, 100_000);
            report("insert 100,000 rows (one transaction, with outbox)", ms(t0), 3000);

            TableDef big = table(schema, app, "Million");
            long tb = System.nanoTime();
            for (int done = 0; done < rows; done += 100_000) insert(records, big, Math.min(100_000, rows - done));
            OUT.printf("(setup: %,d rows inserted in %d ms)%n", rows, ms(tb));

            GridViewModel vm = new GridViewModel(schema, records, new SameThreadTaskExecutor());
            long to = System.nanoTime();
            vm.open(big.id());
            GridRows list = vm.rows().get();
            for (int i = 0; i < 40; i++) list.get(i);
            boolean loaded = vm.loadedRecord(39) != null;
            report("open " + String.format("%,d", rows) + "-row table to first rows" + (loaded ? "" : " (NOT LOADED)"), ms(to), 300);

            // scrolling: the view asks for the rows of each new page as it comes into view (keyset cursor)
            long[] seq = new long[2000];
            int pages = Math.min(seq.length, list.size() / GridViewModel.PAGE_SIZE - 1);
            for (int p = 1; p <= pages; p++) {
                long s = System.nanoTime();
                list.get(p * GridViewModel.PAGE_SIZE);
                seq[p - 1] = System.nanoTime() - s;
            }
            report("page fetch p95 while scrolling (" + pages + " pages of " + GridViewModel.PAGE_SIZE + ")",
                    p95(Arrays.copyOf(seq, pages)) / 1_000_000.0, 16);
            // jumps: scroll-bar drags to random positions (offset query, no cursor known)
            Random rnd = new Random(7);
            long[] jumps = new long[50];
            for (int j = 0; j < jumps.length; j++) {
                int at = rnd.nextInt(list.size());
                long s = System.nanoTime();
                list.get(at);
                jumps[j] = System.nanoTime() - s;
            }
            OUT.printf("page fetch p95 for random scroll-bar jumps: %.1f ms (no target; offset scan)%n", p95(jumps) / 1_000_000.0);

            for (int i = 0; i < 3; i++) System.gc();
            Thread.sleep(200);
            long used = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024);
            long rss = rssMb();
            OUT.printf("memory with the table open: heap used %d MB, process RSS %d MB (target <= 400 MB) %s%n", used, rss,
                    rss <= 400 ? "OK" : "OVER");
        }
        Platform.exit();
        // the workspace of a 1,000,000-row run is large: leave nothing behind in the temporary folder
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            OUT.println("could not delete " + dir + ": " + e.getMessage());
        }
        System.exit(0);
    }

    private static void startWindow(Path folder) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CountDownLatch shown = new CountDownLatch(1);
        Desktop[] d = new Desktop[1];
        Platform.runLater(() -> {
            d[0] = Desktop.start(new Stage(), folder);
            // the next pulse after show: the window has been laid out and rendered once
            Platform.runLater(shown::countDown);
        });
        shown.await(30, TimeUnit.SECONDS);
        long sinceJvm = System.currentTimeMillis() - jvmStart;
        report("app start to usable window (toolkit + workspace + first frame)", ms(t0), 2500);
        OUT.printf("   (including JVM start: %d ms)%n", sinceJvm);
        Platform.runLater(d[0]::close);
    }

    private static TableDef table(SchemaStore schema, AppInfo app, String name) {
        List<SelectOption> opts = List.of(new SelectOption("o1", "Open", "blue"), new SelectOption("o2", "Done", "green"));
        return schema.createTable(app.id(), null, name, List.of(
                FieldDef.of(UUID.randomUUID(), "Title", new FieldType.Text()),
                FieldDef.of(UUID.randomUUID(), "Amount", new FieldType.NumberType(2)),
                FieldDef.of(UUID.randomUUID(), "Status", new FieldType.SingleSelect(opts)),
                FieldDef.of(UUID.randomUUID(), "Due", new FieldType.DateType(false)),
                FieldDef.of(UUID.randomUUID(), "Done", new FieldType.BooleanType())));
    }

    private static void insert(RecordStore records, TableDef t, int n) {
        List<FieldDef> f = t.fields();
        List<Map<UUID, @Nullable Object>> rows = new ArrayList<>(n);
        LocalDate base = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < n; i++) {
            Map<UUID, @Nullable Object> m = new HashMap<>();
            m.put(f.get(0).id(), "Row " + i);
            m.put(f.get(1).id(), BigDecimal.valueOf(i % 10_000, 2));
            m.put(f.get(2).id(), i % 3 == 0 ? "o2" : "o1");
            m.put(f.get(3).id(), base.plusDays(i % 365));
            m.put(f.get(4).id(), i % 2 == 0);
            rows.add(m);
        }
        records.insertAll(t, rows, () -> false);
    }

    private static double p95(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void report(String what, double value, double target) {
        OUT.printf("%s: %.1f ms (target <= %.0f ms) %s%n", what, value, target, value <= target ? "OK" : "OVER");
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
