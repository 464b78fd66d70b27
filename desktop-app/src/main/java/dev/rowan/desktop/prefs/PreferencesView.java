package dev.rowan.desktop.prefs;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The preferences dialog: theme, density, date format. */
public final class PreferencesView {
    private PreferencesView() {
    }

    public static void show(Window owner, PreferencesViewModel vm) {
        vm.reset();
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Preferences");
        ComboBox<Preferences.Theme> theme = new ComboBox<>();
        theme.getItems().addAll(Preferences.Theme.values());
        theme.valueProperty().bindBidirectional(vm.theme());
        ComboBox<Preferences.Density> density = new ComboBox<>();
        density.getItems().addAll(Preferences.Density.values());
        density.valueProperty().bindBidirectional(vm.density());
        ComboBox<String> date = new ComboBox<>();
        date.setEditable(true);
        date.getItems().addAll(Preferences.DATE_PATTERNS);
        date.valueProperty().bindBidirectional(vm.datePattern());
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
