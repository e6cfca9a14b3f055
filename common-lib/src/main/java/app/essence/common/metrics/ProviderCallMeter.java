package app.essence.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every call to an external provider (ElevenLabs or the local voice engine, the chat endpoint, Stripe), timed and
 * counted by outcome in {@code essence_provider_calls_seconds{service, provider, operation, outcome}} on
 * {@code /q/metrics} (docs/deploy.md, "Metrics"): one try each, so a retried call counts every try.
 */
@ApplicationScoped
public class ProviderCallMeter {
    static final String TIMER = "essence.provider.calls";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

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
            timer(provider, operation, SUCCESS);
            timer(provider, operation, FAILURE);
        }
    }

    /** Runs a blocking call, timing it as a success or, when it throws, a failure. */
    public <T, E extends Exception> T timed(String provider, String operation, Call<T, E> call) throws E {
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            T result = call.call();
            succeeded = true;
            return result;
        } finally {
            record(provider, operation, succeeded, started);
        }
    }

    /** Times a blocking call that throws nothing checked. */
    public <T> T timedSupplier(String provider, String operation, Supplier<T> call) {
        return timed(provider, operation, call::get);
    }

    /** Times a call made when the Uni is subscribed to, until its item or failure. */
    public <T> Uni<T> timed(String provider, String operation, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return call.onItemOrFailure().invoke((item, failure) -> record(provider, operation, failure == null,
                    started));
        });
    }

    private void record(String provider, String operation, boolean succeeded, long started) {
        timer(provider, operation, succeeded ? SUCCESS : FAILURE).record(System.nanoTime() - started,
                TimeUnit.NANOSECONDS);
    }

    private Timer timer(String provider, String operation, String outcome) {
        return Timer.builder(TIMER).description("calls to external providers, one try each, by outcome")
                .tag("service", service).tag("provider", provider).tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }
}
