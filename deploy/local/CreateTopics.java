import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates ESSENCE's topics on a broker if they are missing. Run as a single source file by the local launcher:
 * {@code java -cp "deploy/local/kafka/target/lib/*" deploy/local/CreateTopics.java 127.0.0.1:9092}.
 */
public class CreateTopics {
    static final List<String> TOPICS = List.of("essence.profiles", "essence.clips", "essence.messages",
            "essence.billing", "essence.dead-letter.profiles-service", "essence.dead-letter.clips-service",
            "essence.dead-letter.messages-service", "essence.dead-letter.billing-service");

    public static void main(String[] args) throws Exception {
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            System.out.println("topics: " + TOPICS.size() + " present, " + missing.size() + " created");
        }
    }
}
