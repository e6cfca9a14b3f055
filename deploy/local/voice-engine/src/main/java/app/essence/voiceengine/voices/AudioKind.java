package app.essence.voiceengine.voices;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Recognises the audio formats a browser or phone records, by their first bytes. */
public final class AudioKind {
    private AudioKind() {
    }

    /**
     * The audio type of these bytes: by their magic number, or else by the declared type when it is audio (a format
     * without a magic number we know, like raw AAC). Empty content is never audio.
     */
    public static Optional<String> of(byte[] content, String declaredType) {
        if (content.length == 0) {
            return Optional.empty();
        }
        Optional<String> byMagic = byMagic(content);
        if (byMagic.isPresent()) {
            return byMagic;
        }
        boolean declaredAudio = declaredType != null && declaredType.toLowerCase().startsWith("audio/");
        return declaredAudio ? Optional.of(declaredType) : Optional.empty();
    }

    private static Optional<String> byMagic(byte[] bytes) {
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WAVE")) {
            return Optional.of("audio/wav");
        }
        if (startsWith(bytes, 0, "ID3") || isMpegAudioFrame(bytes)) {
            return Optional.of("audio/mpeg");
        }
        if (startsWith(bytes, 0, "OggS")) {
            return Optional.of("audio/ogg");
        }
        if (bytes.length >= 4 && (bytes[0] & 0xFF) == 0x1A && (bytes[1] & 0xFF) == 0x45 && (bytes[2] & 0xFF) == 0xDF
                && (bytes[3] & 0xFF) == 0xA3) {
            return Optional.of("audio/webm");
        }
        if (startsWith(bytes, 4, "ftyp")) {
            return Optional.of("audio/mp4");
        }
        if (startsWith(bytes, 0, "fLaC")) {
            return Optional.of("audio/flac");
        }
        return Optional.empty();
    }

    /** An MPEG audio frame header (11 sync bits, a layer) without an ID3 tag in front; layer 0 would be ADTS AAC. */
    private static boolean isMpegAudioFrame(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x06) != 0;
    }

    private static boolean startsWith(byte[] bytes, int offset, String magic) {
        byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= offset + expected.length
                && Arrays.equals(bytes, offset, offset + expected.length, expected, 0, expected.length);
    }
}
