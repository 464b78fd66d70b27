package dev.rowan.desktop.core;

import java.util.function.Consumer;

/**
 * Runs work off the UI thread and hands results back on it. ViewModels depend on this interface only, so tests
 * run them with {@link SameThreadTaskExecutor}.
 */
public interface TaskExecutor {

    /** A unit of background work; it should poll {@link Progress#cancelled()} in long loops. */
    @FunctionalInterface
    interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    interface Progress {
        void update(long done, long total);

        boolean cancelled();
    }

    /** A handle to cancel running work. */
    interface Handle {
        void cancel();
    }

    <T> Handle submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError);
}
