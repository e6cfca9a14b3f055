package app.essence.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventType;
import app.essence.common.identity.SupabaseTokenParser;
import app.essence.common.legacy.LegacyImport;
import app.essence.testing.KilledImports.RunSummary;
import app.essence.testing.KilledImports.Runs;
import app.essence.testing.LegacyImportRuns.LedgerRow;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * What a service's {@code LegacyImportKillIT} runs on: the service's own fresh database, a work directory (reports,
 * consoles, storage) under target/, profiles-service's stand-in answering the import's operator look-ups, and the
 * packaged jar ({@code essence.service.jar}) run as the launcher runs it. Checks what every such test expects of the
 * runs: killed twice mid-run, then done with the bad rows failed (exit 2), every row verified, the import's own
 * operator tokens valid.
 */
public final class ImportKillRig implements AutoCloseable {
    private final String database;
    private final Path jar;
    private final Path work;
    private final ProfilesServiceStub profiles = new ProfilesServiceStub();
    private final String profilesUrl;

    private ImportKillRig(String database) throws IOException {
        this.database = database;
        this.jar = Path.of(System.getProperty("essence.service.jar", "target/quarkus-app/quarkus-run.jar"));
        this.work = Path.of("target/import-kill").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the packaged service (mvn package) at " + jar.toAbsolutePath());
        ImportProcess.freshDirectory(work);
        Files.createDirectories(storage());
        PostgresResource service = new PostgresResource();
        service.init(Map.of("database", database));
        service.start();
        this.profilesUrl = profiles.start().get("essence.profiles.url");
    }

    /** Sets up for a test of the import into {@code serviceDatabase}, made afresh. */
    public static ImportKillRig open(String serviceDatabase) throws IOException {
        return new ImportKillRig(serviceDatabase);
    }

    /** Where the import's files are stored (the filesystem storage's root). */
    public Path storage() {
        return work.resolve("storage");
    }

    /** The report the last run wrote. */
    public Path lastReport() {
        return work.resolve("last.csv");
    }

    /** profiles-service's operator look-up answers {@code profile} as {@code owner}'s after {@code delayMillis}. */
    public static void knownProfile(UUID profile, UUID owner, int delayMillis) {
        ProfilesServiceStub.answersOperator(profile, matching("Bearer .+"), owner, delayMillis);
    }

    /**
     * Runs the import of {@code legacyUrl} three times ({@link KilledImports#killTwiceThenFinish}): killed once
     * {@code watch} reaches {@code firstKill}, again after {@code moreBeforeSecondKill} more imported rows, then to
     * its end.
     */
    public Runs killTwiceThenFinish(String legacyUrl, LongSupplier watch, long firstKill, long moreBeforeSecondKill)
            throws SQLException {
        return KilledImports.killTwiceThenFinish(name -> ImportProcess.start(jar, database, legacyUrl,
                work.resolve(name + ".csv"), work.resolve(name + ".log"), Map.of(
                        "ESSENCE_STORAGE_FILESYSTEM_ROOT", storage().toString(),
                        "ESSENCE_PROFILES_URL", profilesUrl)), database, watch, firstKill,
                moreBeforeSecondKill);
    }

    /**
     * The runs as a kill test expects them: nothing ever seen {@code uneven}; the first two killed mid-run after
     * importing some rows each; the last done with {@code bad} rows failed (exit 2) and every one of {@code good} rows
     * imported and verified, in its console, its run row and its report.
     */
    public void assertKilledTwiceThenDone(Runs runs, List<String> uneven, int good, int bad) throws IOException,
            SQLException {
        List<RunSummary> summaries = KilledImports.runs(database);
        System.out.printf("legacy import kill test (%s): %d rows (%d good, %d bad); %s; %s%n", database, good + bad,
                good, bad, runs, summaries);
        assertEquals(List.of(), uneven, "a record, its events and its ledger row are committed together");
        assertTrue(runs.committedBySecond() < good, "the second kill landed before the end: " + runs);
        assertEquals(LegacyImport.NOT_ALL_VERIFIED, runs.lastExit(), runs.lastConsole());
        assertTrue(runs.lastConsole().contains(good + " imported (" + good + " verified, 0 not), 0 skipped, " + bad
                + " failed"), runs.lastConsole());
        assertEquals(3, summaries.size(), summaries.toString());
        assertFalse(summaries.get(0).finished() || summaries.get(1).finished(), summaries.toString());
        assertTrue(summaries.get(0).importedHere() > 0 && summaries.get(1).importedHere() > 0, summaries.toString());
        assertEquals(new RunSummary(true, good + bad, good, 0, bad, good, 0, good - summaries.get(0).importedHere()
                - summaries.get(1).importedHere()), summaries.get(2));
        String report = Files.readString(lastReport());
        assertEquals(good + bad + 1, report.lines().count(), report);
        assertEquals(good, report.lines().filter(line -> line.contains(",imported,") && line.contains(",true,"))
                .count(), report);
    }

    /**
     * The ledger holds every good row ({@code goodSha256}: its SHA-256 by legacy id) imported and verified against
     * its own SHA-256, and every bad row ({@code badReasons}) failed for its reason; answers it by legacy id.
     */
    public Map<String, LedgerRow> assertLedger(Map<UUID, String> goodSha256, Map<UUID, String> badReasons)
            throws SQLException {
        Map<String, LedgerRow> ledger = new LegacyImportRuns(null, database, null).ledger().rows();
        assertEquals(goodSha256.size() + badReasons.size(), ledger.size());
        goodSha256.forEach((row, sha256) -> {
            LedgerRow entry = ledger.get(row.toString());
            assertEquals("imported", entry.status(), entry.toString());
            assertTrue(entry.verified(), entry.toString());
            assertNull(entry.verifyError(), entry.toString());
            assertEquals(sha256, entry.sha256(), entry.toString());
        });
        badReasons.forEach((row, reason) -> {
            LedgerRow entry = ledger.get(row.toString());
            assertEquals("failed", entry.status(), entry.toString());
            assertEquals(reason, entry.reason(), entry.toString());
        });
        return ledger;
    }

    /**
     * The outbox holds one event of {@code type} for each of {@code keys} and none for another, and its topic no
     * other event of these keys (an event the relay published twice is the same event).
     */
    public void assertOneEventEach(EventType type, Collection<UUID> keys) throws SQLException {
        Map<String, Set<String>> outbox = KilledImports.outboxEvents(database, type);
        assertEquals(keys.size(), outbox.size(), type.toString());
        for (UUID key : keys) {
            assertEquals(1, outbox.get(key.toString()).size(), type + " of " + key);
        }
        KilledImports.topicEvents(database, type)
                .forEach((key, ids) -> assertEquals(outbox.get(key), ids, type + " of " + key));
    }

    /** Given no token (as the launcher gives none), the import signed its own, and every one was valid. */
    public void assertOperatorTokensSigned(int lookUpsAtLeast) throws ParseException {
        SupabaseTokenParser parser = TestTokens.parser();
        List<String> authorizations = ProfilesServiceStub.operatorAuthorizations();
        assertTrue(authorizations.size() >= lookUpsAtLeast, "asked about every good row's profile: "
                + authorizations.size());
        for (String token : new HashSet<>(authorizations)) {
            assertEquals("service_role", parser.parse(token.substring("Bearer ".length())).getClaim("role"));
        }
    }

    @Override
    public void close() {
        profiles.stop();
    }
}
