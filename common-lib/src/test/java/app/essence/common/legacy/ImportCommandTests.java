package app.essence.common.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How import-legacy reads its arguments, the legacy database's URL and a row's base64. */
class ImportCommandTests {
    private static final long MAX = 1 << 20;

    @Test
    void readsItsOptionsAndRefusesWhatItDoesNotKnow() {
        assertEquals(new ImportCommand("postgresql://h/db", Optional.of(Path.of("r.csv")), true),
                ImportCommand.parse("import-legacy", "--from", "postgresql://h/db", "--report", "r.csv",
                        "--drop-columns"));
        assertThrows(IllegalArgumentException.class, () -> ImportCommand.parse("import-legacy"));
        assertThrows(IllegalArgumentException.class, () -> ImportCommand.parse("import-legacy", "--from"));
        assertThrows(IllegalArgumentException.class,
                () -> ImportCommand.parse("import-legacy", "--from", "postgresql://h/db", "--force"));
    }

    @Test
    void theLegacyUrlBecomesJdbcItsPasswordComesOnlyFromPgpasswordAndIsNeverShown() {
        LegacyDatabase database = LegacyDatabase.parse("postgresql://reader@legacy.internal:6432/product"
                + "?sslmode=require", "s@cret");
        assertEquals("jdbc:postgresql://legacy.internal:6432/product?sslmode=require", database.jdbcUrl());
        assertEquals("reader", database.user());
        assertEquals("s@cret", database.password());
        assertEquals("legacy.internal:6432/product", database.toString());
        IllegalArgumentException inUrl = assertThrows(IllegalArgumentException.class,
                () -> LegacyDatabase.parse("postgresql://reader:s%40cret@legacy.internal/product", null));
        assertTrue(inUrl.getMessage().contains("PGPASSWORD"), inUrl.getMessage());
        assertFalse(inUrl.getMessage().contains("cret"), inUrl.getMessage());
        for (String query : new String[] {"?password=s%40cret", "?sslmode=require&sslpassword=s%40cret",
            "?PASSWORD=s%40cret", "?pass%77ord=s%40cret"}) {
            IllegalArgumentException parameter = assertThrows(IllegalArgumentException.class,
                    () -> LegacyDatabase.parse("postgresql://reader@legacy.internal/product" + query, null), query);
            assertTrue(parameter.getMessage().contains("PGPASSWORD"), parameter.getMessage());
            assertFalse(parameter.getMessage().contains("cret"), parameter.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LegacyDatabase.parse("mysql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> LegacyDatabase.parse("postgresql://h/"));
    }

    /** No wait on the legacy database is endless: connecting, each read, and a peer gone silently all end. */
    @Test
    void theLegacyConnectionTimesOutAndKeepsAlive() {
        Properties settings = LegacyDatabase.parse("postgresql://reader@legacy.internal/product", "pw")
                .properties(Duration.ofMinutes(5));
        assertEquals("30", settings.getProperty("connectTimeout"));
        assertEquals("300", settings.getProperty("socketTimeout"));
        assertEquals("true", settings.getProperty("tcpKeepAlive"));
        assertEquals("pw", settings.getProperty("password"));
    }

    @Test
    void base64IsDecodedStrictlyWithADataPrefixLineBreaksAndSpacesAllowed() {
        byte[] audio = "RIFF....WAVE".getBytes(StandardCharsets.US_ASCII);
        String mime = Base64.getMimeEncoder(4, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(audio);
        try (LegacyAudio decoded = LegacyAudio.decode(new StringReader("data:audio/wav;base64," + mime + " "), MAX)) {
            assertEquals(new String(audio, StandardCharsets.US_ASCII),
                    new String(decoded.bytes(), StandardCharsets.US_ASCII));
            assertEquals(LegacyAudio.sha256(audio), decoded.sha256());
            assertEquals(audio.length, decoded.size());
        }
        // Base64 that starts with "d" is no prefix.
        byte[] starting = "u.wav".getBytes(StandardCharsets.US_ASCII);
        assertEquals(LegacyAudio.sha256(starting), LegacyAudio.sha256Of(new StringReader(
                Base64.getEncoder().encodeToString(starting)), MAX));
        assertEquals('d', Base64.getEncoder().encodeToString(starting).charAt(0));
        for (String bad : new String[] {"UklGRi*uLi4uV0FWRQ==", "UklGRi\tuLi4uV0FWRQ==", "UklGRi\u00a0uLi4uV0FWRQ==",
            "UklGR", "data:audio/wav,UklGRg==", "Uk=lGRg=="}) {
            RowRefused refused = assertThrows(RowRefused.class, () -> LegacyAudio.decode(new StringReader(bad), MAX));
            assertEquals("bad-base64", refused.outcome().reason(), bad);
        }
        assertEquals("no-audio", assertThrows(RowRefused.class,
                () -> LegacyAudio.decode(new StringReader(" \r\n"), MAX)).outcome().reason());
        assertEquals("no-audio", assertThrows(RowRefused.class,
                () -> LegacyAudio.decode(null, MAX)).outcome().reason());
        assertTrue(new ImportTally(3, 2, 1, 0, 2, 0).allVerified(3));
        assertTrue(!new ImportTally(3, 2, 0, 1, 2, 0).allVerified(3));
    }

    /**
     * The JDK's stream decoder ends at the first padding: what follows must still be read, or two values run together
     * (or padding then junk) would import the first part only and verify against that part's own SHA-256.
     */
    @Test
    void nothingButLineBreaksAndSpacesMayFollowThePadding() {
        String hello = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII));
        String world = Base64.getEncoder().encodeToString("world".getBytes(StandardCharsets.US_ASCII));
        assertTrue(hello.endsWith("="), hello);
        for (String bad : new String[] {hello + world, hello + "\t*not base64*", hello + "\r\n" + world}) {
            RowRefused refused = assertThrows(RowRefused.class, () -> LegacyAudio.decode(new StringReader(bad), MAX));
            assertEquals("bad-base64", refused.outcome().reason(), bad);
            assertEquals("bad-base64", assertThrows(RowRefused.class,
                    () -> LegacyAudio.sha256Of(new StringReader(bad), MAX)).outcome().reason(), bad);
        }
        assertEquals(LegacyAudio.sha256("hello".getBytes(StandardCharsets.US_ASCII)),
                LegacyAudio.sha256Of(new StringReader(hello + "\r\n  \n"), MAX));
    }

    /**
     * A column far larger than the heap (8 GiB of base64 characters, made as they are read) is decoded as a stream
     * and refused as too large once past the limit, having read little more than the limit: never whole in memory.
     */
    @Test
    void aHugeColumnIsStreamedAndRefusedPastTheLimitWithoutBeingHeldWhole() {
        long huge = 8L << 30;
        CountingReader column = new CountingReader(huge);
        RowRefused refused = assertThrows(RowRefused.class, () -> LegacyAudio.decode(column, MAX));
        assertEquals("too-large", refused.outcome().reason());
        assertEquals("failed", refused.outcome().status());
        assertTrue(column.read < MAX * 2, "read " + column.read + " characters of " + huge);
        assertTrue(huge > Runtime.getRuntime().maxMemory());
    }

    @Test
    void importModeTurnsOffTheConsumerAndTheBackgroundWorkOnlyForAnImport() {
        try {
            assertFalse(ImportMode.enterFor("serve"));
            assertEquals(null, System.getProperty(ImportMode.PROPERTY));
            assertTrue(ImportMode.enterFor("import-legacy", "--from", "postgresql://h/db"));
            assertEquals("true", System.getProperty(ImportMode.PROPERTY));
            assertEquals("false", System.getProperty("mp.messaging.incoming.essence-inbox.enabled"));
        } finally {
            ImportMode.SETTINGS.keySet().forEach(System::clearProperty);
        }
    }

    /** "QUFB" (three 'A's) over and over, made as it is read. */
    private static final class CountingReader extends Reader {
        private final long size;
        long read;

        CountingReader(long size) {
            this.size = size;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - read);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = "QUFB".charAt((int) ((read + i) % 4));
            }
            read += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
