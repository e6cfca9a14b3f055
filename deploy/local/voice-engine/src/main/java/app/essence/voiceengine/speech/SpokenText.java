package app.essence.voiceengine.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * A text cut into pieces that MaryTTS speaks one at a time: it holds a whole request's audio as doubles at 48 kHz,
 * and a 10,000-character text at once needs more than 512 MB. Cuts fall between sentences where possible.
 */
final class SpokenText {
    static final int PIECE = 400;

    private SpokenText() {
    }

    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String sentence : text.strip().split("(?<=[.!?;:])\\s+|\\s*\\n\\s*")) {
            for (String part : shortParts(sentence)) {
                if (piece.length() > 0 && piece.length() + 1 + part.length() > PIECE) {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                }
                piece.append(piece.length() > 0 ? " " : "").append(part);
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    /** A sentence longer than a piece, cut at the last space before the limit (or at the limit, in one long word). */
    private static List<String> shortParts(String sentence) {
        List<String> parts = new ArrayList<>();
        String rest = sentence.strip();
        while (rest.length() > PIECE) {
            int cut = rest.lastIndexOf(' ', PIECE);
            cut = cut > 0 ? cut : PIECE;
            parts.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }
}
