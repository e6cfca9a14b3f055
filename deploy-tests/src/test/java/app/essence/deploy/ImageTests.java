package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.gateway.HttpRoutes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services' images (docs/deploy.md, "Images"). */
class ImageTests {
    /** Ubuntu's: it has the libstdc++ that FFmpeg, loaded through JavaCPP by clips and messages, needs. */
    private static final String BASE = "eclipse-temurin:25-jre";
    /** What every pod of a service runs with, set once in its image (docs/deploy.md, "JVM options"). */
    private static final List<String> SHARED_JVM_OPTIONS = List.of("-XX:TrimNativeHeapInterval=5000",
            "-Djava.io.tmpdir=/tmp");
    private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"");

    @Test
    void everyServiceRunsOnTheJreImageThatHasLibstdcxx() {
        for (String service : Repository.SERVICES) {
            List<String> from = dockerfile(service).stream().filter(line -> line.startsWith("FROM ")).toList();
            assertEquals(List.of("FROM " + BASE), from, service + "-service's image");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theImageSetsTheJvmOptionsEveryPodSharesAndNoPodRepeatsThem(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            List<String> image = imageJavaOpts(service);
            assertTrue(image.containsAll(SHARED_JVM_OPTIONS), service + "-service's image JAVA_OPTS " + image);
            List<Container> containers = new ArrayList<>();
            objects.named(Deployment.class, HttpRoutes.serviceName(service))
                    .ifPresent(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
            objects.named(Job.class, "legacy-import-" + service)
                    .ifPresent(j -> containers.addAll(j.getSpec().getTemplate().getSpec().getContainers()));
            assertFalse(containers.isEmpty(), "no pod runs " + service + "-service's image");
            for (Container container : containers) {
                Set<String> repeated = new TreeSet<>(javaOptsAppend(container));
                repeated.retainAll(image);
                assertEquals(Set.of(), repeated, container.getName() + " of " + service + " repeats its image's JAVA_OPTS");
            }
        }
    }

    private static List<String> dockerfile(String service) {
        try {
            return Files.readAllLines(Repository.ROOT.resolve(service + "-service/src/main/docker/Dockerfile.jvm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> imageJavaOpts(String service) {
        Matcher options = JAVA_OPTS.matcher(String.join("\n", dockerfile(service)));
        assertTrue(options.find(), service + "-service's image sets no JAVA_OPTS");
        return Arrays.asList(options.group(1).trim().split("\\s+"));
    }

    private static List<String> javaOptsAppend(Container container) {
        return container.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND")).map(EnvVar::getValue)
                .flatMap(value -> Arrays.stream(value.trim().split("\\s+"))).toList();
    }
}
