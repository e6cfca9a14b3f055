package app.essence.voiceengine.speech;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpokenTextTests {

    @Test
    void aShortTextIsOnePiece() {
        assertEquals(List.of("Hello there. How are you?"), SpokenText.pieces("  Hello there. How are you?\n"));
    }

    @Test
    void aLongTextIsCutBetweenSentencesIntoPiecesNoLongerThanTheLimit() {
        String sentence = "This sentence is about fifty characters long, yes. ";
        String text = sentence.repeat(200);

        List<String> pieces = SpokenText.pieces(text);

        assertTrue(pieces.size() >= text.length() / SpokenText.PIECE, pieces.size() + " pieces");
        assertTrue(pieces.stream().allMatch(piece -> piece.length() <= SpokenText.PIECE));
        assertTrue(pieces.stream().allMatch(piece -> piece.endsWith("yes.")), "cut between sentences");
        assertEquals(text.strip(), String.join(" ", pieces));
    }

    @Test
    void aSentenceLongerThanAPieceIsCutAtSpacesAndAWordLongerThanAPieceHard() {
        String words = "word ".repeat(300).strip();
        String oneWord = "a".repeat(SpokenText.PIECE + 10);

        List<String> wordPieces = SpokenText.pieces(words);
        List<String> letterPieces = SpokenText.pieces(oneWord);

        assertTrue(wordPieces.stream().allMatch(piece -> piece.length() <= SpokenText.PIECE && piece.endsWith("word")));
        assertEquals(words, String.join(" ", wordPieces));
        assertEquals(List.of("a".repeat(SpokenText.PIECE), "a".repeat(10)), letterPieces);
    }

    @Test
    void lineBreaksSeparateSentences() {
        assertEquals(List.of("Dear Anna, I love you."), SpokenText.pieces("Dear Anna,\n  I love you.\n"));
    }
}
