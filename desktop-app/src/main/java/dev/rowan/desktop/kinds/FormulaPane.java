package dev.rowan.desktop.kinds;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.fxmisc.richtext.CodeArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The designer's formula editor, bound to a {@link FormulaSettings}: a code area (RichTextFX) whose text is coloured
 * as the parser reads it (functions, {field references}, texts, numbers, operators: {@link FormulaHighlighter}) with
 * the piece at the check's error position underlined; the error with its line and column and a marker line pointing
 * at it (the caret also jumps there on Ctrl+E); suggestions for the word at the caret — field names after "{",
 * function names (with their signature) for a bare word — of which Ctrl+Space, or Enter or a click on the list,
 * inserts one; the result type and the preview on the first records.
 */
final class FormulaPane {
    private FormulaPane() {
    }

    static Node of(FormulaSettings s) {
        CodeArea text = new CodeArea();
        text.setId("designer-formula");
        text.getStyleClass().add("formula-editor");
        text.setPrefHeight(78);
        text.setPrefWidth(420);
        text.setWrapText(true);
        text.replaceText(s.formula().get() == null ? "" : s.formula().get());
        // an empty formula (a new one) is written at once: the editor takes the keys as soon as it is shown
        text.sceneProperty().addListener((o, a, b) -> {
            if (b != null && text.getText().isEmpty()) javafx.application.Platform.runLater(text::requestFocus);
        });
        // the area's text and the ViewModel's formula follow each other (a code area has no bindable text)
        text.textProperty().addListener((o, a, b) -> {
            if (!b.equals(s.formula().get())) s.formula().set(b);
        });
        InvalidationListener fromModel = o -> {
            String f = s.formula().get() == null ? "" : s.formula().get();
            if (!f.equals(text.getText())) text.replaceText(f);
        };
        s.formula().addListener(new WeakInvalidationListener(fromModel));
        InvalidationListener colour = o -> text.setStyleSpans(0,
                FormulaHighlighter.spans(text.getText(), s.error().get() == null || s.error().get().isEmpty() ? -1
                        : s.errorOffset().get()));
        // a change listener: restyling invalidates the area's text without changing it
        text.textProperty().addListener((o, a, b) -> colour.invalidated(o));
        s.errorOffset().addListener(new WeakInvalidationListener(colour));
        s.error().addListener(new WeakInvalidationListener(colour));

        Label error = new Label();
        error.setId("designer-formula-error");
        error.setWrapText(true);
        error.getStyleClass().add("formula-error");
        error.setStyle("-fx-text-fill: -color-danger-fg, #b00020;");
        Label marker = new Label();
        marker.setId("designer-formula-marker");
        marker.setStyle("-fx-font-family: monospace; -fx-text-fill: -color-danger-fg, #b00020; -fx-underline: true;");
        Label result = new Label();
        result.setId("designer-formula-type");
        ListView<String> suggestions = new ListView<>();
        suggestions.setId("designer-formula-suggestions");
        suggestions.setPrefHeight(72);
        ListView<String> preview = new ListView<>(s.preview());
        preview.setId("designer-formula-preview");
        preview.setPrefHeight(96);

        InvalidationListener refresh = o -> {
            String msg = s.error().get();
            if (msg == null || msg.isEmpty()) {
                error.setText("");
                marker.setText("");
            } else if (s.errorLine().get() > 0) {
                error.setText(s.errorLine().get() + ":" + s.errorColumn().get() + "  " + msg);
                String[] lines = s.formula().get().split("\n", -1);
                String line = lines[Math.min(lines.length, s.errorLine().get()) - 1];
                marker.setText(line + "\n" + " ".repeat(Math.max(0, s.errorColumn().get() - 1)) + "^");
            } else {
                error.setText(msg);
                marker.setText("");
            }
            String type = s.resultType().get();
            result.setText(type == null || type.isEmpty() ? "" : "Result: " + type);
        };
        InvalidationListener caret = o -> suggestions.getItems().setAll(s.suggestions(text.getCaretPosition()));
        text.textProperty().addListener((o, a, b) -> caret.invalidated(o));
        s.error().addListener(new WeakInvalidationListener(refresh));
        s.resultType().addListener(new WeakInvalidationListener(refresh));
        text.caretPositionProperty().addListener(caret);
        text.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.SPACE && e.isControlDown() && !suggestions.getItems().isEmpty()) {
                insert(text, s, suggestions.getItems().getFirst());
                e.consume();
            } else if (e.getCode() == KeyCode.E && e.isControlDown() && s.errorOffset().get() >= 0) {
                text.moveTo(Math.min(s.errorOffset().get(), text.getLength()));
                e.consume();
            }
        });
        suggestions.setOnMouseClicked(e -> {
            String pick = suggestions.getSelectionModel().getSelectedItem();
            if (pick != null) insert(text, s, pick);
        });
        suggestions.setOnKeyPressed(e -> {
            String pick = suggestions.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && pick != null) {
                insert(text, s, pick);
                text.requestFocus();
                e.consume();
            }
        });
        // empty parts take no room, so the rest of the designer stays in view
        for (javafx.scene.control.Labeled l : java.util.List.of(error, marker, result)) {
            l.managedProperty().bind(l.visibleProperty());
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
        }
        Label suggestionsTitle = new Label("Suggestions");
        suggestionsTitle.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(suggestions.getItems()));
        suggestions.visibleProperty().bind(suggestionsTitle.visibleProperty());
        suggestionsTitle.managedProperty().bind(suggestionsTitle.visibleProperty());
        suggestions.managedProperty().bind(suggestionsTitle.visibleProperty());
        refresh.invalidated(null);
        colour.invalidated(null);
        VBox box = new VBox(6, new Label("Formula"), text, error, marker, result, suggestionsTitle, suggestions, new Label("Preview (first records)"), preview);
        // the pane holds its listeners; the ViewModel only weak references to them
        box.getProperties().put(FormulaPane.class, List.of(refresh, fromModel, colour));
        return box;
    }

    /** Replaces the word before the caret with a suggestion (a function's name with "(", or a field reference). */
    private static void insert(CodeArea text, FormulaSettings s, String suggestion) {
        int caret = text.getCaretPosition();
        String t = text.getText();
        int start = caret;
        while (start > 0 && (Character.isLetterOrDigit(t.charAt(start - 1)) || t.charAt(start - 1) == '_'
                || t.charAt(start - 1) == '{' || t.charAt(start - 1) == ' ' && t.lastIndexOf('{', start - 1) > t.lastIndexOf('}', start - 1))) {
            start--;
            if (t.charAt(start) == '{') break;
        }
        String insert = suggestion.startsWith("{") ? suggestion : suggestion.substring(0, suggestion.indexOf('(') + 1);
        text.replaceText(start, caret, insert);
        text.moveTo(start + insert.length());
    }
}
