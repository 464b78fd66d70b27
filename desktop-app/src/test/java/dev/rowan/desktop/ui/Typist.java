package dev.rowan.desktop.ui;

import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.scene.robot.Robot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Types like a fast person, through the platform's own robot (real key presses, key-typed events made by the
 * platform), with no waiting between keys: every key is queued on the FX thread as its own event, so pulses,
 * layout and background results interleave with the keys as they do for a person typing in bursts. Text may hold
 * {@code \t} (Tab), {@code \n} (Enter), {@code \b} (Backspace) and {@code \r} (Ctrl+Enter, a new record); other
 * keys with modifiers go through {@link #keys}.
 */
final class Typist {
    private record Stroke(List<KeyCode> held, KeyCode key) {
    }

    private Typist() {
    }

    static void type(String text) {
        type(text, 0);
    }

    /** Types text; {@code gapMillis} between keys (0: all keys queued at once). */
    static void type(String text, long gapMillis) {
        List<Stroke> strokes = new ArrayList<>();
        for (char c : text.toCharArray()) strokes.add(stroke(c));
        send(strokes, gapMillis);
    }

    /** One key with modifiers, e.g. {@code keys(KeyCode.CONTROL, KeyCode.Z)}. */
    static void keys(KeyCode... combo) {
        List<KeyCode> held = List.of(combo).subList(0, combo.length - 1);
        send(List.of(new Stroke(held, combo[combo.length - 1])), 0);
    }

    /** Plain keys one after another (arrows, Escape, Space…), all queued at once like {@link #type}. */
    static void press(KeyCode... keys) {
        List<Stroke> strokes = new ArrayList<>();
        for (KeyCode k : keys) strokes.add(new Stroke(List.of(), k));
        send(strokes, 0);
    }

    private static void send(List<Stroke> strokes, long gapMillis) {
        CountDownLatch done = new CountDownLatch(strokes.size());
        for (Stroke s : strokes) {
            Platform.runLater(() -> {
                Robot r = new Robot();
                for (KeyCode h : s.held()) r.keyPress(h);
                r.keyPress(s.key());
                r.keyRelease(s.key());
                for (int i = s.held().size() - 1; i >= 0; i--) r.keyRelease(s.held().get(i));
                done.countDown();
            });
            if (gapMillis > 0) {
                try {
                    Thread.sleep(gapMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        try {
            if (!done.await(30, TimeUnit.SECONDS)) throw new AssertionError("keys were not delivered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the robot's events are queued behind the runnables that made them
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    private static Stroke stroke(char c) {
        if (c == '\t') return new Stroke(List.of(), KeyCode.TAB);
        if (c == '\n') return new Stroke(List.of(), KeyCode.ENTER);
        if (c == '\b') return new Stroke(List.of(), KeyCode.BACK_SPACE);
        if (c == '\r') return new Stroke(List.of(KeyCode.CONTROL), KeyCode.ENTER);
        if (c >= 'a' && c <= 'z') return new Stroke(List.of(), KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c))));
        if (c >= 'A' && c <= 'Z') return new Stroke(List.of(KeyCode.SHIFT), KeyCode.getKeyCode(String.valueOf(c)));
        if (c >= '0' && c <= '9') return new Stroke(List.of(), KeyCode.getKeyCode(String.valueOf(c)));
        return switch (c) {
            case ' ' -> new Stroke(List.of(), KeyCode.SPACE);
            case '.' -> new Stroke(List.of(), KeyCode.PERIOD);
            case ',' -> new Stroke(List.of(), KeyCode.COMMA);
            case '-' -> new Stroke(List.of(), KeyCode.MINUS);
            case ':' -> new Stroke(List.of(KeyCode.SHIFT), KeyCode.SEMICOLON);
            case '/' -> new Stroke(List.of(), KeyCode.SLASH);
            case '%' -> new Stroke(List.of(KeyCode.SHIFT), KeyCode.DIGIT5);
            case '@' -> new Stroke(List.of(KeyCode.SHIFT), KeyCode.DIGIT2);
            case '_' -> new Stroke(List.of(KeyCode.SHIFT), KeyCode.MINUS);
            default -> throw new IllegalArgumentException("no key for '" + c + "'");
        };
    }
}
