package app.essence.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One overlay of deploy/k8s rendered by {@code kubectl kustomize} (offline) and read with the fabric8 model. */
record Overlay(String name, List<HasMetadata> objects) {
    private static final Map<String, Overlay> RENDERED = new ConcurrentHashMap<>();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Overlay of(String name) {
        return RENDERED.computeIfAbsent(name, Overlay::render);
    }

    /**
     * The overlay with a component of deploy/k8s/components added, rendered as an overlay that lists it in its
     * {@code components} would be (from a kustomization written under deploy-tests/target).
     */
    static Overlay withComponent(String name, String component) {
        Path dir = Repository.ROOT.resolve("deploy-tests/target/overlays").resolve(name + "-" + component);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources: [../../../../deploy/k8s/overlays/%s]
                    components: [../../../../deploy/k8s/components/%s]
                    """.formatted(name, component));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return render(name + "+" + component, dir);
    }

    private static Overlay render(String name) {
        return render(name, Repository.ROOT.resolve("deploy/k8s/overlays").resolve(name));
    }

    private static Overlay render(String name, Path directory) {
        try {
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize failed for overlay " + name);
            }
            List<HasMetadata> objects = new ArrayList<>();
            for (String document : yaml.split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
                }
            }
            return new Overlay(name, List.copyOf(objects));
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render deploy/k8s (.ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Custom resources (Strimzi, CloudNativePG, Gateway API) of a kind, as generic objects. */
    List<GenericKubernetesResource> custom(String kind) {
        return objects.stream().filter(o -> o.getKind().equals(kind))
                .map(o -> o instanceof GenericKubernetesResource g ? g
                        : SERIALIZATION.convertValue(o, GenericKubernetesResource.class))
                .toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }
}
