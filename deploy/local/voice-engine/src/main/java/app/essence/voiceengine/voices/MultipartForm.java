package app.essence.voiceengine.voices;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A multipart/form-data body (RFC 7578) split into its parts; anything else reads as an empty form. */
public record MultipartForm(List<Part> parts) {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    public record Part(String name, String fileName, String contentType, byte[] content) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    public static MultipartForm parse(String contentType, byte[] body) {
        Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (boundary == null || !contentType.toLowerCase().startsWith("multipart/form-data") || !boundary.find()) {
            return new MultipartForm(List.of());
        }
        String marker = "--" + (boundary.group(1) != null ? boundary.group(1) : boundary.group(2));
        byte[] delimiter = ("\r\n" + marker).getBytes(StandardCharsets.US_ASCII);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, marker.getBytes(StandardCharsets.US_ASCII), 0);
        while (at >= 0) {
            int afterMarker = at + marker.length();
            boolean closing = afterMarker + 1 < body.length && body[afterMarker] == '-' && body[afterMarker + 1] == '-';
            int headersEnd = indexOf(body, HEADER_END, afterMarker);
            if (closing || headersEnd < 0) {
                break;
            }
            int next = indexOf(body, delimiter, headersEnd + HEADER_END.length);
            int contentEnd = next < 0 ? body.length : next;
            String headers = new String(body, afterMarker, headersEnd - afterMarker, StandardCharsets.UTF_8);
            parts.add(part(headers, Arrays.copyOfRange(body, headersEnd + HEADER_END.length, contentEnd)));
            at = next < 0 ? -1 : next + 2;
        }
        return new MultipartForm(parts);
    }

    public Optional<Part> first(String name) {
        return parts.stream().filter(part -> part.name().equals(name)).findFirst();
    }

    public List<Part> all(String name) {
        return parts.stream().filter(part -> part.name().equals(name)).toList();
    }

    private static Part part(String headers, byte[] content) {
        String name = "";
        String fileName = null;
        String contentType = null;
        for (String header : headers.split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = header.substring(0, colon).trim().toLowerCase();
            String value = header.substring(colon + 1).trim();
            if (field.equals("content-disposition")) {
                name = group(NAME, value, "");
                fileName = group(FILE_NAME, value, null);
            } else if (field.equals("content-type")) {
                contentType = value;
            }
        }
        return new Part(name, fileName, contentType, content);
    }

    private static String group(Pattern pattern, String text, String otherwise) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : otherwise;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
