/**
 * Public links to a view: the calendar feed ({@code GET /api/views/{viewId}/calendar.ics?token=…}) and the shared
 * form ({@code GET/POST /forms/{token}}). Owners and admins enable, rotate and disable a link; the link then acts for
 * them (their current role) without a sign-in, reads only what the view shows, and writes only through
 * {@code records.RecordWrites}.
 */
@NullMarked
package dev.rowan.server.share;

import org.jspecify.annotations.NullMarked;
