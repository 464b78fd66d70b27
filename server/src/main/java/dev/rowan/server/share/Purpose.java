package dev.rowan.server.share;

import dev.rowan.model.view.ViewKind;

/** What a public link opens: a view's calendar feed or its form. Each needs a view of its own kind. */
public enum Purpose {
    CALENDAR("calendar", ViewKind.CALENDAR),
    FORM("form", ViewKind.FORM);

    private final String db;
    private final ViewKind kind;

    Purpose(String db, ViewKind kind) {
        this.db = db;
        this.kind = kind;
    }

    /** The value stored in {@code view_shares.purpose}. */
    public String db() {
        return db;
    }

    public ViewKind kind() {
        return kind;
    }
}
