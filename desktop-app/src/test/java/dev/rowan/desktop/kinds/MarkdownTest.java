package dev.rowan.desktop.kinds;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A rich text value as the cell and the form show it: markup gone from cells, styled in the form, no HTML run. */
class MarkdownTest {

    private static String joined(List<Markdown.Piece> pieces) {
        StringBuilder b = new StringBuilder();
        for (Markdown.Piece t : pieces) b.append(t.text());
        return b.toString();
    }

    private static Markdown.Piece piece(List<Markdown.Piece> pieces, String text) {
        return pieces.stream().filter(t -> t.text().equals(text)).findFirst().orElseThrow();
    }

    @Test
    void cellsShowTheTextWithoutItsMarkupOnOneLine() {
        assertThat(Markdown.plain("# Plan\n\n- **one**\n- two [site](https://x.example)"))
                .isEqualTo("Plan • one • two site");
        assertThat(Markdown.plain("x".repeat(600))).hasSize(501).endsWith("…");
    }

    @Test
    void theFormRendersHeadingsEmphasisCodeListsAndLinksAsStyledText() {
        List<Markdown.Piece> p = Markdown.pieces("# Plan\n\nSome **bold**, *soft* and `code`.\n\n1. first\n2. [site](https://x.example)\n\n> quoted");
        assertThat(joined(p)).isEqualTo("Plan\nSome bold, soft and code.\n1. first\n2. site\n│ quoted");
        assertThat(piece(p, "Plan").classes()).contains("md-h1", "md-strong");
        assertThat(piece(p, "bold").classes()).containsExactly("md-strong");
        assertThat(piece(p, "soft").classes()).containsExactly("md-emphasis");
        assertThat(piece(p, "code").classes()).containsExactly("md-code");
        assertThat(piece(p, "site").classes()).containsExactly("md-link");
        assertThat(piece(p, "Some ").classes()).isEmpty();
    }

    @Test
    void theFormsPreviewIsATextFlowOfThoseRuns() {
        javafx.scene.text.TextFlow flow = Markdown.render("a **b**");
        assertThat(flow.getChildren()).hasSize(2);
        assertThat(((javafx.scene.text.Text) flow.getChildren().get(1)).getStyle()).contains("bold");
    }

    @Test
    void htmlIsShownAsTextNeverInterpreted() {
        List<Markdown.Piece> p = Markdown.pieces("<script>alert(1)</script>\n\nhi <b>x</b>");
        assertThat(joined(p)).contains("<script>alert(1)</script>").contains("<b>");
    }
}
