package app.essence.billing.webhook;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.billing.stripe.StripeConfig;
import app.essence.billing.stripe.StripeGateway;
import app.essence.billing.stripe.StripeUnavailableException;
import app.essence.billing.subscription.SnapshotReader;
import app.essence.billing.subscription.StripeSnapshot;
import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import app.essence.common.time.DbTime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.Stripe;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes one webhook delivery: verifies Stripe's signature over the raw body, takes an event of another API version
 * than stripe-java's only by the subscription it names (read from Stripe; refused without a key), reads what a
 * handled event says (with the subscription read from Stripe when a key is configured, so a late event is applied
 * as today's state) and hands it to {@link NoticeApplier}. Blocking.
 */
@ApplicationScoped
public class StripeWebhook {
    private static final Logger LOG = Logger.getLogger(StripeWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> SUBSCRIPTION_EVENTS = Set.of("customer.subscription.created",
            "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused",
            "customer.subscription.resumed");
    static final Set<String> INVOICE_EVENTS = Set.of("invoice.paid", "invoice.payment_failed");
    static final String CHECKOUT_COMPLETED = "checkout.session.completed";

    /** What became of a delivery. */
    public enum Outcome {
        APPLIED, DUPLICATE, PENDING, IGNORED
    }

    private final StripeConfig config;
    private final StripeGateway stripe;
    private final SnapshotReader reader;
    private final NoticeApplier applier;
    private final StripeEventLog log;

    public StripeWebhook(StripeConfig config, StripeGateway stripe, SnapshotReader reader, NoticeApplier applier,
            StripeEventLog log) {
        this.log = log;
        this.config = config;
        this.stripe = stripe;
        this.reader = reader;
        this.applier = applier;
    }

    public Outcome receive(String payload, String signatureHeader) {
        Event event = verified(payload, signatureHeader);
        refuseOtherMode(event);
        if (!Stripe.API_VERSION.equals(event.getApiVersion())) {
            if (stripe.configured()) {
                return receiveOtherVersion(event, payload);
            }
            LOG.errorf("refused Stripe event %s (%s) of API version %s: this service reads %s only; create the "
                    + "webhook endpoint with that version (docs/billing.md)", event.getId(), event.getType(),
                    event.getApiVersion(), Stripe.API_VERSION);
            throw new ProblemException(ProblemType.VALIDATION, "the event's API version is not "
                    + Stripe.API_VERSION + ", the one this endpoint reads");
        }
        String type = event.getType();
        if (!SUBSCRIPTION_EVENTS.contains(type) && !INVOICE_EVENTS.contains(type) && !CHECKOUT_COMPLETED.equals(type)) {
            LOG.debugf("Stripe event %s of type %s acknowledged, not handled", event.getId(), type);
            return Outcome.IGNORED;
        }
        StripeObject object = event.getDataObjectDeserializer().getObject()
                .orElseThrow(() -> new ProblemException(ProblemType.MALFORMED_BODY, "the event's object cannot be read"));
        StripeNotice notice = withKeptNow(notice(event, object, payload));
        Outcome outcome = await(() -> applier.apply(notice));
        LOG.infof("Stripe event %s (%s): %s", event.getId(), type, outcome);
        return outcome;
    }

    /**
     * An event of another API version is not read as ours (its fields may mean other things); only the ids of its
     * object are taken from the raw JSON, and the subscription is read from Stripe at our pinned version and applied
     * as Stripe holds it now. If Stripe cannot be reached the event is refused (5xx) and Stripe sends it again.
     */
    private Outcome receiveOtherVersion(Event event, String payload) {
        String type = event.getType();
        if (!SUBSCRIPTION_EVENTS.contains(type) && !INVOICE_EVENTS.contains(type) && !CHECKOUT_COMPLETED.equals(type)) {
            return Outcome.IGNORED;
        }
        JsonNode object;
        try {
            object = JSON.readTree(payload).path("data").path("object");
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, "the event's object cannot be read");
        }
        String kind = text(object, "object");
        String subscriptionId = switch (kind == null ? "" : kind) {
            case "subscription" -> text(object, "id");
            case "checkout.session" -> text(object, "subscription");
            // Where an invoice names its subscription moved between versions; both places are looked at.
            case "invoice" -> text(object, "subscription") != null ? text(object, "subscription")
                    : subscriptionOfInvoiceParent(object);
            default -> null;
        };
        LOG.warnf("Stripe event %s (%s) is of API version %s, not %s: subscription %s read from Stripe instead "
                + "(docs/billing.md)", event.getId(), type, event.getApiVersion(), Stripe.API_VERSION, subscriptionId);
        if (subscriptionId == null) {
            return Outcome.IGNORED;
        }
        StripeSnapshot snapshot;
        try {
            snapshot = reader.read(stripe.subscription(subscriptionId), DbTime.now());
        } catch (StripeUnavailableException e) {
            if (e.gone()) {
                return Outcome.IGNORED;
            }
            throw new ProblemException(ProblemType.UNAVAILABLE, "Stripe could not be asked about this event; "
                    + "send it again");
        }
        Optional<UUID> clientReference = "checkout.session".equals(kind) ? uuid(text(object, "client_reference_id"))
                : Optional.empty();
        StripeNotice notice = new StripeNotice(event.getId(), type, Instant.ofEpochSecond(event.getCreated()),
                snapshot.customerId(), snapshot.userId(), clientReference, Optional.of(snapshot), payload);
        Outcome outcome = await(() -> applier.apply(notice));
        LOG.infof("Stripe event %s (%s, API version %s): %s", event.getId(), type, event.getApiVersion(), outcome);
        return outcome;
    }

    private static String subscriptionOfInvoiceParent(JsonNode invoice) {
        return text(invoice.path("parent").path("subscription_details"), "subscription");
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /**
     * A live event on a test key (or the reverse) names customers and subscriptions the key cannot read, and would
     * grant plans from test payments: refused, so the endpoint's configuration gets fixed. Without a key the mode
     * is not known here.
     */
    private void refuseOtherMode(Event event) {
        Optional<Boolean> live = config.apiKey().filter(key -> !key.isBlank()).flatMap(StripeWebhook::liveKey);
        if (live.isPresent() && event.getLivemode() != null && !live.get().equals(event.getLivemode())) {
            LOG.errorf("refused Stripe event %s (%s): livemode %s, but the API key is a %s key; the endpoint's "
                    + "signing secret and the key must be of one mode (docs/billing.md)", event.getId(),
                    event.getType(), event.getLivemode(), live.get() ? "live" : "test");
            throw new ProblemException(ProblemType.VALIDATION, "the event's mode (livemode) is not this "
                    + "endpoint's");
        }
    }

    /** Whether a secret or restricted key is a live one; empty for a key of no known form. */
    static Optional<Boolean> liveKey(String key) {
        if (key.startsWith("sk_live_") || key.startsWith("rk_live_")) {
            return Optional.of(true);
        }
        if (key.startsWith("sk_test_") || key.startsWith("rk_test_")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /**
     * With a key, the subscriptions of the customer's kept events are read from Stripe now, outside the transaction
     * that may apply them (a Stripe call must not hold it), so they are applied as Stripe holds them, not as kept.
     */
    private StripeNotice withKeptNow(StripeNotice notice) {
        if (!stripe.configured() || notice.customerId() == null) {
            return notice;
        }
        List<String> kept = await(() -> Panache.withSession(() -> log.pending(notice.customerId())));
        Map<String, Optional<StripeSnapshot>> now = new HashMap<>();
        for (String payload : kept) {
            if (Webhook.constructEventWithoutVerification(payload).getDataObjectDeserializer().getObject()
                    .orElse(null) instanceof Subscription subscription && !now.containsKey(subscription.getId())) {
                Read read = current(subscription.getId());
                if (read.gone()) {
                    now.put(subscription.getId(), Optional.empty());
                } else {
                    read.now().ifPresent(snapshot -> now.put(subscription.getId(), Optional.of(snapshot)));
                }
            }
        }
        return now.isEmpty() ? notice : notice.withKeptNow(now);
    }

    /** The event, if the signature over the exact body is one of ours and recent; else a 400 problem. */
    private Event verified(String payload, String signatureHeader) {
        String secret = config.webhookSecret().filter(s -> !s.isBlank()).orElseThrow(() -> new ProblemException(
                ProblemType.BILLING_NOT_CONFIGURED, "no webhook signing secret is configured here"));
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new ProblemException(ProblemType.VALIDATION, "the Stripe-Signature header is missing");
        }
        long tolerance = config.webhookTolerance().toSeconds();
        try {
            // The signature first, so that nothing unauthenticated is parsed.
            Webhook.Signature.verifyHeader(payload, signatureHeader, secret, tolerance);
            return Webhook.constructEvent(payload, signatureHeader, secret, tolerance);
        } catch (SignatureVerificationException e) {
            LOG.warnf("refused a webhook delivery: %s", e.getMessage());
            throw new ProblemException(ProblemType.VALIDATION,
                    "the Stripe-Signature does not verify (wrong secret, altered body or too old)");
        } catch (RuntimeException e) {
            LOG.warnf("refused a signed webhook delivery that cannot be read: %s", e.toString());
            throw new ProblemException(ProblemType.MALFORMED_BODY, "the event cannot be read");
        }
    }

    private StripeNotice notice(Event event, StripeObject object, String payload) {
        Instant created = Instant.ofEpochSecond(event.getCreated());
        if (object instanceof Subscription subscription) {
            Read read = current(subscription.getId());
            // Stripe no longer has it (deleted, or of another account): what the event says is not applied.
            Optional<StripeSnapshot> snapshot = read.gone() ? Optional.empty()
                    : Optional.of(read.now().orElseGet(() -> reader.read(subscription, created)));
            Optional<UUID> user = snapshot.flatMap(StripeSnapshot::userId)
                    .or(() -> SnapshotReader.userIdIn(subscription.getMetadata()));
            return new StripeNotice(event.getId(), event.getType(), created, subscription.getCustomer(), user,
                    Optional.empty(), snapshot, payload);
        }
        if (object instanceof Invoice invoice) {
            var details = invoice.getParent() == null ? null : invoice.getParent().getSubscriptionDetails();
            String subscriptionId = details == null ? null : details.getSubscription();
            Map<String, String> metadata = details == null ? null : details.getMetadata();
            // An invoice does not carry the subscription's state: only Stripe's current one is applied.
            return new StripeNotice(event.getId(), event.getType(), created, invoice.getCustomer(),
                    SnapshotReader.userIdIn(metadata), Optional.empty(), current(subscriptionId).now(), payload);
        }
        if (object instanceof Session session) {
            return new StripeNotice(event.getId(), event.getType(), created, session.getCustomer(),
                    SnapshotReader.userIdIn(session.getMetadata()), uuid(session.getClientReferenceId()),
                    current(session.getSubscription()).now(), payload);
        }
        throw new ProblemException(ProblemType.MALFORMED_BODY, "the event's object is not of its type");
    }

    /**
     * The subscription as Stripe holds it now, when a key is configured and Stripe answers. If it grants nothing
     * (cancelled, incomplete, paused, unpaid, a price we do not sell) while another subscription of the customer
     * grants a plan, that one is what the user holds (docs/billing.md, "Order").
     */
    private Read current(String subscriptionId) {
        if (subscriptionId == null || !stripe.configured()) {
            return Read.NOT_ASKED;
        }
        StripeSnapshot read;
        Instant now = DbTime.now();
        try {
            read = reader.read(stripe.subscription(subscriptionId), now);
        } catch (StripeUnavailableException e) {
            // Gone: nothing to apply. Away: ordered by the event's own time and state (docs/billing.md, "Order").
            return e.gone() ? Read.GONE : Read.NOT_ASKED;
        }
        if (read.terms().grants() || read.customerId() == null) {
            return new Read(Optional.of(read), false);
        }
        try {
            return new Read(Optional.of(stripe.subscriptionsOf(read.customerId()).stream()
                    .map(other -> reader.read(other, now)).filter(other -> other.terms().grants()).findFirst()
                    .orElse(read)), false);
        } catch (StripeUnavailableException e) {
            return new Read(Optional.of(read), false);
        }
    }

    /** What Stripe answered about a subscription: its state now, nothing (not asked, or away), or that it is gone. */
    private record Read(Optional<StripeSnapshot> now, boolean gone) {
        static final Read NOT_ASKED = new Read(Optional.empty(), false);
        static final Read GONE = new Read(Optional.empty(), true);
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.ofNullable(value).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
