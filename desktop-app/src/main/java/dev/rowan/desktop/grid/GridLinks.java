package dev.rowan.desktop.grid;

import dev.rowan.desktop.kinds.FieldLinks;
import dev.rowan.desktop.kinds.LinkChoice;
import dev.rowan.desktop.workspace.LinkSearch;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.error.RowanException;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The links of one link cell while the picker is open on it: searches read the linked table through the workspace;
 * every change goes to the grid as one undoable cell edit (a new linked record and its link together as one).
 * It keeps the list it last wrote, so picks made faster than the background writes still build on each other.
 */
final class GridLinks implements FieldLinks {
    private final GridViewModel vm;
    private final LinkSearch search;
    private final int index;
    private final UUID recordId;
    private final FieldDef field;
    private final FieldType.Link link;
    private final TableDef target;
    private List<LinkChoice> current;

    GridLinks(GridViewModel vm, LinkSearch search, int index, UUID recordId, FieldDef field, FieldType.Link link,
              TableDef target, @Nullable Object value) {
        this.vm = vm;
        this.search = search;
        this.index = index;
        this.recordId = recordId;
        this.field = field;
        this.link = link;
        this.target = target;
        this.current = choices(value);
    }

    /** The records of a link value as a cell holds it ("<id> <title>" per record). */
    static List<LinkChoice> choices(@Nullable Object value) {
        List<LinkChoice> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            for (Object o : l) {
                String s = String.valueOf(o);
                if (s.length() >= 36) out.add(new LinkChoice(LinkValues.id(s), LinkValues.title(s)));
            }
        }
        return out;
    }

    /** The cell value of a list of records (null for none). */
    static @Nullable Object value(List<LinkChoice> records) {
        if (records.isEmpty()) return null;
        return records.stream().map(c -> LinkValues.of(c.id(), c.title())).toList();
    }

    public List<LinkChoice> linked() {
        return List.copyOf(current);
    }

    public List<LinkChoice> search(String text, int limit) {
        List<LinkChoice> out = new ArrayList<>();
        for (LinkSearch.Found f : search.search(target, text, limit)) out.add(new LinkChoice(f.id(), f.title()));
        return out;
    }

    public LinkChoice createAndLink(String title) {
        Row row = LinkSearch.newRecord(target, title);
        String shown = LinkSearch.titleField(target).map(f -> row.value(f.id()))
                .map(v -> dev.rowan.model.value.FieldValues.formatText(
                        LinkSearch.titleField(target).orElseThrow().type(), v)).orElse("");
        LinkChoice made = new LinkChoice(row.id(), shown);
        List<LinkChoice> next = new ArrayList<>(link.limitOne() ? List.of() : current);
        next.add(made);
        vm.linkNewRecord(index, recordId, field, value(current), value(next), target, row);
        current = next;
        return made;
    }

    public void set(List<LinkChoice> records) {
        if (link.limitOne() && records.size() > 1) {
            throw RowanException.invalid(field.name(), field.name() + " links one record at most");
        }
        List<LinkChoice> next = List.copyOf(records);
        vm.changeLinks(index, recordId, field, value(current), value(next));
        current = next;
    }

    public String noun() {
        return target.name();
    }

    public boolean limitOne() {
        return link.limitOne();
    }

    /** Opens a linked record chosen in the picker (Enter on a chip), as a click on its chip in the cell does. */
    @Override
    public void open(LinkChoice record) {
        vm.openLinked(index, target.id(), record.id());
    }
}
