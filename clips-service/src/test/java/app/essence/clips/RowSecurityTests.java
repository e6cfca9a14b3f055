package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.testing.AudioFixtures.toneWav;

import app.essence.testing.RowSecurityContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row-level security on clips-service's owned tables (docs/architecture.md, "Row-level security"). */
@QuarkusTest
class RowSecurityTests {
    @Test
    void ownedRowsAreSeenOnlyUnderTheirUsersIdOrTheSystemContext() throws Exception {
        UUID user = UUID.randomUUID();
        // A training holds the user's consent statement: its row is the user's as much as the clips are.
        UUID profile = TrainingTests.readyProfile(user);
        TrainingTests.start(user, profile, TrainingTests.consent()).then().statusCode(202);
        UUID other = UUID.randomUUID();
        as(other).body(toneWav(200)).put(clipsOf(announcedProfile(other)) + "/0").then().statusCode(201);

        RowSecurityContract.check("essence_clips_test", Map.of("training_clips", "user_id", "trainings",
                "user_id"), user);
        // Its run ends here, not in the next test class's provider stub.
        TrainingTests.awaitState(user, profile, "ready");
    }
}
