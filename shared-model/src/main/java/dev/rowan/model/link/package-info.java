/**
 * Link, lookup and rollup fields: the one place that says whether such a field can be read (its link field, the
 * linked table and the field it reads all there and visible) and that saves one (checks against the linked table,
 * the type of its values). The SQL that reads them is {@code sql.LinkSql}.
 */
@NullMarked
package dev.rowan.model.link;

import org.jspecify.annotations.NullMarked;
