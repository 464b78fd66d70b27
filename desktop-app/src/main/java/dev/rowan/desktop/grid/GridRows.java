package dev.rowan.desktop.grid;

import javafx.collections.ObservableListBase;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.Map;

/**
 * The grid's item list: a fixed size (the row count) whose elements are made on demand by the ViewModel's page
 * cache, so a TableView over a million rows holds only the pages it shows. A new instance replaces it whenever
 * the row count or order changes. A grouped grid's list also holds its group headers: {@link #lines()} maps each
 * position to a header or a record (it belongs to this list, so a stale list still maps its own positions).
 */
public final class GridRows extends ObservableListBase<GridRow> {
    private final GridViewModel vm;
    private final int size;
    private final @Nullable GroupedRows lines;
    /** The header rows handed out so far (few: one per shown group at most). */
    private final Map<Integer, GridRow> headers = new HashMap<>();

    GridRows(GridViewModel vm, int size) {
        this(vm, size, null);
    }

    GridRows(GridViewModel vm, int size, @Nullable GroupedRows lines) {
        this.vm = vm;
        this.size = size;
        this.lines = lines;
    }

    @Override
    public GridRow get(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
        return vm.row(this, index);
    }

    @Override
    public int size() {
        return size;
    }

    /** Headers and records by position when the grid is grouped with header rows; null for records only. */
    @Nullable GroupedRows lines() {
        return lines;
    }

    /** The row of a header at a position (the same instance each time it is asked for). */
    GridRow header(int position, GroupedGrid.Header header) {
        return headers.computeIfAbsent(position, p -> new GridRow(p, header));
    }
}
