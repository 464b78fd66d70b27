package dev.rowan.model.view;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-setting three-way merge of view configs and how its settings read for people. */
class ViewMergeTest {
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private static Map<String, Object> grid(Map<String, Object> query, Map<String, Object> rest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "grid");
        m.put("query", query);
        m.putAll(rest);
        return m;
    }

    private static final List<Object> SORT_A = List.of(Map.of("fieldId", A.toString(), "direction", "desc"));
    private static final List<Object> SORT_B = List.of(Map.of("fieldId", B.toString(), "direction", "asc"));
    private static final Map<String, Object> FILTER = Map.of("field", B.toString(), "operator", "contains", "value", "x");

    @Test
    void settingsOnlyOneSideChangedAreAllKept() {
        Map<String, Object> base = grid(Map.of("sorts", List.of()), Map.of("frozenColumns", 0));
        Map<String, Object> theirs = grid(Map.of("sorts", SORT_A), Map.of("frozenColumns", 0));
        Map<String, Object> mine = grid(Map.of("sorts", List.of(), "filter", FILTER), Map.of("frozenColumns", 2L));
        ViewMerge.Result r = ViewMerge.merge(theirs, base, mine);
        assertThat(r.contests()).isEmpty();
        assertThat(r.config()).containsEntry("type", "grid").containsEntry("frozenColumns", 2L);
        assertThat(r.config().get("query")).isEqualTo(Map.of("sorts", SORT_A, "filter", FILTER));
    }

    @Test
    void theSameSettingChangedByBothTakesMineAndNamesTheirs() {
        Map<String, Object> base = grid(Map.of("sorts", List.of()), Map.of("hidden", List.of()));
        Map<String, Object> theirs = grid(Map.of("sorts", SORT_A), Map.of("hidden", List.of(A.toString())));
        Map<String, Object> mine = grid(Map.of("sorts", SORT_B), Map.of("hidden", List.of(A.toString())));
        ViewMerge.Result r = ViewMerge.merge(theirs, base, mine);
        assertThat(r.contests()).containsExactly(new ViewMerge.Contest("query.sorts", SORT_B, SORT_A, List.of()));
        assertThat(((Map<?, ?>) r.config().get("query")).get("sorts")).isEqualTo(SORT_B);
        assertThat(r.config().get("hidden")).as("both made the same change: no contest").isEqualTo(List.of(A.toString()));
    }

    @Test
    void removingASettingRemovesItAndAnotherKindReplacesTheWholeConfig() {
        Map<String, Object> base = grid(Map.of("filter", FILTER), Map.of());
        Map<String, Object> mine = grid(Map.of(), Map.of());
        assertThat(ViewMerge.merge(base, base, mine).config().get("query")).isEqualTo(Map.of());
        Map<String, Object> kanban = new LinkedHashMap<>(Map.of("type", "kanban", "query", Map.of(), "stackField", A.toString()));
        ViewMerge.Result r = ViewMerge.merge(grid(Map.of("sorts", SORT_A), Map.of()), base, kanban);
        assertThat(r.config()).isEqualTo(kanban);
        assertThat(r.contests()).isEmpty();
    }

    private static Map<String, Object> view(String name, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("config", config);
        return m;
    }

    @Test
    void aRenameAndASettingsChangeMadeOfflineBothSurvive() {
        Map<String, Object> cfg = grid(Map.of("sorts", List.of()), Map.of());
        Map<String, Object> base = view("Tasks", cfg);
        Map<String, Object> theirs = view("Tasks", grid(Map.of("sorts", SORT_A), Map.of())); // someone sorted
        Map<String, Object> mine = view("Open tasks", cfg); // I renamed
        ViewMerge.ViewResult r = ViewMerge.mergeView(theirs, base, mine);
        assertThat(r.contests()).isEmpty();
        assertThat(r.own()).containsEntry("name", "Open tasks");
        assertThat(((Map<?, ?>) r.config().get("query")).get("sorts")).isEqualTo(SORT_A);
        // and the other way round: their rename stays when I only sorted
        ViewMerge.ViewResult back = ViewMerge.mergeView(view("Renamed", cfg), base, view("Tasks",
                grid(Map.of("sorts", SORT_B), Map.of())));
        assertThat(back.own()).containsEntry("name", "Renamed");
        assertThat(((Map<?, ?>) back.config().get("query")).get("sorts")).isEqualTo(SORT_B);
        assertThat(back.contests()).isEmpty();
    }

    @Test
    void twoRenamesAreAContestLikeAnySetting() {
        Map<String, Object> cfg = grid(Map.of(), Map.of());
        ViewMerge.ViewResult r = ViewMerge.mergeView(view("Theirs", cfg), view("Tasks", cfg), view("Mine", cfg));
        assertThat(r.own()).containsEntry("name", "Mine");
        assertThat(r.contests()).containsExactly(new ViewMerge.Contest("name", "Mine", "Theirs", "Tasks"));
        assertThat(ViewMerge.label("name")).isEqualTo("View name");
        assertThat(ViewMerge.describe("name", "Theirs", null)).isEqualTo("\u201cTheirs\u201d");
    }

    @Test
    void flagsMergeAndPositionMovesQuietly() {
        Map<String, Object> cfg = grid(Map.of(), Map.of());
        Map<String, Object> base = new LinkedHashMap<>(view("T", cfg));
        base.put("locked", false);
        base.put("position", 0);
        Map<String, Object> theirs = new LinkedHashMap<>(base);
        theirs.put("locked", true); // an admin locked it
        theirs.put("position", 2); // and moved it
        Map<String, Object> mine = new LinkedHashMap<>(base);
        mine.put("position", 1); // I moved it too, and did not touch the lock
        ViewMerge.ViewResult r = ViewMerge.mergeView(theirs, base, mine);
        assertThat(r.own()).containsEntry("locked", true).containsEntry("position", 1).containsEntry("name", "T");
        assertThat(r.contests()).as("a place in the list is not contested").isEmpty();
    }

    @Test
    void withoutABaseMineIsTakenAsBefore() {
        Map<String, Object> cfg = grid(Map.of("sorts", SORT_B), Map.of());
        ViewMerge.ViewResult r = ViewMerge.mergeView(view("Theirs", grid(Map.of("sorts", SORT_A), Map.of())),
                Map.of(), view("Mine", cfg));
        assertThat(r.own()).containsEntry("name", "Mine");
        assertThat(r.config()).isEqualTo(cfg);
        assertThat(r.contests()).isEmpty();
        // a base naming only the config (an older client): the name is taken, the config merged
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("config", grid(Map.of(), Map.of()));
        ViewMerge.ViewResult old = ViewMerge.mergeView(view("Theirs", grid(Map.of("sorts", SORT_A), Map.of())), base,
                view("Mine", grid(Map.of(), Map.of("frozenColumns", 1))));
        assertThat(old.own()).containsEntry("name", "Mine");
        assertThat(((Map<?, ?>) old.config().get("query")).get("sorts")).isEqualTo(SORT_A);
    }

    @Test
    void valuesCompareAsJsonTreesWhateverTheirJavaTypes() {
        assertThat(ViewMerge.same(240, 240L)).isTrue();
        assertThat(ViewMerge.same(new BigDecimal("240.0"), 240)).isTrue();
        assertThat(ViewMerge.same(null, List.of())).isTrue();
        assertThat(ViewMerge.same(Map.of("a", 1), Map.of("a", 2))).isFalse();
        assertThat(ViewMerge.same("1", 1)).isFalse();
        assertThat(ViewMerge.same(List.of(1, 2), List.of(2, 1))).isFalse();
    }

    @Test
    void settingsReadAsPeopleReadThem() {
        TableDef t = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "Tasks", "co", "dt_x", List.of(FieldDef.of(A, "Price", new FieldType.Text()),
                FieldDef.of(B, "Title", new FieldType.Text())));
        assertThat(ViewMerge.label("query.sorts")).isEqualTo("Sort");
        assertThat(ViewMerge.label("stackField")).isEqualTo("Stack field");
        assertThat(ViewMerge.describe("query.sorts", SORT_A, t)).isEqualTo("Price descending");
        assertThat(ViewMerge.describe("query.filter", Map.of("operator", "or", "conditions", List.of(FILTER,
                Map.of("field", A.toString(), "operator", "isEmpty"))), t)).isEqualTo("Title contains x or Price is empty");
        assertThat(ViewMerge.describe("hidden", List.of(A.toString(), B.toString()), t)).isEqualTo("Price, Title");
        assertThat(ViewMerge.describe("widths", Map.of(A.toString(), 120), t)).isEqualTo("Price: 120");
        assertThat(ViewMerge.describe("hidden", List.of(UUID.randomUUID().toString()), t)).isEqualTo("a removed field");
        assertThat(ViewMerge.describe("query.filter", null, t)).isEqualTo("(none)");
        assertThat(ViewMerge.with(grid(Map.of("sorts", SORT_A), Map.of()), "query.sorts", SORT_B).get("query"))
                .isEqualTo(Map.of("sorts", SORT_B));
    }
}
