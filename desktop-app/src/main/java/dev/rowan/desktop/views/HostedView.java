package dev.rowan.desktop.views;

import javafx.scene.Node;

/** The nodes of one view kind, as the host places them. */
public interface HostedView {
    Node root();

    /** Saves what an open editor holds (the view is being left). */
    void commitEdit();

    /** Puts the keyboard into the view. */
    void focus();
}
