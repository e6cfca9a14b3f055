package app.essence.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.api.ApiClient;
import app.essence.api.ApiException;
import app.essence.api.client.BillingApi;
import app.essence.api.client.MeApi;
import app.essence.api.client.ProfilesApi;
import app.essence.api.model.ProfileFields;
import app.essence.api.model.ProfileView;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack through the Java client generated from the gateway's merged /openapi.json (system-tests/pom.xml), as the
 * mobile and web teams generate theirs: operation names, statuses and bodies must be what the services do.
 */
@ExtendWith(LocalStack.class)
class PublishedApiIT {

    @Test
    void aFirstSessionThroughTheGeneratedClient() throws ApiException {
        // Users of this run only: the stack's databases outlive a run, and a free user has one profile.
        ApiClient hanna = client(LocalStack.token("hanna-" + UUID.randomUUID()));
        UUID me = new MeApi(hanna).getMe().getId();

        ProfileView created = new ProfilesApi(hanna)
                .createProfile(new ProfileFields().name("Grandpa Joe").relation("grandfather"));
        assertEquals("Grandpa Joe", created.getName());
        assertEquals(me, created.getUserId());
        assertEquals(created.getId(), new ProfilesApi(hanna).getProfile(created.getId()).getId());
        assertTrue(new ProfilesApi(hanna).listProfiles(null, 10).getItems().stream()
                .anyMatch(p -> p.getId().equals(created.getId())));

        ApiException notHers = assertThrows(ApiException.class,
                () -> new ProfilesApi(client(LocalStack.token("ivan-" + UUID.randomUUID()))).getProfile(created.getId()));
        assertEquals(404, notHers.getCode());
        assertTrue(notHers.getResponseBody().contains("https://essence.app/problems/not-found"));

        new ProfilesApi(hanna).deleteProfile(created.getId());
        assertEquals(404, assertThrows(ApiException.class,
                () -> new ProfilesApi(hanna).getProfile(created.getId())).getCode());
    }

    @Test
    void plansAndTheSubscriptionReadThroughTheGeneratedClient() throws ApiException {
        ApiClient hanna = client(LocalStack.token("hanna"));
        assertTrue(new BillingApi(hanna).getSubscription() != null);
        assertTrue(new BillingApi(hanna).listPlans() != null);
    }

    @Test
    void withoutATokenTheClientGetsA401Problem() {
        ApiException refused = assertThrows(ApiException.class, () -> new MeApi(client(null)).getMe());
        assertEquals(401, refused.getCode());
        assertTrue(refused.getResponseHeaders().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"), refused.getResponseBody());
    }

    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(LocalStack.gateway(""));
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }
}
