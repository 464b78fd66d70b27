package dev.rowan.model.view;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.view.GridGrouping.ColourRule;
import dev.rowan.model.view.GridGrouping.GroupBy;
import dev.rowan.model.view.GridGrouping.RowColours;
import dev.rowan.model.view.GridGrouping.Summary;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rowan.model.view.ViewConfigTest.DUE;
import static dev.rowan.model.view.ViewConfigTest.GONE;
import static dev.rowan.model.view.ViewConfigTest.NAME;
import static dev.rowan.model.view.ViewConfigTest.QTY;
import static dev.rowan.model.view.ViewConfigTest.STATUS;
import static dev.rowan.model.view.ViewConfigTest.TABLE;
import static dev.rowan.model.view.ViewConfigTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grouped grid's settings in GridConfig: groups, footer summaries, row colours; round trip, refusals, stale reads. */
class GridGroupingConfigTest {
    static GridConfig grouped() {
        return GridConfig.EMPTY.withGroups(List.of(new GroupBy(STATUS.id(), false), new GroupBy(DUE.id(), true)))
                .withSummary(QTY.id(), Summary.SUM).withSummary(NAME.id(), Summary.UNIQUE)
                .withColours(new RowColours(STATUS.id(), List.of(new ColourRule(
                        Filter.where(id(QTY), Operator.GT, new java.math.BigDecimal("5")), "#ff8800"))));
    }

    @Test
    void roundTripsThroughTheOneJsonForm() {
        GridConfig c = grouped();
        Object tree = JsonText.parse(JsonText.write(c.toMap()));
        assertThat(ViewConfig.parse("grid", tree, TABLE)).isEqualTo(c);
        assertThat(ViewConfig.read("grid", tree, TABLE)).isEqualTo(new ViewConfig.Read(c, List.of()));
        assertThat(c.validate(TABLE)).isEmpty();
        // a grid without them keeps its old form (no new keys)
        assertThat(GridConfig.EMPTY.toMap()).doesNotContainKeys("groups", "summaries", "colours");
    }

    private static List<FieldError> refusal(Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>(GridConfig.EMPTY.toMap());
        m.putAll(extra);
        try {
            ViewConfig.parse("grid", m, TABLE);
        } catch (RowanException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + extra);
    }

