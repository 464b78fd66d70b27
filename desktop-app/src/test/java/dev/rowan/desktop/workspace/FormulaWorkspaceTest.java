package dev.rowan.desktop.workspace;

import dev.rowan.model.error.RowanException;
import dev.rowan.model.formula.H2Functions;
import dev.rowan.model.query.Filter;
import dev.rowan.model.query.Operator;
import dev.rowan.model.query.Sort;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.sync.Mutation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Formula fields in the desktop's H2 workspace: the V7 migration declares the aliases the compiled SQL calls, a
 * formula field gets no column, its values are computed by H2 in pages (filtered and sorted there), typing into it
 * is refused, the FIELD mutation carries the stored formula, and a type change materialises its values.
 */
class FormulaWorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void theMigrationDeclaresExactlyTheAliasesTheCompilerCalls() throws IOException {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/db/workspace/V7__formula_functions.sql")) {
            assertThat(in).isNotNull();
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statements = script.lines().filter(l -> !l.startsWith("--") && !l.isBlank())
                .map(l -> l.replace("PUBLIC.", "").replaceAll(";$", "")).toList();
        assertThat(statements).containsExactlyElementsOf(H2Functions.createAliases());
    }

    @Test
    void formulaValuesAreComputedByTheWorkspaceFilteredSortedAndNeverWritten() {
        UUID tableId;
        UUID totalId;
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            RecordStore records = new RecordStore(ws);
            AppInfo app = schema.createApp("Shop");
            TableDef t = schema.createTable(app.id(), null, "Lines", List.of(
                    FieldDef.of(UUID.randomUUID(), "Item", new FieldType.Text()),
                    FieldDef.of(UUID.randomUUID(), "Qty", new FieldType.NumberType(2))));
            FieldDef item = t.fields().get(0);
            FieldDef qty = t.fields().get(1);
            FieldDef total = schema.addField(t.id(), FieldDef.of(UUID.randomUUID(), "Total",
                    FieldTypes.parse("formula", Map.of("formula", "{Qty} * 2 + LEN({Item})"), null)));
            assertThat(((FieldType.Formula) total.type()).formula()).contains("{fld:" + qty.id() + "}");
            totalId = total.id();
            tableId = t.id();
            t = schema.table(t.id());
            records.insert(t, Map.of(item.id(), "ab", qty.id(), new BigDecimal("1.50")));
            records.insert(t, Map.of(item.id(), "abcd", qty.id(), new BigDecimal("10.00")));
            records.insert(t, Map.of(item.id(), "x"));
            Page all = records.page(t, null, List.of(Sort.asc(total.id().toString())), null, 10);
            assertThat(all.rows()).extracting(r -> r.value(totalId) == null ? null
                    : ((BigDecimal) r.value(totalId)).stripTrailingZeros().toPlainString()).containsExactly("5", "24", null);
            Page big = records.page(t, new Filter.Condition(total.id().toString(), Operator.GT, new BigDecimal("6")),
                    List.of(), null, 10);
            assertThat(big.rows()).extracting(r -> r.value(item.id())).containsExactly("abcd");
            UUID first = all.rows().getFirst().id();
            TableDef table = t;
            assertThatThrownBy(() -> records.update(table, List.of(new RecordStore.CellChange(first, totalId,
                    null, new BigDecimal("1"))))).isInstanceOf(RowanException.class).hasMessageContaining("computed");
            assertThat(Outbox.pending(ws, 100)).filteredOn(m -> m.entity() == Mutation.Entity.FIELD)
                    .anySatisfy(m -> assertThat(m.payload()).contains("formula").contains("fld:" + qty.id()));
        }
        // reopened: the aliases are in the workspace file, the formula still computes
        try (Workspace ws = Workspace.open(dir)) {
            SchemaStore schema = new SchemaStore(ws);
            TableDef t = schema.table(tableId);
            Page p = new RecordStore(ws).page(t, null, List.of(Sort.asc(totalId.toString())), null, 10);
            assertThat(p.rows().getFirst().value(totalId)).isNotNull();
            // formula -> number: the computed values stay as stored values
            FieldDef total = t.fieldById(totalId).orElseThrow();
            schema.changeFieldType(tableId, total.withType(new FieldType.NumberType(1)), () -> false);
            TableDef after = schema.table(tableId);
            Page stored = new RecordStore(ws).page(after, null, List.of(Sort.asc(totalId.toString())), null, 10);
            assertThat((BigDecimal) stored.rows().get(0).value(totalId)).isEqualByComparingTo("5");
            assertThat((BigDecimal) stored.rows().get(1).value(totalId)).isEqualByComparingTo("24");
        }
    }
}
