package app.essence.clips.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * clip/ asks training/ (is the profile being trained, are its clips ready), so training/ reads clips only through
 * {@link ClipsForTraining}: packages depend one way.
 */
class TrainingPackageDependenciesTests {
    private static final Path TRAINING = Path.of("src/main/java/app/essence/clips/training");

    @Test
    void trainingDoesNotReferToTheClipPackage() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(TRAINING)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty(), "no sources under " + TRAINING.toAbsolutePath());
        List<String> referring = sources.stream().filter(TrainingPackageDependenciesTests::refersToClip)
                .map(file -> file.getFileName().toString()).toList();
        assertEquals(List.of(), referring);
    }

    private static boolean refersToClip(Path source) {
        try {
            return Files.readString(source).contains("app.essence.clips.clip.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
