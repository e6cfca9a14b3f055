package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.essence.gateway.EdgeProblem;
import app.essence.gateway.EnvoyPolicies;
import app.essence.gateway.HttpRoutes;
import app.essence.gateway.RouteTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both overlays of deploy/k8s, rendered, against the services' real configuration and the gateway's route table. */
class ManifestTests {
    /** Keys the manifests set that no service source names: the base image's and Quarkus's own run-time keys. */
    private static final Set<String> PLATFORM_KEYS = Set.of("JAVA_OPTS_APPEND", "QUARKUS_PROFILE",
            "QUARKUS_SHUTDOWN_TIMEOUT");
    private static final RouteTable TABLE = RouteTable.read(Repository.ROOT.resolve(RouteTable.LOCATION));
    /** Names of keys that hold a secret, in the environment or in a ConfigMap's entries. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(PASSWORD|SECRET|API[_-]?KEY|JAAS).*");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceListensOnItsConfiguredPortWithProbesOnItsHealthChecks(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            Container container = container(objects, service);
            int port = Integer.parseInt(Repository.properties(service).getProperty("quarkus.http.port"));
            assertEquals(List.of(port), container.getPorts().stream().map(p -> p.getContainerPort()).toList(),
                    service + "'s container port is its quarkus.http.port");
            assertEquals("http", container.getPorts().get(0).getName());
            assertProbe(container.getStartupProbe(), "/q/health/started", service + " startup");
            assertProbe(container.getLivenessProbe(), "/q/health/live", service + " liveness");
            assertProbe(container.getReadinessProbe(), "/q/health/ready", service + " readiness");
            Service kubeService = objects.named(Service.class, HttpRoutes.serviceName(service)).orElseThrow();
            assertEquals(HttpRoutes.SERVICE_PORT, kubeService.getSpec().getPorts().get(0).getPort());
            assertEquals("http", kubeService.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentKeyIsOneTheServiceReads(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            Set<String> known = Repository.knownEnvironmentKeys(service);
            Set<String> unknown = new TreeSet<>(environment(objects, service).keySet());
            unknown.removeAll(known);
            unknown.removeAll(PLATFORM_KEYS);
            assertEquals(Set.of(), unknown, service + " is given keys it never reads");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void productionKeysAreSetFromSecrets(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            Map<String, String> environment = environment(objects, service);
            assertEquals("prod", environment.get("QUARKUS_PROFILE"), service);
            // The service queries as the runtime role and migrates as the owner (docs/architecture.md,
            // "Row-level security").
            Map<String, String> secrets = container(objects, service).getEnv().stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName()));
            assertEquals(service + "-db-runtime", secrets.get("QUARKUS_DATASOURCE_USERNAME"), service);
            assertEquals(service + "-db-runtime", secrets.get("QUARKUS_DATASOURCE_PASSWORD"), service);
            assertEquals(service + "-db-app", secrets.get("QUARKUS_FLYWAY_USERNAME"), service);
            assertEquals(service + "-db-app", secrets.get("QUARKUS_FLYWAY_PASSWORD"), service);
            assertTrue(environment.containsKey("ESSENCE_AUTH_JWKS_URL")
                    || environment.containsKey("ESSENCE_AUTH_JWT_SECRET"), service + " verifies tokens");
            for (EnvVar variable : container(objects, service).getEnv()) {
                if (SECRET_KEY.matcher(variable.getName()).matches()) {
                    assertEquals(null, variable.getValue(), variable.getName() + " of " + service
                            + " comes from a Secret, not from the manifest");
                }
            }
            // A ConfigMap is as readable as the manifest: none the container reads may hold a secret.
            for (String name : configMapsReadBy(deployment(objects, service).getSpec().getTemplate().getSpec())) {
                objects.named(ConfigMap.class, name).ifPresent(map -> map.getData().keySet().stream()
                        .filter(key -> SECRET_KEY.matcher(key).matches())
                        .forEach(key -> fail(key + " is in the ConfigMap " + name + " that " + service
                                + " reads: it belongs in a Secret")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKeyTheServicesRequireUnderProdIsSet(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            Map<String, String> environment = new java.util.LinkedHashMap<>(environment(objects, service));
            // A Secret reference marked optional may be missing in the cluster: it sets nothing to count on.
            container(objects, service).getEnv().stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                            && Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional()))
                    .forEach(e -> environment.remove(e.getName()));
            assertEquals(List.of(), ProductionKeys.problems(service, environment),
                    service + " would refuse to start under the " + overlay + " overlay");
        }
    }

    /** The S3 component gives the services that keep files the s3 backend and its credentials from a Secret only. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theS3StorageComponentTakesItsCredentialsFromASecret(String overlay) {
        Overlay objects = Overlay.withComponent(overlay, "s3-storage");
        for (String service : Repository.SERVICES) {
            Map<String, String> environment = environment(objects, service);
            boolean keepsFiles = !service.equals("billing");
            assertEquals(keepsFiles ? "s3" : null, environment.get("ESSENCE_STORAGE_TYPE"), service);
            for (String key : List.of("ESSENCE_STORAGE_S3_ACCESS_KEY_ID", "ESSENCE_STORAGE_S3_SECRET_ACCESS_KEY")) {
                EnvVar variable = container(objects, service).getEnv().stream().filter(e -> e.getName().equals(key))
                        .findFirst().orElse(null);
                assertEquals(keepsFiles, variable != null, service + " " + key);
                if (variable != null) {
                    assertEquals("essence-storage-s3", variable.getValueFrom().getSecretKeyRef().getName(), key);
                }
            }
            if (keepsFiles && overlay.equals("dev")) {
                assertTrue(environment.get("ESSENCE_STORAGE_S3_ENDPOINT").startsWith("https://"), service);
            }
            if (keepsFiles && overlay.equals("prod")) {
                // Required of the operators: from the Secret, never optional, so no placeholder can stand in for it.
                EnvVar endpoint = container(objects, service).getEnv().stream()
                        .filter(e -> e.getName().equals("ESSENCE_STORAGE_S3_ENDPOINT")).findFirst().orElseThrow();
                assertEquals("essence-storage-s3", endpoint.getValueFrom().getSecretKeyRef().getName(), service);
                assertEquals("endpoint", endpoint.getValueFrom().getSecretKeyRef().getKey(), service);
                assertNotEquals(Boolean.TRUE, endpoint.getValueFrom().getSecretKeyRef().getOptional(), service);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void nothingRunsAsRootNorWritesItsImage(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            PodSpec pod = deployment(objects, service).getSpec().getTemplate().getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), service);
            assertNotEquals(0L, pod.getSecurityContext().getRunAsUser(), service);
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), service + " mounts no token");
            assertTrue(pod.getTerminationGracePeriodSeconds() > 20, service + " has time to finish its requests");
            Container container = container(objects, service);
            assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), service);
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), service);
            assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(), service);
            assertTrue(container.getSecurityContext().getRunAsUser() == null
                    || container.getSecurityContext().getRunAsUser() != 0, service);
            List<String> writable = container.getVolumeMounts().stream()
                    .filter(m -> !Boolean.TRUE.equals(m.getReadOnly())).map(m -> m.getMountPath()).toList();
            assertTrue(writable.contains("/tmp"), service + " has a writable /tmp");
            Matcher cache = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)")
                    .matcher(environment(objects, service).getOrDefault("JAVA_OPTS_APPEND", ""));
            if (cache.find()) {
                assertTrue(writable.contains(cache.group(1)), service + "'s JavaCPP cache is a writable volume");
            }
            assertTrue(container.getResources().getRequests().containsKey("memory")
                    && container.getResources().getLimits().containsKey("memory"), service + " is sized");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasAPdbAnHpaAndANetworkPolicy(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (Deployment deployment : objects.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(objects.all(PodDisruptionBudget.class).stream()
                    .anyMatch(pdb -> labels.entrySet().containsAll(
                            pdb.getSpec().getSelector().getMatchLabels().entrySet())), name + " has a PDB");
            assertTrue(objects.all(HorizontalPodAutoscaler.class).stream()
                    .anyMatch(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(name)), name + " has an HPA");
            List<NetworkPolicy> policies = objects.all(NetworkPolicy.class).stream()
                    .filter(p -> labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();
            assertTrue(policies.stream().anyMatch(p -> (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                    && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))), name + " default deny");
            assertTrue(policies.stream().anyMatch(p -> p.getMetadata().getName().equals(name)),
                    name + " has no NetworkPolicy of its own");
        }
        assertEquals(Repository.SERVICES.size(), objects.all(Deployment.class).size());
    }

    /**
     * Each pod's NetworkPolicy names exactly its peers (docs/deploy.md, "Kubernetes"): in, only the Gateway's Envoy
     * pods and Prometheus (and, to profiles-service, its read-through callers and the import Jobs); out, DNS, its own
     * database (dev: its CloudNativePG instances; prod: the one configured address range), the Kafka brokers,
     * profiles-service where it reads through, and public HTTPS only for who calls a provider.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesLetInOnlyTheGatewayAndReachOnlyTheirOwnPeers(String overlay) {
        Overlay objects = Overlay.of(overlay);
        String namespace = deployment(objects, "profiles").getMetadata().getNamespace();
        String envoy = "namespace{essence.app/gateway=true} pods{app.kubernetes.io/component=proxy, "
                + "app.kubernetes.io/name=envoy, gateway.envoyproxy.io/owning-gateway-name=" + HttpRoutes.GATEWAY
                + ", gateway.envoyproxy.io/owning-gateway-namespace=" + namespace + "}";
        String prometheus = "namespace{essence.app/monitoring=true} pods{app.kubernetes.io/name=prometheus}";
        String dns = "namespace{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} UDP 53, TCP 53";
        String kafka = "pods{strimzi.io/broker-role=true, strimzi.io/cluster=essence, strimzi.io/kind=Kafka} TCP 9093";
        String publicHttps = "ip 0.0.0.0/0 except [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, "
                + "100.64.0.0/10] TCP 443";
        Set<String> databaseRanges = new TreeSet<>();
        for (NetworkPolicy policy : objects.all(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            if (name.equals("default-deny")) {
                continue;
            }
            String service = name.replaceFirst("^legacy-import-", "").replaceFirst("-service$", "");
            List<String> ingress = policy.getSpec().getIngress() == null ? List.of()
                    : policy.getSpec().getIngress().stream().map(ManifestTests::describe).toList();
            List<String> callers = new ArrayList<>(List.of(envoy, prometheus));
            if (name.equals("profiles-service")) {
                for (String caller : List.of("clips-service", "messages-service", "legacy-import-clips",
                        "legacy-import-messages")) {
                    callers.add("pods{app.kubernetes.io/name=" + caller + "}");
                }
            }
            String port = Repository.properties(service).getProperty("quarkus.http.port");
            assertEquals(name.startsWith("legacy-import-") ? List.of()
                    : List.of(String.join(" | ", callers) + " TCP " + port), ingress, name + " lets in");
            List<String> egress = policy.getSpec().getEgress().stream().map(ManifestTests::describe).toList();
            String database = egress.get(1);
            if (overlay.equals("dev")) {
                assertEquals("pods{cnpg.io/cluster=" + service + "-db, cnpg.io/podRole=instance} TCP 5432", database,
                        name + " reaches its own database's instances");
            } else {
                assertTrue(database.matches("ip [0-9.]+/([89]|[1-3][0-9]) TCP 5432"), name + " reaches " + database);
                databaseRanges.add(database);
            }
            List<String> expected = new ArrayList<>(List.of(dns, database, kafka));
            if (name.startsWith("legacy-import-")) {
                expected.add("ip 10.30.0.0/24 TCP 5432"); // the legacy database (docs/legacy-import.md)
                expected.add("pods{app.kubernetes.io/name=profiles-service} TCP 8081");
            } else if (service.equals("clips") || service.equals("messages")) {
                expected.add("pods{app.kubernetes.io/name=profiles-service} TCP 8081");
            }
            if (callsAProviderOverHttps(objects, name)) {
                expected.add(publicHttps);
            }
            assertEquals(new TreeSet<>(expected), new TreeSet<>(egress), name + " reaches");
            assertEquals(expected.size(), egress.size(), name + " repeats a rule");
        }
        assertTrue(databaseRanges.size() <= 1, "one managed database address range: " + databaseRanges);
    }

    /**
     * Who calls a provider over HTTPS, and so reaches public port 443: every service checks tokens against Supabase's
     * signing keys (ESSENCE_AUTH_JWKS_URL, required under prod), clips and messages call ElevenLabs, billing Stripe,
     * and with S3 storage the import Jobs store in Supabase Storage.
     */
    private static boolean callsAProviderOverHttps(Overlay objects, String policy) {
        if (policy.startsWith("legacy-import-")) {
            Job job = objects.named(Job.class, policy).orElseThrow();
            return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom().stream()
                    .map(source -> objects.named(ConfigMap.class, source.getConfigMapRef().getName()).orElseThrow())
                    .anyMatch(map -> "s3".equals(map.getData().get("ESSENCE_STORAGE_TYPE")));
        }
        String service = policy.replaceFirst("-service$", "");
        return environment(objects, service).getOrDefault("ESSENCE_AUTH_JWKS_URL", "").startsWith("https://");
    }

