/**
 * The form view kind: a designed form for entering records ({@link dev.rowan.model.view.FormConfig}: field order,
 * labels, help text, required overrides, sections, a success message), arranged in a design mode and filled in a
 * fill mode; a submission is checked with the grid's rules and creates the record through the workspace (H2 and the
 * outbox, offline).
 */
@NullMarked
package dev.rowan.desktop.views.form;

import org.jspecify.annotations.NullMarked;
