package app.essence.voiceengine.speech;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioFormat.Encoding;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** Speech as the bytes of an uncompressed output format, with the JDK's own resampler and G.711 codecs. */
final class AudioEncoding {
    private AudioEncoding() {
    }

    static byte[] encode(AudioInputStream speech, OutputFormat format) throws IOException {
        int rate = format.sampleRate();
        // windowed-sinc interpolation: the JDK's default (linear) aliases audibly when going down from 48 kHz
        AudioFormat pcm = new AudioFormat(Encoding.PCM_SIGNED, rate, 16, 1, 2, rate, false,
                Map.of("interpolation", "sinc"));
        AudioInputStream atRate = AudioSystem.getAudioInputStream(pcm, speech);
        return switch (format.codec()) {
            case "pcm" -> readAll(atRate);
            case "ulaw" -> readAll(AudioSystem.getAudioInputStream(g711(Encoding.ULAW, rate), atRate));
            case "alaw" -> readAll(AudioSystem.getAudioInputStream(g711(Encoding.ALAW, rate), atRate));
            default -> throw new IllegalArgumentException(format.specValue() + " is not produced by the local engine");
        };
    }

    private static AudioFormat g711(Encoding encoding, int rate) {
        return new AudioFormat(encoding, rate, 8, 1, 1, rate, false);
    }

    /** Read to the end: MaryTTS's streams can return 0 bytes before the end, where {@code readAllBytes} stops. */
    static byte[] readAll(AudioInputStream stream) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int read = stream.read(buffer); read != -1; read = stream.read(buffer)) {
            bytes.write(buffer, 0, read);
        }
        return bytes.toByteArray();
    }
}
