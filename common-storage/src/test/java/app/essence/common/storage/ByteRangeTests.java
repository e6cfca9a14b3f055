package app.essence.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteRangeTests {
    @Test
    void rangeHeadersAreReadAsHttpSays() {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000).orElseThrow());
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000).orElseThrow());
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000).orElseThrow());
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=990-5000", 1000).orElseThrow());
        assertTrue(ByteRange.parse(null, 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=0-1,5-6", 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=5-3", 1000).isEmpty(), "an invalid range is ignored, not refused");
        ByteRange.Unsatisfiable beyond = assertThrows(ByteRange.Unsatisfiable.class,
                () -> ByteRange.parse("bytes=1000-", 1000));
        assertEquals("bytes */1000", beyond.contentRange());
        assertEquals("bytes 0-99/1000", new ByteRange(0, 99).contentRange(1000));
    }
}
