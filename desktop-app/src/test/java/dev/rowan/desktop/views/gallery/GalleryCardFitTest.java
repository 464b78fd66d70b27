package dev.rowan.desktop.views.gallery;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gallery card has a fixed size: fields that do not fit whole are hidden, never drawn past the card's edge over
 * the cards below (found using the app: a medium card with four fields drew its last value under the card).
 */
@ExtendWith(ApplicationExtension.class)
class GalleryCardFitTest {
    private final GalleryView.CardBox card = new GalleryView.CardBox();

    @Start
    void start(Stage stage) {
        card.setStyle("-fx-padding: 10");
        card.setPrefSize(240, 180);
        card.setMinSize(240, 180);
        card.setMaxSize(240, 180);
        card.getChildren().add(new Label("Title"));
        for (int i = 0; i < 8; i++) card.getChildren().add(new VBox(2, new Label("Field " + i), new Label("value " + i)));
        stage.setScene(new Scene(new Pane(card), 400, 400));
        stage.show();
    }

    @Test
    void whatDoesNotFitWholeIsHiddenAndEverythingShownIsInside(FxRobot robot) {
        robot.interact(() -> { });
        List<Node> shown = card.getChildren().stream().filter(Node::isVisible).toList();
        assertThat(shown.size()).as("the title and a few fields").isBetween(2, 8);
        assertThat(card.getChildren().getLast().isVisible()).isFalse();
        for (Node n : shown) {
            assertThat(n.getBoundsInParent().getMaxY()).isLessThanOrEqualTo(card.getHeight() - 10 + 0.5);
        }
        // hidden from the first one that does not fit on: no gap with a later, smaller field shown
        int firstHidden = card.getChildren().indexOf(card.getChildren().stream().filter(n -> !n.isVisible())
                .findFirst().orElseThrow());
        assertThat(card.getChildren().subList(firstHidden, card.getChildren().size())).noneMatch(Node::isVisible);
    }
}
