/**
 * Offline-first sync: pull (change log after a cursor up to a safe watermark, snapshot first sync), push
 * (idempotent, ordered mutations with per-mutation results and field-level conflicts) and live pokes
 * (WebSocket fed by PostgreSQL LISTEN/NOTIFY so every server instance hears every commit).
 */
@NullMarked
package dev.rowan.server.sync;

import org.jspecify.annotations.NullMarked;
