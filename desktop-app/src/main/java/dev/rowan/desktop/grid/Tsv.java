package dev.rowan.desktop.grid;

import java.util.ArrayList;
import java.util.List;

/** Tab-separated text as spreadsheets put it on the clipboard: quoted cells may hold tabs, newlines and quotes. */
public final class Tsv {
    private Tsv() {
    }

    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean cellStart = true;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cellStart) {
                quoted = true;
                cellStart = false;
            } else if (ch == '\t') {
                row.add(cell.toString());
                cell.setLength(0);
                cellStart = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                cellStart = true;
            } else {
                cell.append(ch);
                cellStart = false;
            }
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    public static String format(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) sb.append('\t');
                String v = row.get(c);
                if (v.indexOf('\t') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0) {
                    sb.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    sb.append(v);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
