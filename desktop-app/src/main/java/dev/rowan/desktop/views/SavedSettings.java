package dev.rowan.desktop.views;

import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.desktop.workspace.ViewStore.StoredView;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
import dev.rowan.model.view.ViewKind;
import javafx.beans.property.ObjectProperty;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The stored view a kind's ViewModel shows and its settings, kept in one place for the kinds that follow
 * {@link ViewSettings} (calendar, timeline, gallery): which view is open (its id, or none yet while the table has only
 * the kind's defaults, and the name it is stored under once changed), a settings change saved as one undo step, an
 * undo or redo of one shown again if its view is still open, and the settings refitted when the table changes.
 * {@code changed} runs after settings were set (read the records again, or redraw).
 */
public final class SavedSettings<C extends ViewConfig> {
    private final ViewContext context;
    private final ViewKind kind;
    private final String defaultName;
    private final ObjectProperty<C> config;
    private final Consumer<Throwable> fail;
    private final Runnable changed;
    private @Nullable UUID viewId;
    private String viewName;

    public SavedSettings(ViewContext context, ViewKind kind, String defaultName, ObjectProperty<C> config,
                         Consumer<Throwable> fail, Runnable changed) {
        this.context = context;
        this.kind = kind;
        this.defaultName = defaultName;
        this.config = config;
        this.fail = fail;
        this.changed = changed;
        this.viewName = defaultName;
    }

    /**
     * Chooses the view to show of table {@code t}: the stored view {@code requested} if it is of this kind, else the
     * table's first of this kind, else none (the defaults, stored at the first change); makes the table's undo
     * history the one Ctrl+Z uses. The caller sets the config from the view returned.
     */
    public Optional<StoredView> choose(TableDef t, @Nullable UUID requested) {
        List<StoredView> mine = context.views().list(t).stream().filter(v -> v.kind() == kind).toList();
        StoredView shown = mine.stream().filter(v -> v.id().equals(requested)).findFirst()
                .orElse(mine.isEmpty() ? null : mine.getFirst());
        viewId = shown == null ? null : shown.id();
        viewName = shown == null ? defaultName : shown.name();
        context.editor().history().select(t.id());
        return Optional.ofNullable(shown);
    }

    /** The open view's id (empty while only the defaults are shown). */
    public Optional<UUID> viewId() {
        return Optional.ofNullable(viewId);
    }

    /**
     * A settings change: saved to the view (stored now if it was only the defaults) as one undo step, then shown.
     * A refusal goes to {@code fail} and changes nothing.
     */
    public void save(@Nullable TableDef t, C cfg, String what) {
        if (t == null) return;
        try {
            viewId = ViewSettings.change(context, t, viewId, viewName, config.get(), cfg, what, this::undone);
        } catch (RuntimeException e) {
            fail.accept(e);
            return;
        }
        config.set(ViewStore.refit(cfg, t));
        changed.run();
    }

    /** An undo or redo of a settings change was stored: show those settings if that view is still open. */
    private void undone(UUID view, C cfg) {
        if (!view.equals(viewId)) return;
        config.set(cfg);
        changed.run();
    }

    /**
     * Reads the table's definition again (the designer or a pull changed it) into {@code table}: settings that no
     * longer fit are dropped, then {@code changed} runs.
     */
    public void reloadSchema(ObjectProperty<@Nullable TableDef> table) {
        TableDef t = table.get();
        if (t == null) return;
        context.schema().findTable(t.id()).ifPresent(def -> {
            table.set(def);
            config.set(ViewStore.refit(config.get(), def));
            changed.run();
        });
    }
}
