package dev.rowan.desktop.core;

import java.util.function.Consumer;

/** Runs work at once on the calling thread: deterministic ViewModel tests and command-line tools. */
public final class SameThreadTaskExecutor implements TaskExecutor {
    @Override
    public <T> Handle submit(String title, Work<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        boolean[] cancelled = {false};
        T result;
        try {
            result = work.run(new Progress() {
                public void update(long done, long total) {
                }

                public boolean cancelled() {
                    return cancelled[0];
                }
            });
        } catch (Exception e) {
            onError.accept(e);
            return () -> cancelled[0] = true;
        }
        onSuccess.accept(result);
        return () -> cancelled[0] = true;
    }
}
