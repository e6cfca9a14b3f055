package app.essence.voiceengine.speech;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The output formats of ElevenLabs' spec ({@code codec_rate[_bitrate]}); the engine produces all but Opus. */
public enum OutputFormat {
    MP3_22050_32, MP3_44100_32, MP3_44100_64, MP3_44100_96, MP3_44100_128, MP3_44100_192,
    PCM_8000, PCM_16000, PCM_22050, PCM_24000, PCM_44100, PCM_48000,
    ULAW_8000, ALAW_8000,
    OPUS_48000_32, OPUS_48000_64, OPUS_48000_96, OPUS_48000_128, OPUS_48000_192;

    /** The spec's default when a request names none. */
    public static final OutputFormat DEFAULT = MP3_44100_128;

    public static Optional<OutputFormat> of(String specValue) {
        return Arrays.stream(values()).filter(format -> format.specValue().equals(specValue)).findFirst();
    }

    /** The enum as pydantic words it: 'a', 'b' or 'c'. */
    public static String specValues() {
        String quoted = Arrays.stream(values()).map(f -> "'" + f.specValue() + "'").collect(Collectors.joining(", "));
        int last = quoted.lastIndexOf(", ");
        return quoted.substring(0, last) + " or " + quoted.substring(last + 2);
    }

    public static String producibleValues() {
        return Arrays.stream(values()).filter(OutputFormat::producible).map(OutputFormat::specValue)
                .collect(Collectors.joining(", "));
    }

    public String specValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String codec() {
        return specValue().substring(0, specValue().indexOf('_'));
    }

    public int sampleRate() {
        return Integer.parseInt(specValue().split("_")[1]);
    }

    /** The bitrate of a compressed format, in kbit/s (the third part of its name). */
    public int kilobitsPerSecond() {
        String[] parts = specValue().split("_");
        if (parts.length < 3) {
            throw new IllegalStateException(specValue() + " has no bitrate");
        }
        return Integer.parseInt(parts[2]);
    }

    /**
     * MP3 is encoded by FFmpeg's libmp3lame; Opus is not produced: ElevenLabs does not document the container of its
     * {@code opus_*} answers, and the services ask for MP3.
     */
    public boolean producible() {
        return !codec().equals("opus");
    }

    /**
     * MPEG audio for mp3; raw 16-bit little-endian mono for pcm, G.711 bytes for ulaw and alaw: no container, as
     * ElevenLabs sends them.
     */
    public String contentType() {
        return switch (codec()) {
            case "mp3" -> "audio/mpeg";
            case "pcm" -> "audio/pcm";
            case "ulaw" -> "audio/basic";
            case "alaw" -> "audio/x-alaw-basic";
            default -> throw new IllegalStateException(specValue() + " is not produced by the local engine");
        };
    }
}
