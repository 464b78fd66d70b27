package dev.rowan.desktop.syncui;

import dev.rowan.desktop.sync.SyncStatus;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The status bar's sync indicator: one line of text, the state (for the dot's colour), a tooltip and the number of
 * open conflicts. {@link #update} runs on the FX thread (the engine's listener hops there with Platform.runLater).
 */
public final class SyncStatusViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final StringProperty text = new SimpleStringProperty("");
    private final ObjectProperty<SyncStatus.State> state = new SimpleObjectProperty<>(SyncStatus.State.LOCAL_ONLY);
    private final StringProperty tooltip = new SimpleStringProperty("");
    private final IntegerProperty conflicts = new SimpleIntegerProperty();
    private final BooleanProperty signedOut = new SimpleBooleanProperty();
    private final BooleanProperty connected = new SimpleBooleanProperty();

    public SyncStatusViewModel(SyncStatus initial) {
        update(initial);
    }

    public void update(SyncStatus s) {
        text.set(s.summary());
        state.set(s.state());
        conflicts.set(s.conflicts());
        signedOut.set(s.state() == SyncStatus.State.SIGNED_OUT);
        connected.set(s.state() != SyncStatus.State.LOCAL_ONLY && s.state() != SyncStatus.State.SIGNED_OUT);
        tooltip.set(tooltipFor(s));
    }

    static String tooltipFor(SyncStatus s) {
        StringBuilder sb = new StringBuilder();
        if (s.detail() != null && !s.detail().isBlank()) sb.append(s.detail());
        else if (s.state() == SyncStatus.State.LOCAL_ONLY) sb.append("Not connected to a server: everything stays in this workspace");
        else sb.append(s.summary());
        sb.append('\n').append(s.lastSync() == null ? "Not synced yet" : "Last sync: " + time(s.lastSync()));
        if (s.conflicts() > 0) sb.append("\nClick to resolve the conflicts");
        return sb.toString();
    }

    private static String time(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    public StringProperty text() { return text; }
    public ObjectProperty<SyncStatus.State> state() { return state; }
    public StringProperty tooltip() { return tooltip; }
    public IntegerProperty conflicts() { return conflicts; }
    /** The server asked for a new login: the menu offers "Sign in again…". */
    public BooleanProperty signedOut() { return signedOut; }
    /** Tied to a server with a login (online, syncing, offline or in error): "Sign out" and "Sync now" apply. */
    public BooleanProperty connected() { return connected; }
}
