package dev.rowan.desktop.kinds;

import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * One editing session of a grid cell, made by a kind's {@link KindUi#gridEditor}. The grid lays {@link #root()}
 * over the cell and gives {@link #input()} the keyboard; the session talks back only through its
 * {@link EditorHost}, so it never knows rows, indexes or the table.
 */
public abstract class GridEditor {
    protected final EditorHost host;

    protected GridEditor(EditorHost host) {
        this.host = host;
    }

    /** The node laid over the cell. */
    public abstract Node root();

    /** The node that takes the keyboard. */
    public abstract Node input();

    /** Fills the editor: {@code typed} says the text is the key that opened it (it replaces the content). */
    public abstract void start(String text, boolean typed);

    /** Hands what the editor holds to the host (Enter, Tab, a click elsewhere). */
    public abstract void commit();

    public double minWidth() {
        return 80;
    }

    public double height(double cellHeight) {
        return cellHeight;
    }

    /** Keys every editor shares: Tab, Escape; Enter unless the editor uses it itself. */
    protected final void keys(Node on, boolean enterSaves) {
        on.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!host.isOpen(this)) return;
            if (e.getCode() == KeyCode.ESCAPE) {
                host.cancel();
            } else if (e.getCode() == KeyCode.TAB) {
                host.save(0, e.isShiftDown() ? -1 : 1);
            } else if (enterSaves && e.getCode() == KeyCode.ENTER && !e.isAltDown()) {
                host.save(e.isShiftDown() ? -1 : 1, 0);
            } else {
                return;
            }
            e.consume();
        });
    }
}
