/**
 * Who sees which table: company members and per-table access (a table is open to every member, or restricted to
 * owners, admins and the users granted {@code read} or {@code edit}). Request handlers enforce it through
 * {@code SchemaCache}; sync pulls leave hidden tables out and turn a change of access into a purge or a backfill.
 */
@NullMarked
package dev.rowan.server.access;

import org.jspecify.annotations.NullMarked;
