package dev.rowan.desktop.grid;

import dev.rowan.desktop.workspace.GroupSummaries.Group;
import dev.rowan.desktop.workspace.GroupSummaries.Result;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The grouped grid as one list of lines: each shown group's header, and under each expanded deepest-level group its
 * records, built from the group counts alone ({@link Result} is depth first with counts), so it costs O(groups)
 * memory at any number of records. This is the one place that maps a list position to a header or to a record
 * offset, and back.
 *
 * <p>The record offset is the record's position in the grid's record list: the view's records less those of
 * collapsed groups ({@link CollapsedRows}), sorted by the group fields first ({@code GridViewModel.effectiveSorts}),
 * so the records of the expanded deepest groups come in group order and the offset of a group's first record is the
 * sum of the counts of the expanded deepest groups before it. A collapsed group hides its subgroups and records; its
 * header stays, with its count.
 *
 * <p>The grid's item list carries one ({@link GridRows#lines()}); {@code GridViewModel.recordIndex} is where a
 * list position becomes a record index through it.
 */
public final class GroupedRows {
    /** A line of the grouped grid. */
    public sealed interface Line permits HeaderLine, RecordLine {
    }

    /** A group's header at a list position. */
    public record HeaderLine(GroupedGrid.Header header) implements Line {
    }

    /**
     * A record at a list position: its deepest-level group, its offset in that group, and its offset in the grid's
     * record list (what a page read asks for).
     */
    public record RecordLine(Group group, long inGroup, long recordOffset) implements Line {
    }

    /** One header and the records right under it (none unless it is an expanded deepest-level group). */
    private record Segment(GroupedGrid.Header header, long records, long firstRecord) {
    }

    private final List<Segment> segments;
    /** List position of each segment's header. */
    private final long[] start;
    private final long size;
    private final long records;
    /** Record offsets in the list's query, folded groups' records included when they keep their offsets. */
    private final long offsets;

    private GroupedRows(List<Segment> segments, long offsets) {
        this.segments = segments;
        this.start = new long[segments.size()];
        long at = 0;
        long recs = 0;
        for (int i = 0; i < segments.size(); i++) {
            start[i] = at;
            at += 1 + segments.get(i).records();
            recs += segments.get(i).records();
        }
        this.size = at;
        this.records = recs;
        this.offsets = offsets;
    }

    /**
     * The lines of {@code result} grouped {@code depth} levels deep, {@code collapsed} telling which groups are
     * folded. No groups (or a cut result, {@link Result#truncated()}: not every group is known) gives no lines.
     */
    public static GroupedRows of(@Nullable Result result, int depth, Predicate<Group> collapsed) {
        return of(result, depth, collapsed, false);
    }

    /**
     * As {@link #of(Result, int, Predicate)}; with {@code keepOffsets} a folded group's records keep their offsets
     * (the query lists them, the lines do not: a list in group order, where a fold is no filter), so record offsets
     * skip them and {@link #offsets()} counts them.
     */
    public static GroupedRows of(@Nullable Result result, int depth, Predicate<Group> collapsed, boolean keepOffsets) {
        List<Segment> out = new ArrayList<>();
        if (result == null || depth == 0 || result.truncated()) return new GroupedRows(out, 0);
        List<Group> groups = result.groups();
        // a group is hidden while any group above it is collapsed: remember the shallowest collapsed level open
        int hiddenBelow = Integer.MAX_VALUE;
        long firstRecord = 0;
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            if (g.level() <= hiddenBelow) hiddenBelow = Integer.MAX_VALUE; // left the collapsed group
            if (g.level() > hiddenBelow) {
                if (keepOffsets && g.level() == depth) firstRecord += g.count();
                continue;
            }
            boolean folded = collapsed.test(g);
            boolean sub = i + 1 < groups.size() && groups.get(i + 1).level() > g.level();
            long recs = !folded && g.level() == depth ? g.count() : 0;
            out.add(new Segment(new GroupedGrid.Header(g, folded, sub), recs, firstRecord));
            firstRecord += keepOffsets && g.level() == depth ? g.count() : recs;
            if (folded) hiddenBelow = g.level();
        }
        return new GroupedRows(out, firstRecord);
    }

    /** Lines in all: headers and records. */
    public long size() {
        return size;
    }

    /** Records listed (those of the expanded deepest groups): what the grid's record list should count. */
    public long records() {
        return records;
    }

    /** Record offsets the list's query has: {@link #records()}, and with kept offsets the folded groups' records. */
    public long offsets() {
        return offsets;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The line at a list position. */
    public Line at(long position) {
        if (position < 0 || position >= size) throw new IndexOutOfBoundsException("position " + position);
        int i = segmentAt(position);
        Segment s = segments.get(i);
        long within = position - start[i];
        if (within == 0) return new HeaderLine(s.header());
        return new RecordLine(s.header().group(), within - 1, s.firstRecord() + within - 1);
    }

    /** The list position of the record at {@code recordOffset} of the grid's record list; -1 if it is not listed. */
    public long positionOf(long recordOffset) {
        if (recordOffset < 0 || recordOffset >= offsets || segments.isEmpty()) return -1;
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) { // the last segment whose first record is at or before the offset, holding records
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).firstRecord() <= recordOffset) lo = mid;
            else hi = mid - 1;
        }
        while (lo > 0 && segments.get(lo).records() == 0) {
            lo--; // segments without records share their first record with the next one that has some
        }
        Segment s = segments.get(lo);
        // a record of a folded group (kept offsets) is not listed
        if (s.records() == 0 || recordOffset < s.firstRecord() || recordOffset >= s.firstRecord() + s.records()) return -1;
        return start[lo] + 1 + (recordOffset - s.firstRecord());
    }

    /** The list position of a group's header; -1 if it is not shown (a group above it is collapsed). */
    public long headerPosition(Group g) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).header().group().key().equals(g.key())) return start[i];
        }
        return -1;
    }

    /** The next list position at or after {@code from} (before it, going back when {@code step} is -1) that is a
     * record, for keyboard moves that skip headers; -1 when there is none that way. */
    public long recordFrom(long from, int step) {
        for (long p = from; p >= 0 && p < size; p += step) {
            int i = segmentAt(p);
            long within = p - start[i];
            if (within > 0) return p;
            if (segments.get(i).records() > 0 && step > 0) return p + 1;
        }
        return -1;
    }

    private int segmentAt(long position) {
        int i = Arrays.binarySearch(start, position);
        return i >= 0 ? i : -i - 2;
    }
}
