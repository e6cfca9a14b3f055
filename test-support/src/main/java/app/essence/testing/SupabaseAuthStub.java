package app.essence.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stands in for Supabase Auth: serves the project's JWKS (the ES256 key of {@link TestTokens}) and configures the
 * service to accept both the legacy HS256 secret and the signing keys, as during a key rotation.
 */
public class SupabaseAuthStub implements QuarkusTestResourceLifecycleManager {
    static final String JWKS_PATH = "/auth/v1/.well-known/jwks.json";
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlEqualTo(JWKS_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(TestTokens.jwks())));
        return Map.of(
                "essence.auth.issuer", TestTokens.ISSUER,
                "essence.auth.jwt-secret", TestTokens.SECRET,
                "essence.auth.jwks-url", server.baseUrl() + JWKS_PATH);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
