package app.essence.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.essence.billing.local.StripeFixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.stripe.Stripe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the Stripe API at the paths billing-service calls (customers, checkout and portal sessions,
 * subscriptions read and cancelled), answering with Stripe's published example objects
 * ({@code stripe/fixtures.json}) and Stripe's error shape. Every request must carry the key, stripe-java's pinned
 * {@code Stripe-Version}, and (for creations that must happen once) an {@code Idempotency-Key}, which is honoured
 * as Stripe does: the same key answers the first answer again. What does not conform is kept in
 * {@link #violations()}, which tests expect empty.
 */
public class StripeStub implements QuarkusTestResourceLifecycleManager {
    public static final String API_KEY = "sk_test_essence_stub";
    static final StripeFixtures FIXTURES = StripeFixtures.load();

    private static final Map<String, ObjectNode> subscriptions = new ConcurrentHashMap<>();
    private static final Map<String, String> idempotentAnswers = new ConcurrentHashMap<>();
    private static final List<Map<String, String>> customerCreates = new CopyOnWriteArrayList<>();
    private static final List<Map<String, String>> checkoutCreates = new CopyOnWriteArrayList<>();
    private static final List<Map<String, String>> portalCreates = new CopyOnWriteArrayList<>();
    private static final List<String> cancels = new CopyOnWriteArrayList<>();
    private static final List<String> customerDeletes = new CopyOnWriteArrayList<>();
    private static final List<String> violations = new CopyOnWriteArrayList<>();
    private static final java.util.Set<String> goneSubscriptions = ConcurrentHashMap.newKeySet();
    private static final java.util.Set<String> refusedCustomers = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger failingCancels = new AtomicInteger();
    private static final AtomicInteger ids = new AtomicInteger();
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new StripeApi()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ResponseDefinitionBuilder.responseDefinition().withStatus(500)));
        return Map.of("essence.billing.stripe.api-key", API_KEY,
                "essence.billing.stripe.api-base", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Stripe holds this subscription now (what a read answers). */
    static void holds(ObjectNode subscription) {
        subscriptions.put(subscription.get("id").asText(), subscription);
    }

    /** Stripe no longer has this subscription: reading it answers 404 resource_missing. */
    static void gone(String subscriptionId) {
        goneSubscriptions.add(subscriptionId);
    }

    /** The next {@code count} cancellations and customer deletions fail with Stripe's 500. */
    static void failNextCancels(int count) {
        failingCancels.set(count);
    }

    static List<Map<String, String>> customerCreates() {
        return List.copyOf(customerCreates);
    }

    static List<Map<String, String>> checkoutCreates() {
        return List.copyOf(checkoutCreates);
    }

    static List<Map<String, String>> portalCreates() {
        return List.copyOf(portalCreates);
    }

    static List<String> cancels() {
        return List.copyOf(cancels);
    }

    /** Deleting this customer is refused as Stripe refuses a request it will never accept (400). */
    static void refuseDeletionOf(String customer) {
        refusedCustomers.add(customer);
    }

    static List<String> customerDeletes() {
        return List.copyOf(customerDeletes);
    }

    static List<String> violations() {
        return List.copyOf(violations);
    }

    static final class StripeApi implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "stripe-api";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String path = request.getUrl().split("\\?")[0];
            String method = request.getMethod().value();
            if (!("Bearer " + API_KEY).equals(request.getHeader("Authorization"))) {
                violations.add(method + " " + path + ": no or a wrong API key");
                return error(401, "invalid_request_error", null, "Invalid API Key provided");
            }
            if (!Stripe.API_VERSION.equals(request.getHeader("Stripe-Version"))) {
                violations.add(method + " " + path + ": Stripe-Version " + request.getHeader("Stripe-Version"));
            }
            Map<String, String> form = form(request.getBodyAsString());
            String url = request.getUrl();
            Map<String, String> query = form(url.contains("?") ? url.substring(url.indexOf('?') + 1) : "");
            String key = request.getHeader("Idempotency-Key");
            if ("POST".equals(method) && key != null && idempotentAnswers.containsKey(method + path + key)) {
                return json(200, idempotentAnswers.get(method + path + key));
            }
            ResponseDefinition answer = answer(method, path, form, query, key);
            if ("POST".equals(method) && key != null && answer.getStatus() == 200) {
                idempotentAnswers.put(method + path + key, answer.getBody());
            }
            return answer;
        }

        private ResponseDefinition answer(String method, String path, Map<String, String> form,
                Map<String, String> query, String key) {
            if ("POST".equals(method) && path.equals("/v1/customers")) {
                requireKey(method, path, key);
                customerCreates.add(withKey(form, key));
                ObjectNode customer = FIXTURES.resource("customer");
                customer.put("id", "cus_stub_" + ids.incrementAndGet()).put("email", form.get("email"));
                customer.putObject("metadata").put("user_id", form.get("metadata[user_id]"));
                return json(200, customer.toString());
            }
            if ("POST".equals(method) && path.equals("/v1/checkout/sessions")) {
                requireKey(method, path, key);
                checkoutCreates.add(withKey(form, key));
                String id = "cs_test_stub_" + ids.incrementAndGet();
                ObjectNode session = FIXTURES.resource("checkout.session");
                session.put("id", id).put("mode", form.get("mode")).put("customer", form.get("customer"))
                        .put("client_reference_id", form.get("client_reference_id"))
                        .put("success_url", form.get("success_url")).put("cancel_url", form.get("cancel_url"))
                        .put("url", "https://checkout.stripe.com/c/pay/" + id);
                return json(200, session.toString());
            }
            if ("POST".equals(method) && path.equals("/v1/billing_portal/sessions")) {
                portalCreates.add(withKey(form, key));
                ObjectNode session = FIXTURES.resource("billing_portal.session");
                String id = "bps_stub_" + ids.incrementAndGet();
                session.put("id", id).put("customer", form.get("customer")).put("return_url", form.get("return_url"))
                        .put("url", "https://billing.stripe.com/p/session/" + id);
                return json(200, session.toString());
            }
            if ("DELETE".equals(method) && path.startsWith("/v1/customers/")) {
                String id = path.substring("/v1/customers/".length());
                customerDeletes.add(id);
                if (refusedCustomers.contains(id)) {
                    return error(400, "invalid_request_error", "parameter_invalid_empty", "Refused");
                }
                if (failingCancels.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return error(500, "api_error", null, "An unknown error occurred");
                }
                // As Stripe does: deleting the customer cancels every subscription of theirs.
                subscriptions.values().stream().filter(sub -> id.equals(sub.path("customer").asText()))
                        .forEach(sub -> sub.put("status", "canceled"));
                return json(200, "{\"id\": \"" + id + "\", \"object\": \"customer\", \"deleted\": true}");
            }
            if ("GET".equals(method) && path.equals("/v1/subscriptions")) {
                return json(200, list(query.get("customer")));
            }
            if (path.startsWith("/v1/subscriptions/")) {
                String id = path.substring("/v1/subscriptions/".length());
                if ("DELETE".equals(method)) {
                    cancels.add(id);
                    if (failingCancels.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        return error(500, "api_error", null, "An unknown error occurred");
                    }
                }
                ObjectNode subscription = subscriptions.get(id);
                if (subscription == null && !goneSubscriptions.contains(id) && "GET".equals(method)) {
                    // A subscription the test did not put here: Stripe is away for it, and the event decides.
                    return error(500, "api_error", null, "An unknown error occurred");
                }
                if (subscription == null) {
                    return error(404, "invalid_request_error", "resource_missing", "No such subscription: '" + id + "'");
                }
                if ("DELETE".equals(method)) {
                    subscription.put("status", "canceled");
                }
                return json(200, subscription.toString());
            }
            violations.add(method + " " + path + ": not a call billing-service makes");
            return error(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ")");
        }

        /** Stripe's list object of the customer's subscriptions, every status, newest first as Stripe orders. */
        private static String list(String customer) {
            ObjectNode list = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            list.put("object", "list").put("url", "/v1/subscriptions").put("has_more", false);
            var data = list.putArray("data");
            subscriptions.values().stream().filter(sub -> customer != null && customer.equals(
                    sub.path("customer").asText())).sorted((a, b) -> Long.compare(b.path("created").asLong(),
                            a.path("created").asLong())).forEach(data::add);
            return list.toString();
        }

        private static void requireKey(String method, String path, String key) {
            if (key == null || key.isBlank()) {
                violations.add(method + " " + path + ": no Idempotency-Key");
            }
        }

        private static Map<String, String> withKey(Map<String, String> form, String key) {
            Map<String, String> copy = new LinkedHashMap<>(form);
            copy.put("Idempotency-Key", key);
            return copy;
        }

        private static Map<String, String> form(String body) {
            Map<String, String> form = new LinkedHashMap<>();
            if (body == null || body.isBlank()) {
                return form;
            }
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return form;
        }

        private static ResponseDefinition json(int status, String body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withHeader("Request-Id", "req_stub")
                    .withBody(body).build();
        }

        private static ResponseDefinition error(int status, String type, String code, String message) {
            ObjectNode error = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            ObjectNode inner = error.putObject("error").put("type", type).put("message", message);
            if (code != null) {
                inner.put("code", code);
            }
            return json(status, error.toString());
        }
    }
}
