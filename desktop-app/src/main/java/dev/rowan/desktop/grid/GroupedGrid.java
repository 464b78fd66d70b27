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
    private final dev.rowan.desktop.workspace.RecordStore records;
    /** Row colours by rule, per record id ({@code ""}: no rule matches); asked for the rows on screen. */
    private final java.util.Map<java.util.UUID, String> ruleColours = new java.util.HashMap<>();
    private final java.util.Set<java.util.UUID> asked = new java.util.HashSet<>();
    private final javafx.beans.property.IntegerProperty coloursRevision = new javafx.beans.property.SimpleIntegerProperty();
    private @Nullable Object coloursFor;
    private final ObjectProperty<@Nullable Result> result = new SimpleObjectProperty<>();
    private final ObservableList<Header> headers = FXCollections.observableArrayList();
    /** The collapsed groups by key text ({@link #keyText}), as the view stores them. */
    private final Set<List<@Nullable String>> collapsed = new HashSet<>();
    private java.util.function.Consumer<List<List<@Nullable String>>> onCollapse = keys -> { };
    private int generation;
    /** What {@link #result} was read for (table, filter, groups); null while there is none. */
    private @Nullable List<@Nullable Object> resultFor;

    public GroupedGrid(dev.rowan.desktop.workspace.RecordStore records, TaskExecutor executor) {
        this.records = records;
        this.summaries = records.summaries();
        this.executor = executor;
    }

    /**
     * A record's colour by the view's rules (the first rule whose filter it matches), once known: null while being
     * asked (the answer comes on the worker, then {@link #coloursRevision()} changes), {@code ""} for none.
     */
    public @Nullable String ruleColour(TableDef t, dev.rowan.model.view.GridGrouping.RowColours c, java.util.UUID id) {
        if (c.rules().isEmpty()) return "";
        java.util.List<Object> key = java.util.List.of(t.id(), c);
        if (!key.equals(coloursFor)) {
            coloursFor = key;
            ruleColours.clear();
            asked.clear();
        }
        String known = ruleColours.get(id);
        if (known != null) return known;
        if (asked.isEmpty()) {
            // one question for all rows that paint in this pulse
            javafx.application.Platform.runLater(() -> askColours(t, c, key));
        }
        asked.add(id);
        return null;
    }

    private void askColours(TableDef t, dev.rowan.model.view.GridGrouping.RowColours c, Object key) {
        java.util.List<java.util.UUID> ids = java.util.List.copyOf(asked);
        asked.clear();
        if (ids.isEmpty() || !key.equals(coloursFor)) return;
        executor.submit("Colouring rows", p -> {
            java.util.Map<java.util.UUID, String> out = new java.util.HashMap<>();
            for (java.util.UUID id : ids) out.put(id, "");
            java.util.Set<java.util.UUID> open = new java.util.HashSet<>(ids);
            for (dev.rowan.model.view.GridGrouping.ColourRule rule : c.rules()) {
                if (open.isEmpty()) break;
                for (java.util.UUID id : records.matching(t, rule.filter(), open)) out.put(id, rule.colour());
                open.removeIf(id -> !out.get(id).isEmpty());
            }
            return out;
        }, out -> {
            if (!key.equals(coloursFor)) return;
            ruleColours.putAll(out);
            coloursRevision.set(coloursRevision.get() + 1);
        }, e -> { });
    }

    /** Forgets the rule colours (records changed). */
    public void forgetColours() {
        coloursFor = null;
        ruleColours.clear();
        asked.clear();
        coloursRevision.set(coloursRevision.get() + 1);
    }

    public javafx.beans.property.IntegerProperty coloursRevision() {
        return coloursRevision;
    }

    /** Told the collapsed groups (in group order) whenever a group is collapsed or expanded, to save them. */
    public void onCollapse(java.util.function.Consumer<List<List<@Nullable String>>> save) {
        this.onCollapse = save;
    }

    /** A group's key as the view stores it: each level's value as text (numbers plain), null for no value. */
    public static List<@Nullable String> keyText(List<@Nullable Object> key) {
        List<@Nullable String> out = new ArrayList<>(key.size());
        for (Object v : key) {
            out.add(v == null ? null : v instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                    : v.toString());
        }
        return out;
    }

    /** Reads the groups and summaries of the view's records again (after an edit, a filter, a group change). */
    public void load(TableDef t, GridConfig cfg) {
        int gen = ++generation;
        collapsed.clear();
        collapsed.addAll(cfg.collapsed());
        if (!cfg.colours().rules().isEmpty()) forgetColours();
        if (cfg.groups().isEmpty() && cfg.summaries().isEmpty()) {
            resultFor = null;
            result.set(null);
            headers.clear();
            return;
        }
        executor.submit("Summarising", p -> summaries.summarize(t, cfg.filter(), cfg.groups(), cfg.summaries()), r -> {
            if (gen != generation) return;
            resultFor = readFor(t, cfg);
            result.set(r);
            rebuild();
        }, e -> {
            if (gen == generation) {
                resultFor = null;
                result.set(null);
            }
        });
    }

    private static List<@Nullable Object> readFor(TableDef t, GridConfig cfg) {
        return java.util.Arrays.asList(t.id(), cfg.filter(), cfg.groups());
    }

    /** Whether the groups read last are those of this table, filter and grouping (not of the settings before). */
    public boolean resultFits(TableDef t, GridConfig cfg) {
        return result.get() != null && readFor(t, cfg).equals(resultFor);
    }

    /** Collapses an expanded group, or expands a collapsed one (saved to the view). */
    public void toggle(Group g) {
        List<@Nullable String> k = keyText(g.key());
        if (!collapsed.remove(k)) collapsed.add(k);
        collapsedChanged();
    }

    public void expandAll() {
        collapsed.clear();
        collapsedChanged();
    }

    public void collapseAll() {
        Result r = result.get();
        if (r != null) for (Group g : r.groups()) collapsed.add(keyText(g.key()));
        collapsedChanged();
    }

    public boolean isCollapsed(Group g) {
        return collapsed.contains(keyText(g.key()));
    }

    private void collapsedChanged() {
        rebuild();
        // stored in group order (a stable form, so an unchanged state saves as the same JSON)
        List<List<@Nullable String>> keys = new ArrayList<>();
        Result r = result.get();
        if (r != null) {
            for (Group g : r.groups()) {
                List<@Nullable String> k = keyText(g.key());
                if (collapsed.contains(k) && keys.size() < GridConfig.MAX_COLLAPSED) keys.add(k);
            }
        }
        onCollapse.accept(keys);
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
                out.add(new Header(g, collapsed.contains(keyText(g.key())), sub));
            }
        }
        headers.setAll(out);
    }

    private boolean hiddenByParent(Group g) {
        for (int level = 1; level < g.level(); level++) {
            if (collapsed.contains(keyText(g.key().subList(0, level)))) return true;
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
