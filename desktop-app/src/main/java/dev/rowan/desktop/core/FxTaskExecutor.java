package dev.rowan.desktop.core;

import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One background worker thread (the workspace is one H2 connection, so work is serial anyway); results, errors
 * and progress are delivered on the FX thread. The status bar binds to {@link #running}, {@link #title},
 * {@link #progress}.
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rowan-worker");
        t.setDaemon(true);
        return t;
    });
    private final IntegerProperty running = new SimpleIntegerProperty();
    private final StringProperty title = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private volatile Handle current = () -> { };
    /** Closed: queued work is being finished; results are no longer delivered and new work is not taken. */
    private volatile boolean closed;

    @Override
    public <T> Handle submit(String taskTitle, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Handle handle = () -> cancelled.set(true);
        if (closed) return handle; // the window is closing: a result's follow-up work (a refresh) has no screen
        running.set(running.get() + 1);
        worker.execute(() -> {
            current = handle;
            Platform.runLater(() -> {
                title.set(taskTitle);
                progress.set(-1);
            });
            try {
                T result = work.run(new Progress() {
                    public void update(long done, long total) {
                        double p = total <= 0 ? -1 : (double) done / total;
                        Platform.runLater(() -> progress.set(p));
                    }

                    public boolean cancelled() {
                        return cancelled.get();
                    }
                });
                Platform.runLater(() -> {
                    finish();
                    if (!closed) onSuccess.accept(result);
                });
            } catch (Throwable e) {
                Platform.runLater(() -> {
                    finish();
                    if (!closed) onError.accept(e);
                });
            }
        });
        return handle;
    }

    private void finish() {
        running.set(running.get() - 1);
        if (running.get() == 0) {
            title.set("");
            progress.set(-1);
        }
    }

    /** Cancels the work that is running now (the status bar's cancel button). */
    public void cancelCurrent() {
        current.cancel();
    }

    public IntegerProperty running() {
        return running;
    }

    public StringProperty title() {
        return title;
    }

    public DoubleProperty progress() {
        return progress;
    }

    @Override
    public void close() {
        // writes already queued (an edit committed a moment before the window closed) are finished, not dropped
        closed = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(15, java.util.concurrent.TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
