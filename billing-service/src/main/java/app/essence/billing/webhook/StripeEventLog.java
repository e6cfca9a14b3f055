package app.essence.billing.webhook;

import app.essence.billing.subscription.StripeCancellations;
import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The Stripe events taken (each once) and those kept until their customer is known. In the caller's transaction. */
@ApplicationScoped
public class StripeEventLog {
    private static final String RECORD = "insert into stripe_events (id, type) values (:id, :type) "
            + "on conflict (id) do nothing";
    private static final String KEEP = "insert into stripe_pending_events (event_id, customer_id, created, payload) "
            + "values (:id, :customer, :created, :payload)";
    private static final String PENDING = "select payload from stripe_pending_events where customer_id = :customer "
            + "order by created, received_at";
    private static final String TAKE = "delete from stripe_pending_events where customer_id = :customer";
    private static final String ERASED = "select count(*) from stripe_erased_customers where customer_hash = "
            + StripeCancellations.CUSTOMER_HASH;

    /** Records the event; answers false if it was taken before (a redelivery). */
    public Uni<Boolean> firstSighting(StripeNotice notice) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RECORD)
                .setParameter("id", notice.eventId()).setParameter("type", notice.type()).executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Keeps the event for when its customer becomes known; answers false, keeping nothing, when the customer was an
     * erased user's (it never becomes known again).
     */
    public Uni<Boolean> keepPending(StripeNotice notice) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, ERASED, Long.class)
                .setParameter("customer", notice.customerId()).getSingleResult()
                .flatMap(erased -> erased > 0 ? Uni.createFrom().item(false)
                        : session.createNativeQuery(KEEP).setParameter("id", notice.eventId())
                                .setParameter("customer", notice.customerId())
                                .setParameter("created", notice.created()).setParameter("payload", notice.payload())
                                .executeUpdate().replaceWith(true)));
    }

    /** The customer's kept events in Stripe's order, left where they are. */
    public Uni<List<String>> pending(String customerId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, PENDING, String.class)
                .setParameter("customer", customerId).getResultList());
    }

    /** The customer's kept events in Stripe's order, removed from the pending ones. */
    public Uni<List<String>> takePending(String customerId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, PENDING, String.class)
                .setParameter("customer", customerId).getResultList()
                .call(payloads -> payloads.isEmpty() ? Uni.createFrom().voidItem()
                        : session.createNativeQuery(TAKE).setParameter("customer", customerId).executeUpdate()));
    }
}
