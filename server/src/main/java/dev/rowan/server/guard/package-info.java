/**
 * Cross-cutting defences against abuse: who the client really is (trusted proxies), the headers every answer
 * carries, and the rate limiter sign-ins are throttled with. Wired once in {@code RowanServer}.
 */
@NullMarked
package dev.rowan.server.guard;

import org.jspecify.annotations.NullMarked;
