package dev.rowan.desktop.kinds;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;

/**
 * A rich text field's Markdown (CommonMark) for the desktop: the plain text a cell shows and the rendered text the
 * form previews. Rendering builds JavaFX text nodes from commonmark-java's tree; nothing is interpreted as HTML and
 * no link is followed or image loaded, so a value cannot make the app fetch or run anything (HTML shows as its text).
 */
public final class Markdown {
    private static final Parser PARSER = Parser.builder().build();

    private Markdown() {
    }

    /** One run of rendered text with its style classes ({@code md-strong}, {@code md-h1}, ...) and inline style. */
    record Piece(String text, List<String> classes, String style) {
    }

    /** The rendered text without styles on one line, as a grid cell shows it (list bullets kept, URLs not shown). */
    public static String plain(String markdown) {
        StringBuilder b = new StringBuilder();
        for (Piece p : pieces(markdown)) b.append(p.text());
        String text = b.toString().replaceAll("\\s+", " ").strip();
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    /** The rendered text: headings, emphasis, code, lists, quotes and links styled. */
    public static TextFlow render(String markdown) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add("markdown");
        for (Piece p : pieces(markdown)) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(p.text());
            t.getStyleClass().addAll(p.classes());
            t.setStyle(p.style());
            flow.getChildren().add(t);
        }
        return flow;
    }

    /** The styled runs of the rendered text, in order. */
    static List<Piece> pieces(String markdown) {
        Renderer r = new Renderer();
        PARSER.parse(markdown).accept(r);
        return r.out;
    }

    private static final class Renderer extends AbstractVisitor {
        final List<Piece> out = new ArrayList<>();
        private int bold;
        private int italic;
        private boolean code;
        private boolean link;
        private int heading;
        private int quote;
        private final List<int[]> lists = new ArrayList<>(); // per open list: next number, or -1 for bullets

        private void add(String s) {
            if (s.isEmpty()) return;
            List<String> classes = new ArrayList<>();
            StringBuilder style = new StringBuilder();
            if (bold > 0 || heading > 0) {
                style.append("-fx-font-weight: bold;");
                classes.add("md-strong");
            }
            if (italic > 0) {
                style.append("-fx-font-style: italic;");
                classes.add("md-emphasis");
            }
            if (code) {
                style.append("-fx-font-family: monospace;");
                classes.add("md-code");
            }
            if (heading > 0) {
                style.append("-fx-font-size: ").append(heading == 1 ? "1.6em" : heading == 2 ? "1.35em" : "1.15em")
                        .append(';');
                classes.add("md-h" + heading);
            }
            if (link) {
                style.append("-fx-underline: true; -fx-fill: #2f6fdc;");
                classes.add("md-link");
            }
            out.add(new Piece(s, List.copyOf(classes), style.toString()));
        }

        /** Starts a block on its own line, with the quote bars of the quotes it is in. */
        private void block() {
            if (!out.isEmpty() && !out.getLast().text().endsWith("\n")) add("\n");
            if (quote > 0) add("│ ".repeat(quote));
        }

        @Override
        public void visit(Text text) {
            add(text.getLiteral());
        }

        @Override
        public void visit(Code c) {
            code = true;
            add(c.getLiteral());
            code = false;
        }

        @Override
        public void visit(Emphasis e) {
            italic++;
            visitChildren(e);
            italic--;
        }

        @Override
        public void visit(StrongEmphasis e) {
            bold++;
            visitChildren(e);
            bold--;
        }

        @Override
        public void visit(Heading h) {
            block();
            heading = h.getLevel();
            visitChildren(h);
            heading = 0;
        }

        @Override
        public void visit(Paragraph p) {
            if (!(p.getParent() instanceof ListItem) || p.getPrevious() != null) block();
            visitChildren(p);
        }

        @Override
        public void visit(BulletList l) {
            lists.add(new int[]{-1});
            visitChildren(l);
            lists.removeLast();
        }

        @Override
        public void visit(OrderedList l) {
            Integer start = l.getMarkerStartNumber();
            lists.add(new int[]{start == null ? 1 : start});
            visitChildren(l);
            lists.removeLast();
        }

        @Override
        public void visit(ListItem item) {
            block();
            int[] list = lists.isEmpty() ? new int[]{-1} : lists.getLast();
            String marker = list[0] < 0 ? "• " : (list[0]++) + ". ";
            add("    ".repeat(Math.max(0, lists.size() - 1)) + marker);
            visitChildren(item);
        }

        @Override
        public void visit(SoftLineBreak b) {
            add(" ");
        }

        @Override
        public void visit(HardLineBreak b) {
            add("\n");
        }

        @Override
        public void visit(FencedCodeBlock b) {
            codeBlock(b.getLiteral());
        }

        @Override
        public void visit(IndentedCodeBlock b) {
            codeBlock(b.getLiteral());
        }

        private void codeBlock(String literal) {
            block();
            code = true;
            add(literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal);
            code = false;
        }

        @Override
        public void visit(BlockQuote q) {
            quote++;
            visitChildren(q);
            quote--;
        }

        @Override
        public void visit(ThematicBreak b) {
            block();
            add("────────────");
        }

        @Override
        public void visit(HtmlBlock b) {
            block();
            add(b.getLiteral().strip());
        }

        @Override
        public void visit(HtmlInline h) {
            add(h.getLiteral());
        }

        @Override
        public void visit(Link l) {
            link = true;
            visitChildren(l);
            link = false;
        }
    }
}
