package app.essence.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for profiles-service's {@code GET /v1/profiles/{id}}, which clips-service and messages-service ask with
 * the caller's own token when their replica does not know a profile yet. It answers as profiles-service does: the
 * profile (its {@code ProfileView}) to its owner's token, and a 404 problem for any other profile or token. Tests
 * say which profiles it knows, whose they are, and which it cannot answer for.
 */
public class ProfilesServiceStub implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlPathMatching("/v1/profiles/.*")).atPriority(10).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://essence.app/problems/not-found\",\"title\":\"Not found\","
                        + "\"status\":404,\"detail\":\"profile was not found\"}")));
        return Map.of("essence.profiles.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** profiles-service answers {@code profile} to {@code token}, as a profile of {@code owner}. */
    public static void answers(UUID profile, String token, UUID owner) {
        Instant now = Instant.now();
        server.stubFor(get(urlEqualTo("/v1/profiles/" + profile)).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + profile + "\",\"user_id\":\"" + owner + "\",\"name\":\"Mum\","
                                + "\"relation\":\"mother\",\"voice_model_status\":\"not_submitted\","
                                + "\"training_clip_count\":0,\"message_count\":0,\"has_avatar\":false,"
                                + "\"created_at\":\"" + now + "\",\"updated_at\":\"" + now + "\"}")));
    }

    /** profiles-service's operator route answers {@code profile} to the operator token {@code token}. */
    public static void answersOperator(UUID profile, String token, UUID owner) {
        answersOperator(profile, equalTo("Bearer " + token), owner, 0);
    }

    /**
     * profiles-service's operator route answers {@code profile} to any request whose Authorization header
     * {@code authorization} matches, after {@code delayMillis} (a slower profiles-service).
     */
    public static void answersOperator(UUID profile, StringValuePattern authorization, UUID owner, int delayMillis) {
        Instant now = Instant.now();
        server.stubFor(get(urlEqualTo("/v1/operator/profiles/" + profile)).atPriority(1)
                .withHeader("Authorization", authorization)
                .willReturn(aResponse().withStatus(200).withFixedDelay(delayMillis)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + profile + "\",\"user_id\":\"" + owner + "\",\"name\":\"Dad\","
                                + "\"relation\":\"father\",\"voice_model_status\":\"not_submitted\","
                                + "\"training_clip_count\":0,\"message_count\":0,\"has_avatar\":false,"
                                + "\"created_at\":\"" + now + "\",\"updated_at\":\"" + now + "\"}")));
    }

    /** profiles-service cannot be reached for {@code profile}: the connection breaks. */
    public static void unreachableFor(UUID profile) {
        server.stubFor(get(urlEqualTo("/v1/profiles/" + profile)).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** The Authorization headers of every request to the operator route, in the order they came. */
    public static List<String> operatorAuthorizations() {
        return server.findAll(getRequestedFor(urlPathMatching("/v1/operator/profiles/.*"))).stream()
                .map(request -> request.getHeader("Authorization")).toList();
    }

    /** How often the service asked about {@code profile}. */
    public static int requestsFor(UUID profile) {
        return server.findAll(getRequestedFor(urlEqualTo("/v1/profiles/" + profile))).size();
    }
}
