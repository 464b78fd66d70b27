package dev.rowan.desktop.kinds;

import javafx.scene.Node;

/**
 * The grid's editor of a link cell: the {@link LinkPicker} over the cell. Links are written as they are picked (each
 * one undo step), so Enter links instead of saving; Tab moves on, Escape closes.
 */
final class LinkEditor extends GridEditor {
    private final LinkPicker picker;

    LinkEditor(EditorHost host, FieldLinks links) {
        super(host);
        this.picker = new LinkPicker(links);
        keys(picker.input(), false);
    }

    public Node root() {
        return picker.root();
    }

    public Node input() {
        return picker.input();
    }

    public void start(String text, boolean typed) {
        picker.start(typed ? text : "");
    }

    /** Nothing is left to save: every pick was written when it was made. */
    public void commit() {
    }

    @Override
    public double minWidth() {
        return 300;
    }

    @Override
    public double height(double cellHeight) {
        return (picker.hasChips() ? 34 : 0) + 32 + 6 * 28 + 8 + 42; // the keys' hint takes two lines
    }
}
