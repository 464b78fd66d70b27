package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.SelectOption;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Single and multiple select: the options, each with its label and colour, in order. */
public final class OptionSettings extends KindSettings {
    private final ObservableList<OptionDraft> options = FXCollections.observableArrayList();

    OptionSettings(String kind, FieldType from) {
        super(kind);
        if (from instanceof FieldType.Select s) {
            for (SelectOption o : s.options()) options.add(new OptionDraft(o.id(), o.label(), o.color()));
        }
    }

    public ObservableList<OptionDraft> options() {
        return options;
    }

    /** Adds an option with the next colour of the palette. */
    public void addOption(String label) {
        options.add(new OptionDraft(null, label, FieldTypes.COLORS.get(options.size() % FieldTypes.COLORS.size())));
    }

    public Map<String, Object> config() {
        List<Map<String, Object>> opts = new ArrayList<>();
        for (OptionDraft o : options) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (o.id() != null) m.put("id", o.id());
            m.put("label", o.label().get() == null ? "" : o.label().get());
            if (o.color().get() != null && !o.color().get().isBlank()) m.put("color", o.color().get());
            opts.add(m);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("options", opts);
        return config;
    }

    @Override
    public void carry(KindSettings from) {
        if (from instanceof OptionSettings o) options.setAll(o.options);
    }
}
