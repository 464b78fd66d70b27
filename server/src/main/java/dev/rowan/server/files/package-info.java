/**
 * Attachments (issue 12): files stored content-addressed (SHA-256, one blob per distinct content in a company) in
 * chunks in the company's own schema; upload and download stream chunk by chunk; MIME types are sniffed from the bytes;
 * images get their size and a thumbnail; {@link dev.rowan.server.files.AttachmentRefs} checks every record write's
 * file ids; {@link dev.rowan.server.files.FileCollector} deletes files no record refers to after the retention time.
 */
@NullMarked
package dev.rowan.server.files;

import org.jspecify.annotations.NullMarked;
