package dev.rowan.desktop;

import dev.rowan.desktop.workspace.SchemaStore;
import dev.rowan.desktop.workspace.TableSummary;
import dev.rowan.desktop.workspace.Workspace;
import dev.rowan.model.schema.TableDef;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import org.jspecify.annotations.Nullable;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the shown table's summary ({@link TableSummary}) once the window is idle: no key or mouse input for
 * {@link #DELAY_MS} and no task of the workspace running. The build runs on this class's own background thread (its
 * scan on a second connection, so the window's reads never wait for it); a table with a summary kept (or saved at
 * the last close) is left alone, and so is one too small or refused for its definition, until the next commit (an
 * edit may have dropped a part of the summary; after a schema change the next idle builds it again). A build made
 * stale by a write waits four times its own duration before the next try.
 */
final class SummaryWhenIdle implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SummaryWhenIdle.class.getName());
    /** Idle time before a build; negative ({@code -Drowan.summary.delay=-1}) turns building off (benchmarks). */
    static final long DELAY_MS = Long.getLong("rowan.summary.delay", 1_000);

    private final WindowIdle idle;
    private final Workspace ws;
    private final ObservableValue<@Nullable TableDef> shown;
    private final TableSummary summary;
    private final SchemaStore schema;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rowan-table-summary");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private volatile @Nullable UUID shownId;
    /** Commits so far: a table found too small (or refused) is asked again only after one. */
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    /** The table last found with its summary kept (or not needing one), and the commits then: nothing to do until a
     * commit (a record write may have dropped a part, a schema change makes it not fit) or another table is shown. */
    private @Nullable UUID settled;
    private long settledAt;
    /** After a build that a write made stale: no new one before this (a busy sync does not keep a core scanning). */
    private long notBefore = System.nanoTime();
    private final ChangeListener<@Nullable TableDef> onShown = (o, a, b) -> shownId = b == null ? null : b.id();

    SummaryWhenIdle(WindowIdle idle, Workspace ws, ObservableValue<@Nullable TableDef> shown) {
        this.idle = idle;
        this.ws = ws;
        this.shown = shown;
        this.summary = new TableSummary(ws);
        this.schema = new SchemaStore(ws);
    }

    /** Starts looking (on the FX thread); nothing when {@link #DELAY_MS} is negative. */
    void start() {
        if (DELAY_MS < 0) return;
        shown.addListener(onShown);
        TableDef now = shown.getValue();
        shownId = now == null ? null : now.id();
        ws.onCommit(commits::incrementAndGet);
        long period = Math.max(50, DELAY_MS / 4);
        timer.scheduleWithFixedDelay(this::look, period, period, TimeUnit.MILLISECONDS);
    }

    /** On the timer's thread: builds the shown table's summary when the window is idle and it needs one. */
    private void look() {
        UUID id = shownId;
        if (id == null || !idle.idleFor(DELAY_MS)) return;
        long now = commits.get();
        if (id.equals(settled) && now == settledAt || System.nanoTime() - notBefore < 0) return;
        try {
            TableDef t = schema.table(id);
            long start = System.nanoTime();
            TableSummary.Outcome out = summary.build(t);
            if (out == TableSummary.Outcome.STALE) {
                notBefore = System.nanoTime() + 4 * (System.nanoTime() - start); // at most a fifth of a core
            } else {
                settled = id;
                settledAt = now;
            }
        } catch (RuntimeException e) {
            // the table was removed meanwhile, or the workspace closed: nothing to build
            LOG.log(Level.FINE, "table summary not built", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        shown.removeListener(onShown);
    }
}
