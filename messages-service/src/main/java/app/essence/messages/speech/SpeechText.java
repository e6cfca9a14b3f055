package app.essence.messages.speech;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text cut into pieces the provider speaks in one request each: whole sentences joined up to the model's
 * per-request limit, with the text's own spacing (a line break is a pause); a sentence longer than that is cut
 * between words, a word longer than that where it must: between user-perceived characters, never inside a
 * surrogate pair or between a letter and its combining marks. Lengths are UTF-16 units, which are never fewer than
 * the characters the provider counts.
 */
final class SpeechText {
    private SpeechText() {
    }

    /** Whether there is anything to say: a letter or a digit (not only spaces, marks or invisible characters). */
    static boolean speakable(String text) {
        return text != null && text.codePoints().anyMatch(Character::isLetterOrDigit);
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
            for (String slice : slices(word, limit)) {
                add(parts, part, slice, " ", limit);
            }
        }
        if (!part.isEmpty()) {
            parts.add(part.toString());
        }
        return parts;
    }

    /** A word in slices of at most {@code limit} units, cut only between characters as a reader sees them. */
    private static List<String> slices(String word, int limit) {
        List<String> slices = new ArrayList<>();
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(word);
        int from = 0;
        int last = 0;
        for (int end = characters.next(); end != BreakIterator.DONE; end = characters.next()) {
            if (insideEmoji(word, end)) {
                continue;
            }
            if (end - from > limit && last > from) {
                slices.add(word.substring(from, last));
                from = last;
            }
            last = end;
        }
        if (from < word.length()) {
            slices.add(word.substring(from));
        }
        return slices;
    }

    /**
     * Java 17's character instance keeps surrogate pairs and combining marks together, not emoji sequences: a
     * joiner (ZWJ) sequence, a skin tone, a flag's pair of regional indicators.
     */
    private static boolean insideEmoji(String word, int at) {
        if (at <= 0 || at >= word.length()) {
            return false;
        }
        int before = word.codePointBefore(at);
        int after = word.codePointAt(at);
        if (before == 0x200D || after == 0x200D || (after >= 0x1F3FB && after <= 0x1F3FF)) {
            return true;
        }
        if (!regional(before) || !regional(after)) {
            return false;
        }
        int indicators = 0;
        for (int i = at; i > 0 && regional(word.codePointBefore(i)); i -= 2) {
            indicators++; // a regional indicator is a surrogate pair
        }
        return indicators % 2 == 1;
    }

    private static boolean regional(int codePoint) {
        return codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF;
    }
}
