package app.essence.testing;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upload whose body the test sends at its own pace, over a plain socket: the first bytes at once, the rest when
 * the test releases it or trickled. It holds the server's upload slot meanwhile, so a test can see exactly which
 * uploads were admitted (they wait) and which were refused (they are answered at once).
 */
public final class HeldUpload implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final byte[] body;
    private final CompletableFuture<String> head = new CompletableFuture<>();
    private int sent;

    private HeldUpload(UUID user, String path, byte[] body, int sendFirst) throws IOException {
        this.body = body;
        this.socket = new Socket("127.0.0.1", RestAssured.port);
        this.out = socket.getOutputStream();
        out.write(("PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.user(user)
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        send(sendFirst);
        daemon(this::readHead);
    }

    /** Starts a PUT of {@code body} to {@code path} as {@code user}, sending only its first bytes. */
    public static HeldUpload start(UUID user, String path, byte[] body, int sendFirst) {
        try {
            return new HeldUpload(user, path, body, sendFirst);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the rest of the body at once. */
    public void release() throws IOException {
        send(body.length - sent);
    }

    /** Sends the rest one byte at a time, {@code every} apart, until it is all sent or the server stops reading. */
    public void trickle(Duration every) {
        daemon(() -> {
            try {
                while (sent < body.length && !head.isDone()) {
                    send(1);
                    Thread.sleep(every.toMillis());
                }
            } catch (IOException | InterruptedException e) {
                // the server cut the connection: what the test is after
            }
        });
    }

    public boolean answered() {
        return head.isDone();
    }

    /** The status code of the answer, waiting for it at most {@code wait}. */
    public int status(Duration wait) throws Exception {
        String answer = head(wait);
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** The status line and headers of the answer, waiting for them at most {@code wait}. */
    public String head(Duration wait) throws Exception {
        return head.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "held-upload");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void send(int bytes) throws IOException {
        out.write(body, sent, bytes);
        out.flush();
        sent += bytes;
    }

    private void readHead() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                read.write(b);
                if (read.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            if (read.size() == 0) {
                throw new EOFException("the connection was closed without an answer");
            }
            head.complete(read.toString(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            head.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
