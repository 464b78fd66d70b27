package dev.rowan.desktop;

import javafx.event.EventHandler;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;

import java.util.function.IntSupplier;

/**
 * Whether the window is idle: no key or mouse input for a while and no task of the window running. One per window,
 * asked by the work that waits for a quiet moment (the first boards' rehearsal, the shown table's summary).
 */
final class WindowIdle implements AutoCloseable {
    private final Scene scene;
    private final IntSupplier running;
    private volatile long lastInput = System.nanoTime();
    private final EventHandler<InputEvent> input = e -> lastInput = System.nanoTime();

    /** Listens to the scene's input from now on (call on the FX thread); {@code running}: the window's tasks. */
    WindowIdle(Scene scene, IntSupplier running) {
        this.scene = scene;
        this.running = running;
        scene.addEventFilter(InputEvent.ANY, input);
    }

    /** No task running and no input for {@code millis}. Any thread. */
    boolean idleFor(long millis) {
        return running.getAsInt() == 0 && System.nanoTime() - lastInput >= millis * 1_000_000;
    }

    /** Stops listening (on the FX thread). */
    @Override
    public void close() {
        scene.removeEventFilter(InputEvent.ANY, input);
    }
}
