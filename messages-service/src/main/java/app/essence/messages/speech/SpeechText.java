package app.essence.messages.speech;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text cut into pieces the provider speaks in one request each: whole sentences joined up to the model's
 * per-request limit, with the text's own spacing (a line break is a pause); a sentence longer than that is cut
 * between words, a word longer than that where it must.
 */
final class SpeechText {
    private SpeechText() {
    }

    static List<String> pieces(String text, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a piece must be allowed at least one character");
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text);
        int previousEnd = -1;
        for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE;
                start = end, end = sentences.next()) {
            String sentence = text.substring(start, end).strip();
            if (sentence.isEmpty()) {
                continue;
            }
            int sentenceStart = text.indexOf(sentence, start);
            String gap = previousEnd < 0 ? "" : text.substring(previousEnd, sentenceStart);
            previousEnd = sentenceStart + sentence.length();
            if (sentence.length() > limit) {
                for (String part : words(sentence, limit)) {
                    add(pieces, piece, part, " ", limit);
                }
            } else {
                add(pieces, piece, sentence, gap.isEmpty() ? " " : gap, limit);
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    private static void add(List<String> pieces, StringBuilder piece, String part, String gap, int limit) {
        if (!piece.isEmpty() && piece.length() + gap.length() + part.length() > limit) {
            pieces.add(piece.toString());
            piece.setLength(0);
        }
        piece.append(piece.isEmpty() ? "" : gap).append(part);
    }

    /** A sentence's words packed into parts that fit, a too long word in slices. */
    private static List<String> words(String sentence, int limit) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String word : sentence.split("\\s+")) {
            for (int from = 0; from < word.length(); from += limit) {
                add(parts, part, word.substring(from, Math.min(word.length(), from + limit)), " ", limit);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }
}
