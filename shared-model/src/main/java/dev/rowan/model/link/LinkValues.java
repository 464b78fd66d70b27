package dev.rowan.model.link;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A link field's value as it is read: one text per linked record, its id, a space and its title, in link order
 * (so one column carries both, and sorting by a link sorts by the first title).
 */
public final class LinkValues {
    private static final int ID_LENGTH = 36;

    private LinkValues() {
    }

    public static UUID id(String value) {
        return UUID.fromString(value.substring(0, ID_LENGTH));
    }

    public static String title(String value) {
        return value.length() > ID_LENGTH ? value.substring(ID_LENGTH + 1) : "";
    }

    /**
     * How many linked records a cell of a page shows at most: a page reads the first ones in link order and, when
     * there are more, ends the list with their total (a text of digits, never a linked record: {@link #total}); the
     * rest are read a page at a time ({@code RecordSql.linkPage}). Reads of one record (by id, sync) carry all.
     */
    public static final int CELL_LIMIT = 20;

    /** The linked record ids of a value as read (null or a list of texts). */
    public static List<UUID> ids(Object value) {
        List<UUID> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object o : l) if (isLinked(String.valueOf(o))) out.add(id(String.valueOf(o)));
        }
        return out;
    }

    /** Whether an element of a value as read is a linked record (and not the total that ends a cut list). */
    public static boolean isLinked(String element) {
        return element.length() >= ID_LENGTH;
    }

    /**
     * The number of linked records when the value as read shows only the first {@link #CELL_LIMIT}, or -1 when it
     * shows them all.
     */
    public static long total(@org.jspecify.annotations.Nullable Object value) {
        if (value instanceof List<?> l && !l.isEmpty() && !isLinked(String.valueOf(l.getLast()))) {
            try {
                return Long.parseLong(String.valueOf(l.getLast()).strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    public static String of(UUID id, String title) {
        return id + " " + title;
    }
}
