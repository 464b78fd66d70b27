package dev.rowan.model.kind;

import dev.rowan.model.schema.FieldType;

import java.util.List;

/**
 * Markdown text: stored and searched as the Markdown source (so "contains" finds words, and the text travels
 * unchanged through copy and paste); the desktop renders it. Long like long text: no unique rule, no btree index.
 */
final class RichTextKind extends TextualKind<FieldType.RichText> {
    RichTextKind() {
        super("rich_text", FieldType.RichText.class, new FieldType.RichText(), ValueRules.MAX_TEXT);
    }

    /** Not grouped by. */
    @Override
    public java.util.Optional<Object> groupKeyValue(FieldType.RichText type, String text) {
        return java.util.Optional.empty();
    }

    public List<String> aliases() {
        return List.of("markdown");
    }

    public Object parseInput(FieldType.RichText type, String text, String stripped, String key) {
        return text;
    }

    public boolean whitespaceIsValue() {
        return true;
    }

    public boolean indexable() {
        return false;
    }

    public String sampleText() {
        return "# Notes\n\nSome **bold** and a [link](https://example.com)\n\n- one\n- two";
    }

    /** Any text is valid Markdown. */
    public boolean acceptsEveryValueOf(FieldType from) {
        return true;
    }
}
