import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates ESSENCE's topics on a broker if they are missing, and gives every one its retention (docs/events.md,
 * "Retention"): events are kept, since a service's replicas are built from the first event on; the plan topic
 * keeps each user's latest plan by compaction. Run as a single source file by the local launcher:
 * {@code java -cp "deploy/local/kafka/target/lib/*" deploy/local/CreateTopics.java 127.0.0.1:9092}.
 */
public class CreateTopics {
    static final List<String> TOPICS = List.of("essence.profiles", "essence.clips", "essence.messages",
            "essence.billing", "essence.dead-letter.profiles-service", "essence.dead-letter.clips-service",
            "essence.dead-letter.messages-service", "essence.dead-letter.billing-service");

    /** The settings of each topic, set on new and existing topics alike. */
    static Map<String, String> settings(String topic) {
        return topic.equals("essence.billing") ? Map.of("cleanup.policy", "compact")
                : Map.of("cleanup.policy", "delete", "retention.ms", "-1");
    }

    public static void main(String[] args) throws Exception {
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(settings(t))).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> retention = new HashMap<>();
            for (String topic : TOPICS) {
                retention.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), settings(topic).entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                        .toList());
            }
            admin.incrementalAlterConfigs(retention).all().get(30, TimeUnit.SECONDS);
            System.out.println("topics: " + TOPICS.size() + " present, " + missing.size() + " created");
        }
    }
}
