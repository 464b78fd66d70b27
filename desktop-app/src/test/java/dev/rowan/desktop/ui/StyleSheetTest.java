package dev.rowan.desktop.ui;

import javafx.css.CssParser;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's style sheet parses without an error. JavaFX only logs a broken rule and drops what follows it, so a lost
 * brace (as a merge once left) silently unstyles every screen after that line; this makes it a failing test.
 */
class StyleSheetTest {

    @Test
    void theStyleSheetParsesCleanly() throws Exception {
        URL css = Objects.requireNonNull(getClass().getResource("/dev/rowan/desktop/rowan.css"));
        CssParser.errorsProperty().clear();
        Stylesheet sheet = new CssParser().parse(css);
        List<String> errors = CssParser.errorsProperty().stream().map(Object::toString).toList();
        assertThat(errors).as("parse errors of rowan.css").isEmpty();
        assertThat(sheet.getRules()).isNotEmpty();
    }
}
