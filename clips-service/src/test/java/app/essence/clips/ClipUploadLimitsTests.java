package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.problem.ProblemType;
import app.essence.testing.HeldUpload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The limits that keep slow or greedy clients from holding every upload slot: the instance's bulkhead, each
 * user's share of it, and the minimum rate of a body. Uploads are held open by the test (their body half sent), so
 * which were admitted is exact.
 */
@QuarkusTest
class ClipUploadLimitsTests {
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final byte[] CLIP = toneWav(200);
    /** Enough for the server to recognise the audio and start storing it. */
    private static final int FIRST_BYTES = 64;

    @Test
    void exactlyTheBulkheadsNumberOfUploadsIsAdmittedAndTheRestAreRefusedWith503() throws Exception {
        int limit = ConfigProvider.getConfig()
                .getValue("app.essence.clips.clip.ClipService/upload/Bulkhead/value", Integer.class);
        int clients = limit + 6;
        List<UUID> users = new ArrayList<>();
        List<HeldUpload> uploads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add(UUID.randomUUID());
        }
        List<UUID> profiles = users.stream().map(Clips::announcedProfile).toList();
        try {
            for (int i = 0; i < clients; i++) {
                uploads.add(HeldUpload.start(users.get(i), clipsOf(profiles.get(i)) + "/0", CLIP, FIRST_BYTES));
            }
            await().atMost(ANSWER).until(() -> uploads.stream().filter(HeldUpload::answered).count()
                    >= clients - limit);
            List<HeldUpload> admitted = uploads.stream().filter(upload -> !upload.answered()).toList();
            assertEquals(limit, admitted.size(), "the uploads still held are the admitted ones");
            for (HeldUpload refused : uploads.stream().filter(HeldUpload::answered).toList()) {
                String head = refused.head(ANSWER);
                assertEquals(503, refused.status(ANSWER), head);
                assertTrue(head.contains("Retry-After: 1") || head.contains("retry-after: 1"), head);
            }

            for (HeldUpload upload : admitted) {
                upload.release();
            }
            for (HeldUpload upload : admitted) {
                assertEquals(201, upload.status(ANSWER));
            }
            int recorded = 0;
            for (int i = 0; i < clients; i++) {
                int count = as(users.get(i)).get(clipsOf(profiles.get(i))).jsonPath().getInt("recorded_count");
                assertEquals(count, filesOf(users.get(i), profiles.get(i)).size(), "a refused upload leaves no file");
                recorded += count;
            }
            assertEquals(limit, recorded);
        } finally {
            for (HeldUpload upload : uploads) {
                upload.close();
            }
        }
    }

    @Test
    void oneUserAtItsLimitGets429WhileAnotherUserStillUploads() throws Exception {
        int perUser = ConfigProvider.getConfig().getValue("essence.uploads.per-user", Integer.class);
        UUID greedy = UUID.randomUUID();
        UUID greedyProfile = announcedProfile(greedy);
        UUID other = UUID.randomUUID();
        UUID otherProfile = announcedProfile(other);
        List<HeldUpload> held = new ArrayList<>();
        try {
            for (int prompt = 0; prompt < perUser; prompt++) {
                held.add(HeldUpload.start(greedy, clipsOf(greedyProfile) + "/" + prompt, CLIP, FIRST_BYTES));
            }
            // Until the held uploads are admitted, this one may still be; from then on it is refused.
            Response refused = await().atMost(ANSWER).until(
                    () -> as(greedy).body(CLIP).put(clipsOf(greedyProfile) + "/20"), r -> r.statusCode() == 429);
            assertEquals("1", refused.header("Retry-After"));
            assertEquals(ProblemType.TOO_MANY_REQUESTS.uri(), refused.jsonPath().getString("type"));

            as(other).body(CLIP).put(clipsOf(otherProfile) + "/0").then().statusCode(201);
            assertFalse(held.stream().anyMatch(HeldUpload::answered), "the greedy user's uploads are still held");
            for (HeldUpload upload : held) {
                upload.release();
            }
            for (HeldUpload upload : held) {
                assertEquals(201, upload.status(ANSWER));
            }
            as(greedy).body(CLIP).put(clipsOf(greedyProfile) + "/21").then().statusCode(201);
        } finally {
            for (HeldUpload upload : held) {
                upload.close();
            }
        }
    }

    @Test
    void aTrickledUploadIsCutOffWith408AndLeavesNoFile() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        try (HeldUpload slow = HeldUpload.start(user, clipsOf(profile) + "/0", toneWav(2000), FIRST_BYTES)) {
            slow.trickle(Duration.ofMillis(50));
            String head = slow.head(ANSWER);
            assertEquals(408, slow.status(ANSWER), head);
            assertTrue(head.toLowerCase().contains("application/problem+json"), head);
        }
        assertEquals(List.of(), filesOf(user, profile), "nothing stored, not even staged");
        as(user).get(clipsOf(profile)).then().statusCode(200).body("recorded_count",
                org.hamcrest.Matchers.equalTo(0));
        as(user).body(CLIP).put(clipsOf(profile) + "/0").then().statusCode(201);
    }
}
