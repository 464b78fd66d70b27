package dev.rowan.model.view;

import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.view.GridGrouping.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which footer summaries a field can have: min and max need one ordered value per record (a list of options,
 * members or files has no order, and the desktop failed comparing such lists when it rolled groups up).
 */
class SummaryAppliesToTest {
    static final FieldType TAGS = new FieldType.MultipleSelect(List.of(new SelectOption("a", "A", "#ff0000")));

    @Test
    void minAndMaxNeedOneValuePerRecord() {
        for (FieldType scalar : List.of(new FieldType.Text(), new FieldType.NumberType(2), new FieldType.DateType(false),
                new FieldType.SingleSelect(List.of(new SelectOption("a", "A", "#ff0000"))))) {
            assertThat(Summary.MIN.appliesTo(scalar)).as("%s", scalar).isTrue();
            assertThat(Summary.MAX.appliesTo(scalar)).as("%s", scalar).isTrue();
        }
        for (FieldType list : List.of(TAGS, new FieldType.Attachment(), new FieldType.Json())) {
            assertThat(Summary.MIN.appliesTo(list)).as("%s", list).isFalse();
            assertThat(Summary.MAX.appliesTo(list)).as("%s", list).isFalse();
            assertThat(Summary.FILLED.appliesTo(list)).as("counts apply to every field").isTrue();
            assertThat(Summary.UNIQUE.appliesTo(list)).isTrue();
        }
    }

    @Test
    void sumAndAverageNeedNumbers() {
        assertThat(Summary.SUM.appliesTo(new FieldType.NumberType(0))).isTrue();
        assertThat(Summary.AVG.appliesTo(new FieldType.Text())).isFalse();
        assertThat(Summary.SUM.appliesTo(TAGS)).isFalse();
    }

    @Test
    void aSavedViewCannotAskTheMinimumOfAListAndAStoredOneOpensWithoutIt() {
        FieldDef tags = FieldDef.of(UUID.randomUUID(), "Tags", TAGS);
        FieldDef name = FieldDef.of(UUID.randomUUID(), "Name", new FieldType.Text());
        TableDef t = new TableDef(UUID.randomUUID(), UUID.randomUUID(), "T", "s", "p", List.of(tags, name), Map.of());
        Map<String, Object> config = Map.of("summaries", Map.of(tags.id().toString(), "min", name.id().toString(), "max"));
        assertThatThrownBy(() -> ViewConfig.parse("grid", config, t)).isInstanceOf(RowanException.class);
        ViewConfig.Read r = ViewConfig.read("grid", config, t);
        assertThat(((GridConfig) r.config()).summaries()).containsExactly(Map.entry(name.id(), Summary.MAX));
        assertThat(r.dropped()).singleElement().asString().contains("one value per record");
    }
}
