package dev.rowan.desktop.views;

import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What the window offers a view's nodes: the user's date format (it can change while the view is open) and opening
 * a record (by its position in the view, or by its id for views not laid out in rows) in the record form.
 */
public record ViewEnvironment(Supplier<DateTimeFormatter> dates, IntConsumer openInForm, Consumer<UUID> openRecord) {
}
