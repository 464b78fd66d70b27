package dev.rowan.desktop.grid;

import dev.rowan.desktop.core.TaskExecutor;
import dev.rowan.desktop.workspace.GroupSummaries;
import dev.rowan.desktop.workspace.GroupSummaries.Group;
import dev.rowan.desktop.workspace.GroupSummaries.Result;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.view.GridConfig;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The grouped grid's ViewModel part: the view's groups with their counts and footer summaries (read by SQL on the
 * background worker, {@link GroupSummaries}), and the group headers as shown: a collapsed group hides its subgroups.
 * A grid without groups or summaries reads nothing.
 */
public final class GroupedGrid {
    /** A group header as shown: its group, whether it is collapsed, and whether it has subgroups. */
    public record Header(Group group, boolean collapsed, boolean hasSubgroups) {
    }

    private final GroupSummaries summaries;
    private final TaskExecutor executor;
    private final ObjectProperty<@Nullable Result> result = new SimpleObjectProperty<>();
    private final ObservableList<Header> headers = FXCollections.observableArrayList();
    private final Set<List<@Nullable Object>> collapsed = new HashSet<>();
    private int generation;

    public GroupedGrid(GroupSummaries summaries, TaskExecutor executor) {
        this.summaries = summaries;
        this.executor = executor;
    }

    /** Reads the groups and summaries of the view's records again (after an edit, a filter, a group change). */
    public void load(TableDef t, GridConfig cfg) {
        int gen = ++generation;
        if (cfg.groups().isEmpty() && cfg.summaries().isEmpty()) {
            result.set(null);
            headers.clear();
            return;
        }
        executor.submit("Summarising", p -> summaries.summarize(t, cfg.filter(), cfg.groups(), cfg.summaries()), r -> {
            if (gen != generation) return;
            result.set(r);
            rebuild();
        }, e -> {
            if (gen == generation) result.set(null);
        });
    }

    /** Collapses an expanded group, or expands a collapsed one. */
    public void toggle(Group g) {
        if (!collapsed.remove(g.key())) collapsed.add(g.key());
        rebuild();
    }

    public void expandAll() {
        collapsed.clear();
        rebuild();
    }

    public void collapseAll() {
        Result r = result.get();
        if (r != null) for (Group g : r.groups()) collapsed.add(g.key());
        rebuild();
    }

    private void rebuild() {
        Result r = result.get();
        List<Header> out = new ArrayList<>();
        if (r != null) {
            List<Group> groups = r.groups();
            for (int i = 0; i < groups.size(); i++) {
                Group g = groups.get(i);
                if (hiddenByParent(g)) continue;
                boolean sub = i + 1 < groups.size() && groups.get(i + 1).level() > g.level();
                out.add(new Header(g, collapsed.contains(g.key()), sub));
            }
        }
        headers.setAll(out);
    }

    private boolean hiddenByParent(Group g) {
        for (int level = 1; level < g.level(); level++) {
            if (collapsed.contains(g.key().subList(0, level))) return true;
        }
        return false;
    }

    /** The groups and summaries read last; null while there are none (no groups, no summaries) or loading failed. */
    public ObjectProperty<@Nullable Result> result() {
        return result;
    }

    /** The group headers shown, in group order (subgroups of a collapsed group left out). */
    public ObservableList<Header> headers() {
        return headers;
    }
}
