package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.GroupSummaries.Group;
import dev.rowan.desktop.workspace.GroupSummaries.Result;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GroupedRows} for a list in group order (a fold is no filter: the query still lists the folded records, the
 * lines skip them): record offsets keep counting through folded groups, and a folded record has no position. Checked
 * against the lines written out by hand.
 */
class GroupedRowsKeptOffsetsTest {
    private static Group g(long count, @Nullable Object... key) {
        return new Group(Arrays.asList(key), count, Map.of());
    }

    /** Two levels: A (A1 3, A2 2), B (B1 4), no value (1). */
    private static Result twoLevels() {
        List<Group> groups = List.of(g(5, "A"), g(3, "A", 1), g(2, "A", 2), g(4, "B"), g(4, "B", 1),
                g(1, (Object) null), g(1, null, 1));
        return new Result(g(10), groups, false);
    }

    @Test
    void foldedRecordsKeepTheirOffsetsAndHaveNoPosition() {
        Set<List<@Nullable Object>> folded = Set.of(List.of("A", 2), List.of("B"));
        GroupedRows rows = GroupedRows.of(twoLevels(), 2, gr -> folded.contains(gr.key()), true);
        // lines: H(A) H(A1) r0 r1 r2 H(A2, folded: offsets 3,4) H(B, folded: offsets 5..8) H(none) H(none/1) r9
        List<String> want = List.of("H[A]", "H[A, 1]", "r0", "r1", "r2", "H[A, 2]", "H[B]", "H[null]", "H[null, 1]", "r9");
        List<String> got = new ArrayList<>();
        for (int p = 0; p < rows.size(); p++) {
            got.add(switch (rows.at(p)) {
                case GroupedRows.HeaderLine h -> "H" + h.header().group().key();
                case GroupedRows.RecordLine r -> "r" + r.recordOffset();
            });
        }
        assertThat(got).isEqualTo(want);
        assertThat(rows.offsets()).isEqualTo(10);
        assertThat(rows.records()).isEqualTo(4);
        for (long offset = 0; offset < 10; offset++) {
            long expected = offset <= 2 ? offset + 2 : offset == 9 ? 9 : -1;
            assertThat(rows.positionOf(offset)).as("position of record %d", offset).isEqualTo(expected);
        }
        // without kept offsets the same folds give contiguous offsets (the query leaves folded records out)
        GroupedRows filtered = GroupedRows.of(twoLevels(), 2, gr -> folded.contains(gr.key()));
        assertThat(filtered.offsets()).isEqualTo(4);
        assertThat(filtered.positionOf(3)).isEqualTo(9);
    }
}