    /** A rule as text: its peers ({@code |} between them), then its ports. */
    private static String describe(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule rule) {
        return peers(rule.getFrom()) + " " + ports(rule.getPorts());
    }

    private static String describe(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule rule) {
        return peers(rule.getTo()) + " " + ports(rule.getPorts());
    }

    private static String peers(List<NetworkPolicyPeer> peers) {
        assertFalse(peers.isEmpty(), "a rule without peers lets everyone through");
        return peers.stream().map(peer -> {
            List<String> parts = new ArrayList<>();
            if (peer.getNamespaceSelector() != null) {
                parts.add("namespace" + labels(peer.getNamespaceSelector()));
            }
            if (peer.getPodSelector() != null) {
                parts.add("pods" + labels(peer.getPodSelector()));
            }
            if (peer.getIpBlock() != null) {
                parts.add("ip " + peer.getIpBlock().getCidr() + (peer.getIpBlock().getExcept() == null
                        || peer.getIpBlock().getExcept().isEmpty() ? "" : " except " + peer.getIpBlock().getExcept()));
            }
            return String.join(" ", parts);
        }).collect(Collectors.joining(" | "));
    }

    /** A selector's labels; expressions, which the comparison would not see, are refused. */
    private static java.util.TreeMap<String, String> labels(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        assertTrue(selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty(),
                "a peer selects by labels only: " + selector);
        return new java.util.TreeMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
    }

