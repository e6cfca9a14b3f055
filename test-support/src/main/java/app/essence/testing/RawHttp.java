package app.essence.testing;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand, for what client libraries will not do: stream a large body that the server may refuse
 * before it has all arrived, with or without a declared length, and still read the server's answer. The body is a
 * JSON object whose one text field is {@code bodyBytes} long; it is generated as it is sent, so the test itself
 * holds no copy of it.
 */
public final class RawHttp {
    private static final int CHUNK = 64 * 1024;

    private RawHttp() {
    }

    public record Answer(int status, Map<String, String> headers, String body) {
        /** The {@code type} of the problem document this answer carries. */
        public String problemType() {
            return io.restassured.path.json.JsonPath.from(body).getString("type");
        }
    }

    /** Sends {@code method path} with a JSON body declared by {@code Content-Length}. */
    public static Answer sendDeclared(String method, String path, String token, long bodyBytes) throws IOException {
        return send(method, path, token, "application/json", bodyBytes, false);
    }

    /** Sends {@code method path} with a chunked JSON body: no length is declared. */
    public static Answer sendChunked(String method, String path, String token, long bodyBytes) throws IOException {
        return send(method, path, token, "application/json", bodyBytes, true);
    }

    /** Sends {@code method path} with a body of {@code contentType} declared by {@code Content-Length}. */
    public static Answer send(String method, String path, String token, String contentType, long bodyBytes,
            boolean chunked) throws IOException {
        URI base = URI.create(RestAssured.baseURI);
        byte[] head = "{\"notes\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        long length = head.length + bodyBytes + tail.length;
        try (Socket socket = new Socket(base.getHost(), RestAssured.port)) {
            socket.setSoTimeout(30_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: " + contentType + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> writeBody(out, head, bodyBytes, tail, chunked), "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        }
    }

    /** Writes until the body is sent or the server has closed the connection, whichever comes first. */
    private static void writeBody(OutputStream out, byte[] head, long bodyBytes, byte[] tail, boolean chunked) {
        byte[] filler = new byte[CHUNK];
        Arrays.fill(filler, (byte) 'x');
        try {
            writePart(out, head, head.length, chunked);
            for (long sent = 0; sent < bodyBytes; sent += CHUNK) {
                writePart(out, filler, (int) Math.min(CHUNK, bodyBytes - sent), chunked);
            }
            writePart(out, tail, tail.length, chunked);
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException refused) {
            // The server answered and closed the connection before the whole body was sent: what is being tested.
        }
    }

    private static void writePart(OutputStream out, byte[] bytes, int length, boolean chunked) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(bytes, 0, length);
        if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers,
                new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the answer's head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
