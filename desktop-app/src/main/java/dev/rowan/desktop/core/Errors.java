package dev.rowan.desktop.core;

import dev.rowan.model.error.RowanException;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns a failure into the one sentence a user sees; unexpected ones are logged once, here. */
public final class Errors {
    private static final Logger LOG = Logger.getLogger(Errors.class.getName());

    private Errors() {
    }

    public static String message(Throwable t) {
        Throwable e = t;
        while (e.getCause() != null && !(e instanceof RowanException)) e = e.getCause();
        if (e instanceof RowanException r) return r.getMessage();
        LOG.log(Level.WARNING, "Unexpected failure", t);
        return "Something went wrong: " + t.getMessage();
    }
}
