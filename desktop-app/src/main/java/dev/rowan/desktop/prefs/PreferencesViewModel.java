package dev.rowan.desktop.prefs;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Edits preferences; applying saves them and tells the window to restyle. */
public final class PreferencesViewModel {
    private final Path folder;
    private final Consumer<Preferences> onApply;
    private final ObjectProperty<Preferences> current;
    private final ObjectProperty<Preferences.Theme> theme = new SimpleObjectProperty<>();
    private final ObjectProperty<Preferences.Density> density = new SimpleObjectProperty<>();
    private final StringProperty datePattern = new SimpleStringProperty();
    private final StringProperty message = new SimpleStringProperty("");

    public PreferencesViewModel(Path folder, Preferences initial, Consumer<Preferences> onApply) {
        this.folder = folder;
        this.onApply = onApply;
        this.current = new SimpleObjectProperty<>(initial);
        reset();
    }

    public void reset() {
        theme.set(current.get().theme());
        density.set(current.get().density());
        datePattern.set(current.get().datePattern());
    }

    public boolean apply() {
        Preferences p;
        try {
            p = new Preferences(theme.get(), density.get(), datePattern.get());
        } catch (IllegalArgumentException e) {
            message.set("'" + datePattern.get() + "' is not a date pattern; try yyyy-MM-dd");
            return false;
        }
        p.save(folder);
        current.set(p);
        message.set("");
        onApply.accept(p);
        return true;
    }

    public ObjectProperty<Preferences> current() { return current; }
    public ObjectProperty<Preferences.Theme> theme() { return theme; }
    public ObjectProperty<Preferences.Density> density() { return density; }
    public StringProperty datePattern() { return datePattern; }
    public StringProperty message() { return message; }
}
