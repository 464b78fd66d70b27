/**
 * The gallery view kind: records as cards in a responsive grid (only the cards in view are built; records come in
 * pages from the {@link dev.rowan.desktop.workspace.RecordSource}), a title and chosen fields per card shown through
 * the field kinds' UIs, keyboard navigation, a card opened in the record form.
 */
@NullMarked
package dev.rowan.desktop.views.gallery;

import org.jspecify.annotations.NullMarked;
