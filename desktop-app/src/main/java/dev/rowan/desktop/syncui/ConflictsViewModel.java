package dev.rowan.desktop.syncui;

import dev.rowan.desktop.core.Errors;
import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.sync.SyncEngine;
import dev.rowan.desktop.workspace.Conflicts;
import dev.rowan.desktop.workspace.Conflicts.Conflict;
import dev.rowan.model.view.ViewMerge;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;

/**
 * The conflicts screen: the open conflicts, the selected one's details and the choices its kind allows. Each choice
 * runs in the background, then the list is read again, the engine recounts its status and the grid reloads.
 */
public final class ConflictsViewModel {
    public static final String EMPTY = "No conflicts — everything you changed is on the server.";

    private final Conflicts conflicts;
    private final @Nullable SyncEngine engine;
    private final TaskExecutor executor;
    private final Runnable afterChange;
    private final ObservableList<Conflict> items = FXCollections.observableArrayList();
    private final ObjectProperty<@Nullable Conflict> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<Conflicts.@Nullable Kind> kind = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty where = new SimpleStringProperty("");
    private final StringProperty mine = new SimpleStringProperty("");
    private final StringProperty theirs = new SimpleStringProperty("");
    private final StringProperty base = new SimpleStringProperty("");
    private final StringProperty reason = new SimpleStringProperty("");
    private final StringProperty mergeText = new SimpleStringProperty("");
    private final BooleanProperty mergeable = new SimpleBooleanProperty();
    /** A view setting this desktop lost: theirs is in effect, mine may be used again. */
    private final BooleanProperty overruled = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty empty = new SimpleBooleanProperty(true);
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public ConflictsViewModel(Conflicts conflicts, @Nullable SyncEngine engine, TaskExecutor executor, Runnable afterChange) {
        this.conflicts = conflicts;
        this.engine = engine;
        this.executor = executor;
        this.afterChange = afterChange;
        selected.addListener((o, a, b) -> {
            error.set("");
            show(b);
        });
    }

    /** Reads the open conflicts again, keeping the selection when it is still open. */
    public void reload() {
        executor.submit("Reading conflicts", p -> conflicts.open(), this::setItems, t -> error.set(Errors.message(t)));
    }

    private void setItems(List<Conflict> list) {
        UUID keep = selected.get() == null ? null : selected.get().id();
        items.setAll(list);
        empty.set(list.isEmpty());
        Conflict next = list.stream().filter(k -> k.id().equals(keep)).findFirst()
                .orElse(list.isEmpty() ? null : list.getFirst());
        if (next == selected.get()) show(next);
        else selected.set(next);
    }

    private void show(@Nullable Conflict k) {
        kind.set(k == null ? null : k.kind());
        if (k == null) {
            title.set(empty.get() ? EMPTY : "");
            where.set("");
            mine.set("");
            theirs.set("");
            base.set("");
            reason.set("");
            mergeText.set("");
            mergeable.set(false);
            overruled.set(false);
            return;
        }
        title.set(k.kind() == Conflicts.Kind.FIELD
                ? (k.fieldName() == null ? "A field" : k.fieldName()) + " changed on both sides"
                : k.kind() == Conflicts.Kind.VIEW ? viewTitle(k) : label(k));
        String table = k.tableName() == null ? "a table that no longer exists" : k.tableName();
        where.set(k.fieldName() == null ? "Table " + table : "Table " + table
                + (k.kind() == Conflicts.Kind.VIEW ? " · view setting " : " · field ") + k.subject());
        mine.set(k.shown(k.mine()));
        theirs.set(k.shown(k.theirs()));
        base.set(k.shown(k.base()));
        reason.set(k.reason() == null || k.reason().isBlank() ? explain(k) : k.reason());
        mergeable.set(k.kind() == Conflicts.Kind.FIELD && k.mergeable());
        overruled.set(k.overruled());
        mergeText.set(mergeable.get() && k.mine() != null ? k.editable(k.mine()) : "");
        if ("(empty)".equals(mergeText.get())) mergeText.set("");
    }

    /** "Sort of a view changed on both sides"; the view's own name or flag: "View name changed on both sides". */
    private static String viewTitle(Conflict k) {
        String subject = k.subject() == null ? "A setting" : k.subject();
        return subject + (own(k) ? "" : " of a view") + " changed on both sides";
    }

