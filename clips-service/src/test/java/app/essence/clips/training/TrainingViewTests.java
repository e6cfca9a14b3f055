package app.essence.clips.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The published training states (docs/voice-training.md): the API's words, whatever the Java constants are named. */
class TrainingViewTests {

    @Test
    void theStatesAreThePublishedWords() {
        assertEquals("not_submitted", TrainingView.notSubmitted(UUID.randomUUID()).state());
        assertEquals(List.of("training", "ready", "failed"),
                Arrays.stream(TrainingStatus.values()).map(TrainingView::state).toList());
    }
}
