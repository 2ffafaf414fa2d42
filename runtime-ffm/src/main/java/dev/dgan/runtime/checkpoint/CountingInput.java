package dev.dgan.runtime.checkpoint;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that knows how many bytes it has handed out and how many the source holds,
 * so the unpickler can report positions and refuse lengths that run past the end before it
 * allocates anything.
 */
final class CountingInput extends InputStream {

    private final InputStream in;
    private final long length;
    private long position;

    /** {@code length}: bytes from the current position of {@code in} to the end of the source. */
    CountingInput(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) position++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) position += n;
        return n;
    }

    /** Bytes read so far. */
    long position() {
        return position;
    }

    /** Bytes left in the source. */
    long remaining() {
        return length - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
