package dev.rowan.desktop.kinds;

import dev.rowan.model.kind.RatingKind;
import dev.rowan.model.schema.FieldType;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Rating: the cell shows full and empty stars up to the field's maximum; typing a digit edits it (the stars
 * themselves paste back too). The form has one star button per point: a click sets the rating, a click on the
 * current rating clears it.
 */
final class RatingUi extends KindUi<FieldType.Rating> {
    RatingUi() {
        super(FieldType.Rating.class, "Rating", new FieldType.Rating(5));
    }

    @Override
    double widthOf(FieldType.Rating t) {
        return Math.max(80, 16 * t.max() + 20);
    }

    @Override
    String textOf(FieldType.Rating t, Object value, DateTimeFormatter dates) {
        return RatingKind.stars(t, ((BigDecimal) value).intValue());
    }

    public FilterInput filterInput() {
        return FilterInput.NUMBER;
    }

    GridEditor gridEditorOf(FieldType.Rating t, EditorHost host) {
        return new TextEditor(host, "1–" + t.max());
    }

    Node formEditorOf(FieldType.Rating t, StringProperty text, Supplier<DateTimeFormatter> dates) {
        HBox stars = new HBox(2);
        stars.getStyleClass().add("rating-editor");
        for (int i = 1; i <= t.max(); i++) {
            int point = i;
            Button star = new Button();
            star.getStyleClass().addAll("flat", "rating-star");
            star.setFocusTraversable(true);
            star.setId("rating-star-" + i);
            star.setOnAction(e -> text.set(current(text.get()) == point ? "" : Integer.toString(point)));
            stars.getChildren().add(star);
        }
        Runnable paint = () -> {
            int v = current(text.get());
            for (int i = 0; i < stars.getChildren().size(); i++) {
                Button b = (Button) stars.getChildren().get(i);
                b.setText(String.valueOf(i < v ? RatingKind.STAR : RatingKind.EMPTY_STAR));
                b.setStyle("-fx-font-size: 1.35em; -fx-padding: 0 2 0 2; -fx-text-fill: " + (i < v ? "#d99a00;" : "#9aa0a6;"));
            }
        };
        paint.run();
        // the box holds the listener; the text property only a weak reference to it
        javafx.beans.InvalidationListener repaint = o -> paint.run();
        stars.getProperties().put(RatingUi.class, repaint);
        text.addListener(new javafx.beans.WeakInvalidationListener(repaint));
        return stars;
    }

    /** The rating the form's text holds; 0 for none or text that is no rating (the form reports that on save). */
    private static int current(String text) {
        try {
            return text == null || text.isBlank() ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public KindSettings settings(FieldType from) {
        return new RatingSettings(from);
    }
}
