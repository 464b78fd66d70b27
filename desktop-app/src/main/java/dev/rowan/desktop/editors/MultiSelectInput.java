package dev.rowan.desktop.editors;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.SelectOption;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import org.controlsfx.control.CheckComboBox;

import java.util.ArrayList;
import java.util.List;

/**
 * A multiple select as a list of options to tick (Space or click toggles, arrows move), bound to the
 * comma-separated labels the form reads and writes, so it parses with the same shared rules as typed text.
 */
public final class MultiSelectInput {
    private MultiSelectInput() {
    }

    public static CheckComboBox<String> of(FieldType.MultipleSelect type, StringProperty text) {
        CheckComboBox<String> box = new CheckComboBox<>();
        for (SelectOption o : type.options()) box.getItems().add(o.label());
        box.setTitle(null);
        boolean[] syncing = {false};
        Runnable fromText = () -> {
            syncing[0] = true;
            try {
                box.getCheckModel().clearChecks();
                String t = text.get();
                if (t != null) {
                    for (String part : t.split(",")) {
                        String label = part.strip();
                        if (!label.isEmpty() && box.getItems().contains(label)) box.getCheckModel().check(label);
                    }
                }
            } finally {
                syncing[0] = false;
            }
        };
        fromText.run();
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (syncing[0]) return;
            List<String> labels = new ArrayList<>();
            for (String l : box.getItems()) if (box.getCheckModel().isChecked(l)) labels.add(l);
            syncing[0] = true;
            try {
                text.set(String.join(", ", labels));
            } finally {
                syncing[0] = false;
            }
        });
        text.addListener((o, a, b) -> {
            if (!syncing[0]) fromText.run();
        });
        box.setPrefWidth(320);
        return box;
    }
}
