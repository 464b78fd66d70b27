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

    /** The linked record ids of a value as read (null or a list of texts). */
    public static List<UUID> ids(Object value) {
        List<UUID> out = new ArrayList<>();
        if (value instanceof List<?> l) for (Object o : l) out.add(id(String.valueOf(o)));
        return out;
    }

    public static String of(UUID id, String title) {
        return id + " " + title;
    }
}
