package app.essence.voiceengine.speech;

import app.essence.voiceengine.Json;
import app.essence.voiceengine.http.ApiError;
import app.essence.voiceengine.http.ApiError.FieldError;
import app.essence.voiceengine.http.Call;
import app.essence.voiceengine.voices.ElevenLabsId;
import app.essence.voiceengine.voices.VoiceStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.bytedeco.javacv.SeekableByteArrayOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/text-to-speech/{voice_id}[/stream]}: the text spoken by MaryTTS whatever the voice, in the formats
 * the engine can produce. Fields of the body other than {@code text} are accepted and ignored, as ElevenLabs does.
 */
public final class TextToSpeechEndpoint {
    /** ElevenLabs' limit for eleven_multilingual_v2, which the services ask for. */
    public static final int MAX_CHARACTERS = 10_000;
    private static final int BODY_LIMIT = 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(TextToSpeechEndpoint.class.getName());

    private final VoiceStore voices;
    private final Speaker speaker;
    private final SynthesisSlots slots;
    private final SubscriptionEndpoint account;

    public TextToSpeechEndpoint(VoiceStore voices, Speaker speaker, SubscriptionEndpoint account,
            int concurrentSyntheses) {
        this.voices = voices;
        this.speaker = speaker;
        this.account = account;
        this.slots = new SynthesisSlots(concurrentSyntheses, 4 * concurrentSyntheses);
    }

    public void speak(Call call) throws IOException {
        answer(call, false);
    }

    public void stream(Call call) throws IOException {
        answer(call, true);
    }

    private void answer(Call call, boolean streamed) throws IOException {
        List<FieldError> invalid = new ArrayList<>();
        Optional<OutputFormat> format = outputFormat(call.query().get("output_format"), invalid);
        Optional<String> text = text(call.body(BODY_LIMIT), invalid);
        if (!invalid.isEmpty()) {
            throw ApiError.validation(invalid.toArray(FieldError[]::new));
        }
        String voiceId = call.pathParameter("voice_id");
        voices.find(voiceId).orElseThrow(() -> ApiError.voiceNotFound(voiceId));
        OutputFormat audioFormat = format.orElseThrow();
        List<String> pieces = SpokenText.pieces(speakable(text.orElseThrow()));
        long started = System.nanoTime();
        call.responseHeader("request-id", ElevenLabsId.next());
        slots.run(() -> {
            if (streamed) {
                // each piece goes out as soon as it is spoken, as ElevenLabs' /stream sends audio while it speaks
                try (OutputStream out = call.audioStream(audioFormat.contentType())) {
                    speak(pieces, audioFormat, out);
                }
            } else {
                // seekable, so that an MP3 gets its Xing/LAME header (exact length, gapless decoding)
                ByteArrayOutputStream audio = new SeekableByteArrayOutputStream();
                speak(pieces, audioFormat, audio);
                call.audio(audioFormat.contentType(), audio.toByteArray());
            }
        });
        account.spoke(text.get().codePointCount(0, text.get().length()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.log(Level.INFO, () -> "spoke " + text.get().length() + " characters in " + pieces.size() + " pieces as "
                + audioFormat.specValue() + " in " + millis + " ms");
    }

    /** The text, unless there is more than ElevenLabs speaks in one request, or nothing to say. */
    private static String speakable(String text) {
        int characters = text.codePointCount(0, text.length());
        if (characters > MAX_CHARACTERS) {
            throw ApiError.of(400, "max_character_limit_exceeded", "The text has " + characters
                    + " characters; at most " + MAX_CHARACTERS + " can be spoken in one request.");
        }
        if (text.isBlank()) {
            throw ApiError.of(400, "empty_text", "There is no text to speak.");
        }
        return text;
    }

    private void speak(List<String> pieces, OutputFormat format, OutputStream out) throws IOException {
        if (format.codec().equals("mp3")) {
            // one MP3 stream for the whole text: separately encoded pieces would each carry a header and a gap
            try (Mp3Writer mp3 = new Mp3Writer(out, format)) {
                for (String piece : pieces) {
                    mp3.write(speaker.speak(piece));
                }
            }
            return;
        }
        for (String piece : pieces) {
            out.write(AudioEncoding.encode(speaker.speak(piece), format));
        }
    }

    private static Optional<OutputFormat> outputFormat(String value, List<FieldError> invalid) {
        List<Object> loc = List.of("query", "output_format");
        Optional<OutputFormat> format = value == null ? Optional.of(OutputFormat.DEFAULT) : OutputFormat.of(value);
        if (format.isEmpty()) {
            invalid.add(new FieldError(loc, "Input should be " + OutputFormat.specValues(), "enum"));
        } else if (!format.get().producible()) {
            invalid.add(new FieldError(loc, "The local voice engine cannot encode " + format.get().specValue()
                    + "; it produces " + OutputFormat.producibleValues() + ".", "value_error"));
            return Optional.empty();
        }
        return format;
    }

    private static Optional<String> text(byte[] body, List<FieldError> invalid) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            invalid.add(new FieldError(List.of("body", 0), "JSON decode error", "json_invalid"));
            return Optional.empty();
        }
        if (request == null || !request.isObject()) {
            invalid.add(new FieldError(List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"));
        } else if (!request.has("text")) {
            invalid.add(FieldError.missing("body", "text"));
        } else if (!request.get("text").isTextual()) {
            invalid.add(new FieldError(List.of("body", "text"), "Input should be a valid string", "string_type"));
        } else {
            return Optional.of(request.get("text").asText());
        }
        return Optional.empty();
    }
}
