package dev.rowan.desktop.views;

import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What the window offers a view's nodes: the user's date format (it can change while the view is open), opening a
 * record by its position in the grid in the record form, and opening a record by its id there (views whose records
 * are not rows of the grid: gallery cards).
 */
public record ViewEnvironment(Supplier<DateTimeFormatter> dates, IntConsumer openInForm, Consumer<UUID> openRecord) {
    /** An environment that opens records only by grid position. */
    public ViewEnvironment(Supplier<DateTimeFormatter> dates, IntConsumer openInForm) {
        this(dates, openInForm, id -> { });
    }
}
