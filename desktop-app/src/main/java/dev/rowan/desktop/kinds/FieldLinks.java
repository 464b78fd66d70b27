package dev.rowan.desktop.kinds;

import java.util.List;
import java.util.UUID;

/**
 * One link field of one record, as the record picker and the form see it, given by the screen that shows it (the
 * grid's editor host, the record form): the records linked now, a search over the linked table's titles, creating a
 * record there, and writing the links (the grid through its undo history, the form at once). Kept out of the kinds
 * so that they hold no workspace code.
 */
public interface FieldLinks {
    /** The records linked now, in link order. */
    List<LinkChoice> linked();

    /** Up to {@code limit} records of the linked table whose title contains {@code text} (all for ""). */
    List<LinkChoice> search(String text, int limit);

    /** Makes a record in the linked table with {@code title} as its title and links it (one change). */
    LinkChoice createAndLink(String title);

    /** Sets the links to these records, in this order (one change). */
    void set(List<LinkChoice> records);

    /** What one record of the linked table is called in "+ New …" (the table's name). */
    String noun();

    /** Whether the field links at most one record. */
    boolean limitOne();

    /** Opens a linked record's form (the record form walks links; the grid has no such step). */
    default void open(LinkChoice record) {
    }
}
