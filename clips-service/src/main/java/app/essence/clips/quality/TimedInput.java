package app.essence.clips.quality;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;

/**
 * What FFmpeg reads a clip through: it ends the input once the clip's decoding time is up, so no file can hold a
 * decoder longer than that, and it gives FFmpeg no protocol at all to open (no network, no other file).
 */
final class TimedInput extends FilterInputStream {
    private final long deadlineNanos;
    private boolean expired;

    TimedInput(InputStream in, long deadlineNanos) {
        super(in);
        this.deadlineNanos = deadlineNanos;
    }

    /** A local file FFmpeg can seek in (an M4A's index may come after its audio). */
    static TimedInput of(File file, long deadlineNanos) throws IOException {
        return new TimedInput(new SeekableFile(file), deadlineNanos);
    }

    boolean expired() {
        expired |= System.nanoTime() - deadlineNanos > 0;
        return expired;
    }

    @Override
    public int read() throws IOException {
        return expired() ? -1 : super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return expired() ? -1 : super.read(b, off, len);
    }

    /** A file read as a stream whose mark and reset seek, as JavaCV's seek callback expects of a stream. */
    private static final class SeekableFile extends InputStream {
        private final RandomAccessFile file;
        private long mark;

        SeekableFile(File path) throws IOException {
            this.file = new RandomAccessFile(path, "r");
        }

        @Override
        public int read() throws IOException {
            return file.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return file.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = Math.max(0, Math.min(n, file.length() - file.getFilePointer()));
            file.seek(file.getFilePointer() + skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public synchronized void mark(int readLimit) {
            try {
                mark = file.getFilePointer();
            } catch (IOException e) {
                mark = 0;
            }
        }

        @Override
        public synchronized void reset() throws IOException {
            file.seek(mark);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
