package dev.rowan.model.view;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of view a table can have, by their API name. {@code card} is what servers before issue 9 called the
 * gallery; it still reads (as {@link #GALLERY}) and is never written.
 */
public enum ViewKind {
    GRID("grid"), FORM("form"), GALLERY("gallery"), KANBAN("kanban"), CALENDAR("calendar"), TIMELINE("timeline");

    private final String api;

    ViewKind(String api) {
        this.api = api;
    }

    public String api() {
        return api;
    }

    /** The kind for an API name (or the old alias {@code card}); empty for anything else. */
    public static Optional<ViewKind> fromApi(String name) {
        if (name.equals("card")) return Optional.of(GALLERY);
        return Arrays.stream(values()).filter(k -> k.api.equals(name)).findFirst();
    }

    /** The API names a client may send, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(ViewKind::api).toList();
    }
}
