package app.essence.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts one real Kafka broker process for a test run and points the service's Kafka clients at it. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    private static KafkaBroker broker;

    /** The broker of this test run, for tests that stop and restart it. */
    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            String lib = System.getProperty("essence.kafka.lib");
            if (lib == null || !Files.isDirectory(Path.of(lib))) {
                throw new IllegalStateException("no Kafka jars at essence.kafka.lib=" + lib
                        + "; build deploy/local/kafka first (mvn install does)");
            }
            try {
                broker = new KafkaBroker(Path.of(lib), Files.createTempDirectory("essence-kafka-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        }
        return broker;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", broker().bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker serves every test class of the run; the shutdown hook ends it.
    }
}
