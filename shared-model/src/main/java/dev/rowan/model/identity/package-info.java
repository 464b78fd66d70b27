/** Identity rules both sides apply: the bounds of the password and company security policy settings. */
@NullMarked
package dev.rowan.model.identity;

import org.jspecify.annotations.NullMarked;
