/**
 * View kinds: the one record query shape every view reads with ({@link dev.rowan.model.view.RecordQuery}) and the
 * typed, sealed configuration of each kind ({@link dev.rowan.model.view.ViewConfig}), with one JSON form and one
 * parse that the server (push, default views) and the desktop (view store) both call.
 */
@NullMarked
package dev.rowan.model.view;

import org.jspecify.annotations.NullMarked;
