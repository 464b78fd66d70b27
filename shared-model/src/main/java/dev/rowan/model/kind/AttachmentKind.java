package dev.rowan.model.kind;

import dev.rowan.model.json.JsonText;
import dev.rowan.model.query.Operator;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.value.FileRef;
import dev.rowan.model.value.JsonValue;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * Files on a record: a list of {@link FileRef}s stored as JSON. The bytes are not part of the value: the server keeps
 * them content-addressed in the company's schema and checks on every write that each id is a file uploaded to the
 * table ({@code server.files.AttachmentRefs}).
 */
final class AttachmentKind implements FieldKind<FieldType.Attachment> {
    private static final FieldType.Attachment TYPE = new FieldType.Attachment();

    public String kind() {
        return "attachment";
    }

    public List<String> aliases() {
        return List.of("attachments", "file", "files");
    }

    public Class<FieldType.Attachment> typeClass() {
        return FieldType.Attachment.class;
    }

    public FieldType.Attachment parse(Map<String, @Nullable Object> config, @Nullable FieldType previous) {
        return TYPE;
    }

    public FieldType.Attachment example() {
        return TYPE;
    }

    public StorageClass storage(FieldType.Attachment type) {
        return StorageClass.JSON;
    }

    public List<Operator> operators(FieldType.Attachment type) {
        return List.of(Operator.IS_NULL, Operator.IS_NOT_NULL);
    }

    public boolean sortable() {
        return false;
    }

    public boolean ordered() {
        return false;
    }

    public boolean indexable() {
        return false;
    }

    public @Nullable Object coerce(FieldType.Attachment type, FieldDef field, Object raw, String key) {
        return FileRef.value(FileRef.parse(raw, key, field.name()));
    }

    public @Nullable Object toApi(FieldType.Attachment type, Object value) {
        return JsonText.parse(((JsonValue) value).text());
    }

    /**
     * The JSON list of the files: what a copy carries so that a paste (into another record of the table) names the
     * same files. Screens show the names ({@link FileRef#list}).
     */
    public String formatText(FieldType.Attachment type, Object value) {
        return ((JsonValue) value).text();
    }

    /** Pasted text is the JSON list a copy wrote, or file ids separated by commas. */
    public @Nullable Object parseInput(FieldType.Attachment type, String text, String stripped, String key) {
        if (stripped.startsWith("[")) {
            try {
                return JsonText.parse(stripped);
            } catch (IllegalArgumentException e) {
                return stripped;
            }
        }
        return List.of(stripped.split("\\s*,\\s*"));
    }

    public String canonicalText(FieldType.Attachment type, Object value) {
        return ((JsonValue) value).text();
    }

    public Object fromCanonicalText(FieldType.Attachment type, String text) {
        return new JsonValue(text);
    }

    public String sampleText() {
        return "[{\"id\":\"0b7e3c52-8f6d-4c1e-9a55-2f1d6b9c0a11\",\"name\":\"plan.pdf\",\"size\":1234,"
                + "\"mime\":\"application/pdf\"}]";
    }
}
