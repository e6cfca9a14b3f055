package app.essence.profiles;

import static app.essence.profiles.Api.createProfile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.EventType;
import app.essence.common.outbox.OutboxRelay;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * With the polling timer off, only the commit's NOTIFY can wake the relay: an event written while the NOTIFY
 * trigger is disabled waits, and the next commit's NOTIFY publishes it together with its own event.
 */
@QuarkusTest
@TestProfile(OutboxNotifyTests.PollingOff.class)
class OutboxNotifyTests {
    private static final String DATABASE = "essence_profiles_test";

    /** A poll interval no test lasts: the timer never fires (its own Quarkus start, about ten seconds). */
    public static class PollingOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("essence.outbox.poll-interval", "1h");
        }
    }

    @Inject
    OutboxRelay relay;

    @Test
    void aCommitsNotifyWakesTheRelayAndNothingElseDoes() throws Exception {
        String silent;
        sql("alter table outbox_events disable trigger outbox_events_inserted");
        try {
            silent = createProfile(UUID.randomUUID(), "Written without a NOTIFY");
            Thread.sleep(1500); // nothing can signal that nothing happens: a wait the relay would have used
            assertEquals(1, count("select count(*) from outbox_events where published_at is null and event_key = '"
                    + silent + "'"), "no NOTIFY, no poll: the event waits");
        } finally {
            sql("alter table outbox_events enable trigger outbox_events_inserted");
        }
        String notified = createProfile(UUID.randomUUID(), "Written with a NOTIFY");
        Set<String> published = KafkaTestClient.read(EventType.Topics.PROFILES, Duration.ofSeconds(10),
                records -> records.stream().map(r -> r.key()).collect(Collectors.toSet())
                        .containsAll(Set.of(silent, notified)))
                .stream().map(r -> r.key()).filter(key -> key.equals(silent) || key.equals(notified))
                .collect(Collectors.toSet());
        assertEquals(Set.of(silent, notified), published, "the NOTIFY of the second commit published both");
        assertEquals(0, relay.pollsCompleted(), "the polling timer never ran");
    }

    private static void sql(String statement) throws Exception {
        try (Connection db = PostgresResource.connect(DATABASE); Statement st = db.createStatement()) {
            st.execute(statement);
        }
    }

    private static int count(String sql) throws Exception {
        try (Connection db = PostgresResource.connect(DATABASE);
                ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
