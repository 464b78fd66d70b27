package dev.rowan.desktop.syncui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.jspecify.annotations.Nullable;

import java.util.UUID;

/**
 * The "Who can open this table…" command of the main window (navigator menu, header button, Ctrl+Shift+A): it needs
 * a selected table and a workspace connected to a server, and says which is missing in its tooltip.
 */
public final class TableAccessCommand {
    public static final String NOT_CONNECTED = "Connect this workspace to a server first: who can open a table is "
            + "kept on the server";
    public static final String NO_TABLE = "Select a table in the navigator first";
    public static final String READY = "Choose who can open this table (Ctrl+Shift+A)";

    /** The table the command applies to. */
    public record Target(UUID id, String name) {
    }

    private final SyncScreens screens;
    private final BooleanProperty connected = new SimpleBooleanProperty();
    private final ObjectProperty<@Nullable Target> table = new SimpleObjectProperty<>();
    private final BooleanBinding disabled;
    private final StringBinding tooltip;

    public TableAccessCommand(SyncScreens screens) {
        this.screens = screens;
        disabled = connected.not().or(table.isNull());
        tooltip = Bindings.createStringBinding(() -> !connected.get() ? NOT_CONNECTED
                : table.get() == null ? NO_TABLE : READY, connected, table);
    }

    /** Opens the dialog for the selected table; does nothing while the command is disabled. */
    public void run() {
        Target t = table.get();
        if (disabled.get() || t == null) return;
        screens.openTableAccess(t.id(), t.name());
    }

    public BooleanProperty connected() { return connected; }
    public ObjectProperty<@Nullable Target> table() { return table; }
    public BooleanBinding disabled() { return disabled; }
    public StringBinding tooltip() { return tooltip; }
}
