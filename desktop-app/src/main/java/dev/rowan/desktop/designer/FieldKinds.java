package dev.rowan.desktop.designer;

import java.util.Map;

/** What the designer calls each field kind (the API's kind names are never shown). */
public final class FieldKinds {
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("text", "Single line text"), Map.entry("long_text", "Long text"), Map.entry("number", "Number"),
            Map.entry("currency", "Currency"), Map.entry("percent", "Percent"), Map.entry("date", "Date"),
            Map.entry("single_select", "Single select"), Map.entry("multiple_select", "Multiple select"),
            Map.entry("boolean", "Checkbox"), Map.entry("url", "URL"), Map.entry("email", "Email"),
            Map.entry("phone", "Phone"), Map.entry("json", "JSON"));

    private FieldKinds() {
    }

    public static String label(String kind) {
        return LABELS.getOrDefault(kind, kind);
    }
}
