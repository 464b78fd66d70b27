package dev.rowan.desktop.form;

import dev.rowan.desktop.kinds.FieldLinks;
import dev.rowan.desktop.kinds.LinkChoice;
import dev.rowan.desktop.workspace.LinkSearch;
import dev.rowan.desktop.workspace.RecordStore;
import dev.rowan.desktop.workspace.Row;
import dev.rowan.model.link.LinkValues;
import dev.rowan.model.schema.FieldDef;
import dev.rowan.model.schema.FieldType;
import dev.rowan.model.schema.TableDef;
import dev.rowan.model.value.FieldValues;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A link field of the record open in the form: the picker's searches read the linked table through the workspace,
 * each change is written at once with the one link writer (and queued for the server), and a linked record opens in
 * the form in place of this one ({@link RecordFormViewModel#openLinked}, with a way back).
 */
final class FormLinks implements FieldLinks {
    private final RecordFormViewModel vm;
    private final RecordStore records;
    private final LinkSearch search;
    private final TableDef table;
    private final UUID recordId;
    private final FieldDef field;
    private final FieldType.Link link;
    private final TableDef target;
    private List<LinkChoice> current;

    FormLinks(RecordFormViewModel vm, RecordStore records, LinkSearch search, TableDef table, Row row, FieldDef field,
              FieldType.Link link, TableDef target) {
        this.vm = vm;
        this.records = records;
        this.search = search;
        this.table = table;
        this.recordId = row.id();
        this.field = field;
        this.link = link;
        this.target = target;
        this.current = new ArrayList<>();
        if (row.value(field.id()) instanceof List<?> l) {
            for (Object o : l) {
                String s = String.valueOf(o);
                if (s.length() >= 36) current.add(new LinkChoice(LinkValues.id(s), LinkValues.title(s)));
            }
        }
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
        FieldDef titleField = LinkSearch.titleField(target).orElse(null);
        Object v = titleField == null ? null : row.value(titleField.id());
        LinkChoice made = new LinkChoice(row.id(), v == null ? "" : FieldValues.formatText(titleField.type(), v));
        records.restore(target, List.of(row));
        List<LinkChoice> next = new ArrayList<>(link.limitOne() ? List.of() : current);
        next.add(made);
        set(next);
        return made;
    }

    public void set(List<LinkChoice> chosen) {
        records.setLinks(table, recordId, field, chosen.stream().map(LinkChoice::id).toList());
        current = new ArrayList<>(chosen);
        vm.linksChanged(recordId);
    }

    public String noun() {
        return target.name();
    }

    public boolean limitOne() {
        return link.limitOne();
    }

    @Override
    public void open(LinkChoice record) {
        vm.openLinked(target.id(), record.id());
    }
}
