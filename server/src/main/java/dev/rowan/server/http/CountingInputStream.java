package dev.rowan.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that counts the bytes read through it and lets its subclass check the total after every read (a body's
 * byte cap, a per-element cap), so a limit is enforced as the bytes arrive, never after they are all in memory.
 */
public abstract class CountingInputStream extends FilterInputStream {
    private long read;

    protected CountingInputStream(InputStream in) {
        super(in);
    }

    /** Bytes read so far. */
    public final long count() {
        return read;
    }

    /** Called after each read with the new total; throws to stop reading. */
    protected abstract void counted(long total);

    private void add(long n) {
        if (n > 0) read += n;
        counted(read);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) add(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        add(n);
        return n;
    }
}
