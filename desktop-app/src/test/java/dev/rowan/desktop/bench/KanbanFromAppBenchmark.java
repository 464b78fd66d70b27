package dev.rowan.desktop.bench;

import dev.rowan.desktop.Desktop;
import dev.rowan.desktop.workspace.Workspace;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The first board a person sees, as they get to it (issue 11, h-kanbanfirst; prints numbers, asserts nothing): the
 * real main window ({@link Desktop#start}) on a workspace holding a table of 100,000 records all ranked in one column
 * of a board in manual order; the table opened from the navigator shows its grid (its first view), and after a pause
 * (a person reads the grid; {@code -Drowan.bench.idle}, default 2,000 ms) the board's tab in the view bar is fired as
 * a click fires it. Timed from that click to the end of the layout pulse in which the first card's title is in the
 * scene. Unlike {@link KanbanFirstOpenBenchmark} the board is not the first thing drawn in the JVM: the window, the
 * grid's TableView and the theme have been used before, as in the app.
 * <p>
 * Each run is a fresh JVM with the installed app's JVM options (installers/pom.xml) on its own copy of the workspace
 * (the app remembers the last view shown per table), made once by this process:
 * {@code java -cp <test classpath> dev.rowan.desktop.bench.KanbanFromAppBenchmark 100000 3} (rows, runs; the child
 * JVMs run headless under Monocle; {@code -Drowan.bench.jvm="..."} adds options to them, {@code {run}} in it replaced by
 * the run's number). {@code -Drowan.bench.trace=true} (passed on to the runs) prints each layout pulse
 * and the CPU used by each thread, the JIT and the GC while the board opened.
 * <p>
 * Comparisons under the same load: {@code -Drowan.bench.variants="before:<options>|after:<options>"} alternates the
 * runs between labelled sets of options and prints each label's times at the end; in a set,
 * {@code -Drowan.bench.classes=<dir>} puts an older build's classes first on the class path,
 * {@code -Drowan.bench.dropAutoIndexes=true} drops the automatic indexes the setup's saved board asked for (as an
 * older build never built them before the first open) and {@code -Drowan.kanban.rehearsal.delay=-1} turns the
 * app's off-screen rehearsal of the first board off. {@code -Drowan.bench.openedBefore=<n>} opens the board n times
 * in the setup (as a person who used it before finds it).
 */
public final class KanbanFromAppBenchmark {
    private static final PrintStream OUT = System.out;
    private static final String CLICK = "  click on the board's tab to its first card drawn: ";
    private static final boolean TRACE_ON = Boolean.getBoolean("rowan.bench.trace");
    /** Held here: java.util.logging keeps loggers weakly, so a level set on one not held could be forgotten. */
    private static final java.util.logging.Logger REHEARSAL_LOG =
            java.util.logging.Logger.getLogger("dev.rowan.desktop.views.kanban.KanbanRehearsal");
    /** The installed app's heap settings (installers/pom.xml), and a headless screen. */
    private static final List<String> APP_JVM = List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=15000",
            "--enable-native-access=javafx.graphics,ALL-UNNAMED", "-Dprism.order=sw", "-Dglass.platform=Monocle",
            "-Dmonocle.platform=Headless", "-Djava.awt.headless=true");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--run")) {
            run(Path.of(args[1]), UUID.fromString(args[2]));
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("rowan-kanban-from-app");
        try {
            Path made = dir.resolve("made");
            long ts = System.nanoTime();
            UUID table;
            try (Workspace ws = Workspace.open(made)) {
                RankedBoardData data = RankedBoardData.create(ws, rows, true);
                table = data.table().id();
                int before = Integer.getInteger("rowan.bench.openedBefore", 0);
                if (before > 0) data.openedBefore(ws, before);
                OUT.printf("(the board opened %d times before; automatic indexes of the table: %s)%n", before,
                        ws.indexes().automatic(data.table()));
            }
            OUT.printf("(setup: %,d ranked rows in one column in %d ms, in this JVM; each run below is a fresh JVM)%n",
                    rows, (System.nanoTime() - ts) / 1_000_000);
            // -Drowan.bench.variants="label:options|label:options": the runs alternate between them (same load)
            List<String[]> variants = new ArrayList<>();
            for (String v : System.getProperty("rowan.bench.variants", "app:").split("\\|")) {
                int colon = v.indexOf(':');
                variants.add(new String[] {v.substring(0, colon), v.substring(colon + 1)});
            }
            Map<String, List<Double>> times = new LinkedHashMap<>();
            int n = 0;
            for (int r = 1; r <= runs; r++) {
                for (String[] variant : variants) {
                    n++;
                    Path copy = dir.resolve("run" + n);
                    copyTree(made, copy);
                    List<String> cmd = new ArrayList<>();
                    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                    cmd.addAll(APP_JVM);
                    for (String p : List.of("rowan.bench.trace", "rowan.bench.idle", "rowan.kanban.rehearsal.delay",
                            "rowan.kanban.rehearsal.passes")) {
                        if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
                    }
                    // more options for the runs, e.g. a flight recording: -Drowan.bench.jvm="-XX:StartFlightRecording=..."
                    String more = (System.getProperty("rowan.bench.jvm", "") + " " + variant[1])
                            .replace("{run}", String.valueOf(n));
                    String classes = "";
                    for (String o : more.trim().split("\\s+")) {
                        if (o.isBlank()) continue;
                        // other classes first on the class path (an older build of the app, for a before/after)
                        if (o.startsWith("-Drowan.bench.classes=")) classes = o.substring(o.indexOf('=') + 1) + ":";
                        else cmd.add(o);
                    }
                    cmd.addAll(List.of("-cp", classes + System.getProperty("java.class.path"),
                            KanbanFromAppBenchmark.class.getName(), "--run", copy.toString(), table.toString()));
                    OUT.printf("run %d (%s):%n", n, variant[0]);
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    try (var lines = p.inputReader().lines()) {
                        // the runs' own lines; the libraries' logging is left out
                        lines.filter(l -> l.startsWith("  ")).forEach(l -> {
                            OUT.println(l);
                            if (l.startsWith(CLICK)) {
                                times.computeIfAbsent(variant[0], k -> new ArrayList<>()).add(Double.parseDouble(
                                        l.substring(CLICK.length(), l.indexOf(" ms"))));
                            }
                        });
                    }
                    p.waitFor();
                    deleteTree(copy);
                }
            }
            times.forEach((label, list) -> OUT.printf("%s: click to first card %s ms%n", label, list));
        } finally {
            deleteTree(dir);
        }
    }

    /** One fresh JVM: the app's window, the table's grid, then the click on the board's tab. */
    private static void run(Path folder, UUID table) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        if (TRACE_ON) {
            // the rehearsal of the first board says when it ran and how long it took
            java.util.logging.Logger log = REHEARSAL_LOG;
            log.setLevel(java.util.logging.Level.FINE);
            var h = new java.util.logging.StreamHandler(System.out, new java.util.logging.SimpleFormatter() {
                @Override
                public String format(java.util.logging.LogRecord r) {
                    return String.format("  %s (%d ms after the JVM started)%n", r.getMessage(),
                            r.getMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
                }
            }) {
                @Override
                public synchronized void publish(java.util.logging.LogRecord r) {
                    super.publish(r);
                    flush();
                }
            };
            h.setLevel(java.util.logging.Level.FINE);
            log.addHandler(h);
        }
        long t0 = System.nanoTime();
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CountDownLatch shown = new CountDownLatch(1);
        if (Boolean.getBoolean("rowan.bench.dropAutoIndexes")) dropAutomaticIndexes(folder);
        Desktop[] d = new Desktop[1];
        Platform.runLater(() -> {
            d[0] = Desktop.start(new Stage(), folder);
            Platform.runLater(shown::countDown); // the next pulse after show: laid out and drawn once
        });
        shown.await(60, TimeUnit.SECONDS);
        OUT.printf("  app start to usable window: %d ms (with JVM start %d ms)%n", (System.nanoTime() - t0) / 1_000_000,
                System.currentTimeMillis() - jvmStart);
        Desktop desktop = d[0];
        Scene scene = fx(() -> desktop.view().root().getScene());

        long grid = afterPulse(scene, () -> desktop.viewModel().navigator().find(table)
                .ifPresent(desktop.viewModel().navigator()::select), () -> desktop.viewModel().grid().table().get() != null
                && !desktop.viewModel().grid().loading().get()
                && scene.getRoot().lookupAll(".table-row-cell").stream()
                        .anyMatch(n -> n instanceof IndexedCell<?> c && !c.isEmpty()), null).get(60, TimeUnit.SECONDS);
        OUT.printf("  table picked in the navigator to its grid drawn: %d ms (%d ms after the JVM started)%n",
                grid / 1_000_000, System.currentTimeMillis() - jvmStart);

        Thread.sleep(Long.getLong("rowan.bench.idle", 2_000));
        StringBuilder trace = new StringBuilder();
        CpuUse[] use = new CpuUse[1];
        if (TRACE_ON) CpuUse.now(); // its classes loaded before the click
        long drawn = afterPulse(scene, () -> {
            ToggleButton tab = desktop.view().views().tabs().getChildren().stream()
                    .filter(n -> n instanceof ToggleButton b && b.getText().equals("Board"))
                    .map(n -> (ToggleButton) n).findFirst().orElseThrow();
            if (TRACE_ON) {
                use[0] = CpuUse.now();
                trace.append(" (clicked at ").append(java.time.Instant.now()).append(")"); // to find it in a recording
            }
            tab.fire(); // what a click on the tab does (its behaviour fires it when the button is released)
        }, () -> scene.getRoot().lookup(".kanban-card-title") != null, TRACE_ON ? trace : null)
                .get(60, TimeUnit.SECONDS);
        double ms = drawn / 1e6;
        OUT.printf(CLICK + "%.1f ms (target <= 300 ms) %s%n", ms,
                ms <= 300 ? "OK" : "OVER");
        if (TRACE_ON) OUT.printf("  trace (ms from the click):%s%n  %s%n", trace, fx(() -> use[0].since()));
        Platform.runLater(desktop::close);
        Thread.sleep(300);
        Platform.exit();
        System.exit(0);
    }

    /**
     * Runs {@code action} on the FX thread and completes with the nanoseconds from it to the end of the first layout
     * pulse after which {@code done} holds; with a trace, notes when each pulse's layout starts and ends (ms).
     */
    private static CompletableFuture<Long> afterPulse(Scene scene, Runnable action, BooleanSupplier done,
            @Nullable StringBuilder trace) {
        CompletableFuture<Long> out = new CompletableFuture<>();
        Platform.runLater(() -> {
            long s = System.nanoTime();
            Runnable[] before = new Runnable[1];
            Runnable[] after = new Runnable[1];
            before[0] = () -> {
                if (trace != null) trace.append(String.format(" layout@%.0f", (System.nanoTime() - s) / 1e6));
            };
            after[0] = () -> {
                if (trace != null) trace.append(String.format(" pulse@%.0f", (System.nanoTime() - s) / 1e6));
                if (done.getAsBoolean()) {
                    scene.removePostLayoutPulseListener(after[0]);
                    scene.removePreLayoutPulseListener(before[0]);
                    out.complete(System.nanoTime() - s);
                }
            };
            scene.addPreLayoutPulseListener(before[0]);
            scene.addPostLayoutPulseListener(after[0]);
            action.run();
        });
        return out;
    }

    /** The workspace as before the board asked for its index (for a before/after with an older build). */
    private static void dropAutomaticIndexes(Path folder) {
        try (Workspace ws = Workspace.open(folder)) {
            ws.write(c -> {
                List<String> names = new ArrayList<>();
                try (var rs = c.createStatement().executeQuery("SELECT index_name FROM information_schema.indexes "
                        + "WHERE index_name LIKE 'ax\\_%' ESCAPE '\\'")) {
                    while (rs.next()) names.add(rs.getString(1));
                }
                for (String name : names) {
                    try (var st = c.createStatement()) {
                        st.execute("DROP INDEX IF EXISTS \"" + name + "\"");
                    }
                }
                return null;
            });
        }
    }

    private static <T> T fx(java.util.function.Supplier<T> on) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(on.get()));
        return f.get(30, TimeUnit.SECONDS);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
