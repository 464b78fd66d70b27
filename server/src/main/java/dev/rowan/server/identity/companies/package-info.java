@NullMarked
package dev.rowan.server.identity.companies;

import org.jspecify.annotations.NullMarked;
