package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The labelled evaluation of docs/clip-quality.md: every take of {@link LabelledTakes} is uploaded as a user would
 * and must get the verdict its label deserves. Prints the confusion table (verdict by label) and writes it to
 * target/clip-quality-evaluation.md; fails on any good take refused, bad take passed or bad take caught for
 * another reason. Needs espeak-ng (it fails, not skips, without it).
 */
@QuarkusTest
@TestProfile(ClipQualityEvaluationTests.ProductionClipSize.class)
class ClipQualityEvaluationTests {
    private static final List<String> VERDICTS = List.of("good", "clipped", "mostly_silence", "too_short",
            "too_long", "too_quiet", "too_loud", "noisy", "unknown");

    @Test
    void everyLabelledTakeGetsTheVerdictItsLabelDeserves() throws IOException {
        long started = System.nanoTime();
        List<LabelledTakes.Take> takes = LabelledTakes.all();
        long made = System.nanoTime();
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        Map<String, Ranges> measured = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (LabelledTakes.Take take : takes) {
            JsonPath clip = as(user).body(take.audio()).put(clipsOf(profile) + "/" + take.promptIndex()).then()
                    .statusCode(Matchers.oneOf(200, 201)).extract().jsonPath();
            String verdict = "unknown".equals(clip.getString("quality_status")) ? "unknown"
                    : clip.getString("quality_reason");
            table.computeIfAbsent(take.label(), k -> new TreeMap<>()).merge(verdict, 1, Integer::sum);
            if (clip.get("measured") != null) {
                measured.computeIfAbsent(take.label(), k -> new Ranges()).add(clip);
            }
            if (!verdict.equals(take.expected())) {
                wrong.add(take.describe() + " judged " + verdict + " " + clip.getMap("measured"));
            }
        }
        String report = report(takes, table, measured, (made - started) / 1_000_000,
                (System.nanoTime() - made) / 1_000_000);
        System.out.println(report);
        Files.writeString(Path.of("target/clip-quality-evaluation.md"), report);

        assertEquals(Set.copyOf(LabelledTakes.FORMATS), seen(takes, LabelledTakes.Take::format));
        assertEquals(Set.copyOf(LabelledTakes.RATES), seen(takes, LabelledTakes.Take::rate));
        assertEquals(Set.of(1, 2), seen(takes, LabelledTakes.Take::channels));
        assertEquals(Set.of("good", "good_hot_peak", "clipped", "too_quiet", "mostly_silence", "noisy", "cut_short",
                "wrong_prompt_length"), table.keySet());
        assertEquals(List.of(), wrong, "takes judged against their label");
    }

    /** Uploads up to the service's own limit (the other tests use a small one): stereo 48 kHz WAV takes are big. */
    public static class ProductionClipSize implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("essence.clips.max-bytes", "10485760");
        }
    }

    private static <T> Set<T> seen(List<LabelledTakes.Take> takes, java.util.function.Function<LabelledTakes.Take,
            T> property) {
        return takes.stream().map(property).collect(Collectors.toSet());
    }

    private static String report(List<LabelledTakes.Take> takes, Map<String, Map<String, Integer>> table,
            Map<String, Ranges> measured, long makingMs, long judgingMs) {
        StringBuilder out = new StringBuilder("| label \\ verdict | ");
        out.append(String.join(" | ", VERDICTS)).append(" | takes |\n|---|");
        out.append("---|".repeat(VERDICTS.size() + 1)).append('\n');
        table.forEach((label, verdicts) -> {
            out.append("| ").append(label).append(" | ");
            for (String verdict : VERDICTS) {
                out.append(verdicts.getOrDefault(verdict, 0)).append(" | ");
            }
            out.append(verdicts.values().stream().mapToInt(Integer::intValue).sum()).append(" |\n");
        });
        out.append("\n| label | RMS dBFS | peak dBFS | SNR dB | clipped ‰ | silence |\n|---|---|---|---|---|---|\n");
        measured.forEach((label, ranges) -> out.append("| ").append(label).append(" | ").append(ranges)
                .append(" |\n"));
        Set<String> setups = new TreeSet<>();
        takes.forEach(t -> setups.add(t.format() + " " + t.rate() + " " + t.channels()));
        out.append("\n%d takes in %d format × rate × layout setups; made in %.1f s, uploaded and judged in %.1f s%n"
                .formatted(takes.size(), setups.size(), makingMs / 1000.0, judgingMs / 1000.0));
        return out.toString();
    }

    /** The smallest and largest of what the service measured in one label's takes. */
    private static final class Ranges {
        private final double[] min = { Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE,
                Double.MAX_VALUE };
        private final double[] max = { -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE,
                -Double.MAX_VALUE };

        void add(JsonPath clip) {
            double rms = clip.getDouble("measured.rms_dbfs");
            double[] values = { rms, clip.getDouble("measured.peak_dbfs"),
                    rms - clip.getDouble("measured.noise_floor_dbfs"), 1000 * clip.getDouble("measured.clipped_ratio"),
                    clip.getDouble("measured.silence_ratio") };
            for (int i = 0; i < values.length; i++) {
                min[i] = Math.min(min[i], values[i]);
                max[i] = Math.max(max[i], values[i]);
            }
        }

        @Override
        public String toString() {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < min.length; i++) {
                cells.add(i < 3 ? "%.1f … %.1f".formatted(min[i], max[i]) : "%.2f … %.2f".formatted(min[i], max[i]));
            }
            return String.join(" | ", cells);
        }
    }
}
