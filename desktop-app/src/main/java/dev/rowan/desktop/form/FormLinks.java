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
    /** The record's id; null while the form holds a new record, which is saved before its first link. */
    private @org.jspecify.annotations.Nullable UUID recordId;
    private final FieldDef field;
    private final FieldType.Link link;
    private final TableDef target;
    private List<LinkChoice> current;

    FormLinks(RecordFormViewModel vm, RecordStore records, LinkSearch search, TableDef table,
              @org.jspecify.annotations.Nullable Row row, FieldDef field, FieldType.Link link, TableDef target) {
        this.vm = vm;
        this.records = records;
        this.search = search;
        this.table = table;
        this.recordId = row == null ? null : row.id();
        this.field = field;
        this.link = link;
        this.target = target;
        this.current = new ArrayList<>();
        if (row != null && row.value(field.id()) instanceof List<?> l) {
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
        saved(); // a new record in the form is stored first (refused: nothing is made in the linked table)
        FieldDef titleField = LinkSearch.titleField(target).orElse(null);
        Object v = titleField == null ? null : row.value(titleField.id());
        LinkChoice made = new LinkChoice(row.id(), v == null ? "" : FieldValues.formatText(titleField.type(), v));
        records.restore(target, List.of(row));
        List<LinkChoice> next = new ArrayList<>(link.limitOne() ? List.of() : current);
        next.add(made);
        write(next, row);
        return made;
    }

    public void set(List<LinkChoice> chosen) {
        write(chosen, null);
    }

    /**
     * Writes the links and pushes them as one step of the window's undo history (with the record "+ New" made for
     * them, when {@code made}); a new record saved for them is the step before (slice h-fieldgaps2).
     */
    private void write(List<LinkChoice> chosen, @org.jspecify.annotations.Nullable Row made) {
        UUID id = saved();
        List<UUID> before = current.stream().map(LinkChoice::id).toList();
        List<UUID> after = chosen.stream().map(LinkChoice::id).toList();
        records.setLinks(table, id, field, after);
        current = new ArrayList<>(chosen);
        vm.pushStep(new FormHistory.Linked(records, table, id, field, before, after, target, made,
                () -> vm.reshow(table.id(), id)));
        vm.linksChanged(id);
    }

    /**
     * The record's id, saving the form's new record first (slice h-fieldgaps: a new record can be linked before it
     * was saved by hand). The save and the link are two steps of the undo history (h-fieldgaps2): Ctrl+Z removes the
     * link, then the record. A new record that cannot be saved yet refuses the
     * link with the reason, and the form marks the fields to fix.
     */
    private UUID saved() {
        if (recordId != null) return recordId;
        if (!vm.saveForLinks()) {
            throw dev.rowan.model.error.RowanException.invalid(field.name(), "Save this record first: "
                    + vm.message().get().toLowerCase(java.util.Locale.ROOT));
        }
        recordId = java.util.Objects.requireNonNull(vm.record().get()).id();
        return recordId;
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
