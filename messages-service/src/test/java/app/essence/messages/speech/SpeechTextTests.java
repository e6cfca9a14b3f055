package app.essence.messages.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechTextTests {
    @Test
    void aTextWithinTheLimitIsOnePiece() {
        assertEquals(List.of("Happy birthday, Anna. I love you."),
                SpeechText.pieces("  Happy birthday, Anna. I love you.  ", 100));
    }

    @Test
    void piecesEndBetweenSentencesAndKeepTheTextsOwnSpacing() {
        String text = "Happy birthday, Anna. You were the brightest part of every year.\n\nI am so proud of you! "
                + "Do you remember the lake? We swam until the sun went down.";

        List<String> pieces = SpeechText.pieces(text, 70);

        assertEquals(List.of("Happy birthday, Anna. You were the brightest part of every year.",
                "I am so proud of you! Do you remember the lake?", "We swam until the sun went down."), pieces);
        pieces.forEach(piece -> assertTrue(piece.length() <= 70, piece));
        assertEquals("A. B.\n\nC.", String.join(" ", SpeechText.pieces("A. B.\n\nC.", 100)));
    }

    @Test
    void aSentenceLongerThanTheLimitIsCutBetweenWordsAndAWordLongerStillWhereItMust() {
        List<String> pieces = SpeechText.pieces("one two three four five six. " + "x".repeat(25) + ".", 10);

        assertEquals(List.of("one two", "three four", "five six.", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx."), pieces);
    }

    @Test
    void aWordIsNeverCutInsideAnEmojiOrBetweenALetterAndItsAccent() {
        String grin = "\ud83d\ude00";
        assertEquals(List.of(grin, grin, grin), SpeechText.pieces(grin + grin + grin, 3));
        String e = "e\u0301";
        assertEquals(List.of(e, e, e), SpeechText.pieces(e + e + e, 3));
        String family = "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67";
        assertEquals(List.of("ab", family, "cd"), SpeechText.pieces("ab" + family + "cd", 8));
        String france = "\ud83c\uddeb\ud83c\uddf7";
        assertEquals(List.of(france, france), SpeechText.pieces(france + france, 4));
        String wave = "\ud83d\udc4b\ud83c\udffd";
        assertEquals(List.of(wave, wave), SpeechText.pieces(wave + wave, 5));
    }

    @Test
    void onlyATextWithALetterOrADigitHasAnythingToSay() {
        assertTrue(SpeechText.speakable("\u00a0I\u200b"));
        assertTrue(SpeechText.speakable("42"));
        assertTrue(SpeechText.speakable("\u4f60\u597d"));
        for (String blank : List.of("", "...", "\u00a0\u200b\u2060", "\u2026!?", "\ud83d\ude00")) {
            assertTrue(!SpeechText.speakable(blank), blank);
        }
    }
}
