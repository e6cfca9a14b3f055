package app.essence.common.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How import-legacy reads its arguments, the legacy database's URL and a row's base64. */
class ImportCommandTests {

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
    void theLegacyUrlBecomesJdbcAndItsPasswordIsNeverShown() {
        LegacyDatabase database = LegacyDatabase.parse("postgresql://reader:s%40cret@legacy.internal:6432/product"
                + "?sslmode=require");
        assertEquals("jdbc:postgresql://legacy.internal:6432/product?sslmode=require", database.jdbcUrl());
        assertEquals("reader", database.user());
        assertEquals("s@cret", database.password());
        assertEquals("legacy.internal:6432/product", database.toString());
        assertThrows(IllegalArgumentException.class, () -> LegacyDatabase.parse("mysql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> LegacyDatabase.parse("postgresql://h/"));
    }

    @Test
    void base64IsDecodedStrictlyWithADataPrefixAndLineBreaksAllowed() {
        byte[] audio = "RIFF....WAVE".getBytes(StandardCharsets.US_ASCII);
        String mime = Base64.getMimeEncoder(4, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(audio);
        LegacyAudio decoded = LegacyAudio.decode("data:audio/wav;base64," + mime);
        assertEquals(new String(audio, StandardCharsets.US_ASCII),
                new String(decoded.bytes(), StandardCharsets.US_ASCII));
        assertEquals(LegacyAudio.sha256(audio), decoded.sha256());
        RowRefused bad = assertThrows(RowRefused.class, () -> LegacyAudio.decode("UklGRi*uLi4uV0FWRQ=="));
        assertEquals("bad-base64", bad.outcome().reason());
        assertEquals("skipped", assertThrows(RowRefused.class, () -> LegacyAudio.decode("  ")).outcome().status());
        assertTrue(new ImportTally(3, 2, 1, 0, 2, 0).allVerified(3));
        assertTrue(!new ImportTally(3, 2, 0, 1, 2, 0).allVerified(3));
    }
}
