package dev.rowan.desktop.archbreach;

import javafx.scene.control.Label;
import javafx.scene.layout.Pane;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Classes that break the desktop's architecture rules on purpose, so {@code dev.rowan.desktop.ArchitectureTest} can show each rule
 * fails. They are test sources: the rules on the application never see them.
 */
public final class ArchitectureBreaches {
    private ArchitectureBreaches() {
    }

    /** A ViewModel that builds a control and runs SQL: breaks two rules. */
    public static final class LeakyViewModel {
        Label label() {
            return new Label("no");
        }

        void save(Connection c) throws SQLException {
            c.commit();
        }
    }

    /** A node declared outside the screen packages. */
    public static final class StrayView extends Pane {
    }
}
