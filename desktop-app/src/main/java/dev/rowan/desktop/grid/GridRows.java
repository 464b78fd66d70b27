package dev.rowan.desktop.grid;

import javafx.collections.ObservableListBase;

/**
 * The grid's item list: a fixed size (the row count) whose elements are made on demand by the ViewModel's page
 * cache, so a TableView over a million rows holds only the pages it shows. A new instance replaces it whenever
 * the row count or order changes.
 */
public final class GridRows extends ObservableListBase<GridRow> {
    private final GridViewModel vm;
    private final int size;

    GridRows(GridViewModel vm, int size) {
        this.vm = vm;
        this.size = size;
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
}
