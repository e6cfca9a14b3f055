package app.essence.voiceengine.http;

import app.essence.voiceengine.Json;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP call as an endpoint sees it: path parameters, query, headers, body, and the ways to answer. */
public final class Call {
    private final HttpExchange exchange;
    private final Map<String, String> pathParameters;

    Call(HttpExchange exchange, Map<String, String> pathParameters) {
        this.exchange = exchange;
        this.pathParameters = pathParameters;
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.put(decode(name), decode(value));
        }
        return query;
    }

    /** The whole body, refused with a 400 beyond {@code limit} bytes so that no caller can exhaust the heap. */
    public byte[] body(int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw ApiError.of(400, "request_too_large", "The request body is larger than " + limit + " bytes.");
            }
            return body;
        }
    }

    public void json(int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void audio(String contentType, byte[] audio) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, audio.length == 0 ? -1 : audio.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(audio);
        }
    }

    /** A 200 answer sent chunked while it is written, for audio made piece by piece. */
    public OutputStream audioStream(String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    public void responseHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
