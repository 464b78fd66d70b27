/**
 * Field kinds: one descriptor per {@link dev.rowan.model.schema.FieldType} holding everything that depends on
 * the type (config, value codec, storage class, filter operators, type-change rules), and the registry
 * {@link dev.rowan.model.kind.FieldKinds} that lists them all. Adding a field type means adding a record to
 * {@code FieldType}, a descriptor here and one line in {@code FieldKinds}; the compiler points at the rest.
 */
@NullMarked
package dev.rowan.model.kind;

import org.jspecify.annotations.NullMarked;
