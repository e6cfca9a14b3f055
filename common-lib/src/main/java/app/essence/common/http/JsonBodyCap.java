package app.essence.common.http;

import app.essence.common.problem.ProblemException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Holds a JSON body that declared no length (chunked) to {@link BodyLimits#JSON_MAX_BYTES} while it is read: past
 * it, reading stops, the answer is a 413 problem and the rest is dropped unread. The REST layer keeps at most a small
 * buffer of the body before the reader; the parser never sees more than the limit.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class JsonBodyCap implements ReaderInterceptor {
    private final CurrentVertxRequest request;

    public JsonBodyCap(CurrentVertxRequest request) {
        this.request = request;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!BodyLimits.isJson(context.getMediaType())) {
            return context.proceed();
        }
        CappedInputStream capped = new CappedInputStream(context.getInputStream(), BodyLimits.JSON_MAX_BYTES);
        context.setInputStream(capped);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            // The parser may wrap what the stream threw: the cap decides, not the exception's type.
            if (capped.exceeded) {
                BodyLimits.discardRest(request.getCurrent());
                throw ProblemException.tooLarge(BodyLimits.JSON_MAX_BYTES);
            }
            throw e;
        }
    }

    private static final class CappedInputStream extends FilterInputStream {
        private long remaining;
        private boolean exceeded;

        CappedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // One byte more than the limit is asked for, so a body of exactly the limit still ends cleanly.
            int n = super.read(b, off, (int) Math.min(len, remaining + 1));
            if (n > 0) {
                remaining -= n;
                if (remaining < 0) {
                    exceeded = true;
                    throw new IOException("the JSON body is larger than " + BodyLimits.JSON_MAX_BYTES + " bytes");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int chunk = (int) Math.min(Math.max(n, 0), 8192);
            return Math.max(0, read(new byte[chunk], 0, chunk));
        }
    }
}
