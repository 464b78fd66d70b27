package dev.rowan.desktop.kinds;

import dev.rowan.model.schema.FieldType;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.ReadOnlyStringProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The designer's settings of a link, lookup or rollup field: for now what the field has (the linked table, the
 * field read, the function) is kept as it is and described; choosing them in the designer is not built yet.
 */
public final class LinkSettings extends KindSettings {
    private final Map<String, Object> config;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    LinkSettings(String kind, FieldType from, FieldType example) {
        super(kind);
        FieldType source = from.kind().equals(kind) ? from : example;
        this.config = new LinkedHashMap<>(source.config());
        summary.set(switch (source) {
            case FieldType.Link l -> "Links records of another table" + (l.limitOne() ? " (at most one)" : "");
            case FieldType.Lookup l -> "Shows a field of the linked records";
            case FieldType.Rollup r -> "The " + r.function().label() + " of a field of the linked records";
            default -> "";
        });
    }

    public Map<String, Object> config() {
        return new LinkedHashMap<>(config);
    }

    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }
}