    private static String ports(List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort> ports) {
        assertFalse(ports == null || ports.isEmpty(), "a rule without ports opens every port");
        return ports.stream().map(port -> port.getProtocol() + " " + port.getPort().getIntVal())
                .collect(Collectors.joining(", "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicAServiceUsesHasAKafkaTopicAndOnlyItsOwnUserMayWriteIt(String overlay) {
        Overlay objects = Overlay.of(overlay);
        Set<String> topics = new TreeSet<>();
        objects.custom("KafkaTopic").forEach(t -> topics.add(t.getMetadata().getName()));
        for (String service : Repository.SERVICES) {
            Properties properties = Repository.properties(service);
            String application = properties.getProperty("quarkus.application.name");
            String own = "essence." + service;
            String deadLetters = properties.getProperty("mp.messaging.incoming.essence-inbox.dead-letter-queue.topic")
                    .replace("${quarkus.application.name}", application);
            List<String> consumed = "false".equals(properties.getProperty("mp.messaging.incoming.essence-inbox.enabled"))
                    ? List.of()
                    : Arrays.asList(properties.getProperty("mp.messaging.incoming.essence-inbox.topics", "").split(","));
            List<String> used = new ArrayList<>(consumed);
            used.addAll(List.of(own, deadLetters));
            used.forEach(topic -> assertTrue(topics.contains(topic), service + " uses " + topic + ": no KafkaTopic"));

            GenericKubernetesResource user = objects.custom("KafkaUser").stream()
                    .filter(u -> u.getMetadata().getName().equals(application)).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no KafkaUser"));
            List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
            assertTrue(allows(acls, "topic", own, "Write"), service + " writes its topic");
            assertTrue(allows(acls, "topic", deadLetters, "Write"), service + " writes its dead letters");
            consumed.forEach(topic -> assertTrue(allows(acls, "topic", topic, "Read"), service + " reads " + topic));
            for (String other : Repository.SERVICES) {
                if (!other.equals(service)) {
                    assertFalse(allows(acls, "topic", "essence." + other, "Write"),
                            service + " could forge " + other + "'s events");
                }
            }
            String group = properties.getProperty("mp.messaging.incoming.essence-inbox.group.id")
                    .replace("${quarkus.application.name}", application);
            assertTrue(acls.stream().anyMatch(acl -> isGroupPrefixOf(acl, group)), service + " may use group " + group);
            assertEquals("scram-sha-512", user.<String>get("spec", "authentication", "type"));
        }
        GenericKubernetesResource kafka = objects.custom("Kafka").get(0);
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertEquals("simple", kafka.<String>get("spec", "kafka", "authorization", "type"));
        GenericKubernetesResource pool = objects.custom("KafkaNodePool").get(0);
        assertEquals(List.of("controller", "broker"), pool.get("spec", "roles"));
        assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRouteOfTheTableHasAnHttpRouteToItsService(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (RouteTable.Route route : TABLE.routes()) {
            String backend = HttpRoutes.serviceName(route.service());
            for (String method : route.methods()) {
                GenericKubernetesResource httpRoute = httpRouteOf(objects, route, method);
                List<Map<String, Object>> rules = httpRoute.get("spec", "rules");
                boolean toItsService = rules.stream().filter(rule -> matches(rule, route, method)).allMatch(rule ->
                        ((List<Map<String, Object>>) rule.get("backendRefs")).stream().allMatch(
                                ref -> backend.equals(ref.get("name"))
                                        && Integer.valueOf(HttpRoutes.SERVICE_PORT).equals(ref.get("port"))));
                assertTrue(toItsService, method + " " + route.path() + " is routed elsewhere than " + backend);
                assertEquals(HttpRoutes.GATEWAY, ((List<Map<String, Object>>) httpRoute.get("spec", "parentRefs"))
                        .get(0).get("name"));
            }
        }
        assertEquals(1, objects.custom("Gateway").size());
    }

    /**
     * The legacy import (docs/legacy-import.md) runs as one suspended Job per service that holds legacy audio: the
     * service's image, ConfigMaps, secrets and storage, the legacy password and operator token from a Secret, and a
     * network policy that lets nothing in and reaches the service's database as the service does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLegacyImportJobsRunTheirServicesImageAndSettingsOnlyWhenResumed(String overlay) {
        Overlay objects = Overlay.of(overlay);
        assertEquals(2, objects.all(Job.class).size());
        for (String service : List.of("clips", "messages")) {
            String name = "legacy-import-" + service;
            Job job = objects.named(Job.class, name).orElseThrow(() -> new AssertionError("no Job " + name));
            assertEquals(Boolean.TRUE, job.getSpec().getSuspend(), name + " runs only when an operator resumes it");
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertEquals("Never", pod.getRestartPolicy());
            assertEquals(List.of(2, 4), job.getSpec().getPodFailurePolicy().getRules().get(0).getOnExitCodes()
                    .getValues(), name + ": failed rows and refusals are answers, not crashes to retry");
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
            Container container = pod.getContainers().get(0);
            Container serviceContainer = container(objects, service);
            assertEquals(serviceContainer.getImage(), container.getImage());
            assertTrue(container.getImage().endsWith(overlay.equals("dev") ? ":dev" : ":0.1.0"),
                    name + " runs the overlay's tag of the image, as the service does: " + container.getImage());
            assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
            assertEquals(serviceContainer.getEnvFrom(), container.getEnvFrom(), name + " reads the service's settings");
            assertTrue(container.getEnv().containsAll(serviceContainer.getEnv()), name + " has the service's secrets");
            assertEquals(List.of("import-legacy", "--from"), container.getArgs().subList(0, 2));
            assertFalse(container.getArgs().get(2).matches("postgresql://[^@/]*:[^@/]*@.*"),
                    name + ": the legacy password is never on the command line");
            for (String secret : List.of("PGPASSWORD", "ESSENCE_LEGACY_IMPORT_OPERATOR_TOKEN")) {
                EnvVar variable = container.getEnv().stream().filter(e -> e.getName().equals(secret)).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " has no " + secret));
                assertEquals("essence-legacy-import", variable.getValueFrom().getSecretKeyRef().getName());
            }
            Set<String> unknown = new TreeSet<>(container.getEnv().stream().map(EnvVar::getName).toList());
            unknown.removeAll(Repository.knownEnvironmentKeys(service));
            unknown.removeAll(PLATFORM_KEYS);
            unknown.remove("PGPASSWORD"); // the PostgreSQL clients' own variable, read by common-lib LegacyDatabase
            assertEquals(Set.of(), unknown, name + " is given keys it never reads");
            assertEquals(deployment(objects, service).getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getPersistentVolumeClaim() != null).toList(),
                    pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null).toList(),
                    name + " stores where the service does");
            NetworkPolicy policy = objects.named(NetworkPolicy.class, name).orElseThrow();
            assertTrue(job.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
            assertTrue(policy.getSpec().getIngress() == null || policy.getSpec().getIngress().isEmpty());
            assertEquals(objects.named(NetworkPolicy.class, HttpRoutes.serviceName(service)).orElseThrow().getSpec()
                    .getEgress().get(1), policy.getSpec().getEgress().get(1), name + " reaches the service's database");
        }
    }

    /**
     * An import Job runs the service's code (its storage, Kafka, profiles-service, providers), so its network policy
     * lets it reach everything the service's own does; with files in S3 that is HTTPS out of the cluster.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLegacyImportJobsReachEverythingTheirServiceReaches(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : List.of("clips", "messages")) {
            String name = "legacy-import-" + service;
            List<NetworkPolicyEgressRule> job = objects.named(NetworkPolicy.class, name).orElseThrow().getSpec()
                    .getEgress();
            for (NetworkPolicyEgressRule rule : objects.named(NetworkPolicy.class, HttpRoutes.serviceName(service))
                    .orElseThrow().getSpec().getEgress()) {
                assertTrue(job.contains(rule), name + " lacks its service's egress " + rule);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRouteHasTheEdgePoliciesOfTheTable(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (RouteTable.Route route : TABLE.routes()) {
            for (String method : route.methods()) {
                String httpRoute = httpRouteOf(objects, route, method).getMetadata().getName();
                String where = method + " " + route.path() + " (HTTPRoute " + httpRoute + ")";
                List<GenericKubernetesResource> traffic = policiesOf(objects, "BackendTrafficPolicy", httpRoute);
                assertEquals(1, traffic.size(), where + " has one BackendTrafficPolicy");
                // Envoy holds a buffered body whole: only JSON bodies, uploads stream to the service's own limits.
                boolean buffered = route.body().equals(EnvoyPolicies.BUFFERED_BODY);
                assertEquals(buffered ? String.valueOf(TABLE.bodies().get(route.body())) : "null",
                        String.valueOf(traffic.get(0).<Object>get("spec", "requestBuffer", "limit")), where + " body limit");
                assertEquals(null, traffic.get(0).<Object>get("spec", "rateLimit"), where + " has a per-route bucket");
                assertEquals(route.isRateLimited() ? "StrategicMerge" : null, traffic.get(0).<Object>get("spec", "mergeType"),
                        where + " takes the Gateway's shared per-client limit exactly where the table wants it");
                List<Map<String, Object>> overrides = traffic.get(0).get("spec", "responseOverride");
                List<Integer> statuses = new ArrayList<>(List.of(408, 503));
                if (buffered) {
                    statuses.add(413);
                }
                if (route.isRateLimited()) {
                    statuses.add(429);
                }
                for (int status : statuses) {
                    assertTrue(overrides.stream().anyMatch(o -> problemAnswer(o, status)),
                            where + ": the gateway's own " + status + " is not a problem+json");
                }
                List<GenericKubernetesResource> cors = policiesOf(objects, "SecurityPolicy", httpRoute);
                assertEquals(route.allowsCors(), cors.stream().anyMatch(p -> p.get("spec", "cors") != null), where + " CORS");
                cors.forEach(policy -> assertFalse(policy.<List<String>>get("spec", "cors", "allowOrigins").stream()
                        .anyMatch(origin -> origin.equals("*")), where + " answers CORS for any origin"));
            }
        }
        RouteTable.Route webhook = TABLE.routes().stream().filter(r -> r.path().equals("/stripe/webhook")).findFirst()
                .orElseThrow();
        assertFalse(webhook.allowsCors() || webhook.isRateLimited(), "Stripe's webhook takes no CORS nor per-client limit");
        GenericKubernetesResource client = objects.custom("ClientTrafficPolicy").stream()
                .filter(p -> ((List<Map<String, Object>>) p.get("spec", "targetRefs")).stream()
                        .anyMatch(t -> "Gateway".equals(t.get("kind")) && HttpRoutes.GATEWAY.equals(t.get("name"))))
                .findFirst().orElseThrow(() -> new AssertionError("no ClientTrafficPolicy on the Gateway"));
        assertEquals("PreserveOrGenerate", client.get("spec", "headers", "requestID"), "request ids");
        assertEquals(EnvoyPolicies.TRUSTED_HOPS,
                client.<Object>get("spec", "clientIPDetection", "xForwardedFor", "numTrustedHops"),
                "the per-client limit counts the client behind the load balancer, not the load balancer");
        assertOneSharedPerClientLimit(objects);
        assertTrue(client.get("spec", "timeout", "http", "requestReceivedTimeout") != null, "a trickled body is cut off");
        GenericKubernetesResource gateway = objects.custom("Gateway").get(0);
        String proxy = gateway.get("spec", "infrastructure", "parametersRef", "name");
        GenericKubernetesResource envoyProxy = objects.custom("EnvoyProxy").stream()
                .filter(p -> p.getMetadata().getName().equals(proxy)).findFirst()
                .orElseThrow(() -> new AssertionError("the Gateway's EnvoyProxy " + proxy + " is missing"));
        List<Map<String, Object>> logs = envoyProxy.get("spec", "telemetry", "accessLog", "settings");
        assertEquals("JSON", ((Map<String, Object>) logs.get(0).get("format")).get("type"), "JSON access logs");
    }

    /** One bucket per client over all routes, for IPv4 and IPv6 clients alike: on the Gateway, shared. */
    private static void assertOneSharedPerClientLimit(Overlay objects) {
        List<GenericKubernetesResource> onGateway = objects.custom("BackendTrafficPolicy").stream()
                .filter(p -> ((List<Map<String, Object>>) p.get("spec", "targetRefs")).stream()
                        .anyMatch(t -> "Gateway".equals(t.get("kind")) && HttpRoutes.GATEWAY.equals(t.get("name"))))
                .toList();
        assertEquals(1, onGateway.size(), "one BackendTrafficPolicy on the Gateway");
        assertEquals("Global", onGateway.get(0).get("spec", "rateLimit", "type"));
        List<Map<String, Object>> rules = onGateway.get(0).get("spec", "rateLimit", "global", "rules");
        Set<String> addresses = new TreeSet<>();
        for (Map<String, Object> rule : rules) {
            assertEquals(Boolean.TRUE, rule.get("shared"), "a rule not shared is one bucket per route: " + rule);
            for (Map<String, Object> selector : (List<Map<String, Object>>) rule.get("clientSelectors")) {
                Map<String, Object> cidr = (Map<String, Object>) selector.get("sourceCIDR");
                assertEquals("Distinct", cidr.get("type"), "one bucket per client address");
                addresses.add((String) cidr.get("value"));
            }
        }
        assertEquals(Set.of("0.0.0.0/0", "::/0"), addresses, "IPv4 and IPv6 clients are limited");
    }

    /** Envoy answers a CORS preflight only on a route that accepts OPTIONS; nginx accepts HEAD wherever GET is. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void corsRoutesAcceptAPreflightAndGetRoutesHead(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (RouteTable.Route route : TABLE.routes()) {
            String httpRoute = httpRouteOf(objects, route, route.methods().get(0)).getMetadata().getName();
            List<Map<String, Object>> rules = objects.custom("HTTPRoute").stream()
                    .filter(r -> r.getMetadata().getName().equals(httpRoute))
                    .flatMap(r -> r.<List<Map<String, Object>>>get("spec", "rules").stream()).toList();
            List<Map<String, Object>> preflights = rules.stream().filter(rule -> matches(rule, route, "OPTIONS"))
                    .flatMap(rule -> ((List<Map<String, Object>>) rule.get("matches")).stream())
                    .filter(match -> "OPTIONS".equals(match.get("method"))).toList();
            assertEquals(route.allowsCors(), !preflights.isEmpty(), route.path() + " accepts a CORS preflight");
            preflights.forEach(match -> assertTrue(((List<Map<String, Object>>) match.get("headers")).stream()
                    .anyMatch(h -> HttpRoutes.PREFLIGHT_HEADER.equals(h.get("name"))),
                    route.path() + ": only a preflight, not any OPTIONS, reaches the route"));
            assertEquals(route.methods().contains("GET"), rules.stream().anyMatch(rule -> matches(rule, route, "HEAD")),
                    route.path() + " accepts HEAD exactly where it accepts GET");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noHttpRouteExposesAServicesOwnEndpoints(String overlay) {
        for (GenericKubernetesResource httpRoute : Overlay.of(overlay).custom("HTTPRoute")) {
            for (Map<String, Object> rule : httpRoute.<List<Map<String, Object>>>get("spec", "rules")) {
                if (rule.get("backendRefs") == null) {
                    continue; // answered by the gateway itself (the 404 problem), never by a service
                }
                for (Map<String, Object> match : (List<Map<String, Object>>) rule.get("matches")) {
                    Map<String, Object> path = (Map<String, Object>) match.get("path");
                    String value = (String) path.get("value");
                    for (String internal : List.of("/q/health/ready", "/q/metrics", "/q/openapi",
                            "/v1/operator/dead-letters/replay")) {
                        boolean exposed = switch ((String) path.get("type")) {
                            case "Exact" -> value.equals(internal);
                            case "PathPrefix" -> internal.startsWith(value);
                            default -> internal.matches(value);
                        };
                        assertFalse(exposed, httpRoute.getMetadata().getName() + " exposes " + internal);
                    }
                }
            }
        }
    }

    /**
     * A request no route of the table takes ({@code /q/*}, the dead-letter replay, any unknown path) gets the same 404
     * problem as from nginx, not Envoy's plain text: one catch-all prefix route, after every route of the table (Envoy
     * Gateway orders exact paths and regular expressions before prefixes), answered by the gateway itself.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aPathOfNoRouteIsAnsweredWithTheNotFoundProblem(String overlay) {
        Overlay objects = Overlay.of(overlay);
        List<Map<String, Object>> prefixRules = objects.custom("HTTPRoute").stream()
                .flatMap(r -> r.<List<Map<String, Object>>>get("spec", "rules").stream())
                .filter(rule -> ((List<Map<String, Object>>) rule.get("matches")).stream()
                        .anyMatch(m -> "PathPrefix".equals(((Map<String, Object>) m.get("path")).get("type"))))
                .toList();
        assertEquals(1, prefixRules.size(), "one catch-all, after every route of the table");
        Map<String, Object> catchAll = prefixRules.get(0);
        assertEquals(List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"))), catchAll.get("matches"),
                "every path, every method");
        assertEquals(null, catchAll.get("backendRefs"), "no service answers it");
        List<Map<String, Object>> filters = (List<Map<String, Object>>) catchAll.get("filters");
        assertEquals(1, filters.size());
        Map<String, Object> reference = (Map<String, Object>) filters.get(0).get("extensionRef");
        assertEquals("HTTPRouteFilter", reference.get("kind"));
        GenericKubernetesResource filter = objects.custom("HTTPRouteFilter").stream()
                .filter(f -> f.getMetadata().getName().equals(reference.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no HTTPRouteFilter " + reference.get("name")));
        Map<String, Object> response = filter.get("spec", "directResponse");
        assertEquals(404, response.get("statusCode"));
        assertTrue(isProblem(response, 404), "the 404 is the gateway's problem+json: " + response);
        String route = objects.custom("HTTPRoute").stream()
                .filter(r -> r.<List<Map<String, Object>>>get("spec", "rules").contains(catchAll)).findFirst()
                .orElseThrow().getMetadata().getName();
        List<GenericKubernetesResource> traffic = policiesOf(objects, "BackendTrafficPolicy", route);
        assertEquals(1, traffic.size(), "the catch-all has its BackendTrafficPolicy");
        assertEquals("StrategicMerge", traffic.get(0).get("spec", "mergeType"), "the catch-all is limited per client");
        List<Map<String, Object>> overrides = traffic.get(0).get("spec", "responseOverride");
        for (int status : List.of(408, 429)) {
            assertTrue(overrides.stream().anyMatch(o -> problemAnswer(o, status)), "the catch-all's " + status);
        }
    }

    /** The one HTTPRoute with a rule for the route's method. */
    private static GenericKubernetesResource httpRouteOf(Overlay objects, RouteTable.Route route, String method) {
        List<GenericKubernetesResource> routes = objects.custom("HTTPRoute").stream()
                .filter(r -> r.<List<Map<String, Object>>>get("spec", "rules").stream()
                        .anyMatch(rule -> matches(rule, route, method)))
                .toList();
        assertEquals(1, routes.size(), method + " " + route.path() + " must be in exactly one HTTPRoute");
        return routes.get(0);
    }

    private static List<GenericKubernetesResource> policiesOf(Overlay objects, String kind, String httpRoute) {
        return objects.custom(kind).stream()
                .filter(p -> ((List<Map<String, Object>>) p.get("spec", "targetRefs")).stream()
                        .anyMatch(t -> "HTTPRoute".equals(t.get("kind")) && httpRoute.equals(t.get("name"))))
                .toList();
    }

    /** Envoy's own answer with this status is the gateway's problem, with nginx's Retry-After where it has one. */
    private static boolean problemAnswer(Map<String, Object> override, int status) {
        Map<String, Object> match = (Map<String, Object>) override.get("match");
        return ((List<Map<String, Object>>) match.get("statusCodes")).stream()
                .anyMatch(code -> Integer.valueOf(status).equals(code.get("value")))
                && "Local".equals(override.get("source"))
                && isProblem((Map<String, Object>) override.get("response"), status);
    }

    private static boolean isProblem(Map<String, Object> response, int status) {
        EdgeProblem problem = Arrays.stream(EdgeProblem.values()).filter(p -> p.status() == status).findFirst()
                .orElseThrow();
        List<Map<String, Object>> set = response.get("header") == null ? List.of()
                : (List<Map<String, Object>>) ((Map<String, Object>) response.get("header")).get("set");
        List<Object> retryAfter = set.stream().filter(h -> "Retry-After".equals(h.get("name")))
                .map(h -> h.get("value")).toList();
        return "application/problem+json".equals(response.get("contentType"))
                && problem.json(null).equals(((Map<String, Object>) response.get("body")).get("inline"))
                && retryAfter.equals(problem.retryAfter() == null ? List.of() : List.of(problem.retryAfter()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void devRunsCloudNativePgDatabasesAndProdAManagedOne(String overlay) {
        Overlay objects = Overlay.of(overlay);
        for (String service : Repository.SERVICES) {
            String url = environment(objects, service).get("QUARKUS_DATASOURCE_REACTIVE_URL");
            List<GenericKubernetesResource> clusters = objects.custom("Cluster").stream()
                    .filter(c -> c.getMetadata().getName().equals(service + "-db")).toList();
            if (overlay.equals("dev")) {
                assertEquals(1, clusters.size(), service + " has its CloudNativePG cluster");
                assertEquals("essence_" + service, clusters.get(0).get("spec", "bootstrap", "initdb", "database"));
                assertEquals("postgresql://" + service + "-db-rw:5432/essence_" + service, url);
            } else {
                assertEquals(List.of(), clusters);
                assertTrue(url.endsWith("/essence_" + service + "?sslmode=verify-full"), url);
                assertFalse(url.contains("-db-rw"), url);
            }
        }
        if (overlay.equals("prod")) {
            assertEquals(List.of(), objects.custom("Cluster"));
        }
    }

    private static boolean matches(Map<String, Object> rule, RouteTable.Route route, String method) {
        return ((List<Map<String, Object>>) rule.get("matches")).stream().anyMatch(match -> {
            Map<String, Object> path = (Map<String, Object>) match.get("path");
            boolean pathMatches = route.isTemplated()
                    ? "RegularExpression".equals(path.get("type")) && route.pathRegex().equals(path.get("value"))
                    && route.path().replaceAll("\\{[^}]+}", "x1").matches(route.pathRegex())
                    : "Exact".equals(path.get("type")) && route.path().equals(path.get("value"));
            return pathMatches && method.equals(match.get("method"));
        });
    }

    private static boolean allows(List<Map<String, Object>> acls, String type, String name, String operation) {
        return acls.stream().anyMatch(acl -> {
            Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
            return type.equals(resource.get("type")) && name.equals(resource.get("name"))
                    && ((List<String>) acl.get("operations")).contains(operation);
        });
    }

    private static boolean isGroupPrefixOf(Map<String, Object> acl, String group) {
        Map<String, Object> resource = (Map<String, Object>) acl.get("resource");
        return "group".equals(resource.get("type")) && "prefix".equals(resource.get("patternType"))
                && group.startsWith((String) resource.get("name"))
                && ((List<String>) acl.get("operations")).contains("Read");
    }

    private static void assertProbe(Probe probe, String path, String what) {
        if (probe == null) {
            fail(what + " probe is missing");
        }
        assertEquals(path, probe.getHttpGet().getPath(), what);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), what);
    }

    private static Deployment deployment(Overlay objects, String service) {
        return objects.named(Deployment.class, HttpRoutes.serviceName(service))
                .orElseThrow(() -> new AssertionError("no Deployment " + HttpRoutes.serviceName(service)));
    }

    private static Container container(Overlay objects, String service) {
        return deployment(objects, service).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Every ConfigMap the pod's containers read: whole (envFrom), by key (env) or as a volume. */
    static Set<String> configMapsReadBy(PodSpec pod) {
        Set<String> names = new TreeSet<>();
        for (Container container : pod.getContainers()) {
            container.getEnvFrom().stream().filter(source -> source.getConfigMapRef() != null)
                    .forEach(source -> names.add(source.getConfigMapRef().getName()));
            container.getEnv().stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null)
                    .forEach(e -> names.add(e.getValueFrom().getConfigMapKeyRef().getName()));
        }
        pod.getVolumes().stream().filter(volume -> volume.getConfigMap() != null)
                .forEach(volume -> names.add(volume.getConfigMap().getName()));
        return names;
    }

    /** The container's environment: its ConfigMaps' entries (envFrom), then its own variables (value or secret). */
    private static Map<String, String> environment(Overlay objects, String service) {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        Container container = container(objects, service);
        for (EnvFromSource source : container.getEnvFrom()) {
            String name = source.getConfigMapRef().getName();
            ConfigMap map = objects.named(ConfigMap.class, name)
                    .orElseThrow(() -> new AssertionError(service + " reads a missing ConfigMap " + name));
            environment.putAll(map.getData());
        }
        // A secret's value stands for itself: the same secret key gives the same value, another one another value.
        container.getEnv().forEach(e -> environment.put(e.getName(), e.getValue() != null ? e.getValue()
                : e.getValueFrom().getSecretKeyRef() == null ? "<secret>"
                : "<secret " + e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef()
                        .getKey() + ">"));
        return environment;
    }
}
