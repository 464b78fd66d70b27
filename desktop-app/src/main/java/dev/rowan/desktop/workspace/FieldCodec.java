package dev.rowan.desktop.workspace;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.FieldTypes;
import dev.rowan.model.schema.Validation;
import dev.rowan.model.value.FieldValues;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Field definitions to and from their stored and outbox (API-shaped JSON) forms. */
final class FieldCodec {
    private FieldCodec() {
    }

    @SuppressWarnings("unchecked")
    static FieldType type(String kind, String configJson) {
        Object config = JsonText.parse(configJson);
        return FieldTypes.parse(kind, config instanceof Map<?, ?> m ? (Map<String, @Nullable Object>) m : Map.of(), null);
    }

    static String config(FieldType type) {
        return JsonText.write(type.config());
    }

    static String validation(Validation v) {
        return JsonText.write(v.toMap());
    }

    static Validation validation(String json) {
        if (!(JsonText.parse(json) instanceof Map<?, ?> m) || m.isEmpty()) return Validation.NONE;
        return new Validation(decimal(m.get("min")), decimal(m.get("max")), integer(m.get("minLength")),
                integer(m.get("maxLength")), m.get("pattern") instanceof String s ? s : null);
    }

    private static @Nullable BigDecimal decimal(@Nullable Object o) {
        return o == null ? null : new BigDecimal(o.toString());
    }

    private static @Nullable Integer integer(@Nullable Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    /** The API shape of a field definition, as the server's field endpoints and FIELD CREATE mutations take it. */
    static String payload(FieldDef f) {
        return JsonText.write(api(f, true));
    }

    /** A FIELD CREATE of a link made here with its pair: the server makes the inverse with the same id and name. */
    @SuppressWarnings("unchecked")
    static String linkPayload(FieldDef f, String inverseName) {
        Map<String, @Nullable Object> m = api(f, true);
        Map<String, @Nullable Object> config = new LinkedHashMap<>((Map<String, @Nullable Object>) m.get("config"));
        config.put("inverseName", inverseName);
        m.put("config", config);
        return JsonText.write(m);
    }

    /** A FIELD UPDATE: the new definition plus the name it had before, so the server can tell rename clashes. */
    static String updatePayload(FieldDef f, String nameBefore) {
        Map<String, @Nullable Object> m = api(f, false);
        m.put("base", Map.of("name", nameBefore));
        return JsonText.write(m);
    }

    /** A FIELD UPDATE whose type change empties the values that cannot convert (the server's clearInvalid). */
    static String updatePayloadClearingInvalid(FieldDef f, String nameBefore) {
        Map<String, @Nullable Object> m = api(f, false);
        m.put("base", Map.of("name", nameBefore));
        m.put("clearInvalid", true);
        return JsonText.write(m);
    }

    private static Map<String, @Nullable Object> api(FieldDef f, boolean withId) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        if (withId) m.put("id", f.id().toString());
        m.put("name", f.name());
        m.put("type", f.type().kind());
        m.put("config", f.type().config());
        m.put("required", f.required());
        m.put("unique", f.unique());
        m.put("indexed", f.indexed());
        m.put("defaultValue", FieldValues.toWire(f.type(), f.defaultValue()));
        m.put("validation", f.validation().toMap());
        m.put("description", f.description());
        return m;
    }
}
