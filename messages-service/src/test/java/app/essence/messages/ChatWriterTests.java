package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.messages.Messages.body;
import static app.essence.messages.Messages.message;
import static app.essence.messages.Messages.messagesOf;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.problem.ProblemType;
import app.essence.testing.OpenAiChatStub;
import app.essence.testing.OpenAiChatStub.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages written by an OpenAI-compatible chat model, and the template's text whenever it cannot be used. */
@QuarkusTest
@TestProfile(ChatWriterTests.ChatWriter.class)
class ChatWriterTests {
    private static final String TEMPLATE_TEXT = "Happy birthday, my son. Stay curious. I hope this year brings you "
            + "joy. With all my love.";

    public static class ChatWriter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("essence.messages.writer.kind", "openai", "essence.messages.writer.openai.model",
                    "test-model", "app.essence.messages.writing.BoundedChat/complete/Bulkhead/value", "1",
                    "app.essence.messages.writing.BoundedChat/complete/Timeout/value", "1500",
                    "app.essence.messages.writing.BoundedChat/complete/Timeout/unit", "MILLIS");
        }
    }

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        OpenAiChatStub.reset();
    }

    @Test
    void theModelWritesTheTextUnderRulesThatForbidInventedFacts() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        OpenAiChatStub.plan(Answer.text("  \"Happy birthday, my son. Stay curious, always.\"  "));
        as(user).body(body("Birthday", "birthday", "My son", "For your 18th birthday", "stay curious"))
                .post(messagesOf(profile)).then().statusCode(201)
                .body("generated_text", equalTo("Happy birthday, my son. Stay curious, always."))
                .body("writer_note", nullValue());

        assertEquals(1, OpenAiChatStub.requests().size());
        JsonNode request = OpenAiChatStub.requests().get(0);
        assertEquals("test-model", request.path("model").asText());
        assertEquals("system", request.path("messages").get(0).path("role").asText());
        assertTrue(request.path("messages").get(0).path("content").asText().contains("never invent names, dates"));
        String user0 = request.path("messages").get(1).path("content").asText();
        assertTrue(user0.contains("stay curious") && user0.contains("My son") && user0.contains("For your 18th"),
                user0);
    }

    @Test
    void busyOrFailingAnswersAreRetriedUntilOneWorks() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        OpenAiChatStub.plan(Answer.status(429), Answer.status(500), Answer.status(503));
        as(user).body(body("Birthday", "birthday", "My son", null, "stay curious")).post(messagesOf(profile))
                .then().statusCode(201).body("generated_text", equalTo(OpenAiChatStub.DEFAULT_TEXT))
                .body("writer_note", nullValue());
        assertEquals(4, OpenAiChatStub.requests().size());
    }

    @Test
    void aModelThatKeepsFailingLeavesTheTemplateTextAndSaysWhy() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        OpenAiChatStub.plan(Answer.status(500), Answer.status(500), Answer.status(500), Answer.status(500));
        String id = as(user).body(body("Birthday", "birthday", "My son", null, "stay curious"))
                .post(messagesOf(profile)).then().statusCode(201).body("generated_text", equalTo(TEMPLATE_TEXT))
                .body("writer_note", containsString("could not be reached")).extract().path("id");
        assertEquals(4, OpenAiChatStub.requests().size(), "three retries, then the template");

        // A later rewrite that works replaces both.
        as(user).post(message(id) + "/rewrite").then().statusCode(200)
                .body("generated_text", equalTo(OpenAiChatStub.DEFAULT_TEXT)).body("writer_note", nullValue());
    }

    @Test
    void aCutOffAnswerIsNotUsedAndASlowModelIsGivenUpOnWithinTheCap() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        OpenAiChatStub.plan(Answer.cutOff("Happy birthday, my son. Stay"));
        as(user).body(body("Birthday", "birthday", "My son", null, "stay curious")).post(messagesOf(profile))
                .then().statusCode(201).body("generated_text", equalTo(TEMPLATE_TEXT))
                .body("writer_note", containsString("could not write this message"));
        assertEquals(1, OpenAiChatStub.requests().size(), "a cut-off answer is not asked again");

        // The whole call is capped (1.5 s here, under the 2 s read timeout): no retry starts after the cap.
        OpenAiChatStub.reset();
        Answer slow = Answer.slow("late", Duration.ofSeconds(5));
        OpenAiChatStub.plan(slow, slow, slow, slow);
        as(user).body(body("Birthday", "birthday", "My son", null, "stay curious")).post(messagesOf(profile))
                .then().statusCode(201).body("generated_text", equalTo(TEMPLATE_TEXT))
                .body("writer_note", containsString("could not be reached"));
        assertEquals(1, OpenAiChatStub.requests().size(), "given up on within the cap, retries included");
    }

    @Test
    void anAnswerThatSaysOurConfigurationIsWrongIsCountedAndTheNoteSaysTheWriterIsUnavailable() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        double before = registry.counter("essence.messages.writer.misconfigured").count();
        for (int status : new int[] { 400, 401, 403, 404 }) {
            OpenAiChatStub.reset();
            OpenAiChatStub.plan(Answer.status(status));
            as(user).body(body("Birthday", "birthday", "My son", null, "stay curious")).post(messagesOf(profile))
                    .then().statusCode(201).body("generated_text", equalTo(TEMPLATE_TEXT))
                    .body("writer_note", containsString("is unavailable"));
            assertEquals(1, OpenAiChatStub.requests().size(), status + " is not retried");
        }
        assertEquals(before + 4, registry.counter("essence.messages.writer.misconfigured").count());
    }

    @Test
    void aRewriteThatCannotBeWrittenKeepsTheTextAndAnswers503() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = as(user).body(body("Birthday", "birthday", "My son", null, "stay curious"))
                .post(messagesOf(profile)).then().statusCode(201)
                .body("generated_text", equalTo(OpenAiChatStub.DEFAULT_TEXT)).extract().path("id");
        OpenAiChatStub.plan(Answer.status(500), Answer.status(500), Answer.status(500), Answer.status(500));
        as(user).post(message(id) + "/rewrite").then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo(ProblemType.UNAVAILABLE.uri()))
                .body("detail", containsString("unchanged"));
        as(user).get(message(id)).then().body("generated_text", equalTo(OpenAiChatStub.DEFAULT_TEXT))
                .body("writer_note", nullValue());
    }

    @Test
    void whenTheWritersPlacesHereAreTakenTheTemplateWritesAtOnce() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        OpenAiChatStub.plan(Answer.slow("Written while another waited.", Duration.ofSeconds(1)));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> as(user)
                .body(body("Birthday", "birthday", "My son", null, "stay curious")).post(messagesOf(profile))
                .then().statusCode(201).extract().path("generated_text"));
        await().atMost(Duration.ofSeconds(10)).until(() -> OpenAiChatStub.requests().size() == 1);
        // One place here (this test's setting): the second request does not wait for it.
        as(user).body(body("Birthday", "birthday", "My son", null, "stay curious")).post(messagesOf(profile))
                .then().statusCode(201).body("generated_text", equalTo(TEMPLATE_TEXT))
                .body("writer_note", containsString("could not be reached"));
        assertEquals("Written while another waited.", first.get(30, TimeUnit.SECONDS));
        assertEquals(1, OpenAiChatStub.requests().size());
    }
}