    @Test
    void aSumOrAverageIsOfWhatAFieldHoldsSoAFormulaGivingNumbersCanBeSummed() {
        var total = dev.rowan.model.schema.FieldDef.of(java.util.UUID.randomUUID(), "Total",
                new dev.rowan.model.schema.FieldType.Formula("{Qty} * 2", dev.rowan.model.formula.FormulaType.NUMBER));
        var label = dev.rowan.model.schema.FieldDef.of(java.util.UUID.randomUUID(), "Label",
                new dev.rowan.model.schema.FieldType.Formula("{Name}", dev.rowan.model.formula.FormulaType.TEXT));
        var fields = new java.util.ArrayList<>(TABLE.fields());
        fields.add(total);
        fields.add(label);
        var t = new dev.rowan.model.schema.TableDef(TABLE.id(), TABLE.appId(), TABLE.name(), TABLE.schemaName(),
                TABLE.physicalName(), fields);
        Map<String, Object> m = new LinkedHashMap<>(GridConfig.EMPTY.toMap());
        m.put("summaries", Map.of(total.id().toString(), "sum"));
        assertThat(((GridConfig) ViewConfig.parse("grid", m, t)).summaries())
                .containsExactly(Map.entry(total.id(), Summary.SUM));
        m.put("summaries", Map.of(label.id().toString(), "avg"));
        assertThatThrownBy(() -> ViewConfig.parse("grid", m, t)).isInstanceOfSatisfying(RowanException.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.message())
                        .contains("holding numbers")));
    }

    @Test
    void refusesWhatDoesNotFitWithAPath() {
        Map<String, Object> g = Map.of("fieldId", id(NAME));
        assertThat(refusal(Map.of("groups", List.of(g, Map.of("fieldId", id(QTY)), Map.of("fieldId", id(DUE)),
                Map.of("fieldId", id(STATUS)))))).extracting(FieldError::field).contains("config.groups");
        assertThat(refusal(Map.of("groups", List.of(g, g)))).extracting(FieldError::field)
                .containsExactly("config.groups[1].fieldId");
        assertThat(refusal(Map.of("groups", List.of(Map.of("fieldId", id(NAME), "direction", "up")))))
                .extracting(FieldError::field).containsExactly("config.groups[0].direction");
        assertThat(refusal(Map.of("summaries", Map.of(id(NAME), "sum")))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("number"));
        assertThat(refusal(Map.of("summaries", Map.of(id(QTY), "median")))).extracting(FieldError::field)
                .containsExactly("config.summaries." + id(QTY));
        assertThat(refusal(Map.of("colours", Map.of("selectField", id(NAME))))).extracting(FieldError::field)
                .containsExactly("config.colours.selectField");
        assertThat(refusal(Map.of("colours", Map.of("rules", List.of(Map.of("colour", "red",
                "filter", Map.of("field", id(QTY), "operator", "gt", "value", 1))))))).extracting(FieldError::field)
                .containsExactly("config.colours.rules[0].colour");
        assertThatThrownBy(() -> ViewConfig.parse("grid", Map.of("groups", "Status"), TABLE))
                .isInstanceOf(RowanException.class);
    }

    @Test
    void aRemovedFieldIsDroppedOnRead() {
        Map<String, Object> m = new LinkedHashMap<>(grouped().toMap());
        m.put("groups", List.of(Map.of("fieldId", id(GONE)), Map.of("fieldId", id(STATUS))));
        m.put("summaries", Map.of(id(GONE), "count", id(QTY), "avg"));
        ViewConfig.Read r = ViewConfig.read("grid", m, TABLE);
        GridConfig c = (GridConfig) r.config();
        assertThat(c.groups()).containsExactly(new GroupBy(STATUS.id(), false));
        assertThat(c.summaries()).containsExactly(Map.entry(QTY.id(), Summary.AVG));
        assertThat(r.dropped()).isNotEmpty();
    }

    @Test
    void collapsedGroupsRoundTripAndBadKeysAreRefusedWithAPath() {
        java.util.List<java.util.List<@org.jspecify.annotations.Nullable String>> keys = new java.util.ArrayList<>();
        keys.add(List.of("o1"));
        java.util.List<@org.jspecify.annotations.Nullable String> noValue = new java.util.ArrayList<>();
        noValue.add(null);
        noValue.add("2026-11-01");
        keys.add(noValue);
        GridConfig c = grouped().withCollapsed(keys);
        Object tree = JsonText.parse(JsonText.write(c.toMap()));
        assertThat(ViewConfig.parse("grid", tree, TABLE)).isEqualTo(c);
        assertThat(((GridConfig) ViewConfig.parse("grid", tree, TABLE)).collapsed()).containsExactlyElementsOf(keys);
        assertThat(grouped().toMap()).doesNotContainKey("collapsed");
        assertThat(c.withGroups(List.of()).collapsed()).as("a new grouping starts expanded").isEmpty();
        Map<String, Object> m = new LinkedHashMap<>(grouped().toMap());
        m.put("collapsed", List.of(List.of("a", "b", "c")));
        assertThatThrownBy(() -> ViewConfig.parse("grid", m, TABLE)).isInstanceOf(RowanException.class)
                .satisfies(e -> assertThat(((RowanException) e).errors()).extracting(FieldError::field)
                        .containsExactly("config.collapsed[0]"));
        m.put("collapsed", List.of(List.of(7)));
        assertThatThrownBy(() -> ViewConfig.parse("grid", m, TABLE)).isInstanceOf(RowanException.class);
        m.put("collapsed", "o1");
        assertThatThrownBy(() -> ViewConfig.parse("grid", m, TABLE)).isInstanceOf(RowanException.class);
        // a stored one that does not fit is dropped on read, the rest kept
        m.put("collapsed", List.of(List.of(7), List.of("o1")));
        GridConfig read = (GridConfig) ViewConfig.read("grid", m, TABLE).config();
        assertThat(read.collapsed()).containsExactly(List.of("o1"));
    }
}
