package app.essence.voiceengine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Calls the engine as the services' ElevenLabs client would, with or without the key. */
final class EngineClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BOUNDARY = "essence-test-boundary";

    private final URI base;
    private final String key;

    EngineClient(int port, String key) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.key = key;
    }

    EngineClient withKey(String otherKey) {
        return new EngineClient(base.getPort(), otherKey);
    }

    record Answer(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One form field: a file when {@code fileName} is set. */
    record Field(String name, String fileName, String contentType, byte[] content) {
        static Field text(String name, String value) {
            return new Field(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        static Field file(String name, String fileName, String contentType, byte[] content) {
            return new Field(name, fileName, contentType, content);
        }
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    Answer postForm(String path, List<Field> fields) {
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(BodyPublishers.ofByteArray(multipart(fields))));
    }

    Answer method(String method, String path) {
        return send(request(path).method(method, BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        return key == null ? request : request.header("xi-api-key", key);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            var response = HTTP.send(request.build(), BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return new Answer(response.statusCode(), contentType, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] multipart(List<Field> fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Field field : fields) {
            StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(field.name()).append('"');
            if (field.fileName() != null) {
                head.append("; filename=\"").append(field.fileName()).append('"');
            }
            head.append("\r\n");
            if (field.contentType() != null) {
                head.append("Content-Type: ").append(field.contentType()).append("\r\n");
            }
            body.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(field.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }
}