    /** Whether a view conflict is about the view's own name or flags (their labels already say "view"). */
    private static boolean own(Conflict k) {
        return k.fieldName() != null
                && java.util.Set.of(ViewMerge.NAME, ViewMerge.PERSONAL, ViewMerge.LOCKED).contains(k.fieldName());
    }

    /** One line for the list. */
    public static String label(Conflict k) {
        String table = k.tableName() == null ? "?" : k.tableName();
        return switch (k.kind()) {
            case FIELD -> table + " · " + (k.fieldName() == null ? "a field" : k.fieldName()) + ": "
                    + k.shown(k.mine()) + " / " + k.shown(k.theirs());
            case DELETED -> table + " · a record you edited was deleted";
            case CHANGED -> table + " · a record you deleted was changed";
            case SCHEMA -> table + " · a design change";
            case REJECTED -> table + " · a change the server refused";
            case VIEW -> table + " · " + (own(k) ? "" : "view ")
                    + (k.subject() == null ? "setting" : k.subject().toLowerCase(java.util.Locale.ROOT))
                    + ": " + k.shown(k.mine()) + " / " + k.shown(k.theirs());
        };
    }

    private static String explain(Conflict k) {
        return switch (k.kind()) {
            case FIELD -> "You and someone else changed this field.";
            case DELETED -> "Someone deleted this record while you were editing it.";
            case CHANGED -> "Someone changed this record after you deleted it.";
            case SCHEMA -> "Your design change met another designer's change.";
            case REJECTED -> "The server refused this change.";
            case VIEW -> k.overruled() ? "You and someone else changed this setting of the view; theirs replaced yours."
                    : "You and someone else changed this setting of the view; yours was kept.";
        };
    }

    // ------------------------------------------------------------------ choices

    public void keepMine() { act((c, k) -> c.keepMine(k)); }
    public void takeTheirs() { act((c, k) -> c.takeTheirs(k)); }
    public void useMerged() {
        String text = mergeText.get();
        act((c, k) -> c.merge(k, text));
    }
    /** For a view setting: use the other value after all (saved as a view change). */
    public void useOtherSetting() { act((c, k) -> c.useOtherSetting(k)); }
    /** For a view setting this desktop lost: use mine again (saved as a view change). */
    public void useMineAgain() { act((c, k) -> c.useMineAgain(k)); }
    public void recreate() { act((c, k) -> c.recreate(k)); }
    public void deleteAnyway() { act((c, k) -> c.deleteAnyway(k)); }
    public void keepRecord() { act((c, k) -> c.keepRecord(k)); }
    /** Drop my edit, keep the record, or "OK" for an explanation: closes the conflict without a new change. */
    public void dismiss() { act((c, k) -> c.dismiss(k)); }

    private interface Choice {
        void apply(Conflicts c, Conflict k);
    }

    private void act(Choice choice) {
        Conflict k = selected.get();
        if (k == null || busy.get()) return;
        busy.set(true);
        error.set("");
        executor.submit("Resolving a conflict", p -> {
            choice.apply(conflicts, k);
            return conflicts.open();
        }, list -> {
            busy.set(false);
            selected.set(null);
            setItems(list);
            changed();
        }, t -> {
            busy.set(false);
            error.set(Errors.message(t));
            reload();
        });
    }

    private void changed() {
        if (engine != null) engine.refreshStatus();
        afterChange.run();
    }

    public ObservableList<Conflict> items() { return items; }
    public ObjectProperty<@Nullable Conflict> selected() { return selected; }
    public ObjectProperty<Conflicts.@Nullable Kind> kind() { return kind; }
    public StringProperty title() { return title; }
    public StringProperty where() { return where; }
    public StringProperty mine() { return mine; }
    public StringProperty theirs() { return theirs; }
    public StringProperty base() { return base; }
    public StringProperty reason() { return reason; }
    public StringProperty mergeText() { return mergeText; }

    /** Whether the selected conflict takes a typed merged value (not files, links or unknown fields). */
    public BooleanProperty mergeable() { return mergeable; }
    public BooleanProperty overruled() { return overruled; }
    public StringProperty error() { return error; }
    public BooleanProperty empty() { return empty; }
    public BooleanProperty busy() { return busy; }
}
