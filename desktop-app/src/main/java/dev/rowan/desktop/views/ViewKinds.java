package dev.rowan.desktop.views;

import dev.rowan.desktop.views.calendar.CalendarViewType;
import dev.rowan.desktop.views.form.FormViewType;
import dev.rowan.desktop.views.gallery.GalleryViewType;
import dev.rowan.desktop.views.kanban.KanbanViewType;
import dev.rowan.desktop.views.timeline.TimelineViewType;
import dev.rowan.model.view.ViewKind;

import java.util.List;
import java.util.Optional;

/**
 * The one list of view kinds the desktop shows. A table's stored views of other kinds (the server's default form and
 * gallery, until their kinds are written) are kept and synced, just not offered.
 */
public final class ViewKinds {
    /** In the order a table's views are preferred when it opens. */
    public static final List<ViewType<?, ?>> ALL = List.of(GridViewType.INSTANCE, KanbanViewType.INSTANCE,
            CalendarViewType.INSTANCE, TimelineViewType.INSTANCE, GalleryViewType.INSTANCE, FormViewType.INSTANCE);

    private ViewKinds() {
    }

    public static Optional<ViewType<?, ?>> of(ViewKind kind) {
        return ALL.stream().filter(t -> t.kind() == kind).findFirst();
    }
}
