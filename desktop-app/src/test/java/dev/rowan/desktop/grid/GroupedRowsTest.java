package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.GroupSummaries.Group;
import dev.rowan.desktop.workspace.GroupSummaries.Result;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The grouped grid's list positions ({@link GroupedRows}) against a list written out line by line in the test: every
 * position's header or record offset, and back, for fixed and random group trees and collapse states.
 */
class GroupedRowsTest {
    private static Group g(long count, @Nullable Object... key) {
        return new Group(Arrays.asList(key), count, Map.of());
    }

    /** Two levels: A (A1 3, A2 2), B (B1 4), no value (its one subgroup 1). */
    private static Result twoLevels() {
        List<Group> groups = List.of(g(5, "A"), g(3, "A", 1), g(2, "A", 2), g(4, "B"), g(4, "B", 1),
                g(1, (Object) null), g(1, null, 1));
        return new Result(g(10), groups, false);
    }

    @Test
    void headersAndRecordsFollowEachOtherAndCollapsedGroupsKeepOnlyTheirHeader() {
        Set<List<@Nullable Object>> folded = Set.of(List.of("A", 2), List.of("B"));
        GroupedRows rows = GroupedRows.of(twoLevels(), 2, gr -> folded.contains(gr.key()));
        // H(A) H(A1) r0 r1 r2 H(A2, collapsed) H(B, collapsed) H(no value) H(no value/1) r3
        assertThat(rows.size()).isEqualTo(10);
        assertThat(rows.records()).isEqualTo(4);
        assertThat(header(rows, 0).group().key()).containsExactly("A");
        assertThat(header(rows, 0).hasSubgroups()).isTrue();
        assertThat(header(rows, 1).group().key()).containsExactly("A", 1);
        assertThat(rows.at(2)).isEqualTo(new GroupedRows.RecordLine(twoLevels().groups().get(1), 0, 0));
        assertThat(rows.at(4)).isEqualTo(new GroupedRows.RecordLine(twoLevels().groups().get(1), 2, 2));
        assertThat(header(rows, 5).collapsed()).isTrue();
        assertThat(header(rows, 5).group().key()).containsExactly("A", 2);
        assertThat(header(rows, 6).group().key()).containsExactly("B");
        assertThat(header(rows, 6).group().count()).isEqualTo(4); // a folded header keeps its count
        assertThat(header(rows, 7).group().key()).containsExactly((Object) null);
        assertThat(rows.at(9)).isEqualTo(new GroupedRows.RecordLine(twoLevels().groups().get(6), 0, 3));
        assertThat(rows.positionOf(0)).isEqualTo(2);
        assertThat(rows.positionOf(3)).isEqualTo(9);
        assertThat(rows.positionOf(4)).isEqualTo(-1);
        assertThat(rows.headerPosition(twoLevels().groups().get(4))).isEqualTo(-1); // under collapsed B
        assertThat(rows.headerPosition(twoLevels().groups().get(5))).isEqualTo(7);
        // keyboard moves skip headers
        assertThat(rows.recordFrom(5, 1)).isEqualTo(9);
        assertThat(rows.recordFrom(8, -1)).isEqualTo(4);
        assertThat(rows.recordFrom(0, -1)).isEqualTo(-1);
        assertThatThrownBy(() -> rows.at(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aCutOrEmptyResultGivesNoLines() {
        assertThat(GroupedRows.of(null, 2, x -> false).isEmpty()).isTrue();
        Result cut = new Result(g(10), twoLevels().groups(), true);
        assertThat(GroupedRows.of(cut, 2, x -> false).size()).isZero();
    }

    @Test
    void randomTreesAndFoldsMatchTheListWrittenOutLineByLine() {
        Random r = new Random(5);
        for (int round = 0; round < 200; round++) {
            int depth = 1 + r.nextInt(3);
            List<Group> groups = new ArrayList<>();
            tree(r, depth, 1, List.of(), groups);
            Result result = new Result(g(0), groups, false);
            Set<List<@Nullable Object>> folded = new HashSet<>();
            for (Group gr : groups) if (r.nextInt(4) == 0) folded.add(gr.key());
            GroupedRows rows = GroupedRows.of(result, depth, gr -> folded.contains(gr.key()));

            // the independent list: walk the tree, writing each shown header and each listed record
            List<Object> expected = new ArrayList<>();
            long offset = 0;
            for (Group gr : groups) {
                boolean hidden = false;
                for (int l = 1; l < gr.level(); l++) hidden |= folded.contains(gr.key().subList(0, l));
                if (hidden) continue;
                expected.add(gr.key());
                if (gr.level() == depth && !folded.contains(gr.key())) {
                    for (long k = 0; k < gr.count(); k++) expected.add(offset++);
                }
            }
            assertThat(rows.size()).isEqualTo(expected.size());
            assertThat(rows.records()).isEqualTo(offset);
            for (int p = 0; p < expected.size(); p++) {
                GroupedRows.Line line = rows.at(p);
                if (expected.get(p) instanceof Long rec) {
                    assertThat(line).isInstanceOf(GroupedRows.RecordLine.class);
                    assertThat(((GroupedRows.RecordLine) line).recordOffset()).isEqualTo(rec);
                    assertThat(rows.positionOf(rec)).isEqualTo(p);
                } else {
                    assertThat(((GroupedRows.HeaderLine) line).header().group().key()).isEqualTo(expected.get(p));
                }
            }
        }
    }

    private static void tree(Random r, int depth, int level, List<@Nullable Object> prefix, List<Group> out) {
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            List<@Nullable Object> key = new ArrayList<>(prefix);
            key.add(r.nextInt(5) == 0 ? null : "v" + i);
            int at = out.size();
            out.add(null);
            long count;
            if (level == depth) {
                count = r.nextInt(4);
            } else {
                int before = out.size();
                tree(r, depth, level + 1, key, out);
                count = out.subList(before, out.size()).stream().filter(x -> x.level() == level + 1)
                        .mapToLong(Group::count).sum();
            }
            out.set(at, new Group(key, count, Map.of()));
        }
    }

    private static GroupedGrid.Header header(GroupedRows rows, long p) {
        return ((GroupedRows.HeaderLine) rows.at(p)).header();
    }
}
