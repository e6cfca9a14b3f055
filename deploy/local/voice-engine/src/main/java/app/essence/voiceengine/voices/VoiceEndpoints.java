package app.essence.voiceengine.voices;

import app.essence.voiceengine.Json;
import app.essence.voiceengine.http.ApiError;
import app.essence.voiceengine.http.ApiError.FieldError;
import app.essence.voiceengine.http.Call;
import app.essence.voiceengine.voices.MultipartForm.Part;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/voices}: adding a voice keeps a description of its recordings; every voice speaks with MaryTTS. */
public final class VoiceEndpoints {
    public static final String SPEAKS_WITH = "MaryTTS cmu-slt-hsmm";
    private static final int UPLOAD_LIMIT = 64 * 1024 * 1024;
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "t", "y");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "off", "f", "n");

    private final VoiceStore store;

    public VoiceEndpoints(VoiceStore store) {
        this.store = store;
    }

    record AddVoiceResponse(String voiceId, boolean requiresVerification) {
    }

    record VoicesResponse(List<VoiceResponse> voices) {
    }

    record DeleteVoiceResponse(String status) {
    }

    public void add(Call call) throws IOException {
        MultipartForm form = MultipartForm.parse(call.header("Content-Type"), call.body(UPLOAD_LIMIT));
        Optional<Part> name = form.first("name");
        List<Part> files = form.all("files");
        List<FieldError> invalid = new ArrayList<>();
        if (name.isEmpty()) {
            invalid.add(FieldError.missing("body", "name"));
        }
        if (files.isEmpty()) {
            invalid.add(FieldError.missing("body", "files"));
        }
        // pydantic's booleans: true/false, 1/0, yes/no, on/off, t/f, y/n
        String noiseFlag = form.first("remove_background_noise").map(part -> part.text().trim().toLowerCase())
                .orElse("false");
        if (!TRUE.contains(noiseFlag) && !FALSE.contains(noiseFlag)) {
            invalid.add(new FieldError(List.of("body", "remove_background_noise"),
                    "Input should be a valid boolean, unable to interpret input", "bool_parsing"));
        }
        if (!invalid.isEmpty()) {
            throw ApiError.validation(invalid.toArray(FieldError[]::new));
        }
        StoredVoice voice = new StoredVoice(ElevenLabsId.next(), name.get().text(),
                form.first("description").map(Part::text).orElse(null), labels(form.first("labels")),
                files.stream().map(VoiceEndpoints::sample).toList(), TRUE.contains(noiseFlag),
                Instant.now().getEpochSecond(), false, SPEAKS_WITH);
        store.save(voice);
        call.json(200, new AddVoiceResponse(voice.voiceId(), false));
    }

    public void get(Call call) throws IOException {
        String voiceId = call.pathParameter("voice_id");
        call.json(200, VoiceResponse.of(store.find(voiceId).orElseThrow(() -> ApiError.voiceNotFound(voiceId))));
    }

    public void list(Call call) throws IOException {
        call.json(200, new VoicesResponse(store.all().stream().map(VoiceResponse::of).toList()));
    }

    public void delete(Call call) throws IOException {
        String voiceId = call.pathParameter("voice_id");
        if (!store.delete(voiceId)) {
            throw ApiError.voiceNotFound(voiceId);
        }
        call.json(200, new DeleteVoiceResponse("ok"));
    }

    /** ElevenLabs takes labels as one form field holding a JSON object of strings. */
    private static Map<String, String> labels(Optional<Part> field) {
        String json = field.map(Part::text).orElse("").trim();
        if (json.isEmpty() || json.equals("null")) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw ApiError.of(400, "invalid_labels", "labels must be a JSON object of strings: " + json);
        }
    }

    private static VoiceSample sample(Part file) {
        String fileName = file.fileName() != null ? file.fileName() : "sample";
        String mimeType = AudioKind.of(file.content(), file.contentType()).orElseThrow(() -> ApiError.of(400,
                "invalid_audio", "The file '" + fileName + "' is not audio the engine recognises"
                        + " (WAV, MP3, Ogg, WebM, M4A or FLAC)."));
        return new VoiceSample(ElevenLabsId.next(), fileName, mimeType, file.content().length, sha256(file.content()));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
