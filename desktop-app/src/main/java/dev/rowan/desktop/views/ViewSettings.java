package dev.rowan.desktop.views;

import dev.rowan.desktop.grid.UndoStack;
import dev.rowan.desktop.workspace.ViewStore;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.ViewConfig;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * How a view kind changes its settings: refitted to the table ({@link ViewStore#refit}), saved to its view
 * ({@link ViewStore#saveSettings}, a VIEW mutation, so offline and synced) and pushed as one step of the table's undo
 * history, so Ctrl+Z takes a settings change back as it does in the grid. Calendar, timeline and gallery use it;
 * the grid keeps its own (it also re-reads groups).
 */
public final class ViewSettings {
    private ViewSettings() {
    }

    /**
     * Saves {@code after} (was {@code before}) as the settings of view {@code viewId} (null: stored now as
     * {@code nameIfNew}) and returns the view's id. {@code show} is told the settings to show (refitted to the table as
     * it is then), with the view's id, after an undo or redo is stored — it ignores them when another view is open.
     * Nothing is pushed when nothing changed. A refusal (the settings do not validate) is thrown and nothing is saved.
     */
    public static <C extends ViewConfig> UUID change(ViewContext context, TableDef t, @Nullable UUID viewId,
                                                     String nameIfNew, C before, C after, String what,
                                                     BiConsumer<UUID, C> show) {
        C fitted = ViewStore.refit(after, t);
        UUID id = context.views().saveSettings(t, viewId, nameIfNew, fitted);
        if (!fitted.equals(ViewStore.refit(before, t))) {
            context.editor().history().push(new Change<>(context, t, id, nameIfNew, ViewStore.refit(before, t), fitted,
                    what, show));
        }
        return id;
    }

    /** The table's visible fields of a kind ({@code null} table: none). */
    public static List<FieldDef> fields(@Nullable TableDef t, Predicate<FieldType> kind) {
        return t == null ? List.of() : t.activeFields().stream().filter(f -> kind.test(f.type())).toList();
    }

    /** The table's date fields (what calendars and timelines lay records out on). */
    public static List<FieldDef> dateFields(@Nullable TableDef t) {
        return fields(t, type -> type instanceof FieldType.DateType);
    }

    /** One settings change as an undo step: undo stores the settings before, redo those after. */
    private static final class Change<C extends ViewConfig> implements UndoStack.Change {
        private final ViewContext context;
        private final TableDef t;
        private final UUID id;
        private final String name;
        private final C before;
        private final C after;
        private final String what;
        private final BiConsumer<UUID, C> show;
        private C now;

        Change(ViewContext context, TableDef t, UUID id, String name, C before, C after, String what,
               BiConsumer<UUID, C> show) {
            this.context = context;
            this.t = t;
            this.id = id;
            this.name = name;
            this.before = before;
            this.after = after;
            this.what = what;
            this.show = show;
            this.now = after;
        }

        @Override
        public void undo() {
            context.views().saveSettings(t, id, name, before);
            now = before;
        }

        @Override
        public void redo() {
            context.views().saveSettings(t, id, name, after);
            now = after;
        }

        @Override
        public UUID tableId() {
            return t.id();
        }

        @Override
        public String description() {
            return "change of " + what;
        }

        @Override
        public void settled() {
            TableDef current = context.schema().findTable(t.id()).orElse(null);
            if (current != null) show.accept(id, ViewStore.refit(now, current));
        }
    }
}
