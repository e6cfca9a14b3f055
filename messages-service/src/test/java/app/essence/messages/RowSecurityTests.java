package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.draft;

import app.essence.testing.RowSecurityContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row-level security on messages-service's owned table (docs/architecture.md, "Row-level security"). */
@QuarkusTest
class RowSecurityTests {
    @Test
    void ownedRowsAreSeenOnlyUnderTheirUsersIdOrTheSystemContext() throws Exception {
        UUID user = UUID.randomUUID();
        draft(user, announcedProfile(user));
        UUID other = UUID.randomUUID();
        draft(other, announcedProfile(other));

        RowSecurityContract.check(Messages.DATABASE, Map.of("messages", "user_id"), user);
    }
}
