package app.essence.messages.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.ElevenLabsStub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A run whose renewal finds that it no longer holds its message is never spoken. */
@QuarkusTest
class LostRunTests {
    @Inject
    SynthesisRuns runs;

    @Test
    void aHandedOffRunWhoseRenewalFindsItLostIsNotSpoken() {
        String voice = ElevenLabsStub.voiceExists("Grandma Rose");
        // Handed off, then its message was deleted (or its user erased): no row holds run 1 of this synthesis.
        SynthesisRuns.Run run = new SynthesisRuns.Run(UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(),
                voice, "Words that must not reach the provider.", UUID.randomUUID());
        SynthesisRuns.Held held = runs.hold(run);

        runs.renew(held);
        assertTrue(held.lost(), "the renewal updated no row");
        runs.speakAndRecord(held);

        assertEquals(0, ElevenLabsStub.speechRequests().stream()
                .filter(request -> request.voiceId().equals(voice)).count(), "no provider call");
    }
}
