/**
 * The view host: how the desktop shows a table through views of different kinds. A kind is a {@link
 * dev.rowan.desktop.views.ViewType} (its ViewModel made from a {@link dev.rowan.desktop.views.ViewContext}, its
 * nodes made from that ViewModel), listed once in {@link dev.rowan.desktop.views.ViewKinds}; {@link
 * dev.rowan.desktop.views.ViewHost} opens a table's views of the registered kinds. The grid is the first kind.
 */
@NullMarked
package dev.rowan.desktop.views;

import org.jspecify.annotations.NullMarked;
