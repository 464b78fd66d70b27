package dev.rowan.model.view;

import dev.rowan.model.error.FieldError;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.rowan.model.view.ViewConfigTest.DUE;
import static dev.rowan.model.view.ViewConfigTest.GONE;
import static dev.rowan.model.view.ViewConfigTest.NAME;
import static dev.rowan.model.view.ViewConfigTest.QTY;
import static dev.rowan.model.view.ViewConfigTest.STATUS;
import static dev.rowan.model.view.ViewConfigTest.TABLE;
import static dev.rowan.model.view.ViewConfigTest.UNKNOWN;
import static dev.rowan.model.view.ViewConfigTest.id;
import static dev.rowan.model.view.ViewConfigTest.option;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The kanban board's settings: refusals with paths on write, stale boards (removed field or option) on read. */
class KanbanConfigTest {
    static final String OPEN = option(STATUS, "Open");
    static final String DONE = option(STATUS, "Done");

    static Map<String, Object> board(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("query", Map.of());
        m.put("stackField", id(STATUS));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(board("stackField", id(QTY)), "config.stackField"),
                arguments(board("stackField", UNKNOWN), "config.stackField"),
                arguments(board("stackField", 7), "config.stackField"),
                arguments(board("titleField", "Name"), "config.titleField"),
                arguments(board("cardFields", List.of(id(DUE), id(DUE))), "config.cardFields[1]"),
                arguments(board("cardFields", List.of(UNKNOWN)), "config.cardFields[0]"),
                arguments(board("cardLimit", 0), "config.cardLimit"),
                arguments(board("cardLimit", 11), "config.cardLimit"),
                arguments(board("cardLimit", 2.5), "config.cardLimit"),
                arguments(board("hiddenColumns", List.of("no-such-option")), "config.hiddenColumns[0]"),
                arguments(board("collapsedColumns", List.of(OPEN, 3)), "config.collapsedColumns[1]"),
                arguments(board("collapsedColumns", "all"), "config.collapsedColumns"),
                arguments(Map.of("query", Map.of(), "hiddenColumns", List.of(OPEN)), "config.hiddenColumns[0]"),
                arguments(board("groupField", id(STATUS)), "config.groupField"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void aBadBoardIsRefusedWithThePathOfWhatIsWrong(Map<String, Object> config, String path) {
        assertThatThrownBy(() -> ViewConfig.parse("kanban", config, TABLE))
                .isInstanceOfSatisfying(RowanException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors()).extracting(FieldError::field).contains(path);
                    assertThat(e.getMessage()).doesNotContain("dt_").doesNotContain("f_");
                });
    }

    @Test
    void aGoodBoardReadsAsItsRecordAndBackToTheSameJson() {
        KanbanConfig k = (KanbanConfig) ViewConfig.parse("kanban", board("titleField", id(NAME),
                "cardFields", List.of(id(QTY), id(DUE)), "cardLimit", 1, "hiddenColumns", List.of(KanbanConfig.NO_VALUE),
                "collapsedColumns", List.of(DONE)), TABLE);
        assertThat(k.stackField()).isEqualTo(STATUS.id());
        assertThat(k.stack(TABLE)).contains(STATUS);
        assertThat(k.title(TABLE)).contains(NAME);
        assertThat(k.shownOnCards(TABLE)).containsExactly(QTY);
        assertThat(k.hiddenColumns()).containsExactly(KanbanConfig.NO_VALUE);
        assertThat(k.collapsedColumns()).containsExactly(DONE);
        assertThat(KanbanConfig.columnKeys(STATUS)).containsExactly(OPEN, DONE, KanbanConfig.NO_VALUE);
        assertThat(ViewConfig.parse("kanban", k.toMap(), TABLE)).isEqualTo(k);
    }

    @Test
    void anEmptyBoardIsValidAndStacksByNothing() {
        KanbanConfig k = (KanbanConfig) ViewConfig.parse("kanban", Map.of(), TABLE);
        assertThat(k).isEqualTo(KanbanConfig.EMPTY);
        assertThat(k.stack(TABLE)).isEmpty();
        assertThat(k.title(TABLE)).contains(NAME); // the first field
    }

    @Test
    void aBoardWhoseOptionWasRemovedReadsWithoutItAndSaysSo() {
        Map<String, Object> stored = board("hiddenColumns", List.of(OPEN, DONE), "collapsedColumns", List.of(DONE));
        // the designer removed "Done" since
        FieldDef fewer = STATUS.withType(FieldTypes.parse("single_select",
                Map.of("options", List.of(Map.of("id", OPEN, "label", "Open"))), STATUS.type()));
        TableDef now = new TableDef(TABLE.id(), TABLE.appId(), TABLE.name(), TABLE.schemaName(), TABLE.physicalName(),
                List.of(NAME, QTY, DUE, fewer, GONE));
        ViewConfig.Read r = ViewConfig.read("kanban", stored, now);
        KanbanConfig k = (KanbanConfig) r.config();
        assertThat(k.stackField()).isEqualTo(STATUS.id());
        assertThat(k.hiddenColumns()).containsExactly(OPEN);
        assertThat(k.collapsedColumns()).isEmpty();
        assertThat(r.dropped()).anySatisfy(d -> assertThat(d).startsWith("config.hiddenColumns[1]"))
                .anySatisfy(d -> assertThat(d).startsWith("config.collapsedColumns[0]"));
        // what was read saves again: the cleaned board passes the write check
        assertThat(k.validate(now)).isEmpty();
    }

    @Test
    void aBoardWhoseStackFieldWasRemovedOrRetypedReadsWithoutStacks() {
        FieldDef removed = STATUS.withHidden(true);
        FieldDef retyped = STATUS.withType(new FieldType.Text());
        for (FieldDef status : List.of(removed, retyped)) {
            TableDef now = new TableDef(TABLE.id(), TABLE.appId(), TABLE.name(), TABLE.schemaName(), TABLE.physicalName(),
                    List.of(NAME, QTY, DUE, status, GONE));
            ViewConfig.Read r = ViewConfig.read("kanban", board("collapsedColumns", List.of(OPEN),
                    "cardFields", List.of(id(GONE), id(QTY))), now);
            KanbanConfig k = (KanbanConfig) r.config();
            assertThat(k.stackField()).isNull();
            assertThat(k.stack(now)).isEmpty();
            assertThat(k.collapsedColumns()).isEmpty();
            assertThat(k.cardFields()).containsExactly(QTY.id());
            assertThat(r.dropped()).anySatisfy(d -> assertThat(d).startsWith("config.stackField"));
            assertThat(k.validate(now)).isEmpty();
        }
    }

    @Test
    void changingTheStackFieldForgetsTheOldColumns() {
        KanbanConfig k = KanbanConfig.stackedBy(STATUS.id()).withHidden(OPEN, true).withCollapsed(DONE, true);
        assertThat(k.hiddenColumns()).containsExactly(OPEN);
        assertThat(k.withStackField(UUID.randomUUID()).hiddenColumns()).isEmpty();
        assertThat(k.withCollapsed(DONE, false).collapsedColumns()).isEmpty();
        assertThat(k.withHidden(OPEN, true).hiddenColumns()).isEqualTo(Set.of(OPEN));
    }
}
