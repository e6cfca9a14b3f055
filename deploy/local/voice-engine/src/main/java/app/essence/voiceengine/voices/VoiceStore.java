package app.essence.voiceengine.voices;

import app.essence.voiceengine.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The voices, one JSON file each under {@code <data>/voices}, so that they survive a restart of the engine. */
public final class VoiceStore {
    private final Path directory;
    private final Map<String, StoredVoice> voices = new ConcurrentHashMap<>();

    public VoiceStore(Path dataDir) throws IOException {
        this.directory = Files.createDirectories(dataDir.resolve("voices"));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                StoredVoice voice = Json.MAPPER.readValue(file.toFile(), StoredVoice.class);
                voices.put(voice.voiceId(), voice);
            }
        }
    }

    public void save(StoredVoice voice) {
        try {
            // written aside and moved into place: a crash never leaves half a voice
            Path written = Files.createTempFile(directory, voice.voiceId(), ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), voice);
            Files.move(written, file(voice.voiceId()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        voices.put(voice.voiceId(), voice);
    }

    public Optional<StoredVoice> find(String voiceId) {
        return Optional.ofNullable(voices.get(voiceId));
    }

    public List<StoredVoice> all() {
        return voices.values().stream()
                .sorted(Comparator.comparingLong(StoredVoice::createdAtUnix).thenComparing(StoredVoice::voiceId))
                .toList();
    }

    /** Whether there was such a voice. */
    public boolean delete(String voiceId) {
        if (voices.remove(voiceId) == null) {
            return false;
        }
        try {
            Files.deleteIfExists(file(voiceId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private Path file(String voiceId) {
        return directory.resolve(voiceId + ".json");
    }
}
