package dev.rowan.desktop.prefs;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.jspecify.annotations.Nullable;

import java.util.function.Function;

/** The preferences dialog: theme, density, date format. */
public final class PreferencesView {
    private PreferencesView() {
    }

    /** Shows an enum by its label; the combo boxes are not editable, so text is never read back. */
    private static <E extends Enum<E>> StringConverter<E> labels(Function<E, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(@Nullable E e) {
                return e == null ? "" : label.apply(e);
            }

            @Override
            public @Nullable E fromString(String s) {
                return null;
            }
        };
    }

    public static void show(Window owner, PreferencesViewModel vm) {
        vm.reset();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Preferences");
        ComboBox<Preferences.Theme> theme = new ComboBox<>();
        theme.getItems().addAll(Preferences.Theme.values());
        theme.valueProperty().bindBidirectional(vm.theme());
        theme.setId("prefs-theme");
        theme.setConverter(labels(Preferences.Theme::label));
        ComboBox<Preferences.Density> density = new ComboBox<>();
        density.getItems().addAll(Preferences.Density.values());
        density.valueProperty().bindBidirectional(vm.density());
        density.setId("prefs-density");
        density.setConverter(labels(Preferences.Density::label));
        ComboBox<String> date = new ComboBox<>();
        date.setEditable(true);
        date.getItems().addAll(Preferences.DATE_PATTERNS);
        date.valueProperty().bindBidirectional(vm.datePattern());
        date.setId("prefs-date");
        for (ComboBox<?> c : java.util.List.of(theme, density, date)) c.setPrefWidth(180);
        Label msg = new Label();
        msg.textProperty().bind(vm.message());
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(12));
        g.addRow(0, new Label("Theme"), theme);
        g.addRow(1, new Label("Density"), density);
        g.addRow(2, new Label("Date format"), date);
        g.add(msg, 1, 3);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ButtonType.OK).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (!vm.apply()) e.consume();
        });
        d.showAndWait();
    }
}
