package app.essence.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every call to an external provider (ElevenLabs or the local voice engine, the chat endpoint, Stripe), timed and
 * counted by outcome in {@code essence_provider_calls_seconds{service, provider, operation, outcome}} on
 * {@code /q/metrics} (docs/deploy.md, "Metrics"): one try each, so a retried call counts every try. A call that ran
 * out of time is a {@code timeout}, whether it failed with a time-out or a deadline around it cut it off (cancelled
 * or interrupted it): those are the calls a slow provider costs, and without them the series would show only the fast
 * ones. Any cancellation counts so, a shutdown's too: nothing else cancels a provider call.
 */
@ApplicationScoped
public class ProviderCallMeter {
    static final String TIMER = "essence.provider.calls";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String TIMEOUT = "timeout";
    private static final int MAX_CAUSES = 20;

    private final MeterRegistry registry;
    private final String service;

    public ProviderCallMeter(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.service = service;
    }

    /** A call that may throw its own checked exception (stripe-java's). */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /** Shows the provider's operations at zero, so a dashboard or an alert has the series before a first call. */
    public void register(String provider, String... operations) {
        for (String operation : operations) {
            for (String outcome : List.of(SUCCESS, FAILURE, TIMEOUT)) {
                timer(provider, operation, outcome);
            }
        }
    }

    /** Runs a blocking call, timing it as a success or, when it throws, a failure or a time-out. */
    public <T, E extends Exception> T timed(String provider, String operation, Call<T, E> call) throws E {
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            return call.call();
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            record(provider, operation, outcome(failure), started);
        }
    }

    /** Times a blocking call that throws nothing checked. */
    public <T> T timedSupplier(String provider, String operation, Supplier<T> call) {
        return timed(provider, operation, call::get);
    }

    /**
     * Times a call made when the Uni is subscribed to, until its item or failure, or until it is cancelled: a
     * deadline around the call ({@code ifNoItem().after(...)}, a fault-tolerance time-out) cancels it, and it counts
     * as a time-out.
     */
    public <T> Uni<T> timed(String provider, String operation, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            AtomicBoolean recorded = new AtomicBoolean();
            return call.onItemOrFailure().invoke((item, failure) -> {
                if (recorded.compareAndSet(false, true)) {
                    record(provider, operation, outcome(failure), started);
                }
            }).onCancellation().invoke(() -> {
                if (recorded.compareAndSet(false, true)) {
                    record(provider, operation, TIMEOUT, started);
                }
            });
        });
    }

    /**
     * Success without a failure; a time-out when anything in the failure's first causes is one (by type or by name)
     * or an interruption, which is how a fault-tolerance {@code @Timeout} cuts a blocking call off.
     */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        Throwable cause = failure;
        // A bounded walk: a cause chain can be a cycle (initCause), and the time-out is never deep in a real one.
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            // java.util.concurrent's, java.net's (socket and HTTP client), Netty's, Vert.x's, MicroProfile FT's
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().endsWith("TimeoutException")
                    || cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
                return TIMEOUT;
            }
        }
        return FAILURE;
    }

    private void record(String provider, String operation, String outcome, long started) {
        timer(provider, operation, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String provider, String operation, String outcome) {
        return Timer.builder(TIMER).description("calls to external providers, one try each, by outcome")
                .tag("service", service).tag("provider", provider).tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }
}
