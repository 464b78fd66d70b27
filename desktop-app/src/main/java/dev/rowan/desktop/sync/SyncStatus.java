package dev.rowan.desktop.sync;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the sync engine is doing, for the status indicator. {@code pending} counts outbox entries (a pasted block of
 * rows is one entry per thousand rows), {@code conflicts} the open conflicts, {@code received} the records pulled in
 * the current (or last) sync, {@code detail} a sentence for the tooltip (the last error, or the server).
 */
public record SyncStatus(State state, long pending, int conflicts, long received, @Nullable String detail,
                         @Nullable Instant lastSync) {

    public enum State {
        /** Not connected to any server: everything stays in this workspace. */
        LOCAL_ONLY,
        /** Talking to the server: pushing the outbox or pulling changes. */
        SYNCING,
        /** Connected and up to date (live changes arrive as they happen). */
        ONLINE,
        /** The server cannot be reached; changes queue up and go when it can. */
        OFFLINE,
        /** The server no longer accepts this login: sign in again (nothing queued is lost). */
        SIGNED_OUT,
        /** The server answered with an error; retried automatically. */
        ERROR
    }


    public SyncStatus with(State s, @Nullable String why) {
        return new SyncStatus(s, pending, conflicts, received, why, lastSync);
    }

    /** One short line: "Online", "Offline · 12 pending", "Syncing · 40,000 received · 1 conflict". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(switch (state) {
            case LOCAL_ONLY -> "Local only";
            case SYNCING -> "Syncing";
            case ONLINE -> "Online";
            case OFFLINE -> "Offline";
            case SIGNED_OUT -> "Signed out";
            case ERROR -> "Sync error";
        });
        if (state == State.SYNCING && received > 0) parts.add(String.format(Locale.ROOT, "%,d received", received));
        if (pending > 0) parts.add(String.format(Locale.ROOT, "%,d pending", pending));
        if (conflicts > 0) parts.add(conflicts + (conflicts == 1 ? " conflict" : " conflicts"));
        return String.join(" · ", parts);
    }
}
